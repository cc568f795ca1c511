"""Near-duplicate detection: MinHash/LSH over word shingles of the normalised body.

Why: syndicated wire copies must be linked to their original (``duplicate_of``) and not
analysed twice. Standalone for now; not yet wired into the engine or the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupConfig:
    """Thresholds as data: Jaccard threshold for a near-copy, shingle size, permutations."""

    threshold: float = 0.8
    shingle: int = 5
    num_perm: int = 128
    min_words: int = 20


def shingles(text: str, k: int) -> set[bytes]:
    """Word k-shingles of the lower-cased text (punctuation and spacing ignored)."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


@dataclass
class NearDuplicateIndex:
    """In-memory LSH index; rebuild from stored signatures (``signature``) on open."""

    config: DedupConfig = field(default_factory=DedupConfig)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.config.threshold, num_perm=self.config.num_perm)
        self._sigs: dict[str, MinHash] = {}

    def signature(self, text: str) -> MinHash | None:
        """The MinHash of a body, or None when it is too short to judge."""
        if len(_WORD.findall(text)) < self.config.min_words:
            return None
        m = MinHash(num_perm=self.config.num_perm)
        m.update_batch(list(shingles(text, self.config.shingle)))
        return m

    def check_and_add(self, article_id: str, text: str) -> str | None:
        """Return the id of the original this body copies (and do not index it), else index it."""
        if article_id in self._sigs:
            return None
        m = self.signature(text)
        if m is None:
            return None
        best: tuple[float, str] | None = None
        for other in self._lsh.query(m):
            j = m.jaccard(self._sigs[other])
            if j >= self.config.threshold and (best is None or j > best[0]):
                best = (j, other)
        if best is not None:
            return best[1]
        self._lsh.insert(article_id, m)
        self._sigs[article_id] = m
        return None
