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
export function sparkline(values, width = 90, height = 22) {
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
