"""Tone: GDELT-style word-count tone per document and per sentence (`ww_tone`).

GDELT's AvgTone is (positive words − negative words) / all words × 100, with "positive" and
"negative" also reported as percentages of all words. We do the same, with VADER's lexicon
(Hutto & Gilbert 2014, shipped inside the vaderSentiment package, never downloaded) as the
word list: a word counts as positive/negative by the sign of its VADER valence. We do not run
VADER's SentimentIntensityAnalyzer: it re-tokenises every sentence and returns a "compound"
score on another scale (−1…1, saturating), so it gives neither GDELT's units nor word shares.
Speed is not the reason: measured on 40 AllSides bodies (37k words) the lookup over spaCy's
tokens takes 1.3 ms/article and the analyzer per sentence 3.3 ms/article, both small next to
the ~150 ms/article of the spaCy model itself.

Rules, kept deliberately simple so scores are explainable:
- "words" are alphabetic tokens; only content words (ADJ, ADV, NOUN, VERB, INTJ) outside named
  entities can carry tone ("United States" is not positive, "like" as a preposition is not);
- VADER words rated nearly neutral (|valence| < 0.5: "leave", "matters") are not counted;
- a negator ("not", "n't", "never", "no", VADER's NEGATE list) within the 3 previous tokens
  of the sentence flips the word's polarity;
- `conflict_share` is the fraction (0…1) of words whose lemma is in data/conflict_lexicon.txt.

Every zone doc gets a tone (it is cheap); the article's tone is the body doc's tone (the
assembly should fall back to the title's only when the body is empty). Headlines are scored
separately on purpose: they are written to alarm and would skew a short article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)
from wirewatch.model import Tone

DATA = resources.files("wirewatch.data")
TONE_POS = frozenset({"ADJ", "ADV", "NOUN", "VERB", "INTJ"})
NEGATION_WINDOW = 3
MIN_VALENCE = 0.5  # VADER words rated nearly neutral (|valence| < 0.5) are noise in news
_WORD = re.compile(r"^[a-z][a-z'\-]*$")


def _read_words(name: str) -> frozenset[str]:
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """word → valence (−4…+4) from the lexicon file inside the vaderSentiment package."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
        encoding="utf-8")
    ignore = _read_words("tone_ignore.txt")
    lexicon: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not _WORD.match(parts[0]) or parts[0] in ignore:
            continue
        try:
            valence = float(parts[1])
        except ValueError:
            continue
        if abs(valence) >= MIN_VALENCE:
            lexicon[parts[0]] = valence
    return lexicon


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(NEGATE) | {"n't", "no", "not", "never", "without", "nobody", "neither"}


@lru_cache(maxsize=1)
def conflict_lexicon() -> frozenset[str]:
    return _read_words("conflict_lexicon.txt")


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []


def _counts(tokens: Span | Doc, lexicon: dict[str, float], negate: frozenset[str],
            conflict: frozenset[str]) -> tuple[int, int, int, int]:
    """(words, positive, negative, conflict) over one sentence."""
    words = pos = neg = conf = 0
    last_negation = -100
    for i, tok in enumerate(tokens):
        lower = tok.lower_
        if lower in negate:
            last_negation = i
        if not tok.is_alpha:
            continue
        words += 1
        lemma = tok.lemma_.lower()
        if lemma in conflict or lower in conflict:
            conf += 1
        if tok.ent_type or tok.pos_ not in TONE_POS:
            continue
        valence = lexicon.get(lower)
        if valence is None:
            valence = lexicon.get(lemma)
        if not valence:
            continue
        if i - last_negation <= NEGATION_WINDOW and i != last_negation:
            valence = -valence
        if valence > 0:
            pos += 1
        else:
            neg += 1
    return words, pos, neg, conf


def score(words: int, pos: int, neg: int) -> float:
    """GDELT's tone: (positive − negative) / words × 100; 0 for an empty text."""
    return round((pos - neg) * 100.0 / words, 3) if words else 0.0


def doc_tone(doc: Doc) -> tuple[Tone, list[float]]:
    """The document's Tone and one tone per `doc.sents` (same formula, per sentence)."""
    lexicon, negate, conflict = vader_lexicon(), negators(), conflict_lexicon()
    words = pos = neg = conf = 0
    per_sentence: list[float] = []
    for sent in _sentences(doc):
        w, p, n, c = _counts(sent, lexicon, negate, conflict)
        per_sentence.append(score(w, p, n))
        words, pos, neg, conf = words + w, pos + p, neg + n, conf + c
    if not words:
        return Tone(score=0.0, positive=0.0, negative=0.0, conflict_share=0.0), per_sentence
    return Tone(score=score(words, pos, neg),
                positive=round(pos * 100.0 / words, 3),
                negative=round(neg * 100.0 / words, 3),
                conflict_share=round(conf / words, 4)), per_sentence


class ToneComponent:
    """Sets `doc._.ww_tone` and `doc._.ww_sentence_tone` on every zone doc."""

    def __init__(self) -> None:
        vader_lexicon(), negators(), conflict_lexicon()  # load once, at pipeline build

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_tone, doc._.ww_sentence_tone = doc_tone(doc)
        return doc


@Language.factory("ww_tone")
def make_tone(nlp: Language, name: str) -> ToneComponent:
    return ToneComponent()
