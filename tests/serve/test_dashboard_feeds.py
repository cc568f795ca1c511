"""Feed health on the dashboard, as a person sees it in Debian's Chromium: `wirewatch serve`
polls two feeds on a real HTTP server on 127.0.0.1 (`--allow-private`, as for intranet feeds),
one answering 503 and one fine. The failing one is listed as failing with its error and its
next attempt, the top bar counts it, and once it recovers the panel says so by itself.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from _http import free_port, reply, running, serve_process, stop

EMPTY_RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet wire</title>'
             b"<link>http://127.0.0.1/</link><description>nothing new</description>"
             b"</channel></rss>")


class Feeds(BaseHTTPRequestHandler):
    """/down.rss answers 503 while `server.down`, then an empty feed; /quiet.rss is always
    an empty feed."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        down = self.path.startswith("/down") and self.server.down  # type: ignore[attr-defined]
        status, body, ctype = ((503, b"down for maintenance", "text/plain") if down
                               else (200, EMPTY_RSS, "application/rss+xml"))
        reply(self, status, body, ctype)


@pytest.fixture()
def feed_server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    httpd.daemon_threads = True
    httpd.down = True  # type: ignore[attr-defined]
    with running(httpd):
        yield httpd


def _until(predicate: Callable[[], bool], timeout: float, proc: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_failing_feed_shows_as_failing_with_its_error_then_recovers(
        browser: Browser, feed_server: ThreadingHTTPServer, tmp_path: Path) -> None:
    feed_port = feed_server.server_address[1]
    down = f"http://127.0.0.1:{feed_port}/down.rss"
    quiet = f"http://127.0.0.1:{feed_port}/quiet.rss"
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                    f'<outline type="rss" text="Down" xmlUrl="{down}"/>'
                    f'<outline type="rss" text="Quiet" xmlUrl="{quiet}"/></body></opml>',
                    encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = serve_process(tmp_path / "data", port, "--feeds", str(opml), "--allow-private",
                             "--no-samples", "--poll-interval", "0.5", "--workers", "1", log=log)
        try:
            def feeds() -> dict[str, dict]:
                try:
                    return {f["url"]: f for f in
                            httpx.get(f"{base}/feeds", timeout=2).json()["feeds"]}
                except (httpx.HTTPError, KeyError, ValueError):
                    return {}

            assert _until(lambda: feeds().get(down, {}).get("consecutive_failures", 0) >= 1
                          and feeds().get(quiet, {}).get("status") == "ok", 120.0, proc), \
                log_path.read_text(errors="replace")[-3000:]

            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(f"exception: {exc}"))
            page.on("console", lambda msg: errors.append(f"console: {msg.text}")
                    if msg.type == "error" and "Failed to load resource" not in msg.text
                    else None)
            try:
                page.goto(f"{base}/")
                page.wait_for_selector("body[data-panels='1']", timeout=20_000)

                # the top bar says a feed is failing; it is the first thing Tab reaches, and
                # Enter brings the feeds panel into view
                badge = page.locator("#feeds-badge")
                expect(badge).to_be_visible()
                expect(badge).to_have_text("1 feed failing")
                page.keyboard.press("Tab")
                assert page.evaluate("document.activeElement.id") == "feeds-badge"
                page.keyboard.press("Enter")
                section = page.locator("#feeds-section")
                expect(section).to_be_focused()
                expect(section).to_be_in_viewport()
                expect(page.locator("#feeds-count")).to_have_text("1 of 2 failing")

                # a list a screen reader reads as such: failing feed first, its state in words
                listed = page.get_by_role("list", name="polled feeds").get_by_role("listitem")
                expect(listed).to_have_count(2)
                failing = listed.nth(0)
                expect(failing).to_contain_text("down.rss")
                state = failing.locator(".fh-state")
                expect(state).to_be_visible()
                assert state.inner_text() in {"failing", "failing, backing off"}
                error = failing.locator(".fh-error")
                expect(error).to_be_visible()
                expect(error).to_be_in_viewport()
                assert error.inner_text().startswith("http_error: HTTP 503"), error.inner_text()
                assert "never worked" in failing.inner_text()
                next_text = failing.locator(".fh-next").inner_text()
                assert next_text.startswith(("next attempt ", "polling now")), next_text
                dot = failing.locator(".fh-dot").evaluate(
                    "e => getComputedStyle(e).backgroundColor")
                assert dot in {"rgb(192, 57, 43)", "rgb(224, 138, 0)"}, dot  # red / amber
                ok = listed.nth(1)
                expect(ok).to_contain_text("quiet.rss")
                expect(ok.locator(".fh-state")).to_have_text("ok")
                assert ok.locator(".fh-error").count() == 0

                # every piece of text in the panel and the badge is at least 11 px
                sizes = page.evaluate("""() => [...document.querySelectorAll(
                    '#feeds-section *, #feeds-badge')].filter(e => [...e.childNodes].some(
                    n => n.nodeType === 3 && n.textContent.trim())).map(
                    e => parseFloat(getComputedStyle(e).fontSize))""")
                assert sizes and min(sizes) >= 11, sizes
                page.screenshot(path=str(tmp_path / "feeds-failing.png"), full_page=True)

                # the feed comes back: the panel refreshes by itself, no reload
                page.evaluate("window.__notReloaded = true")
                feed_server.down = False  # type: ignore[attr-defined]
                recovered = page.locator("#feeds .fh-row", has_text="down.rss")
                expect(recovered.locator(".fh-state")).to_have_text("ok", timeout=40_000)
                expect(badge).to_be_hidden()
                expect(page.locator("#feeds-count")).to_have_text("all 2 ok")
                expect(recovered).to_contain_text("recovered; last error")
                expect(recovered).to_contain_text("HTTP 503")
                assert page.evaluate("window.__notReloaded") is True
                page.screenshot(path=str(tmp_path / "feeds-recovered.png"), full_page=True)
                assert page.locator("#errors li").count() == 0
                assert errors == []
            finally:
                page.close()
        finally:
            stop(proc)
