"""Topics/tags (ww_topics): salient entities plus themes, 3–8 tags."""

from __future__ import annotations

import pytest
from ww_example_article import example_article, my_nlp, zone_doc

from wirewatch.analyze.topics import theme_hits
from wirewatch.model import Entity, Mention

TEXT = ("Chinese Foreign Minister Qin Gang met U.S. Secretary of State Antony Blinken in Beijing "
        "for talks on Sunday. The diplomats discussed bilateral relations and a possible summit.\n\n"
        "Blinken told his counterpart that the United States wants stable ties with China, "
        "according to CNN. The State Department said the visit would open new diplomatic "
        "channels and that more talks with China would follow. Blinken later met the ambassador.")


def _mentions(text: str, needle: str) -> list[Mention]:
    out, start = [], text.find(needle)
    while start >= 0:
        out.append(Mention(needle, start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def _annotated(text: str) -> object:
    """A body doc whose ww_entities we set by hand, as the entities component would."""
    doc = zone_doc(text)
    doc._.ww_entities = [
        Entity("e1", "China", "GPE", "CHN", "GOV", mentions=_mentions(text, "China")
               + _mentions(text, "Chinese") + _mentions(text, "Beijing")),
        Entity("e2", "United States", "GPE", "USA", "GOV",
               mentions=_mentions(text, "U.S.") + _mentions(text, "United States")),
        Entity("e3", "Antony Blinken", "PERSON", "USA", "GOV", mentions=_mentions(text, "Blinken")),
        Entity("e4", "Qin Gang", "PERSON", "CHN", "GOV", mentions=_mentions(text, "Qin Gang")),
        Entity("e5", "CNN", "ORG", "USA", "MED", mentions=_mentions(text, "CNN")
               + _mentions(text, "CNN")),
    ]
    my_nlp().get_pipe("ww_topics")(doc)
    return doc


def test_tags_from_canonical_entities_and_themes() -> None:
    tags = _annotated(TEXT)._.ww_tags
    assert 3 <= len(tags) <= 8
    assert {"China", "United States", "Antony Blinken", "diplomacy"} <= set(tags)
    assert "CNN" not in tags  # media outlets are sources, not topics


def test_theme_hits_phrases_and_lemmas() -> None:
    hits = theme_hits(zone_doc("The foreign minister held talks with diplomats about tariffs "
                               "and exports, and the trade war."))
    assert hits["diplomacy"] >= 3  # foreign minister, talks, diplomats
    assert hits["trade"] >= 3      # tariffs, exports, trade war (one phrase, not two hits)


def test_war_report_is_tagged_with_conflict_themes() -> None:
    text = ("Troops launched an offensive as airstrikes and shelling hit the city. The army said "
            "the battle killed dozens of militants, and the military deployed more soldiers. "
            "Fighting continued along the front line despite a ceasefire call.")
    tags = zone_doc(text)._.ww_tags
    assert "conflict" in tags and "military" in tags
    assert len(tags) <= 8  # no names and two themes: fewer than 3 is all the text allows


def test_other_zones_and_empty_text_get_no_tags() -> None:
    assert zone_doc(TEXT, zone="title")._.ww_tags == []
    assert zone_doc("")._.ww_tags == []


def test_example_tags_without_entities_component() -> None:
    """spaCy NER stands in for the entities component (canonical names need it)."""
    tags = zone_doc(example_article().body)._.ww_tags
    assert 3 <= len(tags) <= 8
    assert "China" in tags and "diplomacy" in tags


def test_example_through_analyze() -> None:
    """Integration: the assembled analysis of the canonical example (needs the whole box)."""
    from wirewatch.analyze import analyze

    analysis = analyze(example_article())
    if analysis.tone is None and not analysis.tags:
        pytest.xfail("wirewatch.analyze.analyze() does not run the spaCy pipeline yet")
    assert {"China", "United States", "diplomacy"} <= set(analysis.tags)
    assert 3 <= len(analysis.tags) <= 8
    assert len(analysis.keypoints) == 3
    assert analysis.article.title not in analysis.keypoints
    assert analysis.tone is not None and -10 < analysis.tone.score < 10


def test_bare_surname_joins_the_most_mentioned_full_name() -> None:
    text = ("Stacey Abrams spoke in Atlanta. Stacey Abrams said Georgia voters matter. "
            "Her father Robert Abrams listened. Abrams later left Atlanta for Georgia's coast.")
    doc = zone_doc(text)
    doc._.ww_entities = [
        Entity("a", "Stacey Abrams", "PERSON", mentions=_mentions(text, "Stacey Abrams")),
        Entity("b", "Robert Abrams", "PERSON", mentions=_mentions(text, "Robert Abrams")),
        Entity("c", "Abrams", "PERSON", mentions=[Mention("Abrams", text.index("Abrams later"),
                                                          text.index("Abrams later") + 6)]),
    ]
    my_nlp().get_pipe("ww_topics")(doc)
    assert doc._.ww_tags[0] == "Stacey Abrams" and "Abrams" not in doc._.ww_tags


def test_example_analysis_from_the_parser(blinken_analysis) -> None:  # noqa: ANN001
    """Same checks on the session's analysis (conftest: the real parser, full pipeline)."""
    tags = blinken_analysis.tags
    assert {"China", "United States", "diplomacy"} <= set(tags) and 3 <= len(tags) <= 8
    assert "CNN" not in tags and "Reuters" not in tags and "Win McNamee" not in tags
