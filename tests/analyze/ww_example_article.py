"""The canonical example article, zoned by hand from its layout in the .expected.json, so the
tone/keypoints/topics tests do not depend on the parser (parse/text.py) being finished."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from wirewatch.model import Article, Caption, Section

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
EXAMPLE = EXAMPLES / "blinken-china-visit.json"


def example_article() -> Article:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    layout = json.loads((EXAMPLES / "blinken-china-visit.expected.json")
                        .read_text(encoding="utf-8"))["layout"]
    blocks = [b.strip() for b in raw["text"].split("\n\n") if b.strip()]
    title, dek, caption_block = blocks[0], blocks[1], blocks[2].splitlines()
    highlights = [ln.strip().lstrip("•").strip() for ln in caption_block if "•" in ln]
    caption_text = caption_block[1].strip()
    credit = layout["captions"][0]["credit"]
    caption = Caption(caption_text.removesuffix(credit).strip(), credit)
    headings = set(layout["section_headings"])
    sections = [Section(None, [])]
    for block in blocks[3:]:
        if block.startswith("Tags"):
            break
        if block in headings:
            sections.append(Section(block, []))
        else:
            sections[-1].paragraphs.append(block)
    return Article.build(sections=sections, url=raw["url"], outlet=raw["outlet"], title=title,
                         dek=dek, highlights=highlights, captions=[caption],
                         published_at=datetime.fromisoformat(raw["published"]))


_NLP = None


def my_nlp():  # noqa: ANN201 - spacy Language
    """The bare model plus only tone, keypoints and topics (built once per test process)."""
    global _NLP
    if _NLP is None:
        import wirewatch.analyze.keypoints  # noqa: F401
        import wirewatch.analyze.tone  # noqa: F401
        import wirewatch.analyze.topics  # noqa: F401
        from wirewatch.analyze.pipeline import load_model

        nlp = load_model()
        for name in ("ww_tone", "ww_keypoints", "ww_topics"):
            nlp.add_pipe(name)
        _NLP = nlp
    return _NLP


def zone_doc(text: str, zone: str = "body"):  # noqa: ANN201 - spacy Doc
    """Run the test pipeline on `text` as the given zone."""
    nlp = my_nlp()
    doc = nlp.make_doc(text)
    doc._.ww_zone = zone
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
