"""Bad input is data, not a crash: odd articles still give an Analysis (with notes)."""

from __future__ import annotations

import time

from wirewatch.analyze import MAX_BODY_CHARS, analyze, analyze_batch
from wirewatch.model import Analysis, Article, Section


def _art(body: str, title: str | None = "A title", language: str | None = None) -> Article:
    return Article.build(sections=[Section(None, [body])] if body else [], title=title,
                         language=language)


def test_one_word(nlp) -> None:  # noqa: ANN001
    a = analyze(_art("Hello", title=None))
    assert isinstance(a, Analysis)
    b = analyze(_art("", title="Obama"))
    assert isinstance(b, Analysis)


def test_empty_article(nlp) -> None:  # noqa: ANN001
    a = analyze(Article.build(sections=[], title=None))
    assert a.entities == [] and a.notes == []


def test_huge_body_is_capped_with_a_note(nlp) -> None:  # noqa: ANN001
    para = ("The minister said on Monday that the talks in Geneva had made progress and that "
            "officials from France and Germany would meet again next week. ")
    body = para * (200_000 // len(para.split()) + 1)
    assert len(body.split()) >= 200_000
    t = time.perf_counter()
    a = analyze(_art(body))
    assert time.perf_counter() - t < 120
    assert any("truncated" in n for n in a.notes)
    body_mentions = [m for e in a.entities for m in e.mentions if m.zone == "body"]
    assert body_mentions and max(m.end for m in body_mentions) <= MAX_BODY_CHARS


def test_no_punctuation(nlp) -> None:  # noqa: ANN001
    words = ("president joe biden met chinese leader xi jinping in bali and they talked about "
             "trade taiwan and the war in ukraine for three hours ") * 40
    a = analyze(_art(words))
    assert isinstance(a, Analysis)


def test_all_caps_title(nlp) -> None:  # noqa: ANN001
    a = analyze(_art("Officials in Kyiv said the talks would go on.",
                     title="US AND CHINA CLASH OVER TAIWAN AT UN MEETING"))
    names = {e.name for e in a.entities}
    assert {"China", "Taiwan"} <= names


def test_non_english_is_flagged_and_skipped(nlp) -> None:  # noqa: ANN001
    a = analyze(_art("Der Außenminister reist nach China.", language="de"))
    assert a.entities == [] and any("not English" in n for n in a.notes)
    german = ("Die Bundesregierung hat am Montag beschlossen, dass die Gespräche mit der "
              "chinesischen Regierung fortgesetzt werden. Der Außenminister sagte, man werde "
              "die Beziehungen zwischen beiden Ländern weiter verbessern und auch über den "
              "Handel sprechen, der für beide Seiten von großer Bedeutung ist, und über das "
              "Klima, die Sicherheit und die Lage in der Ukraine.")
    b = analyze(_art(german, language=None))
    assert any("English" in n for n in b.notes)


def test_html_entity_remnants(nlp) -> None:  # noqa: ANN001
    body = ("&nbsp;&lt;p&gt;President Xi Jinping &amp; Secretary of State Antony Blinken met "
            "in Beijing&#8217;s Great Hall.&lt;/p&gt; &quot;We talked,&quot; he said. <br/> "
            "&#x2014; &bogus; &&& ;;; <div class='x'>")
    a = analyze(_art(body))
    names = {e.name for e in a.entities}
    assert "Xi Jinping" in names and "Antony Blinken" in names


def test_batch_keeps_order_and_isolates_articles(nlp) -> None:  # noqa: ANN001
    arts = [_art("Reuters reported that Moscow was silent."), _art("Hola", language="es"),
            _art("CNN said Paris was calm.")]
    out = analyze_batch(arts, batch_size=2)
    assert [a.article.id for a in out] == [a.id for a in arts]
    assert "Reuters" in {e.name for e in out[0].entities}
    assert out[1].entities == [] and out[1].notes
    assert "CNN" in {e.name for e in out[2].entities}
    assert "Reuters" not in {e.name for e in out[2].entities}


def test_long_title_is_capped(nlp) -> None:  # noqa: ANN001
    a = analyze(_art("Short body about Paris.", title="Breaking news " * 5_000))
    assert any("title truncated" in n for n in a.notes)


def test_failing_component_is_noted_not_raised(nlp) -> None:  # noqa: ANN001
    from spacy.language import Language

    @Language.component("ww_test_boom")
    def boom(doc):  # noqa: ANN001, ANN202
        if "Reuters" in doc.text:
            raise RuntimeError("boom")
        return doc

    nlp.add_pipe("ww_test_boom", before="ww_actors")
    try:
        out = analyze_batch([_art("Reuters reported that Moscow was silent."),
                             _art("CNN said Paris was calm.")])
    finally:
        nlp.remove_pipe("ww_test_boom")
    assert any("ww_test_boom" in n for n in out[0].notes)
    assert "Reuters" in {e.name for e in out[0].entities}
    assert "CNN" in {e.name for e in out[1].entities} and not out[1].notes
