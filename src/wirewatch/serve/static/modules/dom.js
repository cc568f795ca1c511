// Tiny DOM/SVG builders: the dashboard has no framework, so every view is built with these.
const SVG_NS = "http://www.w3.org/2000/svg";

/** Only web links and the dashboard's own routes may become an href (never javascript:,
 *  data: or any other scheme an article's URL might carry). */
export function safeHref(value) {
  const text = String(value ?? "").trim();
  if (text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//"))) return text;
  return /^https?:\/\//i.test(text) ? text : null;
}

function fill(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if ((k === "href" || k === "src" || k === "xlink:href") && safeHref(v) === null) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of [].concat(children ?? [])) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** An HTML element: h("li", {class: "x", onclick: f}, [children]). */
export function h(tag, attrs, children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attrs, children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", AU: "autumn", WI: "winter" };
const ORDINAL = ["first", "second", "third", "fourth"];

/** An analysis-document date (ISO 8601 at any precision, TIMEX3 seasons, weeks, quarters,
 *  halves) in words: "2023-SU" → "summer 2023", "2023-W24" → "week 24 of 2023", "2023-06" →
 *  "June 2023", "2023-06-14" → "14 June 2023". Empty → "undated". Anything else as given. */
export function dateInWords(value) {
  if (value === null || value === undefined || value === "") return "undated";
  const v = String(value);
  let m;
  if ((m = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(v))) return `${SEASONS[m[2]]} ${m[1]}`;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(v))) return `week ${+m[2]} of ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return `${ORDINAL[+m[2] - 1]} quarter of ${m[1]}`;
  if ((m = /^(\d{4})-H([12])$/.exec(v))) return `${ORDINAL[+m[2] - 1]} half of ${m[1]}`;
  if ((m = /^(\d{4})-(\d{2})$/.exec(v)) && +m[2] >= 1 && +m[2] <= 12) return `${MONTHS[+m[2] - 1]} ${m[1]}`;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(v)) && +m[2] >= 1 && +m[2] <= 12) {
    return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}${m[4] ? ` ${m[4]}` : ""}`;
  }
  if ((m = /^(\d{3})X$/.exec(v))) return `the ${m[1]}0s`;
  if (v === "PRESENT_REF") return "now";
  if (v === "PAST_REF") return "the past";
  if (v === "FUTURE_REF") return "the future";
  return v;
}

function offsetText(minutes) {
  if (minutes === null || minutes === undefined) return "UTC";
  if (minutes === 0) return "UTC";
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** When an article was published, as its source said it: the local time at the offset the
 *  source stated (2023-11-08 21:24 UTC−05:00, not the next UTC day), at its precision, or
 *  "undated" — never the time we fetched it. */
export function publishedText(a) {
  if (!a || !a.published_at) return "undated";
  const t = Date.parse(a.published_at);
  if (Number.isNaN(t)) return "undated";
  const local = new Date(t + (a.published_offset || 0) * 60000).toISOString();
  const day = a.published_date || local.slice(0, 10);
  switch (a.published_precision) {
    case "year": return day.slice(0, 4);
    case "month": return dateInWords(day.slice(0, 7));
    case "day": case "week": case "season": return dateInWords(day);
    default: return `${dateInWords(day)} ${local.slice(11, 16)} ${offsetText(a.published_offset)}`;
  }
}

/** "3 min ago" style age for a timestamp (ISO string or epoch seconds). */
export function ago(value) {
  if (value === null || value === undefined) return "";
  const t = typeof value === "number" ? value * 1000 : Date.parse(value);
  if (Number.isNaN(t)) return String(value);
  const sec = Math.round((Date.now() - t) / 1000);
  if (sec < 60) return sec <= 1 ? "just now" : `${sec} s ago`;
  if (sec < 3600) return `${Math.round(sec / 60)} min ago`;
  if (sec < 86400) return `${Math.round(sec / 3600)} h ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** A sparkline of counts as an SVG polyline with the last point marked. */
export function sparkline(values, width = 90, height = 24) {
  const svg = s("svg", { class: "spark", width, height, viewBox: `0 0 ${width} ${height}`,
                         role: "img", "aria-label": `trend: ${values.join(", ")}` });
  if (!values.length) return svg;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const pts = values.map((v, i) => [2 + i * step, height - 2 - (v / max) * (height - 4)]);
  svg.append(s("polyline", { points: pts.map((p) => p.join(",")).join(" "), fill: "none" }));
  const [lx, ly] = pts[pts.length - 1];
  svg.append(s("circle", { cx: lx, cy: ly, r: 2 }));
  return svg;
}

/** Intensity (Goldstein-like, −10..+10) → a colour from conflict red to cooperation blue. */
export function intensityColor(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "#888";
  const t = Math.max(-1, Math.min(1, v / 10));
  return t < 0 ? `hsl(4 ${40 + 40 * -t}% ${62 - 20 * -t}%)` : `hsl(212 ${40 + 40 * t}% ${62 - 20 * t}%)`;
}

export const QUAD_LABEL = {
  verbal_cooperation: "verbal cooperation",
  material_cooperation: "material cooperation",
  verbal_conflict: "verbal conflict",
  material_conflict: "material conflict",
};
