// The dyad view: pick two actors (default: the busiest pair) and see their cooperation and
// conflict over time, as event counts per day up (cooperation) and down (conflict); click a
// day for the events behind it.

import { getJSON } from "./api.js";
import { countTicks, countryLabel, frame, legend, loadCountryNames, shortDate, textWidth,
  watchSize } from "./chart.js";
import { QUAD_LABEL, clear, dateInWords, h, intensityColor, s } from "./dom.js";

const SEASON = { WI: 1, SP: 4, SU: 7, FA: 10, AU: 10 };

/** A sortable time for the analysis document's dates (day, month, ISO week, season, year). */
export function dayTime(day) {
  if (!day) return NaN;
  let m;
  if ((m = /^(\d{4})-W(\d{2})/.exec(day))) return Date.UTC(+m[1], 0, 1 + 7 * (+m[2] - 1));
  if ((m = /^(\d{4})-(WI|SP|SU|FA|AU)/.exec(day))) return Date.UTC(+m[1], SEASON[m[2]], 15);
  if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day))) return Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if ((m = /^(\d{4})-(\d{2})$/.exec(day))) return Date.UTC(+m[1], +m[2] - 1, 15);
  if ((m = /^(\d{4})$/.exec(day))) return Date.UTC(+m[1], 6, 1);
  return NaN;
}

function pairKey(a, b) {
  return `${a}\u0000${b}`;
}

export class Dyads {
  constructor(root) {
    this.root = root;
    this.pairs = [];
    this.names = new Map();
  }

  /** "Kenya (KEN)" for a country code, the code itself for a sector or group code. */
  label(code) {
    return countryLabel(code, this.names);
  }

  async load() {
    this.names = await loadCountryNames();
    // The busiest pairs: /dyads/pairs where the server has it, else summed from /dyads rows.
    const named = await getJSON("/dyads/pairs", { limit: 50 }).catch(() => null);
    let pairs = (named?.pairs || []).filter((p) => p.source && p.target)
      .map((p) => ({ source: p.source, target: p.target, events: p.events ?? p.count ?? 0 }));
    if (!pairs.length) {
      const rows = (await getJSON("/dyads", { limit: 1000 }).catch(() => null))?.dyads || [];
      const sums = new Map();
      for (const r of rows) {
        if (r.source === r.target) continue;
        // undirected: the pair is what the analyst picks; direction is shown in the events
        const [a, b] = [r.source, r.target].sort();
        const k = pairKey(a, b);
        sums.set(k, { source: a, target: b, events: (sums.get(k)?.events || 0) + r.events });
      }
      pairs = [...sums.values()];
    }
    pairs = pairs.filter((p) => p.source !== p.target).sort((x, y) => y.events - x.events);
    this.pairs = pairs;
    const actorTotals = new Map();
    for (const p of pairs) {
      for (const a of [p.source, p.target]) actorTotals.set(a, (actorTotals.get(a) || 0) + p.events);
    }
    this.actors = [...actorTotals.entries()].sort((x, y) => y[1] - x[1]).map(([a]) => a);
    this.renderControls();
    if (pairs.length) {
      const keep = this.current && this.actors.includes(this.current[0]) && this.actors.includes(this.current[1]);
      const [a, b] = keep ? this.current : [pairs[0].source, pairs[0].target];
      this.pick(a, b);
    }
  }

  renderControls() {
    clear(this.root);
    if (!this.actors.length) {
      this.root.append(h("p", { class: "empty muted", text: "No events between two actors yet." }));
      return;
    }
    const options = (sel) => this.actors.map((a) => h("option", { value: a, text: this.label(a),
                                                                  selected: a === sel }));
    this.selA = h("select", { "aria-label": "first actor", onchange: () => this.pick(this.selA.value, this.selB.value) });
    this.selB = h("select", { "aria-label": "second actor", onchange: () => this.pick(this.selA.value, this.selB.value) });
    this.selA.append(...options(this.pairs[0]?.source));
    this.selB.append(...options(this.pairs[0]?.target));
    this.stopWatch?.();
    this.chart = h("div", { class: "dyad-chart chart-area" });
    this.note = h("p", { class: "muted small chart-note" });
    this.detail = h("div", { class: "dyad-events" });
    this.root.append(h("div", { class: "dyad-controls", title: "country level, both directions" },
                       [this.selA, " ⇄ ", this.selB]), this.chart, this.note,
                     this.detail);
  }

  async pick(a, b) {
    this.current = [a, b];
    if (this.selA) this.selA.value = a;
    if (this.selB) this.selB.value = b;
    clear(this.detail);
    const [ab, ba] = await Promise.all([
      getJSON("/dyads", { source: a, target: b, limit: 1000 }).catch(() => null),
      getJSON("/dyads", { source: b, target: a, limit: 1000 }).catch(() => null),
    ]);
    if (this.current[0] !== a || this.current[1] !== b) return;  // a newer pick won
    const days = new Map();
    let undated = 0;
    for (const r of [...(ab?.dyads || []), ...(ba?.dyads || [])]) {
      if (!r.day || Number.isNaN(dayTime(r.day))) {
        undated += r.events;
        continue;
      }
      const d = days.get(r.day) || { day: r.day, t: dayTime(r.day), events: 0, sum: 0, quads: {} };
      d.events += r.events;
      d.sum += r.sum_intensity || 0;
      for (const [q, n] of Object.entries(r.quads || {})) d.quads[q] = (d.quads[q] || 0) + n;
      days.set(r.day, d);
    }
    this.drawTimeline([...days.values()].sort((x, y) => x.t - y.t), undated, a, b);
  }

  drawTimeline(points, undated, a, b) {
    this.stopWatch?.();
    clear(this.chart);
    this.note.textContent = "";
    if (!points.length) {
      this.chart.append(h("p", { class: "muted", text: `No dated events between ${this.label(a)} ` +
        `and ${this.label(b)}` + (undated ? ` (${undated} undated).` : ".") }));
      return;
    }
    this.note.textContent = `Both directions, days with events only; click a bar for its events.${
      undated ? ` ${undated} undated event${undated === 1 ? "" : "s"} not shown.` : ""}`;
    this.stopWatch = watchSize(this.chart, (w, hgt) => {
      const selected = this.chart.querySelector(".dyad-point.selected")?.dataset.day;
      clear(this.chart).append(this.svg(points, a, b, w, hgt));
      if (selected) this.chart.querySelector(`.dyad-point[data-day="${selected}"]`)?.classList.add("selected");
    });
  }

  /** The chart at w × h px: legend on top, counts up (cooperation) and down (conflict) on the
   *  y axis, one labelled bar per day on the x axis. */
  svg(points, a, b, W, H) {
    const svg = frame("dyad-svg", W, H, `cooperation and conflict between ${this.label(a)} and ` +
                      `${this.label(b)}, events per day`);
    const lg = legend(0, 0, [
      { label: QUAD_LABEL.verbal_cooperation, cls: "q-vcoop" },
      { label: QUAD_LABEL.material_cooperation, cls: "q-mcoop" },
      { label: QUAD_LABEL.verbal_conflict, cls: "q-vconf" },
      { label: QUAD_LABEL.material_conflict, cls: "q-mconf" },
    ], W);
    svg.append(lg.node);
    const coop = (d) => (d.quads.verbal_cooperation || 0) + (d.quads.material_cooperation || 0);
    const conf = (d) => (d.quads.verbal_conflict || 0) + (d.quads.material_conflict || 0);
    const labels = points.map((d) => shortDate(d.day));
    const labelW = Math.max(...labels.map((t) => textWidth(t))) + 8;
    const left = 58, right = 8, top = lg.height + 8;
    const band = (W - left - right) / points.length;
    const slanted = labelW > band;  // labels turn 40° when they do not fit flat
    const bottom = 22 + (slanted ? Math.min(labelW * 0.66, 90) : 16);
    const max = Math.max(1, ...points.map((d) => Math.max(coop(d), conf(d))));
    const ticks = countTicks(max, Math.max(1, Math.floor((H - top - bottom) / 60)));
    const top0 = ticks[ticks.length - 1];
    const mid = top + (H - top - bottom) / 2;
    const half = (H - top - bottom) / 2;
    const y = (n) => (n / top0) * half;
    // y axis: counts both ways from the zero line
    const axis = s("g", { class: "y-axis" });
    for (const t of ticks) {
      for (const sign of t ? [-1, 1] : [1]) {
        const ty = mid + sign * y(t);
        axis.append(s("line", { x1: left, x2: W - right, y1: ty, y2: ty, class: t ? "gridline" : "axis" }));
        axis.append(s("text", { x: left - 6, y: ty, class: "axis-label", "text-anchor": "end",
                                "dominant-baseline": "central", text: String(t) }));
      }
    }
    axis.append(s("text", { class: "axis-title", "text-anchor": "middle",
                            transform: `translate(14,${mid - half / 2}) rotate(-90)`, text: "cooperation ↑" }));
    axis.append(s("text", { class: "axis-title", "text-anchor": "middle",
                            transform: `translate(14,${mid + half / 2}) rotate(-90)`, text: "conflict ↓" }));
    svg.append(axis);
    const bw = Math.max(3, Math.min(48, band * 0.7));
    const every = slanted ? Math.max(1, Math.ceil(18 / band)) : 1;
    const xAxis = s("g", { class: "x-axis" });
    points.forEach((d, i) => {
      const x = left + i * band + (band - bw) / 2;
      const title = `${dateInWords(d.day)}: ${d.events} events, intensity ${d.sum.toFixed(1)}\n` +
        Object.entries(d.quads).map(([q, n]) => `${QUAD_LABEL[q] || q}: ${n}`).join("\n");
      const g = s("g", { class: "dyad-point", dataset: { day: d.day }, tabindex: 0,
                         onclick: () => this.showDay(d.day, a, b, g),
                         onkeydown: (e) => { if (e.key === "Enter") this.showDay(d.day, a, b, g); } },
                  [s("title", { text: title })]);
      g.append(s("rect", { x: left + i * band, y: top, width: band, height: H - top - bottom + 4, class: "hit" }));
      const vc = d.quads.verbal_cooperation || 0, mc = d.quads.material_cooperation || 0;
      const vx = d.quads.verbal_conflict || 0, mx = d.quads.material_conflict || 0;
      if (vc) g.append(s("rect", { x, width: bw, y: mid - y(vc), height: y(vc), class: "q-vcoop" }));
      if (mc) g.append(s("rect", { x, width: bw, y: mid - y(vc + mc), height: y(mc), class: "q-mcoop" }));
      if (vx) g.append(s("rect", { x, width: bw, y: mid, height: y(vx), class: "q-vconf" }));
      if (mx) g.append(s("rect", { x, width: bw, y: mid + y(vx), height: y(mx), class: "q-mconf" }));
      if (!coop(d) && !conf(d)) g.append(s("circle", { cx: x + bw / 2, cy: mid, r: 4, fill: intensityColor(d.sum) }));
      svg.append(g);
      if (i % every) return;
      const cx = left + i * band + band / 2;
      const ly = H - bottom + 14;
      xAxis.append(s("text", slanted
        ? { x: cx, y: ly, class: "axis-label date-label", "text-anchor": "end",
            transform: `rotate(-40 ${cx} ${ly})`, "dominant-baseline": "central", text: labels[i] }
        : { x: cx, y: ly, class: "axis-label date-label", "text-anchor": "middle",
            "dominant-baseline": "central", text: labels[i] }));
    });
    xAxis.append(s("text", { x: left + (W - left - right) / 2, y: H - 4, class: "axis-title",
                             "text-anchor": "middle", text: "date (the event's own, else its article's)" }));
    svg.append(xAxis);
    return svg;
  }

  async showDay(day, a, b, node) {
    this.chart.querySelectorAll(".dyad-point.selected").forEach((n) => n.classList.remove("selected"));
    node?.classList.add("selected");
    const q = (src, tgt) => getJSON("/events", { source: src, target: tgt, since: day,
                                                 until: day, limit: 200 }).catch(() => null);
    const [ab, ba] = await Promise.all([q(a, b), q(b, a)]);
    const events = [...(ab?.events || []), ...(ba?.events || [])]
      // `day` is how the store dates an event (its own date, else its article's local day),
      // the same rule the dyad aggregate counts by: the bar and its list agree
      .filter((ev) => (ev.day || ev.date || "").slice(0, 10) === day);
    clear(this.detail).append(h("h4", { text: `${dateInWords(day)}: ${events.length} event${events.length === 1 ? "" : "s"}` }));
    this.detail.append(h("ul", { class: "dyad-event-list" }, events.map((ev) => {
      const names = (xs) => (xs || []).map((x) => x.name || x.country).join(", ");
      const sentence = ev.evidence_sentence || ev.evidence?.sentence || ev.sentence || "";
      return h("li", { class: "dyad-event", style: `border-left-color: ${intensityColor(ev.intensity)}` }, [
        h("b", { text: ev.type }), ` ${names(ev.source)} → ${names(ev.target)}`,
        h("span", { class: "muted", text: ` · ${ev.modality || ""} · ${dateInWords(ev.day || ev.date)}` }),
        sentence ? h("div", { class: "muted small", text: sentence }) : null,
        ev.article_id ? h("a", { href: `#article/${ev.article_id}`, text: "open article" }) : null,
      ]);
    })));
  }
}
