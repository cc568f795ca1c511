"""RSS/Atom feeds over HTTP: fetch safely, turn a poll into `RawDocument`s.

Why this module is careful: a feed URL is untrusted input that makes *us* open connections.
So every hop of every request (the feed, each redirect, each item page) goes through one guard:

* only ``http``/``https``; redirects are followed by hand (at most ``max_redirects``, a URL
  seen twice is a ``redirect_loop``);
* the host is resolved once, every resolved address is checked (loopback, private,
  link-local, multicast, reserved, unspecified, IPv4-mapped/6to4/NAT64 forms of those), and
  the socket connects to exactly the address that was checked — so a DNS answer that changes
  between check and connect (DNS rebinding) cannot smuggle us onto the intranet. ``allow_private``
  switches the address check off (tests, intranets);
* connect/read timeouts plus a whole-fetch deadline (``total_timeout``: resolve, connect, TLS,
  headers, body and redirects together). Every socket read and write waits at most what is left
  of it, and the body loop checks it after every chunk, so a server dribbling one byte at a time
  is cut off (``timeout``) instead of holding the poller; the (decompressed) body is streamed
  and abandoned past ``max_bytes``, so neither a huge nor a gzip-bombed body is held;
* a feed whose prolog declares XML entities (billion laughs, XXE) is refused before any XML
  parser sees it (``files.xml_root``, the same guard file ingest goes through); a "feed" whose root element is not rss/feed/RDF is ``not_a_feed``.

What a poll returns (the contract the engine relies on), in this order:

1. For every *summary-only* item (its text is shorter than ``full_content_chars``) that has an
   http(s) link, is not ``known`` and when ``fetch_pages`` is on: the item's page as
   ``RawDocument(kind="html", data=<page bytes>, origin=<item link>, content_type=<header>,
   hints={url, final_url, title, published, outlet, authors, tags, guid, summary, feed_url})``.
   ``published`` is ISO 8601 UTC when the feed's date parsed, else the feed's raw string.
2. Then, unless every item was delivered as a page: ONE
   ``RawDocument(kind="feed", data=<feed bytes>, origin=<feed url>, content_type=<header>,
   hints={outlet, feed_url, final_url, skip_links: [item links delivered as pages above]})``.
   The feed parser yields the full-content items from it, and the summary of every item
   whose page was not fetched (fallback). A parser that honours ``skip_links`` avoids
   re-yielding the pages' items; one that does not still yields them *after* the page
   versions with the same URL (same article id), so they count as duplicates.

A failed item page becomes a `Reject` (its reason, detail says the summary was kept); a failed
feed becomes one `Reject` for the feed URL and ``state.status == "error"``. Reason codes:
``private_address``, ``bad_url``, ``timeout``, ``connection_error``, ``http_error``,
``redirect_loop``, ``too_many_redirects``, ``too_large``, ``not_a_feed``, ``unsafe_xml``,
``not_html``, ``bad_response``.

State: ``etag``/``last_modified`` come from the last 200 (kept on 304 and on errors);
``items_seen`` is the number of items the feed carried at its last 200; ``last_ok`` is the
last 200 or 304; ``error`` is ``"<reason>: <detail>"`` while ``status == "error"``.

Items are listed with feedparser (metadata only: link, guid, title, date, authors, tags, text
length) after the safety checks; turning entries into Articles is the parse box's job — this
module imports nothing to its right, only `model`.

`FeedPoller` runs polls for a list of feeds in a background thread for ``wirewatch serve``,
at most ``MAX_PARALLEL_POLLS`` feeds at once, so one slow host delays no other feed;
`load_opml` reads a subscription list (the default one is ``data/feeds.default.opml``).
"""

from __future__ import annotations

import calendar
import html
import ipaddress
import logging
import random
import re
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from wirewatch.model import FeedState, RawDocument, Reject, utcnow
from wirewatch.sources.files import UnsafeXML, decode_head, xml_root

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "Wirewatch/0.1 (news analysis; RSS/Atom reader)"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_FEED_ROOTS = {"rss", "feed", "rdf", "channel"}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Feeds polled at the same time by a FeedPoller: enough that slow hosts do not delay the others,
# few enough to stay polite and keep sockets and memory (max_bytes per fetch) bounded.
MAX_PARALLEL_POLLS = 8


# --------------------------------------------------------------------------- errors


class FeedError(Exception):
    """A fetch or feed failure with a machine-friendly `reason` (the Reject reason code)."""

    reason = "feed_error"

    def __init__(self, detail: str, *, url: str | None = None, http_status: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.url = url
        self.http_status = http_status

    def to_reject(self, origin: str, note: str = "") -> Reject:
        detail = self.detail + (f" ({note})" if note else "")
        return Reject(origin=origin, reason=self.reason, detail=detail)


class PrivateAddressError(FeedError):
    reason = "private_address"


class BadURLError(FeedError):
    reason = "bad_url"


class FetchTimeoutError(FeedError):
    reason = "timeout"


class ConnectionFailedError(FeedError):
    reason = "connection_error"


class HTTPStatusError(FeedError):
    reason = "http_error"


class RedirectLoopError(FeedError):
    reason = "redirect_loop"


class TooManyRedirectsError(FeedError):
    reason = "too_many_redirects"


class TooLargeError(FeedError):
    reason = "too_large"


class NotAFeedError(FeedError):
    reason = "not_a_feed"


class UnsafeXMLError(FeedError):
    reason = "unsafe_xml"


class NotHTMLError(FeedError):
    reason = "not_html"


class BadResponseError(FeedError):
    reason = "bad_response"


# --------------------------------------------------------------------------- address guard


def address_problem(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why connecting to this IP would reach something non-public, or None if it is public.

    IPv6 forms that embed an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64) are
    judged by the embedded address, because that is where the packets end up.
    """
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return f"not an IP address: {address!r}"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = address_problem(embedded)
            return f"{ip} embeds {inner}" if inner else None
    for label, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                        ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                        ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if flag:
            return f"{ip} is a {label} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


_RESOLVER: ThreadPoolExecutor | None = None
_RESOLVER_LOCK = threading.Lock()


def _resolver_pool() -> ThreadPoolExecutor:
    global _RESOLVER
    with _RESOLVER_LOCK:
        if _RESOLVER is None:
            _RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="wirewatch-dns")
        return _RESOLVER


_current_fetch = threading.local()  # `deadline`: time.monotonic() by which this thread's fetch must end


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` shortened to what is left of the current fetch's deadline; `error` once it passed.

    httpcore waits up to `timeout` per socket operation, so without this a server sending a byte
    just inside every read timeout would never be cut off.
    """
    deadline: float | None = getattr(_current_fetch, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the whole-fetch deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the fetch's deadline.

    The deadline is looked up per call (thread-local), so a pooled connection reused by another
    fetch obeys that fetch's deadline.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _time_left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore network backend that resolves, checks, then connects to the checked address.

    Doing the check at connect time (not before the request) is what defeats DNS rebinding:
    there is exactly one resolution and the socket goes to an address from it.
    """

    def __init__(self, allow_private: bool,
                 address_policy: Callable[[str], str | None] = address_problem) -> None:
        self.allow_private = allow_private
        self.address_policy = address_policy

    def resolve(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        """All addresses `host` resolves to, each checked; refuses if any one is non-public.

        getaddrinfo cannot be interrupted, so it runs in a small shared pool and we stop
        waiting after `timeout` (a hung resolver must not hang the poller).
        """
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        future = _resolver_pool().submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        try:
            infos = future.result(timeout)
        except FutureTimeout as exc:
            raise httpcore.ConnectTimeout(f"resolving {host!r} took longer than {timeout} s") \
                from exc
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from exc
        addresses: list[str] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            addr = str(sockaddr[0])
            if addr not in addresses:
                addresses.append(addr)
        if not addresses:
            raise httpcore.ConnectError(f"host {host!r} has no address")
        if not self.allow_private:
            for addr in addresses:
                problem = self.address_policy(addr)
                if problem:
                    raise PrivateAddressError(
                        f"refusing {host!r}: {problem} (use allow_private / --allow-private "
                        "for intranet or test feeds)")
        return addresses

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for addr in self.resolve(host, port, timeout):
            try:
                # TLS SNI and certificate checks still use the URL's host name: httpcore takes
                # them from the request origin, not from the address we connect to.
                return DeadlineStream(super().connect_tcp(
                    addr, port, _time_left(timeout, httpcore.ConnectTimeout), local_address,
                    socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


class GuardedTransport(httpx.HTTPTransport):
    """httpx transport whose connection pool connects only through `GuardedBackend`.

    httpx does not expose the network backend, so the pool is rebuilt with the same settings
    plus our backend (httpx 0.28 / httpcore 1.0 keep it in ``_pool``). No proxies: a proxy
    would make the address check meaningless.
    """

    def __init__(self, backend: GuardedBackend, *, verify: bool = True,
                 limits: httpx.Limits | None = None) -> None:
        super().__init__(verify=verify, trust_env=False)
        limits = limits or httpx.Limits(max_connections=10, max_keepalive_connections=5)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def check_url(url: str) -> str:
    """A URL we are willing to request (http/https with a host), else BadURLError."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        _ = parts.port  # raises on a bad port
    except ValueError as exc:
        raise BadURLError(f"malformed URL {url!r}: {exc}", url=url) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise BadURLError(f"only http and https URLs can be fetched, not {url!r}", url=url)
    if not host:
        raise BadURLError(f"URL has no host: {url!r}", url=url)
    if parts.username or parts.password:
        raise BadURLError(f"URLs with credentials are refused: {parts.scheme}://…@{host}",
                          url=url)
    return url.strip()


# --------------------------------------------------------------------------- fetching


@dataclass
class FetchResult:
    """One finished GET: the last hop's status and headers, and the (decoded) body."""

    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


@dataclass
class FeedItem:
    """What the fetcher needs to know about one feed entry (not the parsed article)."""

    link: str | None
    guid: str | None
    title: str | None
    published: str | None
    summary: str | None
    authors: list[str]
    tags: list[str]
    text_chars: int  # length of the longest text the feed carries for it (content or summary)


@dataclass
class FeedPoll:
    """The outcome of one poll: new state, documents to parse, rejects to record."""

    url: str
    state: FeedState
    documents: list[RawDocument] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    items: int = 0
    pages_fetched: int = 0
    pages_failed: int = 0

    @property
    def ok(self) -> bool:
        return self.state.status in ("ok", "not_modified")


class FeedFetcher:
    """Polls feeds and fetches item pages over HTTP, with the guard described in the module
    docstring. Thread-safe: a FeedPoller runs several polls at once, `cancel()` comes from
    another thread."""

    def __init__(self, allow_private: bool = False, timeout: float = 10.0,
                 max_bytes: int = DEFAULT_MAX_BYTES, max_redirects: int = 5,
                 user_agent: str = DEFAULT_USER_AGENT, fetch_pages: bool = True, *,
                 total_timeout: float | None = None, max_pages: int = 100,
                 full_content_chars: int = 1000,
                 address_policy: Callable[[str], str | None] = address_problem,
                 verify: bool = True) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.total_timeout = total_timeout if total_timeout is not None else max(3 * timeout, 30.0)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self.fetch_pages = fetch_pages
        self.max_pages = max_pages
        self.full_content_chars = full_content_chars
        self._cancelled = threading.Event()
        self._backend = GuardedBackend(allow_private, address_policy)
        self._client = httpx.Client(
            transport=GuardedTransport(self._backend, verify=verify),
            follow_redirects=False, trust_env=False, timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent})

    # -- lifecycle

    def close(self) -> None:
        self._client.close()

    def cancel(self) -> None:
        """Make in-flight and later fetches stop at the next chunk (used by FeedPoller.stop)."""
        self._cancelled.set()

    def resume(self) -> None:
        """Undo `cancel()` (a poller that is started again)."""
        self._cancelled.clear()

    def __enter__(self) -> FeedFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one guarded GET

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url`, following redirects by hand; raises a FeedError subclass on failure.

        Returns 2xx and 304 responses (304 with an empty body); other statuses raise
        HTTPStatusError. The whole fetch, redirects included, ends within `total_timeout`.
        """
        outer = getattr(_current_fetch, "deadline", None)
        _current_fetch.deadline = time.monotonic() + self.total_timeout
        try:
            return self._fetch(url, headers or {}, _current_fetch.deadline)
        finally:
            _current_fetch.deadline = outer

    def _fetch(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult:
        current = check_url(url)
        seen = {current}
        redirects: list[str] = []
        while True:
            if self._cancelled.is_set():
                raise ConnectionFailedError("fetch cancelled (shutting down)", url=url)
            with self._request(current, headers) as resp:
                status = resp.status_code
                if status in _REDIRECT_CODES:
                    location = resp.headers.get("location")
                    if not location:
                        raise HTTPStatusError(f"HTTP {status} redirect without Location from "
                                              f"{current}", url=url, http_status=status)
                    target = check_url(urljoin(current, location.strip()))
                    if target in seen:
                        raise RedirectLoopError(
                            f"redirect loop: {' -> '.join([*redirects, current, target])}"
                            if redirects else f"redirect loop: {current} -> {target}",
                            url=url, http_status=status)
                    if len(redirects) >= self.max_redirects:
                        raise TooManyRedirectsError(
                            f"more than {self.max_redirects} redirects starting at {url}",
                            url=url, http_status=status)
                    redirects.append(current)
                    seen.add(target)
                    current = target
                    continue
                if status == 304:
                    return FetchResult(url, current, status, resp.headers, b"", redirects)
                if not 200 <= status < 300:
                    reason = resp.reason_phrase or ""
                    raise HTTPStatusError(f"HTTP {status} {reason}".strip() + f" from {current}",
                                          url=url, http_status=status)
                body = self._read_body(resp, current, deadline)
                return FetchResult(url, current, status, resp.headers, body, redirects)

    @contextmanager
    def _request(self, url: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
        """Open a streamed GET and translate transport errors into FeedErrors."""
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                yield resp
        except FeedError:
            raise
        except httpx.TimeoutException as exc:
            if time.monotonic() >= getattr(_current_fetch, "deadline", float("inf")):
                raise FetchTimeoutError(f"{url} took longer than {self.total_timeout:g} s in "
                                        "total; stopped", url=url) from exc
            raise FetchTimeoutError(f"timed out after {self.timeout:g} s fetching {url} "
                                    f"({type(exc).__name__})", url=url) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise BadURLError(f"bad URL {url}: {exc}", url=url) from exc
        except httpx.DecodingError as exc:
            raise BadResponseError(f"cannot decode the response body of {url}: {exc}",
                                   url=url) from exc
        except (httpx.TransportError, OSError) as exc:
            raise ConnectionFailedError(f"cannot connect to {url}: {exc or type(exc).__name__}",
                                        url=url) from exc
        except RuntimeError as exc:  # e.g. client closed while stopping
            raise ConnectionFailedError(f"fetch of {url} aborted: {exc}", url=url) from exc

    def _read_body(self, resp: httpx.Response, url: str, deadline: float) -> bytes:
        """Stream the (decompressed) body, stopping past max_bytes or the total deadline.

        Each chunk is taken as it arrives (no re-chunking, which would wait for 64 KiB before the
        deadline is looked at).
        """
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(f"{url} declares {int(declared):,} bytes, over the limit of "
                                f"{self.max_bytes:,}", url=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(f"{url} is larger than the limit of {self.max_bytes:,} "
                                    "bytes (after decompression); stopped reading", url=url)
            if time.monotonic() > deadline:
                raise FetchTimeoutError(f"{url} took longer than {self.total_timeout:g} s in "
                                        "total; stopped reading", url=url)
            if self._cancelled.is_set():
                raise ConnectionFailedError("fetch cancelled (shutting down)", url=url)
            chunks.append(chunk)
        return b"".join(chunks)

    # -- polling a feed

    def poll(self, url: str, state: FeedState | None = None, *,
             known: Callable[[str], bool] | None = None) -> FeedPoll:
        """Fetch one feed (conditional GET from `state`) and return documents + new state.

        Never raises for anything the network or the feed does; `known(link)` says an item's
        page is already stored, so it is not fetched again.
        """
        old = state or FeedState(url=url)
        now = utcnow()
        headers = {"Accept": FEED_ACCEPT}
        if old.etag:
            headers["If-None-Match"] = old.etag
        if old.last_modified:
            headers["If-Modified-Since"] = old.last_modified
        try:
            result = self.fetch(url, headers)
            if result.status == 304:
                new = replace(old, url=url, last_checked=now, last_ok=now, status="not_modified",
                              http_status=304, error=None,
                              etag=result.headers.get("etag") or old.etag,
                              last_modified=result.headers.get("last-modified")
                              or old.last_modified)
                return FeedPoll(url, new)
            items, outlet = self._inspect_feed(result)
        except FeedError as exc:
            new = replace(old, url=url, last_checked=now, status="error",
                          http_status=exc.http_status, error=f"{exc.reason}: {exc.detail}")
            return FeedPoll(url, new, rejects=[exc.to_reject(url)])
        except Exception as exc:  # a bug or a parser surprise must not kill the poller
            log.exception("unexpected error polling %s", url)
            new = replace(old, url=url, last_checked=now, status="error", http_status=None,
                          error=f"internal_error: {type(exc).__name__}: {exc}")
            return FeedPoll(url, new, rejects=[Reject(url, "internal_error", str(exc))])

        poll = FeedPoll(url, replace(
            old, url=url, last_checked=now, last_ok=now, status="ok", http_status=result.status,
            error=None, etag=result.headers.get("etag"),
            last_modified=result.headers.get("last-modified"), items_seen=len(items)),
            items=len(items))
        self._collect_documents(poll, result, items, outlet, known)
        return poll

    def _inspect_feed(self, result: FetchResult) -> tuple[list[FeedItem], str]:
        """Check the body is a safe feed and list its items (feedparser, metadata only)."""
        data = result.body
        root = sniff_root(data, result.content_type)
        if root is None:
            raise NotAFeedError(f"{result.final_url} is not an RSS/Atom feed: no XML root "
                                "element found", url=result.url, http_status=result.status)
        if root not in _FEED_ROOTS:
            ctype = (result.content_type or "unknown").split(";")[0]
            raise NotAFeedError(f"{result.final_url} is not an RSS/Atom feed: root element "
                                f"<{root}>, content type {ctype}", url=result.url,
                                http_status=result.status)
        import feedparser  # imported lazily: it is slow to import and only polling needs it

        parsed = feedparser.parse(
            data, sanitize_html=False, resolve_relative_uris=False,
            # No content-location: feedparser would also "resolve" non-URL guids against it;
            # item links are resolved against the final URL in _feed_item instead.
            response_headers={"content-type": result.content_type or "application/xml"})
        outlet = (parsed.feed.get("title") or "").strip() or (
            urlsplit(result.final_url).hostname or result.final_url)
        items = [_feed_item(entry, result.final_url) for entry in parsed.entries]
        return items, outlet

    def _collect_documents(self, poll: FeedPoll, result: FetchResult, items: list[FeedItem],
                           outlet: str, known: Callable[[str], bool] | None) -> None:
        skip: list[str] = []
        remaining = len(items)
        for item in items:
            if not self._wants_page(item, known):
                continue
            assert item.link is not None
            if poll.pages_fetched + poll.pages_failed >= self.max_pages:
                break
            try:
                page = self.fetch(item.link, {"Accept": PAGE_ACCEPT})
                if page.status == 304:
                    raise BadResponseError(f"unexpected 304 for {item.link}", url=item.link)
                check_html(page)
            except FeedError as exc:
                poll.pages_failed += 1
                poll.rejects.append(exc.to_reject(item.link, "item page not fetched; the "
                                                  "feed's summary is kept"))
                continue
            poll.pages_fetched += 1
            remaining -= 1
            skip.append(item.link)
            hints: dict[str, Any] = {
                "url": item.link, "final_url": page.final_url, "title": item.title,
                "published": item.published, "outlet": outlet, "authors": item.authors,
                "tags": item.tags, "guid": item.guid, "summary": item.summary,
                "feed_url": poll.url}
            poll.documents.append(RawDocument(
                data=page.body, origin=item.link, kind="html", content_type=page.content_type,
                hints={k: v for k, v in hints.items() if v not in (None, "", [])}))
        if remaining > 0:
            poll.documents.append(RawDocument(
                data=result.body, origin=poll.url, kind="feed", content_type=result.content_type,
                hints={"outlet": outlet, "feed_url": poll.url, "final_url": result.final_url,
                       "skip_links": skip}))

    def _wants_page(self, item: FeedItem, known: Callable[[str], bool] | None) -> bool:
        if not self.fetch_pages or self._cancelled.is_set() or not item.link:
            return False
        if item.text_chars >= self.full_content_chars:
            return False
        if urlsplit(item.link).scheme.lower() not in ("http", "https"):
            return False
        if known is not None:
            try:
                if known(item.link):
                    return False
            except Exception:  # a failing callback only costs a re-fetch
                log.exception("known() callback failed for %s", item.link)
        return True


# --------------------------------------------------------------------------- feed helpers

def sniff_root(data: bytes, content_type: str | None = None) -> str | None:
    """Local name of the document's root element, lower-cased (``rss``, ``feed``, ``rdf``,
    ``html``...), or None. Raises UnsafeXMLError for a prolog that declares entities or that
    the guard cannot see the end of (`files.xml_root`, the guard the parse box uses too)."""
    try:
        return xml_root(data, content_type)
    except UnsafeXML as exc:
        raise UnsafeXMLError(exc.detail) from exc


def check_html(page: FetchResult) -> None:
    """Refuse an item "page" that is not HTML (a PDF, an image, a feed)."""
    ctype = (page.content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return
    head = decode_head(page.body, 4096).lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head[:1024]:
        return
    raise NotHTMLError(f"item page {page.final_url} is not HTML (content type "
                       f"{ctype or 'unknown'})", url=page.url, http_status=page.status)


def _strip_tags(value: str | None) -> str:
    if not value:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", value)).split())


def _feed_item(entry: Any, base: str) -> FeedItem:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if link:
        link = urljoin(base, link.strip())
    guid = entry.get("id")
    if not link and guid and str(guid).startswith(("http://", "https://")):
        link = str(guid)
    published = None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if stamp:
            published = datetime.fromtimestamp(calendar.timegm(stamp), UTC).isoformat() \
                .replace("+00:00", "Z")
            break
    if published is None:
        published = entry.get("published") or entry.get("updated") or None
    authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    if not authors and entry.get("author"):
        authors = [entry["author"]]
    tags = [t.get("term") or t.get("label") for t in entry.get("tags") or []
            if t.get("term") or t.get("label")]
    summary = _strip_tags(entry.get("summary"))
    content_chars = max((len(_strip_tags(c.get("value"))) for c in entry.get("content") or []),
                        default=0)
    return FeedItem(link=link, guid=guid, title=_strip_tags(entry.get("title")) or None,
                    published=published, summary=summary or None, authors=authors, tags=tags,
                    text_chars=max(content_chars, len(summary)))


def _reason(error: str | None) -> str:
    """The reason code of a FeedState error ("connection_error: …" → "connection_error")."""
    return (error or "").split(":", 1)[0]


# --------------------------------------------------------------------------- OPML


def load_opml(path: str | Path | None = None) -> list[tuple[str, str]]:
    """(title, url) of every http(s) feed in an OPML file, in order, without duplicates.

    Parsed with defusedxml (an OPML file is someone else's XML). Without `path`, the
    project's default list ``data/feeds.default.opml``.
    """
    from defusedxml import ElementTree as SafeET

    if path is None:
        with resources.as_file(resources.files("wirewatch.data") / "feeds.default.opml") as p:
            tree = SafeET.parse(str(p))
    else:
        tree = SafeET.parse(str(path))
    feeds: list[tuple[str, str]] = []
    seen: set[str] = set()
    for outline in tree.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or urlsplit(url).scheme.lower() not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        title = (outline.get("title") or outline.get("text") or urlsplit(url).hostname or url)
        feeds.append((title.strip(), url))
    return feeds


# --------------------------------------------------------------------------- poller


class FeedPoller:
    """Polls feeds periodically in a background thread for ``wirewatch serve``.

    The engine owns persistence and ingestion; it passes callbacks. A feed's new state
    (validators) is saved only after `on_documents` accepted its documents, so a failure
    downstream means the next poll fetches the feed again instead of getting a 304 and losing
    items. Nothing a feed does can stop the thread: errors become `status="error"` states.

    A failing feed is feed health, not an article reject: it backs off exponentially (interval
    × 2, 4, 8 … up to `max_backoff` seconds, default 8 intervals), is logged once when it starts
    failing (again only when its reason changes, and once when it recovers: offline, two dozen
    feeds must not print two dozen warnings every poll) and `health()` says when it last
    worked, its last error, its consecutive failures and its next attempt. Only item pages
    that fail become `on_rejects` (they are articles we could not fetch).

    Up to `max_parallel` feeds are fetched at once (a small thread pool), so a slow or hanging
    host costs one slot until its deadline, not everyone's turn. `known` may be called from
    several pool threads at once; the other callbacks run one at a time.
    """

    def __init__(self, feeds: Iterable[str | tuple[str, str]], *,
                 fetcher: FeedFetcher | None = None, interval: float = 900.0,
                 jitter: float = 0.1, initial_delay: float = 0.0,
                 load_state: Callable[[str], FeedState | None] | None = None,
                 save_state: Callable[[FeedState], None] | None = None,
                 on_documents: Callable[[list[RawDocument], str], None] | None = None,
                 on_rejects: Callable[[list[Reject]], None] | None = None,
                 known: Callable[[str], bool] | None = None,
                 allow_private: bool = False, max_parallel: int = MAX_PARALLEL_POLLS,
                 max_backoff: float | None = None) -> None:
        self.feeds: list[str] = []
        for feed in feeds:
            url = feed[1] if isinstance(feed, tuple) else feed
            if url not in self.feeds:
                self.feeds.append(url)
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or FeedFetcher(allow_private=allow_private)
        self.interval = interval
        self.jitter = jitter
        self.initial_delay = initial_delay
        self.max_backoff = max_backoff if max_backoff is not None else 8 * interval
        self.max_parallel = max(1, max_parallel)
        self._load_state = load_state
        self._save_state = save_state
        self._on_documents = on_documents
        self._on_rejects = on_rejects
        self._known = known
        # Item pages handed to on_documents, so a changed feed does not make us fetch the
        # pages of its older items again (bounded; the engine's `known` covers restarts).
        self._delivered: OrderedDict[str, None] = OrderedDict()
        self._page_failures: OrderedDict[str, int] = OrderedDict()
        self.max_remembered = 50_000
        self.page_retries = 3  # after this many failed fetches an item keeps its summary
        self._states: dict[str, FeedState] = {}
        self._failures: dict[str, int] = {}  # consecutive failed polls
        self._last_error: dict[str, tuple[datetime, str]] = {}  # kept after a recovery
        self._next_attempt: dict[str, datetime] = {}
        self._due: dict[str, float] = {}
        self._lock = threading.Lock()  # the dicts above, touched by every pool thread
        self._deliver_lock = threading.Lock()  # callbacks run one at a time
        self._stop = threading.Event()
        self._wake = threading.Event()  # a poll finished or stop() was called
        self._thread: threading.Thread | None = None

    # -- public

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self.fetcher.resume()
        start = time.monotonic() + self.initial_delay
        self._due = {url: start for url in self.feeds}
        first = datetime.now(UTC) + timedelta(seconds=self.initial_delay)
        with self._lock:
            self._next_attempt = dict.fromkeys(self.feeds, first)
        self._thread = threading.Thread(target=self._run, name="wirewatch-feeds", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop polling; True if the thread (and every poll it started) ended within `timeout`
        seconds."""
        self._stop.set()
        self._wake.set()
        self.fetcher.cancel()
        joined = True
        if self._thread is not None:
            self._thread.join(timeout)
            joined = not self._thread.is_alive()
        if self._own_fetcher and joined:
            self.fetcher.close()
        return joined

    def poll_once(self) -> list[FeedState]:
        """Poll every feed now (up to `max_parallel` at once) and return their states in feed
        order once all are done (tests, `--once` style use)."""
        if not self.feeds:
            return []
        with ThreadPoolExecutor(max_workers=min(self.max_parallel, len(self.feeds)),
                                thread_name_prefix="wirewatch-feed") as pool:
            return list(pool.map(self.poll_feed, self.feeds))

    def states(self) -> dict[str, FeedState]:
        with self._lock:
            return dict(self._states)

    def health(self) -> list[dict[str, Any]]:
        """Feed health for the API listing: status, last ok, last error (kept after a
        recovery), consecutive failures and the next attempt (while the poller runs)."""
        out = []
        states = self.states()
        with self._lock:
            failures, last_error = dict(self._failures), dict(self._last_error)
            next_attempt = dict(self._next_attempt)
        for url in self.feeds:
            st = states.get(url) or FeedState(url=url)
            error_at, error = last_error.get(url, (None, None))
            after = next_attempt.get(url)
            out.append({"url": url, "status": st.status, "http_status": st.http_status,
                        "error": st.error, "items_seen": st.items_seen,
                        "last_checked": st.last_checked.isoformat() if st.last_checked else None,
                        "last_ok": st.last_ok.isoformat() if st.last_ok else None,
                        "last_error": error,
                        "last_error_at": error_at.isoformat() if error_at else None,
                        "consecutive_failures": failures.get(url, 0),
                        "next_attempt": after.isoformat() if after else None})
        return out

    def poll_feed(self, url: str) -> FeedState:
        """One poll of one feed with all callbacks; never raises."""
        try:
            return self._poll_feed(url)
        except Exception as exc:  # last line of defence: the thread must survive
            log.exception("feed poll of %s failed unexpectedly", url)
            state = FeedState(url=url, last_checked=utcnow(), status="error",
                              error=f"internal_error: {type(exc).__name__}: {exc}")
            with self._lock:
                self._states[url] = state
            return state

    # -- internals

    def _previous(self, url: str) -> FeedState | None:
        with self._lock:
            if url in self._states:
                return self._states[url]
        if self._load_state is not None:
            try:
                return self._load_state(url)
            except Exception:
                log.exception("load_state failed for %s", url)
        return None

    def _poll_feed(self, url: str) -> FeedState:
        previous = self._previous(url)
        result = self.fetcher.poll(url, previous, known=self._is_known)
        with self._deliver_lock:
            return self._deliver(url, previous, result)

    def _deliver(self, url: str, previous: FeedState | None, result: FeedPoll) -> FeedState:
        state = result.state
        delivered = True
        if result.documents and self._on_documents is not None:
            try:
                self._on_documents(result.documents, url)
            except Exception as exc:
                delivered = False
                log.exception("on_documents failed for %s", url)
                # Keep the old validators so the next poll fetches these items again.
                old = previous or FeedState(url=url)
                state = replace(state, etag=old.etag, last_modified=old.last_modified,
                                status="error", error=f"ingest_error: {exc}")
        if delivered:
            self._remember(d.origin for d in result.documents if d.kind == "html")
        page_rejects = []
        with self._lock:
            for reject in result.rejects:
                if reject.origin != url:
                    count = self._page_failures.get(reject.origin, 0) + 1
                    self._page_failures[reject.origin] = count
                    if count == 1:  # a broken item page is recorded once, retried a few times
                        page_rejects.append(reject)
            while len(self._page_failures) > self.max_remembered:
                self._page_failures.popitem(last=False)
        # The feed's own failure is its health (state, log), not an article reject.
        if page_rejects and self._on_rejects is not None:
            try:
                self._on_rejects(page_rejects)
            except Exception:
                log.exception("on_rejects failed for %s", url)
        with self._lock:
            failed_before = self._failures.get(url, 0)
            _, last = self._last_error.get(url, (None, ""))
            if state.status == "error":
                self._failures[url] = failed_before + 1
                self._last_error[url] = (state.last_checked or utcnow(), state.error or "")
            else:
                self._failures.pop(url, None)
            self._states[url] = state
        if state.status == "error":
            if not failed_before or _reason(last) != _reason(state.error):
                log.warning("feed %s failing: %s (retrying with back-off; logged again only "
                            "when this changes)", url, state.error)
            else:
                log.debug("feed %s still failing (%d times): %s", url, failed_before + 1,
                          state.error)
        elif failed_before:
            log.info("feed %s recovered after %d failed polls: %s, %d items", url,
                     failed_before, state.status, result.items)
        else:
            log.info("feed %s: %s, %d items, %d documents", url, state.status, result.items,
                     len(result.documents))
        if self._save_state is not None:
            try:
                self._save_state(state)
            except Exception:
                log.exception("save_state failed for %s", url)
        return state

    def _is_known(self, link: str) -> bool:
        with self._lock:
            if link in self._delivered or self._page_failures.get(link, 0) >= self.page_retries:
                return True
        return bool(self._known(link)) if self._known is not None else False

    def _remember(self, links: Iterable[str]) -> None:
        with self._lock:
            for link in links:
                self._delivered[link] = None
                self._delivered.move_to_end(link)
            while len(self._delivered) > self.max_remembered:
                self._delivered.popitem(last=False)

    def _next_delay(self, url: str) -> float:
        with self._lock:
            failures = self._failures.get(url, 0)
        spread = 1.0 + random.uniform(-self.jitter, self.jitter) if self.jitter else 1.0
        if not failures:
            return max(0.0, self.interval * spread)
        return max(0.0, min(self.interval * 2 ** min(failures, 32), self.max_backoff) * spread)

    def _run(self) -> None:
        """Hand due feeds to the pool (a feed is never polled twice at once); reschedule each
        when its poll ends."""
        running: dict[Future[FeedState], str] = {}
        pool = ThreadPoolExecutor(max_workers=self.max_parallel,
                                  thread_name_prefix="wirewatch-feed")
        try:
            while not self._stop.is_set():
                self._wake.clear()
                for future in [f for f in running if f.done()]:
                    url = running.pop(future)
                    delay = self._next_delay(url)
                    self._due[url] = time.monotonic() + delay
                    with self._lock:
                        self._next_attempt[url] = datetime.now(UTC) + timedelta(seconds=delay)
                busy = set(running.values())
                now = time.monotonic()
                for url in self.feeds:
                    if url not in busy and self._due.get(url, now) <= now:
                        with self._lock:
                            self._next_attempt.pop(url, None)  # polling now
                        future = pool.submit(self.poll_feed, url)
                        running[future] = url
                        future.add_done_callback(lambda _f: self._wake.set())
                waiting = [due for url, due in self._due.items() if url not in running.values()]
                wait = min(waiting) - time.monotonic() if waiting else self.interval
                if wait > 0:
                    self._wake.wait(wait)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
