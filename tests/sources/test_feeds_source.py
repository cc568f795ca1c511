"""sources/feeds.py against a real HTTP server on 127.0.0.1 (no other network).

The server serves the fixtures in tests/fixtures/feeds (written by us) plus endpoints that
misbehave: slow, redirect loops, errors, gzip bombs, redirects to private addresses.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from _http import running
from wirewatch.model import FeedState
from wirewatch.sources.feeds import (
    FeedFetcher,
    FeedPoller,
    GuardedBackend,
    PrivateAddressError,
    address_problem,
    load_opml,
    sniff_root,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feeds"
ETAG = '"v1-abc"'
LAST_MODIFIED = "Tue, 14 May 2024 09:30:00 GMT"


class Handler(BaseHTTPRequestHandler):
    """Routes of the test server; `self.server.base` is http://127.0.0.1:PORT."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "application/rss+xml",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _dribble(self, data: bytes) -> None:
        for byte in data[:20]:  # gives up after ~6 s even if the client never hangs up
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.3)
        self.close_connection = True

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", "text/plain", {"Location": location})

    def do_GET(self) -> None:  # noqa: C901 - a route table
        base: str = self.server.base  # type: ignore[attr-defined]
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.server.hosts.append(self.headers.get("Host"))  # type: ignore[attr-defined]
        path = self.path
        if path == "/full.rss":
            self._send(200, (FIXTURES / "full.rss").read_bytes())
        elif path == "/atom.xml":
            self._send(200, (FIXTURES / "atom.xml").read_bytes(), "application/atom+xml")
        elif path == "/summary.rss":
            text = (FIXTURES / "summary.rss.tmpl").read_text().replace("{base}", base)
            self._send(200, text.encode(), "application/rss+xml; charset=utf-8")
        elif path in ("/pages/summit.html", "/pages/relative.html"):
            name = path.rsplit("/", 1)[1]
            self._send(200, (FIXTURES / name).read_bytes(), "text/html; charset=utf-8")
        elif path == "/cond.rss":
            if (self.headers.get("If-None-Match") == ETAG
                    or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                self._send(304, b"", "application/rss+xml", {"ETag": ETAG})
            else:
                self._send(200, (FIXTURES / "full.rss").read_bytes(), headers={
                    "ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        elif path == "/gzip.rss":
            body = gzip.compress((FIXTURES / "full.rss").read_bytes())
            self._send(200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/gzip-bomb.rss":
            body = gzip.compress(b"<rss>" + b" " * (20 * 1024 * 1024), compresslevel=9)
            self._send(200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/big.rss":
            self._send(200, b"<rss>" + b" " * (2 * 1024 * 1024))
        elif path == "/bomb.xml":
            self._send(200, (FIXTURES / "bomb.xml").read_bytes())
        elif path == "/notafeed":
            self._send(200, (FIXTURES / "notafeed.html").read_bytes(), "text/html")
        elif path == "/404":
            self._send(404, b"not found", "text/plain")
        elif path == "/500":
            self._send(500, b"boom", "text/plain")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, (FIXTURES / "full.rss").read_bytes())
        elif path == "/dribble":  # headers at once, then one body byte every 0.3 s
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self._dribble(b"<rss>" + b" " * 95)
        elif path == "/dribble-head":  # even the status line comes one byte every 0.3 s
            self._dribble(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<rss>")
        elif path == "/loop-a":
            self._redirect("/loop-b")
        elif path == "/loop-b":
            self._redirect(base + "/loop-a", 301)
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._redirect(f"/chain/{n + 1}")
        elif path == "/redirect-ok":
            self._redirect("/full.rss", 307)
        elif path == "/to-private":
            self._redirect("http://10.0.0.1/feed.rss")
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        else:
            self._send(404, b"no such route", "text/plain")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out on purpose close the socket under /slow


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    httpd.hits = []  # type: ignore[attr-defined]
    httpd.hosts = []  # type: ignore[attr-defined]
    with running(httpd):
        yield httpd


@pytest.fixture()
def base(server: ThreadingHTTPServer) -> str:
    return server.base  # type: ignore[attr-defined]


@pytest.fixture()
def fetcher() -> Iterator[FeedFetcher]:
    f = FeedFetcher(allow_private=True, timeout=2.0)
    yield f
    f.close()


# ---------------------------------------------------------------------- good feeds


def test_full_content_rss_is_one_feed_document(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/full.rss")
    assert poll.state.status == "ok" and poll.state.http_status == 200
    assert poll.state.items_seen == 2 and poll.state.last_ok is not None
    assert not poll.rejects
    [doc] = poll.documents
    assert doc.kind == "feed" and doc.origin == base + "/full.rss"
    assert doc.data == (FIXTURES / "full.rss").read_bytes()
    assert doc.hints["outlet"] == "Test Wire Full" and doc.hints["skip_links"] == []


def test_atom_feed(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/atom.xml")
    assert poll.state.status == "ok" and poll.items == 1
    [doc] = poll.documents
    assert doc.kind == "feed" and doc.content_type == "application/atom+xml"
    assert doc.hints["outlet"] == "Test Atom Wire"


def test_gzip_feed_and_redirect_followed(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/gzip.rss")
    assert poll.state.status == "ok"
    assert poll.documents[0].data == (FIXTURES / "full.rss").read_bytes()
    poll = fetcher.poll(base + "/redirect-ok")
    assert poll.state.status == "ok" and poll.documents[0].hints["final_url"].endswith("/full.rss")


def test_summary_feed_fetches_item_pages(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/summary.rss")
    assert poll.state.status == "ok" and poll.items == 3
    assert poll.pages_fetched == 2 and poll.pages_failed == 1
    pages = [d for d in poll.documents if d.kind == "html"]
    assert [d.origin for d in pages] == [base + "/pages/summit.html",
                                         base + "/pages/relative.html"]
    summit = pages[0]
    assert b"joint statement" in summit.data
    assert summit.hints["url"] == base + "/pages/summit.html"
    assert summit.hints["title"] == "Summit ends with joint statement"
    assert summit.hints["published"] == "2024-05-16T08:00:00Z"
    assert summit.hints["outlet"] == "Test Wire Summaries"
    assert summit.hints["tags"] == ["Politics"]
    assert summit.hints["guid"] == "summit-1"
    assert summit.hints["feed_url"] == base + "/summary.rss"
    assert summit.hints["authors"]
    # The missing page falls back to the feed document (last), which names what it may skip.
    feed_doc = poll.documents[-1]
    assert feed_doc.kind == "feed"
    assert feed_doc.hints["skip_links"] == [d.origin for d in pages]
    [reject] = poll.rejects
    assert reject.reason == "http_error" and reject.origin == base + "/pages/missing.html"
    assert "404" in reject.detail and "summary is kept" in reject.detail


def test_summary_feed_without_page_fetching_or_known_pages(base: str) -> None:
    with FeedFetcher(allow_private=True, timeout=2.0, fetch_pages=False) as f:
        poll = f.poll(base + "/summary.rss")
    assert [d.kind for d in poll.documents] == ["feed"] and poll.pages_fetched == 0
    with FeedFetcher(allow_private=True, timeout=2.0) as f:
        poll = f.poll(base + "/summary.rss", known=lambda link: True)
    assert [d.kind for d in poll.documents] == ["feed"] and not poll.rejects


def test_conditional_get(fetcher: FeedFetcher, base: str, server: ThreadingHTTPServer) -> None:
    first = fetcher.poll(base + "/cond.rss")
    assert first.state.status == "ok" and first.documents
    assert first.state.etag == ETAG and first.state.last_modified == LAST_MODIFIED
    second = fetcher.poll(base + "/cond.rss", first.state)
    assert second.state.status == "not_modified" and second.state.http_status == 304
    assert second.documents == [] and second.rejects == []
    assert second.state.etag == ETAG and second.state.items_seen == first.state.items_seen
    # Last-Modified alone is enough too.
    only_date = FeedState(url=base + "/cond.rss", last_modified=LAST_MODIFIED)
    assert fetcher.poll(base + "/cond.rss", only_date).state.status == "not_modified"


# ---------------------------------------------------------------------- bad input


def test_xml_bomb_is_refused_quickly_and_small(fetcher: FeedFetcher, base: str) -> None:
    tracemalloc.start()
    started = time.monotonic()
    poll = fetcher.poll(base + "/bomb.xml")
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert poll.state.status == "error" and not poll.documents
    assert [r.reason for r in poll.rejects] == ["unsafe_xml"]
    assert elapsed < 2.0 and peak < 20 * 1024 * 1024


def test_html_page_is_not_a_feed(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/notafeed")
    assert poll.state.status == "error" and poll.state.error.startswith("not_a_feed")
    [reject] = poll.rejects
    assert reject.reason == "not_a_feed" and "<html>" in reject.detail


@pytest.mark.parametrize("path,status", [("/404", 404), ("/500", 500)])
def test_http_errors(fetcher: FeedFetcher, base: str, path: str, status: int) -> None:
    old = FeedState(url=base + path, etag='"old"', items_seen=7)
    poll = fetcher.poll(base + path, old)
    assert poll.state.status == "error" and poll.state.http_status == status
    assert poll.state.etag == '"old"'  # validators survive an error
    assert poll.rejects[0].reason == "http_error" and str(status) in poll.rejects[0].detail


def test_timeout(base: str) -> None:
    with FeedFetcher(allow_private=True, timeout=0.3) as f:
        started = time.monotonic()
        poll = f.poll(base + "/slow")
    assert time.monotonic() - started < 1.2
    assert poll.state.status == "error" and poll.rejects[0].reason == "timeout"


@pytest.mark.parametrize("path", ["/dribble", "/dribble-head"])
def test_whole_fetch_deadline_cuts_off_a_dribbling_server(base: str, path: str) -> None:
    # Each byte arrives well inside the 2 s read timeout; only the 1 s deadline can stop it.
    with FeedFetcher(allow_private=True, timeout=2.0, total_timeout=1.0) as f:
        started = time.monotonic()
        poll = f.poll(base + path)
        elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert poll.state.status == "error" and poll.state.error.startswith("timeout")
    assert [r.reason for r in poll.rejects] == ["timeout"]
    assert "1 s in total" in poll.rejects[0].detail


def test_redirect_loop_and_too_many(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/loop-a")
    assert poll.rejects[0].reason == "redirect_loop" and poll.state.status == "error"
    with FeedFetcher(allow_private=True, timeout=2.0, max_redirects=3) as f:
        poll = f.poll(base + "/chain/0")
    assert poll.rejects[0].reason == "too_many_redirects"


def test_size_cap_while_streaming(base: str) -> None:
    with FeedFetcher(allow_private=True, timeout=2.0, max_bytes=1024 * 1024) as f:
        declared = f.poll(base + "/big.rss")
        bomb = f.poll(base + "/gzip-bomb.rss")
    assert declared.rejects[0].reason == "too_large"
    assert bomb.rejects[0].reason == "too_large" and "decompression" in bomb.rejects[0].detail


def test_redirect_to_non_http_scheme(fetcher: FeedFetcher, base: str) -> None:
    poll = fetcher.poll(base + "/to-file")
    assert poll.rejects[0].reason == "bad_url"
    assert fetcher.poll("ftp://example.org/feed").rejects[0].reason == "bad_url"


# ---------------------------------------------------------------------- SSRF guard


def test_loopback_refused_by_default(base: str) -> None:
    with FeedFetcher(timeout=2.0) as f:
        poll = f.poll(base + "/full.rss")
        by_name = f.poll(base.replace("127.0.0.1", "localhost") + "/full.rss")
    assert poll.state.status == "error" and not poll.documents
    assert poll.rejects[0].reason == "private_address"
    assert "127.0.0.1" in poll.rejects[0].detail and "allow-private" in poll.rejects[0].detail
    assert by_name.rejects[0].reason == "private_address"


def _only_test_server_is_public(address: str) -> str | None:
    """Pretend 127.0.0.1 is a public host, to test hops after the first one."""
    return None if address == "127.0.0.1" else address_problem(address)


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_redirect_to_private_address_refused(base: str, server: ThreadingHTTPServer,
                                             path: str) -> None:
    with FeedFetcher(timeout=2.0, address_policy=_only_test_server_is_public) as f:
        assert f.poll(base + "/full.rss").state.status == "ok"  # first hop allowed
        started = time.monotonic()
        poll = f.poll(base + path)
    assert time.monotonic() - started < 1.0  # refused before any connect attempt
    assert poll.rejects[0].reason == "private_address"


def test_summary_page_on_private_address_refused(base: str) -> None:
    # The feed host "is public"; its items' pages point at localhost -> private -> refused,
    # and the summaries are kept in the feed document.
    policy = _only_test_server_is_public
    with FeedFetcher(timeout=2.0, address_policy=policy) as f:
        poll = f.poll(base + "/summary.rss")
    assert poll.state.status == "ok"
    assert [d.kind for d in poll.documents] == ["html", "html", "feed"]
    with FeedFetcher(timeout=2.0, address_policy=lambda a: "nope" if a else None) as f:
        blocked = f.poll(base + "/summary.rss")
    assert blocked.rejects[0].reason == "private_address"


@pytest.mark.parametrize("address", [
    "10.0.0.1", "192.168.1.1", "172.16.5.4", "169.254.169.254", "127.0.0.1", "0.0.0.0",
    "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1", "64:ff9b::a9fe:a9fe",
])
def test_address_checker_refuses(address: str) -> None:
    assert address_problem(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111",
                                     "::ffff:93.184.216.34"])
def test_address_checker_allows_public(address: str) -> None:
    assert address_problem(address) is None


def test_backend_checks_every_resolved_address(monkeypatch: pytest.MonkeyPatch) -> None:
    # A name that resolves to a public and a private address is refused (no DNS is used).
    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(PrivateAddressError, match="10.1.2.3"):
        GuardedBackend(allow_private=False).resolve("rebind.example", 80)
    assert GuardedBackend(allow_private=True).resolve("rebind.example", 80) == [
        "93.184.216.34", "10.1.2.3"]


def test_connects_to_the_checked_address_not_a_second_lookup(
        monkeypatch: pytest.MonkeyPatch, server: ThreadingHTTPServer) -> None:
    # DNS rebinding: the name first resolves to an allowed address, later to a private one.
    # The guard resolves once and connects to the address it checked.
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"] + ["10.9.9.9"] * 10)
    lookups: list[str] = []

    def rebinding_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        if host == "rebind.test":
            lookups.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    port = server.server_address[1]
    with FeedFetcher(timeout=2.0, address_policy=_only_test_server_is_public) as f:
        poll = f.poll(f"http://rebind.test:{port}/full.rss")
    assert poll.state.status == "ok" and lookups == ["rebind.test"]
    assert server.hosts[-1] == f"rebind.test:{port}"  # type: ignore[attr-defined]


def test_sniff_root() -> None:
    assert sniff_root(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><rss version="2.0">') == "rss"
    assert sniff_root(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">') == "rdf"
    assert sniff_root("<feed xmlns='x'>".encode("utf-16")) == "feed"
    assert sniff_root(b"<!DOCTYPE html><html>") == "html"
    netscape = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD '
                b'RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss>')
    assert sniff_root(netscape) == "rss"
    assert sniff_root(b"") is None


# ---------------------------------------------------------------------- poller, OPML


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_poller_survives_unreachable_feed(base: str) -> None:
    unreachable = f"http://127.0.0.1:{_closed_port()}/feed.rss"
    saved: dict[str, FeedState] = {}
    delivered: list[tuple[int, str]] = []
    rejects: list = []
    done = threading.Event()

    def save_state(state: FeedState) -> None:
        saved[state.url] = state
        if len(saved) == 2:
            done.set()

    poller = FeedPoller([("Down", unreachable), ("Up", base + "/full.rss")], interval=60.0,
                        fetcher=FeedFetcher(allow_private=True, timeout=1.0),
                        save_state=save_state, load_state=lambda url: None,
                        on_documents=lambda docs, url: delivered.append((len(docs), url)),
                        on_rejects=rejects.extend)
    poller.start()
    try:
        assert done.wait(5.0)
    finally:
        started = time.monotonic()
        assert poller.stop(timeout=3.0)
        assert time.monotonic() - started < 2.0
    assert saved[unreachable].status == "error"
    assert saved[unreachable].error.startswith("connection_error")
    assert saved[base + "/full.rss"].status == "ok"
    assert delivered == [(1, base + "/full.rss")]
    assert rejects == []  # a failing feed is feed health, not an article reject
    health = {h["url"]: h for h in poller.health()}
    assert health[unreachable]["status"] == "error"
    assert health[unreachable]["consecutive_failures"] == 1


def test_slow_feed_does_not_delay_a_fast_one(base: str) -> None:
    slow, fast = base + "/dribble", base + "/full.rss"
    delivered: dict[str, float] = {}
    saved: dict[str, FeedState] = {}
    done = threading.Event()

    def save_state(state: FeedState) -> None:
        saved[state.url] = state
        if len(saved) == 2:
            done.set()

    poller = FeedPoller([slow, fast], interval=60.0,  # the slow feed is first in line
                        fetcher=FeedFetcher(allow_private=True, timeout=2.0, total_timeout=1.5),
                        on_documents=lambda docs, url: delivered.setdefault(url, time.monotonic()),
                        save_state=save_state)
    started = time.monotonic()
    poller.start()
    try:
        assert done.wait(4.0)
    finally:
        assert poller.stop(timeout=3.0)
    assert list(delivered) == [fast]
    assert delivered[fast] - started < 1.0  # stored before the slow feed's 1.5 s deadline
    assert saved[slow].status == "error" and saved[slow].error.startswith("timeout")
    assert saved[fast].status == "ok"
    assert {h["url"]: h["status"] for h in poller.health()} == {slow: "error", fast: "ok"}


def test_poll_once_polls_feeds_concurrently(base: str) -> None:
    with FeedFetcher(allow_private=True, timeout=2.0, total_timeout=1.0) as f:
        poller = FeedPoller([base + "/dribble", base + "/dribble-head", base + "/full.rss"],
                            fetcher=f)
        started = time.monotonic()
        states = poller.poll_once()
        elapsed = time.monotonic() - started
    assert [s.status for s in states] == ["error", "error", "ok"]  # in feed order
    assert elapsed < 1.9  # two 1 s deadlines side by side, not one after the other


def test_poller_does_not_refetch_delivered_pages(base: str, server: ThreadingHTTPServer) -> None:
    batches: list[list[str]] = []
    rejects: list = []
    with FeedFetcher(allow_private=True, timeout=2.0) as f:
        poller = FeedPoller([base + "/summary.rss"], fetcher=f, on_rejects=rejects.extend,
                            on_documents=lambda docs, url: batches.append([d.kind for d in docs]))
        poller.page_retries = 2
        poller.poll_once()
        before = len(server.hits)  # type: ignore[attr-defined]
        poller.poll_once()
        hits = server.hits[before:]  # type: ignore[attr-defined]
        poller.poll_once()
        third = server.hits[before + len(hits):]  # type: ignore[attr-defined]
    assert batches == [["html", "html", "feed"], ["feed"], ["feed"]]
    assert "/pages/summit.html" not in hits and "/pages/missing.html" in hits
    assert "/pages/missing.html" not in third  # gave up after page_retries failures
    assert [r.reason for r in rejects] == ["http_error"]  # recorded once


def test_poller_keeps_validators_when_ingest_fails(base: str) -> None:
    def failing(docs: list, url: str) -> None:
        raise OSError("disk full")

    with FeedFetcher(allow_private=True, timeout=2.0) as f:
        poller = FeedPoller([base + "/cond.rss"], fetcher=f, on_documents=failing)
        [state] = poller.poll_once()
        assert state.status == "error" and state.etag is None
        assert "disk full" in state.error
        # The next poll fetches again (no 304) instead of losing the items.
        delivered: list = []
        poller._on_documents = lambda docs, url: delivered.append(docs)
        [state] = poller.poll_once()
        assert state.status == "ok" and state.etag == ETAG and delivered


def test_default_opml() -> None:
    feeds = load_opml()
    assert len(feeds) >= 10
    assert all(url.startswith(("http://", "https://")) for _title, url in feeds)
    assert all(title for title, _url in feeds)
    assert len({url for _t, url in feeds}) == len(feeds)
