// What every chart shares: it is drawn at its container's pixel size (so 12 px in the CSS is
// 12 px on screen, never scaled down by a viewBox) and redrawn when the window resizes; time
// axes read as dates; legends are SVG rows; countries read "Somalia (SOM)".

import { getJSON } from "./api.js";
import { s } from "./dom.js";

export const FONT_PX = 12;  // chart text; the browser test holds every label to ≥ 11 px

/** Call `draw(width, height)` now and whenever `el`'s content box changes size (batched per
 *  frame, ignored while hidden). Returns a function that stops watching. */
export function watchSize(el, draw) {
  let last = "";
  let frame = 0;
  const run = () => {
    frame = 0;
    const w = Math.floor(el.clientWidth);
    const h = Math.floor(el.clientHeight);
    if (w < 40 || h < 40 || `${w}x${h}` === last) return;
    last = `${w}x${h}`;
    draw(w, h);
  };
  const ro = new ResizeObserver(() => { if (!frame) frame = requestAnimationFrame(run); });
  ro.observe(el);
  run();
  return () => ro.disconnect();
}

/** An <svg> of exactly w × h CSS pixels (viewBox 1:1). */
export function frame(cls, w, h, label) {
  return s("svg", { class: `chart-svg ${cls}`, width: w, height: h, viewBox: `0 0 ${w} ${h}`,
                    role: "img", "aria-label": label });
}

let measureCtx = null;
/** Width in px of `text` at the chart font (for placing labels without overlaps). */
export function textWidth(text, px = FONT_PX) {
  if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
  const family = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
  measureCtx.font = `${px}px ${family}`;
  return measureCtx.measureText(String(text)).width;
}

/** A legend row: items [{label, swatch: "rect"|"circle"|"line", cls, fill, r, w}] laid out
 *  left to right from (x, y), wrapping at `maxW`. Returns the <g> and the height it took. */
export function legend(x, y, items, maxW) {
  const g = s("g", { class: "legend-row", transform: `translate(${x},${y})` });
  let cx = 0;
  let cy = 0;
  const row = 18;
  for (const it of items) {
    const size = it.swatch === "circle" ? 2 * (it.r || 5) : 12;
    const wItem = size + 5 + textWidth(it.label) + 14;
    if (cx > 0 && cx + wItem > maxW) { cx = 0; cy += Math.max(row, size + 4); }
    const mid = cy + Math.max(row, size + 4) / 2;
    const item = s("g", { class: "legend-item" });
    if (it.swatch === "circle") {
      item.append(s("circle", { cx: cx + size / 2, cy: mid, r: it.r || 5, class: it.cls || null,
                                fill: it.fill || null }));
    } else if (it.swatch === "line") {
      item.append(s("line", { x1: cx, x2: cx + size, y1: mid, y2: mid, class: it.cls || null,
                              "stroke-width": it.w || 2, stroke: it.fill || null }));
    } else {
      item.append(s("rect", { x: cx, y: mid - 6, width: 12, height: 12, class: it.cls || null,
                              fill: it.fill || null }));
    }
    item.append(s("text", { x: cx + size + 5, y: mid, "dominant-baseline": "central",
                            class: "legend-label", text: it.label }));
    g.append(item);
    cx += wItem;
  }
  return { node: g, height: cy + row };
}

const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SEASON = { SP: "spring", SU: "summer", FA: "autumn", AU: "autumn", WI: "winter" };

/** A short date label for an axis: "6 Mar 2025", "Mar 2025", "2021", "summer 2023",
 *  "wk 24 2023". */
export function shortDate(value) {
  if (typeof value === "number") {
    const d = new Date(value);
    return `${d.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  }
  const v = String(value ?? "");
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v))) return `${+m[3]} ${MON[+m[2] - 1]} ${m[1]}`;
  if ((m = /^(\d{4})-(\d{2})$/.exec(v))) return `${MON[+m[2] - 1]} ${m[1]}`;
  if ((m = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(v))) return `${SEASON[m[2]]} ${m[1]}`;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(v))) return `wk ${+m[2]} ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return `Q${m[2]} ${m[1]}`;
  return v || "undated";
}

/** Nice integer ticks from 0 to at least `max` (at most `n` of them). */
export function countTicks(max, n = 4) {
  const raw = Math.max(1, max) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((k) => k >= raw) || raw;
  const top = Math.ceil(Math.max(1, max) / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + 1e-9; v += Math.max(1, step)) ticks.push(Math.round(v));
  return ticks;
}

let names = null;
/** ISO alpha-3 → English name, from /countries (data/countries.tsv), fetched once. */
export async function loadCountryNames() {
  if (!names) {
    names = getJSON("/countries").then((d) => new Map(Object.entries(d?.countries || {})))
      .catch(() => new Map());
  }
  return names;
}

/** "Somalia (SOM)" once the names are loaded; the code alone for an unknown code. */
export function countryLabel(code, table) {
  if (!code) return "";
  const name = table?.get(code);
  return name && name !== code ? `${name} (${code})` : code;
}
