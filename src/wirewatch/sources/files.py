"""Files and folders → RawDocuments (or Rejects): the `wirewatch ingest PATH...` source.

Only finds and reads bytes; the parse box decides what they mean. Size limits are checked
before reading (stat) and while decompressing: a gzip file is inflated one chunk at a time and
abandoned as soon as its output passes the cap, so a gzip bomb costs at most the cap plus one
chunk of memory. Single-article files (.txt, .html, feeds) are held to `max_bytes`; record
files (.json/.jsonl/.csv hold many articles) to `max_records_bytes`.

`xml_root` is the one XML entity guard: sources/feeds.py runs it on a polled feed before
feedparser lists its items, parse/feed.py on every feed document (a file, a poll, a broker
message) before feedparser parses it. It lives here because both boxes may import `sources`.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

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
GUNZIP_CHUNK = 256 * 1024  # inflated bytes per step: the most a bomb gets past the cap


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


def _gunzip(handle: BinaryIO, limit: int, origin: str) -> bytes | Reject:
    """Inflate in GUNZIP_CHUNK steps, stopping at the first step that passes `limit`."""
    out = io.BytesIO()  # getvalue() hands over its buffer: an accepted file is held once
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while chunk := stream.read(GUNZIP_CHUNK):
                if out.tell() + len(chunk) > limit:
                    return Reject(origin, "too_large", f"decompresses to more than {limit} "
                                  "bytes; stopped inflating")
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as err:
        return Reject(origin, "bad_gzip", f"cannot decompress: {err}")
    return out.getvalue()


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
            if gz or handle.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC:
                handle.seek(0)
                inflated = _gunzip(handle, limit, origin)
                if isinstance(inflated, Reject):
                    return inflated
                raw = inflated
            else:
                handle.seek(0)
                raw = handle.read(limit + 1)
    except OSError as err:
        return Reject(origin, "unreadable", f"{type(err).__name__}: {err.strerror or err}")
    if len(raw) > limit:
        return Reject(origin, "too_large", f"more than {limit} bytes")
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


# --------------------------------------------------------------------------- XML guard

XML_PROLOG_SCAN = 64 * 1024  # bytes of a document searched for its prolog
_PROLOG_PART = re.compile(
    r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>\"']|\"[^\"]*\"|'[^']*')*(?:\[.*?\]\s*)?>",
    re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_WIDE = {b"<\x00\x00\x00": "utf-32-le", b"\x00\x00\x00<": "utf-32-be",
         b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be", b"\x4c\x6f\xa7\x94": "cp037"}
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([\w.:\-]+)""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:\-]+)", re.IGNORECASE)
_ENTITIES = ("the DOCTYPE declares entities (possible entity-expansion bomb or external "
             "entity); refused without parsing")


class UnsafeXML(ValueError):
    """An XML prolog a parser must not see: `reason` is ``xml_bomb`` (entity declarations,
    the billion-laughs and XXE attacks) or ``unsafe_xml`` (an internal DTD subset, a prolog
    that does not end inside the scanned head)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def decode_head(data: bytes, limit: int = XML_PROLOG_SCAN) -> str:
    """The first `limit` bytes as text, by BOM or by how ``<`` is encoded, else latin-1."""
    return _heads(data[:limit], None)[0]


def _heads(head: bytes, content_type: str | None) -> list[str]:
    """The head decoded every way a parser might read it (BOM, UTF-16/32 or EBCDIC by the
    first bytes, ASCII-compatible, the charset of `content_type`, the XML declaration): a
    guard that read it one way only could be walked past by a declaration it did not see."""
    names: list[str] = []
    for bom, name in _BOMS:
        if head.startswith(bom):
            names.append(name)
            head = head[len(bom):]
            break
    else:
        if head[:4] in _WIDE:
            names.append(_WIDE[head[:4]])
    names.append("latin-1")
    if b"\x00" in head[:4096]:
        names += ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
    charset = _CHARSET.search(content_type or "")
    if charset:
        names.append(charset.group(1).lower())
    texts: list[str] = []
    tried: set[str] = set()
    for name in names:  # grows while we go: each reading may reveal a declared encoding
        if name in tried:
            continue
        tried.add(name)
        try:
            text = head.decode(name, errors="replace")
        except LookupError:
            continue
        texts.append(text)
        declared = _DECLARED.match(text.encode("ascii", errors="replace"))
        if declared:
            names.append(declared.group(1).decode().lower())
    return texts


def _root(text: str, truncated: bool) -> str | None:
    """Walk the prolog (whitespace, comments, PIs, DOCTYPE) to the root element's name."""
    pos = 0
    while (match := _PROLOG_PART.match(text, pos)) and match.end() > pos:
        part = match.group(0)
        if _ENTITY_DECL.search(part):
            raise UnsafeXML("xml_bomb", _ENTITIES)
        if part[:9].upper() == "<!DOCTYPE" and "[" in part:
            raise UnsafeXML("unsafe_xml", "the DOCTYPE has an internal subset; refused "
                            "without parsing")
        pos = match.end()
    rest = text[pos:]
    if rest.startswith(("<!", "<?")) or (truncated and not rest):
        # A comment, PI or DOCTYPE that does not end where we can see it: what follows may
        # still be prolog to a parser.
        if _ENTITY_DECL.search(rest):
            raise UnsafeXML("xml_bomb", _ENTITIES)
        raise UnsafeXML("unsafe_xml", "the XML prolog does not end within the first "
                        f"{XML_PROLOG_SCAN:,} bytes or cannot be read; refused without parsing")
    root = _ROOT.match(rest)
    return root.group(1).rsplit(":", 1)[-1].lower() if root else None


def xml_root(data: bytes, content_type: str | None = None) -> str | None:
    """Local name of the root element, lower-cased (``rss``, ``feed``, ``rdf``, ``html``...),
    or None when `data` does not look like XML; raises UnsafeXML for a prolog a parser must
    not see. Legitimate feeds never declare entities; bombs and XXE always do. Comments,
    processing instructions, whitespace and a BOM before the DOCTYPE are walked past."""
    head = data[:XML_PROLOG_SCAN]
    truncated = len(data) > len(head)
    roots = [_root(text, truncated) for text in _heads(head, content_type)]
    return next((root for root in roots if root), None)
