// The co-mention network: top entities as nodes, shared articles as weighted edges, laid out
// by a small force simulation run to rest before drawing (no animation, no library), redrawn at
// the panel's size; labels never overlap (the smaller nodes' labels give way, names on hover).

import { FONT_PX, frame, legend, textWidth, watchSize } from "./chart.js";
import { getJSON } from "./api.js";
import { clear, h, s } from "./dom.js";

const TYPES = [
  { label: "person", cls: "type-person" },
  { label: "organisation", cls: "type-org" },
  { label: "place", cls: "type-gpe" },
  { label: "other", cls: "type-x" },
];

/** Positions for nodes given edges [{a, b, w}] (indices) in a W × H box; deterministic start
 *  on a circle, then stretched to fill the box (inset by `margin`). */
export function layout(n, edges, W = 560, H = 380, iterations = 300, margin = [30, 20, 30, 20]) {
  const pos = Array.from({ length: n }, (_, i) => {
    const ang = (2 * Math.PI * i) / Math.max(1, n);
    const r = 0.35 * Math.min(W, H) * (0.6 + 0.4 * ((i * 7) % 5) / 4);
    return [W / 2 + r * Math.cos(ang), H / 2 + r * Math.sin(ang)];
  });
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.55;
  const maxW = Math.max(1, ...edges.map((e) => e.w));
  for (let it = 0; it < iterations; it++) {
    const temp = 0.03 * Math.min(W, H) * (1 - it / iterations) + 0.5;
    const disp = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i][0] - pos[j][0];
        let dy = pos[i][1] - pos[j][1];
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        const f = (k * k) / d2;
        disp[i][0] += dx * f; disp[i][1] += dy * f;
        disp[j][0] -= dx * f; disp[j][1] -= dy * f;
      }
    }
    for (const e of edges) {
      const dx = pos[e.a][0] - pos[e.b][0];
      const dy = pos[e.a][1] - pos[e.b][1];
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d / k) * (0.3 + 0.7 * (e.w / maxW));
      disp[e.a][0] -= dx * f; disp[e.a][1] -= dy * f;
      disp[e.b][0] += dx * f; disp[e.b][1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i][0] += (W / 2 - pos[i][0]) * 0.02;
      disp[i][1] += (H / 2 - pos[i][1]) * 0.02;
      const len = Math.hypot(disp[i][0], disp[i][1]) || 1;
      const step = Math.min(len, temp);
      pos[i][0] = Math.min(W - 20, Math.max(20, pos[i][0] + (disp[i][0] / len) * step));
      pos[i][1] = Math.min(H - 12, Math.max(12, pos[i][1] + (disp[i][1] / len) * step));
    }
  }
  // stretch the resting layout to fill the frame (labels need the room)
  const [ml, mt, mr, mb] = margin;
  const xs = pos.map((p) => p[0]);
  const ys = pos.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return pos.map(([x, y]) => [
    x1 > x0 ? ml + ((x - x0) / (x1 - x0)) * (W - ml - mr) : W / 2,
    y1 > y0 ? mt + ((y - y0) / (y1 - y0)) * (H - mt - mb) : H / 2,
  ]);
}

/** Label boxes placed biggest node first beside its dot (right, left, above, below), skipped
 *  where they would cover another label or another node's dot or leave the frame (`top` is
 *  where the drawing starts, below the legend). */
export function placeLabels(items, W, H, top = 0) {
  const boxes = [];
  const out = [];
  const dots = items.map((it) => ({ i: it.i, x: it.x - it.r, y: it.y - it.r, w: 2 * it.r, h: 2 * it.r }));
  const hit = (b, o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h;
  const clash = (b, i) => b.x < 0 || b.y < top || b.x + b.w > W || b.y + b.h > H ||
    boxes.some((o) => hit(b, o)) || dots.some((o) => o.i !== i && hit(b, o));
  for (const it of items) {
    const w = textWidth(it.text) + 4;
    const hgt = FONT_PX + 4;
    const tries = [
      { x: it.x + it.r + 3, y: it.y - hgt / 2, anchor: "start" },
      { x: it.x - it.r - 3 - w, y: it.y - hgt / 2, anchor: "end" },
      { x: it.x - w / 2, y: it.y - it.r - 2 - hgt, anchor: "middle" },
      { x: it.x - w / 2, y: it.y + it.r + 2, anchor: "middle" },
    ];
    const spot = tries.map((t) => ({ ...t, w, h: hgt })).find((b) => !clash(b, it.i));
    if (!spot) continue;
    boxes.push(spot);
    out.push({ ...it, box: spot });
  }
  return out;
}

export class Network {
  constructor(root, { onPick } = {}) {
    this.root = root;
    this.onPick = onPick;
  }

  async load() {
    const data = await getJSON("/graph", { top: 40 }).catch(() => null);
    const nodes = data?.nodes || [];
    const index = new Map(nodes.map((nd, i) => [nd.name, i]));
    const edges = (data?.edges || [])
      .filter((e) => index.has(e.source) && index.has(e.target))
      .map((e) => ({ a: index.get(e.source), b: index.get(e.target), w: e.weight || 1 }));
    this.render(nodes, edges);
  }

  render(nodes, edges) {
    this.stopWatch?.();
    clear(this.root);
    if (!nodes.length) {
      this.root.append(h("p", { class: "empty muted", text: "No entities yet." }));
      return;
    }
    const area = h("div", { class: "network-chart chart-area" });
    this.root.append(area);
    this.stopWatch = watchSize(area, (w, hgt) => clear(area).append(this.svg(nodes, edges, w, hgt)));
  }

  /** The graph at W × H px: a legend row on top, the nodes laid out in the rest. */
  svg(nodes, edges, W, H) {
    const weight = (nd) => nd.w ?? nd.weight ?? nd.articles ?? 1;
    const maxN = Math.max(1, ...nodes.map(weight));
    const maxE = Math.max(1, ...edges.map((e) => e.w));
    const svg = frame("graph-svg", W, H, "co-mention network: entities named in the same articles");
    const lg = legend(0, 0, [
      ...TYPES.map((t) => ({ label: t.label, swatch: "circle", r: 6, cls: `node-swatch ${t.cls}` })),
      { label: `size: articles (max ${maxN})`, swatch: "circle", r: 4, cls: "node-swatch size-swatch" },
      { label: `line: shared articles (max ${maxE})`, swatch: "line", w: 3, cls: "edge-swatch" },
    ], W);
    svg.append(lg.node);
    const top = lg.height + 6;
    const radius = (nd) => 4 + 10 * Math.sqrt(weight(nd) / maxN);
    const pos = layout(nodes.length, edges, W, H - top, 300, [16, 16, 16, 16])
      .map(([x, y]) => [x, y + top]);
    const lines = s("g", { class: "edges" });
    for (const e of edges) {
      lines.append(s("line", { x1: pos[e.a][0].toFixed(1), y1: pos[e.a][1].toFixed(1),
                               x2: pos[e.b][0].toFixed(1), y2: pos[e.b][1].toFixed(1),
                               "stroke-width": (0.6 + 3.4 * (e.w / maxE)).toFixed(2),
                               dataset: { a: e.a, b: e.b } },
                     [s("title", { text: `${nodes[e.a].name} — ${nodes[e.b].name}: ${e.w} articles` })]));
    }
    svg.append(lines);
    const dots = s("g", { class: "nodes" });
    const groups = nodes.map((nd, i) => {
      const g = s("g", { class: `node type-${(nd.type || "x").toLowerCase()}`, tabindex: 0,
                         dataset: { name: nd.name },
                         onmouseenter: () => this.focus(svg, i, true),
                         onmouseleave: () => this.focus(svg, i, false),
                         onclick: () => this.onPick?.(nd.name) }, [
        s("title", { text: `${nd.name} (${nd.type || "entity"}): ${weight(nd)} articles` }),
        s("circle", { cx: pos[i][0].toFixed(1), cy: pos[i][1].toFixed(1), r: radius(nd).toFixed(1) }),
      ]);
      dots.append(g);
      return g;
    });
    svg.append(dots);
    const ranked = nodes.map((nd, i) => ({ i, w: weight(nd), text: nd.name, x: pos[i][0], y: pos[i][1],
                                           r: radius(nd) }))
      .sort((x, y) => y.w - x.w);
    const labels = s("g", { class: "labels" });
    for (const it of placeLabels(ranked, W, H, top)) {
      const b = it.box;
      const x = b.anchor === "start" ? b.x + 2 : b.anchor === "end" ? b.x + b.w - 2 : b.x + b.w / 2;
      labels.append(s("text", { x: x.toFixed(1), y: (b.y + b.h / 2).toFixed(1), class: "node-label",
                                "text-anchor": b.anchor, "dominant-baseline": "central",
                                dataset: { node: it.i }, text: it.text }));
      groups[it.i].classList.add("labelled");
    }
    svg.append(labels);
    return svg;
  }

  focus(svg, i, on) {
    svg.classList.toggle("focusing", on);
    svg.querySelectorAll(".edges line").forEach((l) => {
      l.classList.toggle("near", on && (l.dataset.a === String(i) || l.dataset.b === String(i)));
    });
  }
}
