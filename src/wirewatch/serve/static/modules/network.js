// The co-mention network: top entities as nodes, shared articles as weighted edges, laid out
// by a small force simulation run to rest before drawing (no animation, no library).

import { getJSON } from "./api.js";
import { clear, h, s } from "./dom.js";

const W = 560;
const H = 380;

/** Positions for nodes given edges [{a, b, w}] (indices); deterministic start on a circle. */
export function layout(n, edges, iterations = 300) {
  const pos = Array.from({ length: n }, (_, i) => {
    const ang = (2 * Math.PI * i) / Math.max(1, n);
    const r = 0.35 * Math.min(W, H) * (0.6 + 0.4 * ((i * 7) % 5) / 4);
    return [W / 2 + r * Math.cos(ang), H / 2 + r * Math.sin(ang)];
  });
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.55;
  const maxW = Math.max(1, ...edges.map((e) => e.w));
  for (let it = 0; it < iterations; it++) {
    const temp = 12 * (1 - it / iterations) + 0.5;
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
  const xs = pos.map((p) => p[0]);
  const ys = pos.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return pos.map(([x, y]) => [
    x1 > x0 ? 30 + ((x - x0) / (x1 - x0)) * (W - 110) : W / 2,
    y1 > y0 ? 20 + ((y - y0) / (y1 - y0)) * (H - 40) : H / 2,
  ]);
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
    clear(this.root);
    if (!nodes.length) {
      this.root.append(h("p", { class: "empty muted", text: "No entities yet." }));
      return;
    }
    const pos = layout(nodes.length, edges);
    const weight = (nd) => nd.w ?? nd.weight ?? nd.articles ?? 1;
    const maxN = Math.max(1, ...nodes.map(weight));
    const maxE = Math.max(1, ...edges.map((e) => e.w));
    const svg = s("svg", { class: "graph-svg", viewBox: `0 0 ${W} ${H}`, role: "img",
                           "aria-label": "co-mention network" });
    const lines = s("g", { class: "edges" });
    for (const e of edges) {
      lines.append(s("line", { x1: pos[e.a][0].toFixed(1), y1: pos[e.a][1].toFixed(1),
                               x2: pos[e.b][0].toFixed(1), y2: pos[e.b][1].toFixed(1),
                               "stroke-width": (0.5 + 3 * (e.w / maxE)).toFixed(2),
                               dataset: { a: e.a, b: e.b } },
                     [s("title", { text: `${nodes[e.a].name} — ${nodes[e.b].name}: ${e.w} articles` })]));
    }
    svg.append(lines);
    const ranked = nodes.map((nd, i) => [weight(nd), i]).sort((x, y) => y[0] - x[0]);
    const labelled = new Set(ranked.slice(0, 18).map(([, i]) => i));
    const dots = s("g", { class: "nodes" });
    nodes.forEach((nd, i) => {
      const g = s("g", { class: `node type-${(nd.type || "x").toLowerCase()}`, tabindex: 0,
                         dataset: { name: nd.name },
                         onmouseenter: () => this.focus(svg, i, true),
                         onmouseleave: () => this.focus(svg, i, false),
                         onclick: () => this.onPick?.(nd.name) }, [
        s("title", { text: `${nd.name} (${nd.type || "entity"}): ${weight(nd)} articles` }),
        s("circle", { cx: pos[i][0].toFixed(1), cy: pos[i][1].toFixed(1),
                      r: (3 + 9 * Math.sqrt(weight(nd) / maxN)).toFixed(1) }),
      ]);
      if (labelled.has(i)) {
        g.append(s("text", { x: (pos[i][0] + 6).toFixed(1), y: (pos[i][1] - 6).toFixed(1), text: nd.name }));
      }
      dots.append(g);
    });
    svg.append(dots);
    this.root.append(svg);
  }

  focus(svg, i, on) {
    svg.classList.toggle("focusing", on);
    svg.querySelectorAll(".edges line").forEach((l) => {
      l.classList.toggle("near", on && (l.dataset.a === String(i) || l.dataset.b === String(i)));
    });
  }
}
