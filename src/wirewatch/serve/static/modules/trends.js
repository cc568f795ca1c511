// Trending entities with sparklines. Spikes come from /trends; while there are none (a fresh
// or quiet store) the panel shows the most-mentioned entities instead, and says so.

import { getJSON } from "./api.js";
import { shortDate } from "./chart.js";
import { clear, h, sparkline } from "./dom.js";

const SHOWN = 10;
const BINS = 24;

function day(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** One name's article counts per bucket from the analytics windows (no text search). */
async function buckets(name, grain) {
  const data = await getJSON("/windows", { dim: "entity", key: name, grain, limit: 1000 })
    .catch(() => null);
  return (data?.buckets || []).map((b) => [day(b.bucket), b.articles])
    .filter(([t]) => t !== null);
}

/** One name's articles over its own history: binned from its first bucket to its last (day
 *  buckets; hour buckets while that history fits in a couple of days), so every sparkline is
 *  scaled to itself and says which window it covers. */
export async function ownSeries(name) {
  let pairs = await buckets(name, "day");
  let grain = "day";
  if (new Set(pairs.map(([t]) => t)).size < 3) {
    const hourly = await buckets(name, "hour");
    if (hourly.length) { pairs = hourly; grain = "hour"; }
  }
  if (!pairs.length) return { bins: [], from: null, to: null, grain };
  const step = grain === "day" ? 86400000 : 3600000;
  const lo = Math.min(...pairs.map(([t]) => t));
  const hi = Math.max(...pairs.map(([t]) => t)) + step;
  const n = Math.max(1, Math.min(BINS, Math.round((hi - lo) / step)));
  const width = (hi - lo) / n;
  const bins = new Array(n).fill(0);
  for (const [t, c] of pairs) bins[Math.min(n - 1, Math.floor((t - lo) / width))] += c;
  return { bins, from: lo, to: hi - 1, grain };
}

function windowText(from, to, grain) {
  if (from === null || to === null) return "";
  const fmt = (t) => grain === "hour" ? `${shortDate(t)} ${new Date(t).toISOString().slice(11, 16)}`
    : shortDate(t);
  return from === to || shortDate(from) === shortDate(to) && grain === "day" ? fmt(from)
    : `${fmt(from)} – ${fmt(to)}`;
}

export class Trends {
  constructor(root, { onPick } = {}) {
    this.root = root;
    this.onPick = onPick;
    this.pending = null;
  }

  async load() {
    const trends = await getJSON("/trends", { limit: SHOWN }).catch(() => null);
    let items = trends?.trends || [];
    let spiking = true;
    if (!items.length) {
      spiking = false;
      const ents = await getJSON("/entities", { limit: SHOWN }).catch(() => null);
      items = (ents?.entities || []).map((e) => ({ name: e.name, current: e.mentions,
                                                   type: e.type, articles: e.articles }));
    }
    const win = trends?.window;
    for (const it of items) {
      if (Array.isArray(it.series) && win?.current) {
        // the spike's own window: baseline blocks and the current one
        const to = Date.parse(win.current) + win.block_seconds * 1000 - 1;
        const from = Date.parse(win.current) - win.baseline_blocks * win.block_seconds * 1000;
        it.window = { bins: it.series, from, to, grain: win.block_seconds >= 86400 ? "day" : "hour" };
      }
    }
    await Promise.all(items.filter((it) => !it.window).map(async (it) => {
      it.window = await ownSeries(it.name);
      it.series = it.window.bins;
    }));
    this.render(items, spiking);
  }

  render(items, spiking) {
    clear(this.root);
    this.root.append(h("p", { class: "panel-note muted", text: spiking
      ? "Spiking against their own baseline (robust z); each line is scaled to its own peak."
      : "No spikes yet: the most-mentioned entities, articles over each one's own history " +
        "(each line scaled to its own peak; an undated article counts when it arrived)." }));
    if (!items.length) {
      this.root.append(h("p", { class: "empty muted", text: "Nothing to rank yet." }));
      return;
    }
    this.root.append(h("ol", { class: "trend-list" }, items.map((it) => {
      const w = it.window || {};
      const peak = Math.max(0, ...(it.series || []));
      const span = windowText(w.from ?? null, w.to ?? null, w.grain);
      return h("li", {
        class: "trend", dataset: { name: it.name, from: w.from ?? "", to: w.to ?? "", peak,
                                   grain: w.grain || "" },
        title: `${it.name}: ${(it.series || []).join(" ")}`,
        onclick: () => this.onPick?.(it.name),
      }, [
        h("span", { class: "trend-name", text: it.name }),
        sparkline(it.series || []),
        h("span", { class: "trend-figure", text: spiking
          ? `z ${Number(it.z ?? 0).toFixed(1)} · ${it.current}`
          : `${it.current ?? ""}` }),
        h("span", { class: "trend-window muted", text: span ? `${span} · peak ${peak}` : "" }),
      ]);
    })));
  }

  /** Reload at most every few seconds while articles stream in. */
  refreshSoon(delay = 4000) {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.load().catch(() => {});
    }, delay);
  }
}
