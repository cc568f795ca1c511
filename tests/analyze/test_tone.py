"""Tone (ww_tone): GDELT-style word-count tone and conflict share, on texts we wrote."""

from __future__ import annotations

import pytest
from ww_example_article import example_article, zone_doc

from wirewatch.analyze.tone import doc_tone, score, vader_lexicon
from wirewatch.model import Tone

GOOD = ("The two leaders praised the successful talks and celebrated a friendly, productive "
        "partnership. Both sides were optimistic and pleased with the excellent progress, and "
        "they welcomed the generous aid agreement.")
BAD = ("Officials condemned the brutal attack, which killed dozens and left many wounded. "
       "Angry residents blamed the government for the terrible failure and feared more violence.")
WAR = ("Troops launched a new offensive on Tuesday as artillery shelling and airstrikes hit the "
       "city. Rebels said they had killed soldiers in fierce fighting, and the army threatened "
       "to retaliate against the attack.")
TRADE = ("The two countries signed a trade agreement on Tuesday that lowers tariffs on farm "
         "goods and machinery. Exporters welcomed the deal, which takes effect next year and "
         "covers about a tenth of their commerce.")


def test_positive_text_scores_above_negative_text() -> None:
    good, bad = zone_doc(GOOD)._.ww_tone, zone_doc(BAD)._.ww_tone
    assert isinstance(good, Tone)
    assert good.score > 0 > bad.score
    assert good.positive > bad.positive and bad.negative > good.negative
    assert -100 <= bad.score <= 100


def test_score_is_gdelt_formula() -> None:
    tone = zone_doc(GOOD)._.ww_tone
    assert tone.score == pytest.approx(tone.positive - tone.negative, abs=0.01)
    assert score(200, 10, 4) == 3.0 and score(0, 0, 0) == 0.0


def test_one_sentence_tone_per_sentence_and_ordered() -> None:
    doc = zone_doc(GOOD + " " + BAD)
    assert len(doc._.ww_sentence_tone) == len(list(doc.sents))
    assert doc._.ww_sentence_tone[0] > 0 > doc._.ww_sentence_tone[-1]


def test_negation_flips_polarity() -> None:
    assert zone_doc("The talks were not successful at all, officials said.")._.ww_tone.score < 0
    assert zone_doc("The talks were successful, officials said.")._.ww_tone.score > 0


def test_names_carry_no_tone() -> None:
    """'United' in United States and 'Hope' as a name are not sentiment."""
    assert zone_doc("The United States sent Hope Hicks to Washington on Monday.")._.ww_tone.score == 0


def test_conflict_share_higher_for_war_than_trade() -> None:
    war, trade = zone_doc(WAR)._.ww_tone, zone_doc(TRADE)._.ww_tone
    assert war.conflict_share > 0.15 > trade.conflict_share
    assert 0.0 <= trade.conflict_share <= 1.0


def test_empty_and_punctuation_only_docs() -> None:
    assert zone_doc("")._.ww_tone == Tone(0.0, 0.0, 0.0, 0.0)
    assert zone_doc("... !!! ---")._.ww_tone.score == 0.0


def test_no_sentence_boundaries_is_one_sentence() -> None:
    from wirewatch.analyze.pipeline import load_model

    doc = load_model().make_doc("a terrible awful day")  # tokenizer only, no parser
    tone, sentences = doc_tone(doc)
    assert len(sentences) == 1 and tone.conflict_share == 0.0


def test_lexicon_comes_from_vader_package() -> None:
    lexicon = vader_lexicon()
    assert len(lexicon) > 5000 and lexicon["good"] > 0 > lexicon["war"]


def test_example_body_is_mildly_negative_and_a_bit_conflictual() -> None:
    tone = zone_doc(example_article().body)._.ww_tone
    assert -5 < tone.score < 2
    assert 0 < tone.conflict_share < 0.05
