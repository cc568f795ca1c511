"""Near-duplicate detection: MinHash/LSH over word shingles of the normalised body.

Why: syndicated wire copies must be linked to their original (``duplicate_of``) and not
analysed twice. The engine screens every acknowledged article through the linker
(``link/linker.py``) before analysis; signatures of originals are stored (``near_dup_signatures``)
so the index is rebuilt from the store on open.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
_SCHEME = "affine32"  # stored signatures are only comparable within one scheme
# Stored signatures start with this tag: shingles are hashed by `shingle_hashes`. Untagged
# blobs (sha1 per shingle, before it) are not comparable and are skipped on load.
_TAG = b"WWs2"
_MULT = np.uint64(1_000_003)
_LOW32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class DedupConfig:
    """Thresholds as data: Jaccard threshold for a near-copy, shingle size, permutations."""

    threshold: float = 0.8
    shingle: int = 5
    num_perm: int = 128
    min_words: int = 20


def words_of(text: str) -> list[str]:
    """The lower-cased words of a body (punctuation and spacing ignored)."""
    return _WORD.findall(text.lower())


def shingle_hashes(words: list[str], k: int) -> np.ndarray:
    """32-bit hashes of the distinct word k-shingles: each word is hashed once (CRC-32) and k
    consecutive word hashes are combined polynomially in numpy — hashing every shingle string
    in Python was the ingest path's largest cost."""
    if not words:
        return np.empty(0, dtype=np.uint64)
    crc = zlib.crc32
    wh = np.fromiter((crc(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    n = max(1, len(words) - k + 1)
    h = np.zeros(n, dtype=np.uint64)
    for i in range(min(k, len(words))):
        h = h * _MULT + wh[i : i + n]
    return np.unique((h ^ (h >> np.uint64(32))) & _LOW32)


def _prehashed(value: int) -> int:
    return value


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
        words = words_of(text)
        if len(words) < self.config.min_words:
            return None
        hashes = shingle_hashes(words, self.config.shingle)
        m = MinHash(num_perm=self.config.num_perm, scheme=_SCHEME, permutations=self._perms,
                    hashfunc=_prehashed)
        m.update_batch(hashes.tolist())
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
        """A signature as stored: the scheme tag, then 32-bit hash values (datasketch's
        "affine32" scheme over `shingle_hashes`)."""
        return _TAG + m.hashvalues.astype(np.uint32).tobytes()

    def from_bytes(self, data: bytes) -> MinHash | None:
        """The stored signature, or None when another scheme made it."""
        if not data.startswith(_TAG):
            return None
        values = np.frombuffer(data[len(_TAG):], dtype=np.uint32).copy()
        if len(values) != self.config.num_perm:
            return None
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
