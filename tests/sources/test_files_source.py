"""Files and folders → RawDocuments, with size limits, gzip and bad files as Rejects."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse import parse_document
from wirewatch.sources.files import GUNZIP_CHUNK, iter_documents

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"


def _only(items: list[RawDocument | Reject]) -> RawDocument | Reject:
    assert len(items) == 1, items
    return items[0]


def test_folder_walk_sorted_recursive_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("Title\n\nSome text.")
    (tmp_path / "b" / "c.html").write_text("<p>x</p>")
    (tmp_path / "b" / "d.jsonl").write_text('{"text": "y"}\n')
    (tmp_path / ".secret.txt").write_text("hidden")
    (tmp_path / ".hidden" / "e.txt").write_text("hidden")
    docs = list(iter_documents([tmp_path]))
    assert [Path(d.origin).relative_to(tmp_path).as_posix() for d in docs] == [
        "a.txt", "b/c.html", "b/d.jsonl"]
    assert [d.kind for d in docs if isinstance(d, RawDocument)] == ["txt", "html", "jsonl"]


@pytest.mark.parametrize(("name", "kind"), [
    ("a.txt", "txt"), ("a.text", "txt"), ("a.htm", "html"), ("a.HTML", "html"),
    ("a.json", "json"), ("a.ndjson", "jsonl"), ("a.csv", "csv"), ("a.xml", "feed"),
    ("a.rss", "feed"), ("a.atom", "feed"),
])
def test_kind_by_extension(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"content")
    doc = _only(list(iter_documents([path])))
    assert isinstance(doc, RawDocument) and doc.kind == kind and doc.origin == str(path)


def test_gzip_of_any_kind(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl.gz"
    path.write_bytes(gzip.compress((FIXTURES / "records.jsonl").read_bytes()))
    doc = _only(list(iter_documents([path])))
    assert isinstance(doc, RawDocument) and doc.kind == "jsonl"
    out = list(parse_document(doc))
    assert [type(x).__name__ for x in out] == ["Article", "Reject", "Article", "Reject"]
    assert out[1].origin == f"{path}:2"


def test_gzip_bytes_behind_a_plain_extension(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(gzip.compress((FIXTURES / "feed.rss").read_bytes()))
    doc = _only(list(iter_documents([path])))
    assert isinstance(doc, RawDocument)
    assert isinstance(next(iter(parse_document(doc))), Article)


def test_gzip_bomb_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(20):
            out.write(chunk)
    assert path.stat().st_size < 100_000
    reject = _only(list(iter_documents([path], max_bytes=1024 * 1024)))
    assert isinstance(reject, Reject) and reject.reason == "too_large"


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.xml"])
def test_gzip_bomb_stops_inflating_at_the_limit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name  # .xml: gzip bytes behind a plain extension take the same path
    with gzip.open(path, "wb") as out:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(100):
            out.write(chunk)
    assert path.stat().st_size < 200_000
    limit = 8 * 1024 * 1024
    tracemalloc.start()
    try:
        reject = _only(list(iter_documents([path], max_bytes=limit, max_records_bytes=limit)))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(reject, Reject) and reject.reason == "too_large"
    assert "stopped inflating" in reject.detail
    # The cap, BytesIO's growth slack and a chunk; inflating it all at once costs 3x the cap.
    assert peak < limit + limit // 8 + 4 * GUNZIP_CHUNK


def test_gzip_with_several_members_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "two.txt.gz"
    path.write_bytes(gzip.compress(b"First half of the story. ") + gzip.compress(b"Second half."))
    doc = _only(list(iter_documents([path])))
    assert isinstance(doc, RawDocument)
    assert doc.data == b"First half of the story. Second half."


def test_corrupt_gzip_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(gzip.compress(b"hello world " * 100)[:30])
    reject = _only(list(iter_documents([path])))
    assert isinstance(reject, Reject) and reject.reason == "bad_gzip"


def test_empty_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    reject = _only(list(iter_documents([path])))
    assert isinstance(reject, Reject) and reject.reason == "empty"
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n\t ")
    reject = _only(list(iter_documents([blank])))
    assert isinstance(reject, Reject) and reject.reason == "empty"


def test_binary_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    doc = _only(list(iter_documents([path])))
    assert isinstance(doc, RawDocument)
    [reject] = list(parse_document(doc))
    assert isinstance(reject, Reject) and reject.reason == "binary"


def test_50_mb_text_file_rejected_above_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    path = tmp_path / "huge.txt"
    line = b"The council met again on Monday to discuss the harbour budget.\n"
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as out:
        for _ in range(50):
            out.write(block)
    assert path.stat().st_size > 50 * 1024 * 1024
    reads: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        reads.append(1)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    reject = _only(list(iter_documents([path])))
    assert isinstance(reject, Reject) and reject.reason == "too_large"
    assert reads == []  # decided from the size alone, nothing read
    monkeypatch.undo()
    doc = _only(list(iter_documents([path], max_bytes=60 * 1024 * 1024)))
    assert isinstance(doc, RawDocument)  # the limit is configurable


def test_unsupported_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    reject = _only(list(iter_documents([path])))
    assert isinstance(reject, Reject) and reject.reason == "unsupported"
    reject = _only(list(iter_documents([tmp_path / "nope.txt"])))
    assert isinstance(reject, Reject) and reject.reason == "not_found"


def test_unreadable_file_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def deny(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    reject = _only(list(iter_documents([path])))
    assert isinstance(reject, Reject) and reject.reason == "unreadable"


def test_end_to_end_fixture_folder() -> None:
    results = [x for doc in iter_documents([FIXTURES])
               for x in ([doc] if isinstance(doc, Reject) else parse_document(doc))]
    reasons = sorted({x.reason for x in results if isinstance(x, Reject)})
    assert reasons == ["bad_json", "no_text", "xml_bomb"]
    assert sum(isinstance(x, Article) for x in results) >= 15
