"""Key points (ww_keypoints) and how close they come to an article's highlights."""

from __future__ import annotations

from ww_example_article import example_article, zone_doc

from wirewatch.analyze.keypoints import highlight_similarity, rouge_n

ARTICLE = """Flood Warning For The Valley

Heavy rain flooded the river valley on Monday, forcing the regional government to evacuate three towns and close the main highway.

Emergency crews rescued more than two hundred residents from flooded homes in the river valley overnight, the regional government said.

What happens next?

Forecasters expect more heavy rain over the valley on Tuesday, and the regional government has asked residents to stay away from the river.

Photo: a flooded street in the valley. Getty Images photographers covered the rescue of residents.

Officials said it was too early to estimate the cost of the damage to roads, homes and farms in the valley."""


def test_example_gives_three_body_sentences_not_title_or_headings() -> None:
    article = example_article()
    doc = zone_doc(article.body)
    points = doc._.ww_keypoints
    assert len(points) == 3
    headings = {s.heading for s in article.sections if s.heading}
    for point in points:
        assert point in article.body
        assert point != article.title and article.title not in point
        assert not any(h in point for h in headings)
        assert point.endswith((".", '."', ".”", "!"))


def test_keypoints_skip_headings_questions_captions_and_keep_reading_order() -> None:
    points = zone_doc(ARTICLE)._.ww_keypoints
    assert len(points) == 3
    assert all("?" not in p and "Flood Warning" not in p and "Getty" not in p for p in points)
    assert points[0].startswith("Heavy rain flooded")  # the lead
    assert [ARTICLE.index(p) for p in points] == sorted(ARTICLE.index(p) for p in points)


def test_short_or_non_body_zones_give_few_or_none() -> None:
    assert zone_doc("Too short.")._.ww_keypoints == []
    assert zone_doc(ARTICLE, zone="title")._.ww_keypoints == []
    assert zone_doc("")._.ww_keypoints == []


def test_rouge_and_highlight_similarity() -> None:
    assert rouge_n("the cat sat", "the cat sat") == 1.0
    assert rouge_n("a b", "c d") == 0.0
    assert 0 < rouge_n("the cat sat on the mat", "the cat lay on a mat", 2) < 1
    assert highlight_similarity([], ["x"]) == 0.0


def test_example_keypoints_are_close_to_its_highlights() -> None:
    article = example_article()
    points = zone_doc(article.body)._.ww_keypoints
    assert len(article.highlights) == 3
    assert highlight_similarity(points, article.highlights, 1) > 0.35
    assert highlight_similarity(points, article.highlights, 2) > 0.15


def test_wire_dateline_and_in_body_photo_captions_are_handled() -> None:
    text = ("WASHINGTON (AP) — The Senate passed the long-delayed highway funding bill on Tuesday "
            "after weeks of talks between the two parties.\n\n"
            "FILE - In this Monday, June 24, 2019, file photo, senators leave the chamber after "
            "a vote on the highway funding bill.\n\n"
            "The highway funding bill now goes to the House, where leaders expect a vote on the "
            "highway funding package next week.\n\n"
            "Senators from both parties said the highway funding bill would repair roads and "
            "bridges in every state.")
    points = zone_doc(text)._.ww_keypoints
    assert points[0].startswith("The Senate passed")
    assert not any("file photo" in p for p in points)


def test_example_analysis_keypoints_from_the_parser(blinken_analysis) -> None:  # noqa: ANN001
    article = blinken_analysis.article
    points = blinken_analysis.keypoints
    assert len(points) == 3 and all(p in article.body for p in points)
    assert article.title not in points and not set(points) & set(article.highlights)
    assert highlight_similarity(points, article.highlights, 1) > 0.35
