"""Hostile input at the edges: the one XML entity guard on both ingest paths (a file on disk and
a feed polled from a real HTTP server on 127.0.0.1), metadata length limits, and the modes of
the files a store creates."""

from __future__ import annotations

import codecs
import json
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wirewatch.engine.local import LocalEngine
from wirewatch.model import Article, Reject
from wirewatch.parse import (
    MAX_AUTHORS,
    MAX_OUTLET_CHARS,
    MAX_TAGS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    parse_document,
)
from wirewatch.sources.feeds import FeedFetcher
from wirewatch.sources.files import XML_PROLOG_SCAN, iter_documents
from wirewatch.store.writer import Store

# ---------------------------------------------------------------------- XML entity guard

LAUGHS = ('<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">')
FEED = ('<rss version="2.0"><channel><title>&lol2;</title><item><title>&lol2;</title>'
        '<link>https://bomb.example/1</link><description>&lol2; and more words</description>'
        '</item></channel></rss>')
CLEAN = ('<rss version="2.0"><channel><title>Harbour News</title><item><title>Budget</title>'
         '<link>https://news.example/budget</link><description>The council met on Monday to '
         'discuss the harbour budget.</description></item></channel></rss>')


def _bomb(prolog: str, subset: str = LAUGHS) -> str:
    return f"{prolog}<!DOCTYPE rss [{subset}]>{FEED}"


BOMBS: dict[str, bytes] = {
    # A "<a" inside the comment once ended the file guard's prolog before the DOCTYPE.
    "comment-before-doctype": _bomb('<?xml version="1.0"?>\n<!-- see <a href="x">this</a> -->\n')
    .encode(),
    "pi-before-doctype": _bomb('<?xml version="1.0"?><?xml-stylesheet href="<b>.xsl"?>\n')
    .encode(),
    "whitespace-before-doctype": _bomb("\n \t\n").encode(),
    "utf8-bom": codecs.BOM_UTF8 + _bomb('<?xml version="1.0"?><!-- <c> -->').encode(),
    "utf16-with-bom": _bomb('<?xml version="1.0" encoding="UTF-16"?><!-- <d> -->')
    .encode("utf-16"),
    "utf16-le-without-bom": _bomb('<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16-le"),
    "utf16-be-without-bom": _bomb('<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16-be"),
    "utf32-with-bom": _bomb('<?xml version="1.0" encoding="UTF-32"?>').encode("utf-32"),
    # Reads "+ADw-!ENTITY" as ASCII: only the declared encoding shows the declarations.
    "declared-utf7": b'<?xml version="1.0" encoding="utf-7"?>'
    + _bomb("", LAUGHS).replace("<!", "+ADw-!").encode(),
    "parameter-entity": _bomb('<?xml version="1.0"?>', '<!ENTITY % ext SYSTEM '
                              '"http://127.0.0.1:9/evil.dtd"> %ext;').encode(),
    "external-entity": _bomb("<!-- x -->", '<!ENTITY xxe SYSTEM "file:///etc/passwd">').encode(),
    # `]` inside an entity value ends a naive internal-subset match early.
    "bracket-in-entity-value": _bomb("<!-- <e> -->", '<!ENTITY a "]>"><!ENTITY b "&a;&a;">')
    .encode(),
    "prolog-past-the-scan": ("<!--" + "x" * XML_PROLOG_SCAN + "-->" + _bomb("")).encode(),
}
GUARD_REASONS = {"xml_bomb", "unsafe_xml"}


def _ingest_file(path: Path) -> list[Article | Reject]:
    out: list[Article | Reject] = []
    for doc in iter_documents([path]):
        out.extend([doc] if isinstance(doc, Reject) else parse_document(doc))
    return out


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_file_ingest_refuses_entity_declarations(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(BOMBS[name])
    [result] = _ingest_file(path)
    assert isinstance(result, Reject) and result.reason in GUARD_REASONS, result


@pytest.fixture(scope="module")
def feed_server() -> Iterator[str]:
    """Serves BOMBS[name] at /<name> and a clean feed at /clean."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            name = self.path.lstrip("/")
            body = CLEAN.encode() if name == "clean" else BOMBS.get(name)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_polled_feed_refuses_entity_declarations(feed_server: str, name: str) -> None:
    with FeedFetcher(allow_private=True, timeout=2.0) as fetcher:
        poll = fetcher.poll(f"{feed_server}/{name}")
    assert poll.state.status == "error" and not poll.documents
    assert [r.reason for r in poll.rejects] == ["unsafe_xml"]


def test_both_paths_still_take_a_feed_with_comments_pi_bom_and_public_doctype(
        tmp_path: Path, feed_server: str) -> None:
    prolog = ('<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- a <b> comment -->'
              '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
              '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n')
    path = tmp_path / "ok.xml"
    path.write_bytes(codecs.BOM_UTF8 + (prolog + CLEAN).encode())
    [article] = _ingest_file(path)
    assert isinstance(article, Article) and article.title == "Budget"
    with FeedFetcher(allow_private=True, timeout=2.0) as fetcher:
        poll = fetcher.poll(f"{feed_server}/clean")
    assert poll.state.status == "ok" and [d.kind for d in poll.documents] == ["feed"]


# ---------------------------------------------------------------------- metadata limits


def _record(**fields: object) -> dict[str, object]:
    return {"text": "The council met on Monday to discuss the harbour budget.", **fields}


def _huge_record() -> dict[str, object]:
    return _record(url="https://news.example/budget", title="T" * 7_000_000,
                   outlet="O" * 5_000, authors=[f"Author {i}" for i in range(500)],
                   tags=[f"tag{i}" for i in range(1_000)])


def _check_capped(article: Article | Reject) -> None:
    assert isinstance(article, Article), article
    assert article.title is not None and len(article.title) == MAX_TITLE_CHARS
    assert article.title.endswith("…")
    assert article.outlet is not None and len(article.outlet) == MAX_OUTLET_CHARS
    assert article.authors == [f"Author {i}" for i in range(MAX_AUTHORS)]
    assert article.tags == [f"tag{i}" for i in range(MAX_TAGS)]


def test_field_limits_through_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([_huge_record()]))
    [article] = _ingest_file(path)
    _check_capped(article)


def test_field_limits_through_jsonl_records_and_url_too_long(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    long_url = "https://news.example/" + "a" * MAX_URL_CHARS
    lines = [_huge_record(), _record(url=long_url, title="Too long a link"),
             _record(url="https://news.example/fine", title="Fine")]
    path.write_text("\n".join(json.dumps(x) for x in lines))
    capped, refused, fine = _ingest_file(path)
    _check_capped(capped)
    assert isinstance(refused, Reject) and refused.reason == "url_too_long"
    assert refused.origin.endswith(":2")  # only that record; the next one still came in
    assert isinstance(fine, Article) and fine.url == "https://news.example/fine"


def test_field_limits_through_a_feed_file(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>{'T' * 5000 if i == 0 else 'Short'}</title>"
        f"<link>https://news.example/{'a' * MAX_URL_CHARS if i == 1 else i}</link>"
        "<description>The council met on Monday to discuss the harbour budget.</description>"
        "</item>" for i in range(3))
    path = tmp_path / "feed.rss"
    path.write_text(f'<rss version="2.0"><channel><title>{"O" * 900}</title>{items}'
                    "</channel></rss>")
    long_title, refused, short = _ingest_file(path)
    assert isinstance(long_title, Article) and len(long_title.title or "") == MAX_TITLE_CHARS
    assert len(long_title.outlet or "") == MAX_OUTLET_CHARS
    assert isinstance(refused, Reject) and refused.reason == "url_too_long"
    assert isinstance(short, Article) and short.title == "Short"


# ---------------------------------------------------------------------- file modes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_folder_is_private_and_its_files_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "in.txt"
    source.write_text("Harbour budget\n\nThe council met on Monday to discuss the harbour "
                      "budget and agreed to repair the north pier.\n")
    with LocalEngine(data, workers=0, analyze=False) as engine:
        summary = engine.ingest([source])
        assert summary.stored == 1
        files = [p for p in data.rglob("*") if p.is_file()]
        folders = [data, *(p for p in data.rglob("*") if p.is_dir())]
        names = {p.relative_to(data).as_posix() for p in files}
        assert {"wirewatch.duckdb", "search.sqlite", "inbox/.lock"} <= names
        assert any(n.startswith("inbox/") and n.endswith(".jsonl") for n in names)
        assert {p.name: oct(_mode(p)) for p in folders} == {p.name: "0o700" for p in folders}
        assert {n: oct(_mode(data / n)) for n in names} == {n: "0o600" for n in names}


def test_existing_store_is_tightened_on_open(tmp_path: Path) -> None:
    data = tmp_path / "old"
    Store(data).close()
    data.chmod(0o755)
    (data / "wirewatch.duckdb").chmod(0o644)
    (data / "search.sqlite").chmod(0o644)
    Store(data).close()
    assert _mode(data) == 0o755  # a folder the user already had keeps its mode
    assert _mode(data / "wirewatch.duckdb") == 0o600 and _mode(data / "search.sqlite") == 0o600
