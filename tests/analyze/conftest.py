"""Session fixtures for the analyze tests: the full pipeline and the example's analysis, each
built once per test session (loading spaCy is the expensive part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.model import Analysis, Article

EXAMPLE_JSON = Path(__file__).resolve().parents[3] / "shared" / "examples" / \
    "blinken-china-visit.json"


def example_article() -> Article:
    """The canonical example through the real parser, or zoned by hand if it is unavailable."""
    try:
        from wirewatch.model import RawDocument
        from wirewatch.parse import parse_document

        docs = list(parse_document(RawDocument(data=EXAMPLE_JSON.read_bytes(),
                                               origin=str(EXAMPLE_JSON), kind="json")))
        if docs and isinstance(docs[0], Article):
            return docs[0]
    except ImportError:
        pass
    from ww_example_article import example_article as by_hand

    return by_hand()


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 - spacy Language
    from wirewatch.analyze.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def blinken_analysis(nlp) -> Analysis:  # noqa: ANN001
    from wirewatch.analyze import analyze

    return analyze(example_article())
