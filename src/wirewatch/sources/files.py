"""Files and folders → RawDocuments (or Rejects): the `wirewatch ingest PATH...` source.

Only finds and reads bytes; the parse box decides what they mean. Size limits are checked
before reading (stat) and while decompressing (a gzip bomb stops at the cap), so one hostile
file cannot exhaust memory. Single-article files (.txt, .html, feeds) are held to `max_bytes`;
record files (.json/.jsonl/.csv hold many articles) to `max_records_bytes`.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from wirewatch.model import RawDocument, Reject

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_RECORDS_BYTES = 512 * 1024 * 1024

KIND_BY_EXTENSION = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
RECORD_KINDS = frozenset({"json", "jsonl", "csv"})
_GZIP_MAGIC = b"\x1f\x8b"


def kind_for(path: Path) -> tuple[str | None, bool]:
    """(kind from the extension, whether the name says gzip); kind None = unsupported."""
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] in (".gz", ".gzip")
    if gz:
        suffixes = suffixes[:-1]
    return (KIND_BY_EXTENSION.get(suffixes[-1]) if suffixes else None), gz


def _walk(path: Path) -> Iterator[Path]:
    """A folder's files, recursively, sorted, without hidden files or folders."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _gunzip(raw: bytes, limit: int, origin: str) -> bytes | Reject:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        return Reject(origin, "bad_gzip", f"cannot decompress: {err}")
    if len(data) > limit:
        return Reject(origin, "too_large", f"decompresses to more than {limit} bytes")
    return data


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
              max_records_bytes: int = DEFAULT_MAX_RECORDS_BYTES) -> RawDocument | Reject:
    """One file → a RawDocument, or a Reject (unsupported, empty, too_large, unreadable...)."""
    origin = str(path)
    kind, gz = kind_for(path)
    if kind is None:
        return Reject(origin, "unsupported", f"unknown file type {''.join(path.suffixes) or '(none)'}")
    limit = max_records_bytes if kind in RECORD_KINDS else max_bytes
    try:
        size = path.stat().st_size
        if size == 0:
            return Reject(origin, "empty", "file is empty")
        if size > limit:
            return Reject(origin, "too_large", f"{size} bytes > limit {limit}")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as err:
        return Reject(origin, "unreadable", f"{type(err).__name__}: {err.strerror or err}")
    if len(raw) > limit:
        return Reject(origin, "too_large", f"more than {limit} bytes")
    if gz or raw.startswith(_GZIP_MAGIC):
        data = _gunzip(raw, limit, origin)
        if isinstance(data, Reject):
            return data
        raw = data
    if not raw.strip():
        return Reject(origin, "empty", "file has no content")
    return RawDocument(data=raw, origin=origin, kind=kind)


def iter_documents(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                   max_records_bytes: int = DEFAULT_MAX_RECORDS_BYTES) -> Iterator[
                       RawDocument | Reject]:
    """Every file under `paths` (files or folders) as a RawDocument, in sorted order."""
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            for file in _walk(path):
                yield read_file(file, max_bytes, max_records_bytes)
        elif path.exists():
            yield read_file(path, max_bytes, max_records_bytes)
        else:
            yield Reject(str(path), "not_found", "no such file or folder")
