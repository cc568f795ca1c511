"""Near-duplicate detection: MinHash/LSH over word shingles of the normalised body.

Why: syndicated wire copies must be linked to their original (``duplicate_of``) and not
analysed twice. The engine screens every acknowledged article through the linker
(``link/linker.py``) before analysis; signatures of originals are stored (``near_dup_signatures``)
so the index is rebuilt from the store on open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
_SCHEME = "affine32"  # stored signatures are only comparable within one scheme


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
        # The permutations depend only on (num_perm, seed): build them once, not per article.
        self._perms = MinHash(num_perm=self.config.num_perm, scheme=_SCHEME).permutations

    def signature(self, text: str) -> MinHash | None:
        """The MinHash of a body, or None when it is too short to judge."""
        if len(_WORD.findall(text)) < self.config.min_words:
            return None
        m = MinHash(num_perm=self.config.num_perm, scheme=_SCHEME, permutations=self._perms)
        m.update_batch(list(shingles(text, self.config.shingle)))
        return m

    def find(self, m: MinHash) -> tuple[str, float] | None:
        """The closest indexed original at or above the threshold (id, estimated Jaccard)."""
        best: tuple[float, str] | None = None
        for other in self._lsh.query(m):
            j = m.jaccard(self._sigs[other])
            if j >= self.config.threshold and (best is None or (j, other) > best):
                best = (j, other)
        return (best[1], best[0]) if best is not None else None

    def add(self, article_id: str, m: MinHash) -> None:
        """Index an original (idempotent)."""
        if article_id not in self._sigs:
            self._lsh.insert(article_id, m)
            self._sigs[article_id] = m

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._sigs

    def __len__(self) -> int:
        return len(self._sigs)

    def to_bytes(self, m: MinHash) -> bytes:
        """A signature as stored: 32-bit hash values (datasketch's "affine32" scheme)."""
        return m.hashvalues.astype(np.uint32).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        values = np.frombuffer(data, dtype=np.uint32).copy()
        return MinHash(num_perm=self.config.num_perm, hashvalues=values, scheme=_SCHEME,
                       permutations=self._perms)

    def check_and_add(self, article_id: str, text: str) -> str | None:
        """Return the id of the original this body copies (and do not index it), else index it."""
        if article_id in self._sigs:
            return None
        m = self.signature(text)
        if m is None:
            return None
        found = self.find(m)
        if found is not None:
            return found[0]
        self.add(article_id, m)
        return None
