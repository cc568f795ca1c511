"""The dashboard in a real browser: a real `wirewatch serve` process on 127.0.0.1 and Debian's
Chromium driven by Playwright (never a downloaded browser; `make test` installs chromium).

Screenshots go to each test's tmp_path.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from wirewatch.model import Article, Reject
from wirewatch.parse import parse_document
from wirewatch.serve.app import sample_paths
from wirewatch.sources.files import iter_documents

TOKEN = "dashboard-test-token"
EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / \
    "blinken-china-visit.txt"
VENDOR = Path(__file__).resolve().parents[2] / "src" / "wirewatch" / "serve" / "static" / "vendor"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sample_count() -> int:
    """How many distinct articles the service's first start loads (parsed, not analysed)."""
    ids = set()
    for doc in iter_documents(sample_paths()):
        if isinstance(doc, Reject):
            continue
        ids.update(a.id for a in parse_document(doc, None) if isinstance(a, Article))
    return len(ids)


class Service:
    """`wirewatch serve` in a subprocess on a free port with its own data dir and token."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = root / "serve.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wirewatch.cli", "serve", "--data", str(root / "data"),
             "--port", str(self.port), "--no-feeds", "--workers", "1", *extra],
            stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "WIREWATCH_TOKEN": TOKEN})

    def wait(self, predicate, timeout: float) -> None:  # noqa: ANN001
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log()
            try:
                if predicate(httpx.get(f"{self.base}/health", timeout=2).json()):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"service not ready in {timeout} s\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A first start: empty store, so the service loads the sample articles."""
    expected = _sample_count()
    svc = Service(tmp_path_factory.mktemp("dash-samples"))
    try:
        svc.wait(lambda h: h["articles"] >= expected and h["queue_depth"] == 0, 180)
        yield svc
    finally:
        svc.stop()


class PageErrors:
    """JavaScript exceptions and console errors (a missing optional endpoint's 404 is not one)."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))
        page.on("console", lambda msg: self.errors.append(f"console: {msg.text}")
                if msg.type == "error" and "Failed to load resource" not in msg.text else None)


def _open(browser: Browser, base: str) -> tuple[Page, PageErrors]:
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    errors = PageErrors(page)
    page.goto(f"{base}/")
    page.wait_for_selector("body[data-panels='1']", timeout=20_000)
    return page, errors


def test_first_start_fills_every_panel(browser: Browser, loaded: Service,
                                       tmp_path: Path) -> None:
    page, errors = _open(browser, loaded.base)
    try:
        page.wait_for_selector("#status[data-state='live']", timeout=5_000)
        assert page.locator("#feed .feed-item").count() == min(50, _sample_count())
        # key points are filled in from the article details, tags from the listing
        page.wait_for_selector("#feed .feed-item .keypoints li", timeout=5_000)
        assert page.locator("#feed .tag").count() > 0
        assert page.locator("#trends .trend").count() > 0
        assert page.locator("#trends .trend svg.spark polyline").count() > 0
        # sparklines count articles from the analytics windows: every trend has some
        for title in page.locator("#trends .trend").evaluate_all("els => els.map(e => e.title)"):
            assert sum(int(n) for n in title.rsplit(":", 1)[1].split()) > 0, title
        assert page.locator("#dyads select").count() == 2
        assert page.locator("#dyads .dyad-point").count() > 0
        assert page.locator("#map circle.place").count() > 0
        assert VENDOR.joinpath("countries-110m.json").exists(), "run `make assets`"
        assert page.locator("#map path.country").count() > 150
        assert page.locator("#map path.country.has-events").count() > 0
        assert page.locator("#network .node").count() > 5
        assert page.locator("#network .edges line").count() > 0

        # the events behind a dyad point
        page.locator("#dyads .dyad-point").first.click()
        page.wait_for_selector("#dyads .dyad-events h4", timeout=5_000)
        assert page.locator("#dyads .dyad-event").count() > 0
        page.screenshot(path=str(tmp_path / "dashboard-samples.png"), full_page=True)
        assert page.locator("#errors li").count() == 0
        assert errors.errors == []
    finally:
        page.close()


def test_posted_article_streams_in_and_opens_highlighted(browser: Browser, loaded: Service,
                                                         tmp_path: Path) -> None:
    page, errors = _open(browser, loaded.base)
    try:
        page.wait_for_selector("#status[data-state='live']", timeout=5_000)
        page.evaluate("window.__notReloaded = true")
        body = EXAMPLE.read_bytes()
        stored_at: list[float] = []

        t_post = time.monotonic()
        r = httpx.post(f"{loaded.base}/articles", content=body, timeout=60,
                       headers={"Authorization": f"Bearer {TOKEN}",
                                "Content-Type": "text/plain"})
        assert r.status_code == 202, r.text
        (art_id,) = r.json()["ids"]

        def watch_store() -> None:  # when the API first answers the article: stored
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if httpx.get(f"{loaded.base}/articles/{art_id}", timeout=5).status_code == 200:
                    stored_at.append(time.monotonic())
                    return
                time.sleep(0.05)

        watcher = threading.Thread(target=watch_store, daemon=True)
        watcher.start()
        item = page.locator(f"#feed .feed-item[data-id='{art_id}']")
        item.wait_for(timeout=60_000)
        t_seen = time.monotonic()
        watcher.join(60)
        assert stored_at, "the article was never stored"
        print(f"POST→feed {t_seen - t_post:.2f} s, stored→feed {t_seen - stored_at[0]:.2f} s")
        # the feed shows it within 2 s of being stored (the API poll may even see it later)
        assert t_seen - stored_at[0] <= 2.0
        assert page.evaluate("window.__notReloaded") is True, "the page was reloaded"
        assert "Antony Blinken" in item.locator(".feed-title").inner_text()
        page.screenshot(path=str(tmp_path / "feed-live.png"))

        item.click()
        page.wait_for_selector(f"#article[data-article='{art_id}'] .article-title", timeout=10_000)
        article = page.locator("#article")
        # entity mentions highlighted in place, in the title zone and in the body
        blinken = article.locator("mark.ent[data-type='PERSON']", has_text="Antony Blinken")
        assert blinken.count() >= 3
        assert article.locator(".article-title mark.ent", has_text="Antony Blinken").count() == 1
        assert article.locator(".body mark.ent", has_text="Qin Gang").count() >= 1
        # event evidence and quotes are marked in the body
        assert article.locator(".body mark.ev").count() >= 1
        # each event with its type, actors (source → target), modality and date
        consult = article.locator(".event-card", has_text="CONSULT")
        assert consult.count() >= 1
        first = consult.filter(has=page.locator(".actor-source", has_text="Antony Blinken")).first
        assert first.locator(".actor-target").inner_text() in {"China", "Qin Gang", "Xi Jinping",
                                                                "United Kingdom"}
        assert first.locator(".modality").inner_text() in {"planned", "occurred", "cancelled"}
        assert first.locator(".event-date").inner_text().startswith(("date ", "undated"))
        # clicking an event focuses its evidence sentence in the text
        first.click()
        focused = article.locator(".body mark.ev.focus")
        focused.wait_for(timeout=2_000)
        assert "Blinken" in focused.inner_text() or "China" in focused.inner_text()
        page.screenshot(path=str(tmp_path / "article-highlighted.png"), full_page=True)
        assert errors.errors == []
    finally:
        page.close()


def test_empty_store_first_run_state(browser: Browser, tmp_path: Path) -> None:
    svc = Service(tmp_path, "--no-samples")
    try:
        svc.wait(lambda h: h["status"] == "ok", 120)
        page, errors = _open(browser, svc.base)
        try:
            assert page.locator("#feed .feed-item").count() == 0
            assert "No articles yet" in page.locator("#feed .empty").inner_text()
            assert page.locator("#trends .empty").count() == 1
            assert page.locator("#alerts .empty").count() == 1
            assert page.locator("#network .empty").count() == 1
            assert page.locator("#dyads .empty").count() == 1
            assert "No located events yet" in page.locator("#map").inner_text()
            page.screenshot(path=str(tmp_path / "dashboard-empty.png"), full_page=True)
            assert errors.errors == []
        finally:
            page.close()
    finally:
        svc.stop()


PLANNED = ("Secretary of State Antony Blinken is set to visit China next week, the State "
           "Department said on Friday. He will meet Chinese officials in Beijing to discuss "
           "trade, Taiwan and fentanyl, in the first such trip in five years by a top American "
           "diplomat amid tense relations between the two powers.")
ARRIVED = ("US Secretary of State Antony Blinken arrived in Beijing on Sunday for talks with "
           "Chinese officials, the first visit by America's top diplomat in five years, as both "
           "sides try to steady relations strained over Taiwan and trade.")


def test_story_and_merged_event_views(browser: Browser, tmp_path: Path) -> None:
    """Two outlets report one visit hours apart (a story is one happening, tight in time): one
    story of 2 articles, one merged event with 2 reports whose modality went planned →
    occurred; a report opens its article."""
    svc = Service(tmp_path, "--no-samples")
    try:
        svc.wait(lambda h: h["status"] == "ok", 120)
        page, errors = _open(browser, svc.base)
        try:
            page.wait_for_selector("#status[data-state='live']", timeout=5_000)
            assert page.locator("#stories .empty").count() == 1
            docs = [{"url": "https://reuters.example/blinken-plans", "outlet": "Reuters",
                     "title": "Blinken to visit China", "text": PLANNED,
                     "published_at": "2023-06-17T22:00:00Z"},
                    {"url": "https://ap.example/blinken-arrives", "outlet": "AP",
                     "title": "Blinken arrives in Beijing", "text": ARRIVED,
                     "published_at": "2023-06-18T09:00:00Z"}]
            ids = []
            for doc in docs:  # one after the other: the second joins the first's story
                r = httpx.post(f"{svc.base}/articles", json=doc, timeout=60,
                               headers={"Authorization": f"Bearer {TOKEN}"})
                assert r.status_code == 202, r.text
                ids += r.json()["ids"]
                n = len(ids)
                svc.wait(lambda h, n=n: h["articles"] >= n and h["queue_depth"] == 0, 60)
            # the panel refreshes itself from the stream (throttled), no reload
            story = page.locator("#stories .story-item[data-articles='2']")
            story.wait_for(timeout=10_000)
            assert "2 articles" in story.inner_text()
            story_id = story.get_attribute("data-id")
            story.click()
            page.wait_for_selector("#article .story-view", timeout=5_000)
            assert sorted(page.locator("#article .story-article").evaluate_all(
                "ns => ns.map(n => n.dataset.id)")) == sorted(ids)
            assert "Blinken" in page.locator("#article h2.story-title").text_content()
            view_text = page.locator("#article .story-view").inner_text()
            assert "first seen" in view_text and not re.search(r"\d{4}-\d{2}-\d{2} \d", view_text)
            page.screenshot(path=str(tmp_path / "story.png"), full_page=True)

            # the visit is one merged event reported by both outlets
            consult = page.locator("#article .cluster-item[data-reports='2']",
                                   has_text="CONSULT")
            assert consult.count() == 1
            consult.click()
            page.wait_for_selector("#article .event-view", timeout=5_000)
            event_id = page.locator("#article").get_attribute("data-cluster")
            view = page.locator("#article .event-view")
            # every report listed (the planned article reports the visit twice: 2 articles)
            assert len(set(view.locator(".report").evaluate_all(
                "ns => ns.map(n => n.dataset.article)"))) == 2
            assert view.locator(".num-articles").inner_text() == "2 articles"
            assert view.locator(".num-sources").inner_text() == "2 sources"
            assert view.locator(".history-step").evaluate_all(
                "ns => ns.map(n => n.dataset.modality)") == ["planned", "occurred"]
            assert {o.strip() for o in view.locator(".report b").all_inner_texts()} == {
                "Reuters", "AP"}
            page.screenshot(path=str(tmp_path / "event.png"), full_page=True)

            # a report → its article, with the evidence sentence focused
            report = view.locator(".report", has=page.locator("b", has_text="AP")).first
            art = report.get_attribute("data-article")
            report.click()
            page.wait_for_selector(f"#article[data-article='{art}'] .body mark.ev.focus",
                                   timeout=5_000)
            assert "Blinken" in page.locator("#article .body mark.ev.focus").first.inner_text()
            # the article document names its story and each event's merged event
            doc = httpx.get(f"{svc.base}/articles/{art}", timeout=10).json()
            assert doc["story_id"] == story_id
            assert len(doc["event_clusters"]) == len(doc["events"])
            assert event_id in doc["event_clusters"]
            assert page.locator("#article .open-story").count() == 1
            # and back: the article's event card opens the same merged event
            page.locator("#article .event-card.focus .open-cluster").click()
            page.wait_for_selector("#article .event-view", timeout=5_000)
            assert page.locator("#article .event-view .num-sources").inner_text() == "2 sources"
            assert page.locator("#article").get_attribute("data-cluster") == event_id
            assert errors.errors == []
        finally:
            page.close()
    finally:
        svc.stop()


def test_only_web_links_become_links(browser: Browser, loaded: Service) -> None:
    """An article's URL with another scheme (javascript:, data:) is never rendered as a link."""
    page, _ = _open(browser, loaded.base)
    try:
        result = page.evaluate("""async () => {
            const m = await import('/static/modules/dom.js');
            const links = ['javascript:alert(1)', ' JAVASCRIPT:x', 'data:text/html,x',
                           '//evil.example/x', 'https://example.com/a', '#article/1']
                .map((u) => m.h('a', { href: u, text: 'x' }).getAttribute('href'));
            return [links, m.safeHref('vbscript:x'), m.safeHref('http://e.org')];
        }""")
    finally:
        page.close()
    assert result == [[None, None, None, None, "https://example.com/a", "#article/1"], None,
                      "http://e.org"]


def test_dates_in_words_and_undated_articles_say_so(browser: Browser, loaded: Service) -> None:
    """Undated is "undated" (never NaT, never the day we fetched it); event dates such as
    2023-SU read as words; a publication time is shown at the offset its page stated."""
    page, errors = _open(browser, loaded.base)
    try:
        words = page.evaluate("""async () => {
            const m = await import('/static/modules/dom.js');
            return [m.dateInWords('2023-SU'), m.dateInWords('2023-WI'), m.dateInWords('2023-W24'),
                    m.dateInWords('2023-06'), m.dateInWords('2023-06-14'),
                    m.dateInWords('2023-Q2'), m.dateInWords(null),
                    m.publishedText({published_at: '2023-11-09T02:24:10Z', published_offset: -300,
                                     published_date: '2023-11-08',
                                     published_precision: 'second'}),
                    m.publishedText({published_at: '2023-06-14T00:00:00Z',
                                     published_precision: 'day'}),
                    m.publishedText({published_at: null})];
        }""")
        assert words == ["summer 2023", "winter 2023", "week 24 of 2023", "June 2023",
                         "14 June 2023", "second quarter of 2023", "undated",
                         "8 November 2023 21:24 UTC−05:00", "14 June 2023", "undated"]
        listed = httpx.get(f"{loaded.base}/articles", params={"limit": 50}).json()
        rows = listed.get("articles", listed) if isinstance(listed, dict) else listed
        undated = sum(1 for a in rows if not a.get("published_at"))
        page.wait_for_selector("#feed .feed-item", timeout=5_000)
        metas = page.locator("#feed .feed-meta").all_inner_texts()
        assert not any("NaT" in m for m in metas)
        assert sum("undated" in m for m in metas) == undated > 0
        # every dyad bar opens to the events it counts: none is dated by the ingest day
        today = time.strftime("%Y-%m-%d", time.gmtime())
        days = page.locator("#dyads .dyad-point").evaluate_all(
            "els => els.map(e => e.dataset.day)")
        assert days and today not in days
        for i in range(min(len(days), 8)):
            page.locator("#dyads .dyad-point").nth(i).click()
            page.wait_for_function(
                "d => document.querySelector('#dyads .dyad-events h4')?.textContent"
                ".includes(d)", arg=page.evaluate(
                    "async (d) => (await import('/static/modules/dom.js')).dateInWords(d)",
                    days[i]), timeout=5_000)
            heading = page.locator("#dyads .dyad-events h4").inner_text()
            assert not heading.endswith(": 0 events"), (days[i], heading)
        assert errors.errors == []
    finally:
        page.close()


# -- a dashboard a person can read (issue 16): sizes, axes, legends, names, fill, order -------

SIZES = [(1600, 1000), (1280, 800)]
CHARTS = {"dyads": "#dyads", "network": "#network", "map": "#map"}
# what a person sees in each chart panel: its drawing, the text in it at its rendered size,
# the legend, and how much of the panel the drawing and its content take
MEASURE = """(sel) => {
  const root = document.querySelector(sel);
  const panel = root.closest('.panel');
  const svg = root.querySelector('.chart-area > svg');
  if (!svg) return null;
  const ps = getComputedStyle(panel);
  const inner = { w: panel.clientWidth - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight),
                  h: panel.clientHeight - parseFloat(ps.paddingTop) - parseFloat(ps.paddingBottom) };
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  const scale = vb && vb.width ? box.width / vb.width : 1;
  const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
  const px = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of svg.children) {
    if (c.tagName === 'defs') continue;
    const r = c.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top);
    x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
  }
  const boxes = [...svg.querySelectorAll('.node-label')].map((t) => t.getBoundingClientRect());
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++;
  }));
  return { inner, svg: { w: box.width, h: box.height }, minPx: Math.min(...px), nTexts: px.length,
           content: { w: Math.min(x1, box.right) - Math.max(x0, box.left),
                      h: Math.min(y1, box.bottom) - Math.max(y0, box.top) },
           legendItems: svg.querySelectorAll('.legend-item, .map-legend text').length,
           labelOverlaps: overlaps };
}"""
DATE_LABEL = (r"^(\d{1,2} [A-Z][a-z]{2} \d{4}|[A-Z][a-z]{2} \d{4}|\d{4}|"
              r"(spring|summer|autumn|winter) \d{4}|wk \d{1,2} \d{4}|Q[1-4] \d{4})$")


def _charts_drawn(page: Page, width: int) -> None:
    """Wait until every chart is drawn at the panel's current width (after a resize)."""
    page.wait_for_function(
        """(w) => ['#dyads', '#network', '#map'].every((sel) => {
             const area = document.querySelector(`${sel} .chart-area`);
             const svg = area?.querySelector('svg');
             return svg && Math.abs(svg.getBoundingClientRect().width - area.clientWidth) < 2
               && window.innerWidth === w;
           })""", arg=width, timeout=10_000)


def test_charts_are_legible_and_fill_their_panels(browser: Browser, loaded: Service,
                                                  tmp_path: Path) -> None:
    """At 1600×1000 and 1280×800: chart text ≥ 11 px as drawn, dated and titled axes, a
    legend, country names beside codes, each drawing ≥ 80 % of its panel, redrawn on resize."""
    import re

    names = httpx.get(f"{loaded.base}/countries", timeout=10).json()["countries"]
    assert names["SOM"] == "Somalia" and len(names) > 200
    page, errors = _open(browser, loaded.base)
    widths: dict[str, list[float]] = {k: [] for k in CHARTS}
    try:
        for w, hgt in SIZES:
            page.set_viewport_size({"width": w, "height": hgt})
            _charts_drawn(page, w)
            assert page.evaluate("document.documentElement.scrollWidth") <= w  # no side-scroll
            for chart, sel in CHARTS.items():
                m = page.evaluate(MEASURE, sel)
                assert m is not None, f"{chart}: no chart drawn"
                where = f"{chart} at {w}×{hgt}: {m}"
                assert m["nTexts"] > 3 and m["minPx"] >= 11, where
                assert m["legendItems"] >= 2, where
                assert m["svg"]["w"] * m["svg"]["h"] >= 0.8 * m["inner"]["w"] * m["inner"]["h"], where
                assert m["svg"]["w"] >= 0.95 * m["inner"]["w"], where
                assert m["content"]["w"] >= 0.8 * m["svg"]["w"], where
                assert m["content"]["h"] >= 0.8 * m["svg"]["h"], where
                assert m["labelOverlaps"] == 0, where
                widths[chart].append(m["svg"]["w"])
            # the dyad chart's x axis: a date under the bars, titled; counts on the y axis
            labels = page.locator("#dyads .x-axis .date-label").all_text_contents()
            assert len(labels) >= 2, labels
            assert all(re.match(DATE_LABEL, t) for t in labels), labels
            assert len(page.locator("#dyads .axis-title").all_text_contents()) == 3
            assert page.locator("#dyads .y-axis .axis-label").count() >= 3
            # names beside codes: the actor pickers and the map's busiest countries
            options = page.locator("#dyads select").first.locator("option").all_text_contents()
            named = [o for o in options if re.match(r"^.+ \([A-Z]{3}\)$", o)]
            assert named and all(names[o[-4:-1]] == o[:-6] for o in named), options
            top = page.locator("#map .top-country").all_text_contents()
            assert top and all(re.match(r"^.+ \([A-Z]{3}\): \d+$", t) for t in top), top
            code = top[0].split("(")[1][:3]
            assert top[0].startswith(names[code])
            page.screenshot(path=str(tmp_path / f"dashboard-{w}x{hgt}.png"), full_page=True)
        for chart, ws in widths.items():  # redrawn at the new width, not scaled
            assert ws[0] > ws[1] + 100, (chart, ws)
        assert errors.errors == []
    finally:
        page.close()


def test_sparklines_each_scaled_to_their_own_history(browser: Browser, loaded: Service) -> None:
    page, errors = _open(browser, loaded.base)
    try:
        page.wait_for_selector("#trends .trend .trend-window", timeout=5_000)
        rows = page.locator("#trends .trend").evaluate_all("""els => els.map((e) => ({
            name: e.dataset.name, from: Number(e.dataset.from), to: Number(e.dataset.to),
            grain: e.dataset.grain,
            peak: Number(e.dataset.peak), window: e.querySelector('.trend-window').textContent,
            ys: e.querySelector('polyline').getAttribute('points').split(' ')
                 .map((p) => Number(p.split(',')[1])),
            h: Number(e.querySelector('svg.spark').getAttribute('height')),
            font: parseFloat(getComputedStyle(e.querySelector('.trend-window')).fontSize) }))""")
        assert len(rows) >= 3
        for r in rows:
            # its own peak reaches the top of its own sparkline
            assert min(r["ys"]) == pytest.approx(2, abs=0.01), r
            assert r["font"] >= 11, r
            assert f"peak {r['peak']}" in r["window"] and r["peak"] == max(
                round((r["h"] - 2 - y) / (r["h"] - 4) * r["peak"]) for y in r["ys"]), r
            # its window starts at the first bucket /windows has for it
            buckets = httpx.get(f"{loaded.base}/windows", timeout=10, params={
                "dim": "entity", "key": r["name"], "grain": r["grain"], "limit": 1000,
            }).json()["buckets"]
            first = min(b["bucket"] for b in buckets)
            assert r["from"] == pytest.approx(
                page.evaluate("(iso) => Date.parse(iso)", first)), r
            assert " – " in r["window"] or r["from"] >= r["to"] - 86_400_000, r
        assert len({r["from"] for r in rows}) > 1, "every sparkline covers the same window"
        assert errors.errors == []
    finally:
        page.close()


def test_feed_orders_by_arrival_and_by_publication_on_request(browser: Browser,
                                                              loaded: Service) -> None:
    """A just-posted 2023 article tops the feed after a reload (arrival order, the default);
    publication order is one click away and puts it among 2023's articles."""
    doc = {"url": "https://archive.example/2023/06/grain-deal", "outlet": "Archive Wire",
           "title": "Grain corridor talks resume in Istanbul",
           "text": ("Turkey hosted talks on Tuesday between Russian and Ukrainian officials on "
                    "reopening the Black Sea grain corridor, the Turkish foreign ministry said. "
                    "United Nations envoys joined the meeting in Istanbul."),
           "published_at": "2023-06-13T08:00:00Z"}
    r = httpx.post(f"{loaded.base}/articles", json=doc, timeout=60,
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 202, r.text
    (art_id,) = r.json()["ids"]
    deadline = time.monotonic() + 60
    while httpx.get(f"{loaded.base}/articles/{art_id}", timeout=5).status_code != 200:
        assert time.monotonic() < deadline, loaded.log()
        time.sleep(0.2)
    by_arrival = httpx.get(f"{loaded.base}/articles", params={"order": "arrival"}).json()
    assert by_arrival["articles"][0]["id"] == art_id
    assert httpx.get(f"{loaded.base}/articles", params={"order": "newest"}).status_code == 422
    page, errors = _open(browser, loaded.base)
    try:
        first = page.locator("#feed .feed-item").first
        assert first.get_attribute("data-id") == art_id
        assert "Grain corridor" in first.locator(".feed-title").inner_text()
        page.select_option("#feed-order", "published")
        page.wait_for_selector("#feed[data-order='published'] .feed-item", timeout=5_000)
        page.wait_for_function("() => document.querySelector('#feed .feed-item')?.dataset.id "
                               f"!== '{art_id}'", timeout=5_000)
        stamps = page.locator("#feed .feed-item").evaluate_all(
            "els => els.map((e) => e.dataset.published)")
        dated = [int(t) for t in stamps if t]
        assert dated == sorted(dated, reverse=True)
        assert stamps.index("") == len(dated)  # undated ones after every dated one
        listed = httpx.get(f"{loaded.base}/articles", params={"limit": 50}).json()["articles"]
        assert page.locator("#feed .feed-item").evaluate_all(
            "els => els.map((e) => e.dataset.id)") == [a["id"] for a in listed]
        assert art_id in [a["id"] for a in listed]
        assert errors.errors == []
    finally:
        page.close()


SEASONAL = ("The two governments signed a water-sharing agreement in Dushanbe on Monday, "
            "officials said. Tajikistan and Uzbekistan agreed in summer 2023 to build the dam "
            "together, and Tajikistan will host talks next month.")


def test_article_view_shows_one_card_per_event_with_its_mentions(browser: Browser,
                                                                  loaded: Service) -> None:
    """One card per event of the article document, each listing every mention; background
    events marked as such; event dates in words."""
    docs = [httpx.get(f"{loaded.base}/articles/{a['id']}", timeout=10).json() for a in
            httpx.get(f"{loaded.base}/articles", params={"limit": 100}).json()["articles"]]
    with_background = [d for d in docs if any(e["background"] for e in d["events"])]
    assert with_background, "no sample article has a background event"
    doc = max(with_background, key=lambda d: len(d["events"]))
    art_id = doc["article"]["id"]
    page, errors = _open(browser, loaded.base)
    try:
        page.goto(f"{loaded.base}/#article/{art_id}")
        page.wait_for_selector(f"#article[data-article='{art_id}'] .event-card", timeout=10_000)
        cards = page.locator("#article .event-card")
        assert cards.count() == len(doc["events"])
        shown = cards.evaluate_all("""els => els.map((e) => ({
            type: e.querySelector('.event-type').textContent,
            mentions: [...e.querySelectorAll('.mention')].length,
            background: !!e.querySelector('.background-badge'),
            date: e.querySelector('.event-date').textContent }))""")
        for ev, card in zip(doc["events"], shown, strict=True):
            assert card["type"] == ev["type"]
            assert card["mentions"] == len(ev["mentions"]) >= 1
            assert card["background"] == bool(ev["background"])
            assert card["date"] == "undated" or card["date"].startswith("date ")
            assert not any(c.isdigit() and "-" in card["date"] for c in card["date"][-3:])
        n_bg = sum(e["background"] for e in doc["events"])
        assert f"{n_bg} background" in page.locator("#article .article-side h3").first.inner_text()
        # a mention finds its sentence in the text
        card = cards.nth(len(doc["events"]) - 1)
        card.locator(".mention").first.click()
        page.wait_for_selector("#article .body mark.ev.focus", timeout=2_000)
        sentence = doc["events"][-1]["mentions"][0]["sentence"]
        assert page.locator("#article .body mark.ev.focus").first.inner_text()[:20] in sentence
        assert errors.errors == []
    finally:
        page.close()
