// The feeds panel: each polled feed's health from /feeds (ok, failing, backing off), its last
// error and when the poller tries it next. A failing feed is service health, not an article
// problem, so it lives here (and as a badge in the top bar), never in the article feed.
// Plain text in a list, so a screen reader reads exactly what a sighted person sees; the dot's
// colour always comes with its word.

import { getJSON } from "./api.js";
import { ago, clear, h } from "./dom.js";

const REFRESH_MS = 10_000;  // /feeds is a small read; the poller's timing is seconds to minutes
const MAX_ERROR = 300;

const LABEL = { ok: "ok", failing: "failing", backoff: "failing, backing off", pending: "not polled yet" };

/** When a future timestamp comes, in words: "in 4 s", "in 12 min"; "now" once it is due. */
export function untilText(value) {
  const t = Date.parse(value);
  if (Number.isNaN(t)) return String(value);
  const sec = Math.round((t - Date.now()) / 1000);
  if (sec <= 1) return "now";
  if (sec < 60) return `in ${sec} s`;
  if (sec < 3600) return `in ${Math.round(sec / 60)} min`;
  if (sec < 86400) return `in ${Math.round(sec / 3600)} h`;
  return `on ${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A feed's state from its /feeds row: "ok", "failing" (its last poll failed and no retry is
 *  waiting: being retried now, or not polled by this service), "backoff" (failed, and the
 *  poller waits longer after each failure before the next attempt) or "pending". */
export function feedState(f, now = Date.now()) {
  const failed = f.status === "error" || (f.consecutive_failures || 0) > 0;
  if (!failed) return f.status === "new" || !f.status ? "pending" : "ok";
  const next = f.next_attempt ? Date.parse(f.next_attempt) : NaN;
  return next > now ? "backoff" : "failing";
}

function feedName(url) {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return String(url);
  }
}

function clip(text) {
  const t = String(text ?? "");
  return t.length > MAX_ERROR ? `${t.slice(0, MAX_ERROR - 1)}…` : t;
}

export class Feeds {
  /** `root` gets the list; `count` (in the panel heading) and `badge` (top bar, a button that
   *  brings the panel into view) say how many feeds are failing. */
  constructor(root, { count, badge, section }) {
    this.root = root;
    this.count = count;
    this.badge = badge;
    this.section = section;
    this.list = h("ul", { class: "fh-list", "aria-label": "polled feeds" });
    this.timer = null;
    badge?.addEventListener("click", () => {
      this.section?.scrollIntoView({ block: "nearest" });
      this.section?.focus({ preventScroll: true });
    });
  }

  /** Fetch and draw /feeds, then again every REFRESH_MS (also after a failed fetch: the
   *  service may be restarting). */
  async load() {
    clearTimeout(this.timer);
    try {
      const data = await getJSON("/feeds");
      this.render(data?.feeds || []);
    } finally {
      this.timer = setTimeout(() => this.load().catch(() => null), REFRESH_MS);
    }
  }

  render(feeds) {
    const now = Date.now();
    const rows = feeds.map((f) => ({ f, state: feedState(f, now) }));
    const bad = (r) => r.state === "failing" || r.state === "backoff";
    rows.sort((a, b) => Number(bad(b)) - Number(bad(a)) || String(a.f.url).localeCompare(String(b.f.url)));
    const failing = rows.filter(bad).length;

    clear(this.root).append(this.list);
    clear(this.list);
    for (const r of rows) this.list.append(this.row(r.f, r.state));
    if (!rows.length) this.list.append(h("li", { class: "empty muted", text: "No feeds are polled (see --feeds)." }));

    if (this.count) {
      this.count.dataset.failing = String(failing);
      this.count.textContent = !rows.length ? "" : failing ? `${failing} of ${rows.length} failing`
        : `all ${rows.length} ok`;
    }
    if (this.badge) {
      this.badge.hidden = failing === 0;
      this.badge.textContent = `${failing} feed${failing === 1 ? "" : "s"} failing`;
    }
  }

  row(f, state) {
    const failures = f.consecutive_failures || 0;
    const error = f.error || f.last_error;
    const lines = [];
    if (state === "failing" || state === "backoff") {
      const since = f.last_error_at ? `, last ${ago(f.last_error_at)}` : "";
      lines.push(h("div", { class: "fh-error" }, [clip(error || "unknown error")]));
      lines.push(h("div", { class: "fh-meta muted" },
        [`${failures > 1 ? `${failures} failures in a row` : "failed once"}${since}; `,
         f.last_ok ? `last worked ${ago(f.last_ok)}` : "never worked"]));
    } else if (f.last_error) {
      lines.push(h("div", { class: "fh-meta muted" },
        [`recovered; last error ${f.last_error_at ? ago(f.last_error_at) : ""}: ${clip(f.last_error)}`]));
    }
    const polled = "consecutive_failures" in f;
    const next = f.next_attempt ? `next attempt ${untilText(f.next_attempt)}`
      : polled ? "polling now" : "not polled by this service";
    const checked = state === "ok" && f.last_ok ? `ok ${ago(f.last_ok)}; ` : "";
    lines.push(h("div", { class: "fh-next muted" }, [checked, next]));

    return h("li", { class: "fh-row", dataset: { state, url: f.url } }, [
      h("div", { class: "fh-head" }, [
        h("span", { class: "fh-dot", "aria-hidden": "true" }),
        h("a", { class: "fh-name", href: f.url, title: f.url, target: "_blank", rel: "noopener" },
          [feedName(f.url)]),
        h("span", { class: "fh-state", text: LABEL[state] }),
      ]),
      ...lines,
    ]);
  }
}
