// Trending entities with sparklines. Spikes come from /trends; while there are none (a fresh
// or quiet store) the panel shows the most-mentioned entities instead, and says so.

import { getJSON } from "./api.js";
import { clear, h, sparkline } from "./dom.js";

const SHOWN = 10;
const BINS = 16;

function day(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** One name's article counts per bucket from the analytics windows (no text search). */
async function buckets(name, grain) {
  const data = await getJSON("/windows", { dim: "entity", key: name, grain, limit: 400 })
    .catch(() => null);
  return (data?.buckets || []).map((b) => [day(b.bucket), b.articles])
    .filter(([t]) => t !== null);
}

/** Article counts per time bin for each name, over the common span of all of them
 *  (day buckets; hour buckets while the whole story fits in a couple of days). */
async function articleSeries(names) {
  let counts = await Promise.all(names.map((name) => buckets(name, "day")));
  if (new Set(counts.flat().map(([t]) => t)).size < 3) {
    counts = await Promise.all(names.map((name) => buckets(name, "hour")));
  }
  const all = counts.flat().map(([t]) => t);
  if (!all.length) return names.map(() => []);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const width = Math.max(1, (hi - lo) / BINS);
  return counts.map((pairs) => {
    const bins = new Array(BINS).fill(0);
    for (const [t, n] of pairs) bins[Math.min(BINS - 1, Math.floor((t - lo) / width))] += n;
    return bins;
  });
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
    const missing = items.filter((it) => !Array.isArray(it.series));
    if (missing.length) {
      const series = await articleSeries(missing.map((it) => it.name));
      missing.forEach((it, i) => { it.series = series[i]; it.seriesOfArticles = true; });
    }
    this.render(items, spiking);
  }

  render(items, spiking) {
    clear(this.root);
    this.root.append(h("p", { class: "panel-note muted", text: spiking
      ? "Spiking against their own baseline (robust z)."
      : "No spikes yet: the most-mentioned entities, articles over time." }));
    if (!items.length) {
      this.root.append(h("p", { class: "empty muted", text: "Nothing to rank yet." }));
      return;
    }
    this.root.append(h("ol", { class: "trend-list" }, items.map((it) => h("li", {
      class: "trend", dataset: { name: it.name }, title: `${it.name}: ${(it.series || []).join(" ")}`,
      onclick: () => this.onPick?.(it.name),
    }, [
      h("span", { class: "trend-name", text: it.name }),
      sparkline(it.series || []),
      h("span", { class: "trend-figure", text: spiking
        ? `z ${Number(it.z ?? 0).toFixed(1)} · ${it.current}`
        : `${it.current ?? ""}` }),
    ]))));
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
