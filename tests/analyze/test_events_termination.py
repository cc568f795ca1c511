"""Regression: walking up a verbless parse must stop at the root.

spaCy makes a new Token object on every `.head` access, so `tok.head is tok` is never true and
a `while ... and cur.head is not cur` loop never ended on a sentence whose root is a noun
("Protests and clashes.") — it hung analysis of real AllSides articles (found by
benchmarks/broker_throughput.py). Each call runs in a thread so a regression fails, not hangs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from wirewatch.analyze.events import _clause, _subject
from wirewatch.analyze.pipeline import get_pipeline


def _finishes(call: Callable[[], Any], timeout: float = 5.0) -> Any:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(call()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "did not terminate"
    return out[0]


def test_walks_up_a_verbless_sentence_terminate() -> None:
    doc = get_pipeline()("Protests and clashes.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.pos_ != "VERB"
    conj = next(t for t in doc if t.dep_ == "conj")
    assert _finishes(lambda: _clause(conj)) == root
    subject, _ = _finishes(lambda: _subject(conj))
    assert subject is None
