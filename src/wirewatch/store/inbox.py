"""The durable inbox: where an accepted article is written before it is acknowledged.

Why: analysis is slow and processes die. An article is "accepted" only once its record is on
disk (flush + fsync), so after a crash the engine replays everything past the store's
checkpoint and nothing acknowledged is lost (architecture.md, "Ingest path and exactly-once").

Layout: `<data>/inbox/<first seq, 20 digits>.jsonl`, append-only segments of JSON lines
`{"seq": N, "article": Article.to_dict()}` (minus `body` when the sections rebuild it). Appends take an exclusive `fcntl.flock` on
`<data>/inbox/.lock`, so a CLI ingest can append while a server owns the DuckDB file; sequence
numbers are therefore global and gap-free across processes. A process killed mid-write leaves a
torn last line (no trailing newline): readers ignore it and the next locked open/append
truncates it. Segments wholly at or below the checkpoint can be deleted (`compact`).

The records are article text, so the inbox folder is private to its owner (`PRIVATE_DIR`) and
every file in it is created `PRIVATE_FILE`; the store uses the same two modes for the data
folder, the DuckDB file and the search index.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from wirewatch.model import Article, _iso

log = logging.getLogger(__name__)

SEGMENT_BYTES = 64 * 1024 * 1024
PRIVATE_DIR = 0o700  # a data folder: other local users cannot list or enter it
PRIVATE_FILE = 0o600
_SEGMENT = re.compile(r"^(\d{20})\.jsonl$")
_SEQ_PREFIX = re.compile(rb'^\{"seq":(\d+),')


def make_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """chmod `path` to `mode` if it exists, explicitly rather than through the process umask
    (which a library must not change under its host). Files other programs create (DuckDB,
    SQLite) and folders made by older versions get tightened this way; a path we may not
    chmod is logged, not fatal."""
    try:
        os.chmod(path, mode)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot make %s private (mode %o): %s", path, mode, exc)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _record(article: Article) -> dict[str, Any]:
    """Article.to_dict() (built directly: dataclasses.asdict is the hot spot), minus `body`
    when the sections rebuild it exactly, which halves the bytes written and fsync'd.
    tests/store/test_inbox.py checks this stays equal to Article.to_dict()."""
    a = article
    data: dict[str, Any] = {
        "id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title, "dek": a.dek,
        "highlights": list(a.highlights),
        "sections": [{"heading": s.heading, "paragraphs": list(s.paragraphs)}
                     for s in a.sections],
        "captions": [{"text": c.text, "credit": c.credit} for c in a.captions],
        "tags": list(a.tags), "authors": list(a.authors),
        "published_at": _iso(a.published_at), "published_precision": a.published_precision,
        "published_offset": a.published_offset,
        "published_date": d.isoformat() if (d := a.published_date) else None,
        "fetched_at": _iso(a.fetched_at), "language": a.language, "body": a.body,
        "source_path": a.source_path,
    }
    if a.body and Article.body_from_sections(a.sections) == a.body:
        del data["body"]
    return data


def _article(data: dict[str, Any]) -> Article:
    article = Article.from_dict(data)
    if "body" not in data:
        article.body = Article.body_from_sections(article.sections)
    return article


class Inbox:
    """Append-only, fsync'd, multi-process-safe log of accepted articles."""

    def __init__(self, directory: str | Path, segment_bytes: int = SEGMENT_BYTES) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        make_private(self.dir, PRIVATE_DIR)
        self.segment_bytes = segment_bytes
        self._lock_fd = os.open(self.dir / ".lock", os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        self._thread_lock = threading.Lock()
        for path in [self.dir / ".lock", *(p for _, p in self.segments())]:
            make_private(path)
        # (segment path, size, last seq) as of our last look, to skip re-reading the tail.
        self._tail: tuple[Path, int, int] | None = None
        with self._locked():
            self._active()  # repairs a torn last line left by a killed writer

    # -- locking -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Exclusive against other processes (flock) and other threads of this one: a flock
        is held by the open file, so two threads sharing it would both get it — and a look at
        the tail while another thread appends would truncate a record being written as torn."""
        with self._thread_lock:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1

    # -- segments ----------------------------------------------------------------------------

    def segments(self) -> list[tuple[int, Path]]:
        """(first seq, path) of every segment, oldest first."""
        found = []
        for entry in os.scandir(self.dir):
            m = _SEGMENT.match(entry.name)
            if m:
                found.append((int(m.group(1)), Path(entry.path)))
        return sorted(found)

    def _scan_tail(self, path: Path, first: int) -> tuple[int, int]:
        """(valid size, last seq) of a segment, truncating a torn last line. Lock held."""
        size = path.stat().st_size
        if size == 0:
            return 0, first - 1
        with path.open("r+b") as f:
            # Walk back in chunks to the start of the last complete line.
            end = size
            f.seek(size - 1)
            if f.read(1) != b"\n":
                cut = self._last_newline(f, size)
                log.warning("inbox %s: dropping a torn last record (%d bytes)", path.name,
                            size - cut)
                f.truncate(cut)
                f.flush()
                os.fsync(f.fileno())
                end = cut
            if end == 0:
                return 0, first - 1
            start = self._last_newline(f, end - 1)
            f.seek(start)
            m = _SEQ_PREFIX.match(f.read(64))
            if not m:
                raise RuntimeError(f"inbox segment {path} is corrupt near byte {start}")
            return end, int(m.group(1))

    @staticmethod
    def _last_newline(f: Any, end: int, chunk: int = 65536) -> int:
        """Offset just after the last b"\\n" before `end` (0 if none)."""
        pos = end
        while pos > 0:
            step = min(chunk, pos)
            f.seek(pos - step)
            data = f.read(step)
            i = data.rfind(b"\n")
            if i >= 0:
                return pos - step + i + 1
            pos -= step
        return 0

    def _active(self) -> tuple[Path, int, int]:
        """(path, size, last seq) of the segment to append to. Lock held."""
        segs = self.segments()
        if not segs:
            path = self.dir / f"{1:020d}.jsonl"
            path.touch(PRIVATE_FILE)
            _fsync_dir(self.dir)
            self._tail = (path, 0, 0)
            return self._tail
        first, path = segs[-1]
        size = path.stat().st_size
        if self._tail and self._tail[0] == path and self._tail[1] == size:
            return self._tail
        size, last = self._scan_tail(path, first)
        self._tail = (path, size, last)
        return self._tail

    # -- public ------------------------------------------------------------------------------

    def append(self, articles: Sequence[Article]) -> list[int]:
        """Durably append `articles`; returns their sequence numbers. Returning is the ack."""
        if not articles:
            return []
        with self._locked():
            path, size, last = self._active()
            if size >= self.segment_bytes:
                path, size = self.dir / f"{last + 1:020d}.jsonl", 0
                path.touch(PRIVATE_FILE)
                _fsync_dir(self.dir)
            seqs = list(range(last + 1, last + 1 + len(articles)))
            data = "".join(
                json.dumps({"seq": seq, "article": _record(a)}, ensure_ascii=False,
                           separators=(",", ":")) + "\n"
                for seq, a in zip(seqs, articles, strict=True)).encode("utf-8")
            with path.open("ab") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            self._tail = (path, size + len(data), seqs[-1])
            return seqs

    def last_seq(self) -> int:
        with self._locked():
            return self._active()[2]

    def ensure_floor(self, seq: int) -> None:
        """Make the next sequence number at least `seq + 1` (e.g. the inbox was deleted but the
        store's checkpoint is `seq`): otherwise new records would hide below the checkpoint."""
        with self._locked():
            if self._active()[2] < seq:
                log.warning("inbox is behind the store checkpoint (%d); continuing from there",
                            seq)
                (self.dir / f"{seq + 1:020d}.jsonl").touch(PRIVATE_FILE)
                _fsync_dir(self.dir)
                self._tail = None

    def read(self, after: int = 0, until: int | None = None, batch_size: int = 256
             ) -> Iterator[list[tuple[int, Article]]]:
        """Records with `after` < seq <= `until`, in order, in batches. Ignores a torn tail."""
        segs = self.segments()
        batch: list[tuple[int, Article]] = []
        for i, (first, path) in enumerate(segs):
            if until is not None and first > until:
                break
            if i + 1 < len(segs) and segs[i + 1][0] - 1 <= after:
                continue  # wholly at or below `after`
            try:
                f = path.open("rb")
            except FileNotFoundError:  # compacted under us
                continue
            with f:
                for line in f:
                    if not line.endswith(b"\n"):
                        break  # torn: being written now, or left by a killed writer
                    m = _SEQ_PREFIX.match(line)
                    if not m:
                        log.error("inbox %s: skipping an unreadable record", path.name)
                        continue
                    seq = int(m.group(1))
                    if seq <= after:
                        continue
                    if until is not None and seq > until:
                        break
                    batch.append((seq, _article(json.loads(line)["article"])))
                    if len(batch) >= batch_size:
                        yield batch
                        batch = []
        if batch:
            yield batch

    def compact(self, checkpoint: int) -> int:
        """Delete segments whose records are all at or below `checkpoint`; keeps the active one
        (it carries the last sequence number). Returns how many were deleted."""
        removed = 0
        with self._locked():
            segs = self.segments()
            for (_, path), (next_first, _) in zip(segs, segs[1:], strict=False):
                if next_first - 1 <= checkpoint:
                    path.unlink(missing_ok=True)
                    removed += 1
            if removed:
                _fsync_dir(self.dir)
        return removed

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
