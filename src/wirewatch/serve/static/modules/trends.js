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

/** Article counts per time bin for each name, over the common span of all of them. */
async function articleSeries(names) {
  const dates = await Promise.all(names.map(async (name) => {
    const data = await getJSON("/articles", { q: name, limit: 500 }).catch(() => null);
    return (data?.articles || []).map((a) => day(a.published_at || a.ingested_at))
      .filter((t) => t !== null);
  }));
  const all = dates.flat();
  if (!all.length) return names.map(() => []);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const width = Math.max(1, (hi - lo) / BINS);
  return dates.map((ts) => {
    const bins = new Array(BINS).fill(0);
    for (const t of ts) bins[Math.min(BINS - 1, Math.floor((t - lo) / width))] += 1;
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
