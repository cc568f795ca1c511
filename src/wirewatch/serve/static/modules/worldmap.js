// World map of events by country (shaded) and by place (circles). Country shapes come from
// the npm packages world-atlas and topojson-client, copied into vendor/ by `make assets`;
// without them the map still shows the places on a graticule. Drawn at the panel's size, with
// a legend for the shading and the circles and the busiest countries by name.

import { getJSON } from "./api.js";
import { countryLabel, frame, loadCountryNames, textWidth, watchSize } from "./chart.js";
import { clear, h, s } from "./dom.js";

const MAP_W = 640;  // the world's own frame; each drawing scales it to fit the panel
const MAP_H = 330;
const SOUTH = 58;  // degrees south where the drawn map ends
const SCALE = MAP_W / (2 * 2.7353);  // x of the Natural Earth projection spans ±2.7353 at the equator

/** Natural Earth I projection (Šavrič et al. 2011): [lon, lat] degrees → x, y in a
 *  MAP_W × MAP_H frame. */
export function project([lon, lat]) {
  const l = (lon * Math.PI) / 180;
  const p = (lat * Math.PI) / 180;
  const p2 = p * p;
  const p4 = p2 * p2;
  const x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [MAP_W / 2 + x * SCALE, MAP_H / 2 - y * SCALE];
}

function ringPath(ring) {
  // keep longitudes continuous across the antimeridian; the clip path trims the overhang
  let prev = null;
  let shift = 0;
  const pts = ring.map(([lon, lat]) => {
    if (prev !== null) {
      if (lon - prev > 180) shift -= 360;
      else if (prev - lon > 180) shift += 360;
    }
    prev = lon;
    return project([Math.max(-200, Math.min(200, lon + shift)), lat]);
  });
  return `M${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join("L")}Z`;
}

function geometryPath(geom) {
  if (!geom) return "";
  const polys = geom.type === "Polygon" ? [geom.coordinates]
    : geom.type === "MultiPolygon" ? geom.coordinates : [];
  return polys.flatMap((poly) => poly.map(ringPath)).join("");
}

function outline() {
  const edge = [];
  for (let lat = -90; lat <= 90; lat += 5) edge.push(project([180, lat]));
  for (let lat = 90; lat >= -90; lat -= 5) edge.push(project([-180, lat]));
  return `M${edge.map((p) => p.join(",")).join("L")}Z`;
}

function graticule() {
  let d = "";
  for (let lon = -180; lon <= 180; lon += 30) {
    const pts = [];
    for (let lat = -90; lat <= 90; lat += 5) pts.push(project([lon, lat]));
    d += `M${pts.map((p) => p.join(",")).join("L")}`;
  }
  for (let lat = -60; lat <= 60; lat += 30) {
    const pts = [];
    for (let lon = -180; lon <= 180; lon += 5) pts.push(project([lon, lat]));
    d += `M${pts.map((p) => p.join(",")).join("L")}`;
  }
  return d;
}

async function loadShapes() {
  try {
    const [topojson, topo, codes] = await Promise.all([
      import("/static/vendor/topojson-client/index.js"),
      fetch("/static/vendor/countries-110m.json").then((r) => (r.ok ? r.json() : Promise.reject(r.status))),
      fetch("/static/vendor/iso-numeric.json").then((r) => (r.ok ? r.json() : Promise.reject(r.status))),
    ]);
    const fc = topojson.feature(topo, topo.objects.countries);
    return fc.features
      .filter((f) => f.id !== "010")  // Antarctica: no events, and it wraps the whole map
      .map((f) => ({ iso3: codes[f.id] || codes[f.properties?.name] || null,
                     name: f.properties?.name || "", d: geometryPath(f.geometry) }));
  } catch {
    return null;
  }
}

/** The colour of a country with `n` of `max` events (0: no fill class). */
function shade(n, max) {
  const t = 0.15 + 0.85 * Math.sqrt(n / Math.max(1, max));
  return `hsl(24 80% ${88 - 45 * t}%)`;
}

export class WorldMap {
  constructor(root) {
    this.root = root;
    this.shapes = undefined;
    this.names = new Map();
  }

  async load() {
    if (this.shapes === undefined) this.shapes = await loadShapes();
    this.names = await loadCountryNames();
    const data = await getJSON("/geo", { limit: 1000 }).catch(() => null);
    const places = (data?.places || []).filter((p) => p.lat !== null && p.lon !== null);
    const byCountry = new Map();
    for (const p of data?.places || []) {
      if (p.country) byCountry.set(p.country, (byCountry.get(p.country) || 0) + (p.events || 0));
    }
    for (const c of data?.countries || []) {  // per-country totals, where the server has them
      if (c.country && c.events) byCountry.set(c.country, c.events);
    }
    this.render(places, byCountry);
  }

  render(places, byCountry) {
    this.stopWatch?.();
    clear(this.root);
    const area = h("div", { class: "map-chart chart-area" });
    this.root.append(area);
    const top = [...byCountry.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    if (!this.shapes || !top.length) {
      this.root.append(h("p", { class: "muted small map-note" }, [
        this.shapes ? "" : "Country shapes are not installed (run `make assets`); showing places only. ",
        top.length ? "" : "No located events yet.",
      ]));
    }
    this.stopWatch = watchSize(area, (w, hgt) => clear(area).append(this.svg(places, byCountry, top, w, hgt)));
  }

  /** The map at W × H px: the world fitted to the space left of (or above) its legend, which
   *  explains the shading and the circles and names the busiest countries. */
  svg(places, byCountry, top, W, H) {
    const svg = frame("map-svg", W, H, "events by country and by place");
    const side = W >= 700;
    const legendW = side ? Math.min(300, Math.max(220, 0.24 * W)) : W;
    const legendH = side ? H : 70;
    const boxW = side ? W - legendW - 8 : W;
    const boxH = side ? H : H - legendH;
    // the world from the pole to 58° S (no events south of it): more map in a wide panel
    const [yTop, yBottom] = [project([0, 90])[1], project([0, -SOUTH])[1]];
    const k = Math.min(boxW / MAP_W, boxH / (yBottom - yTop));
    // map and side legend centred together; a strip legend sits under the map
    const ox = side ? Math.max(0, (W - MAP_W * k - 8 - legendW) / 2) : (boxW - MAP_W * k) / 2;
    const oy = (boxH - (yBottom - yTop) * k) / 2 - yTop * k;
    const legendX = side ? Math.min(W - legendW, ox + MAP_W * k + 8) : 0;
    const at = (lon, lat) => { const [x, y] = project([lon, lat]); return [ox + x * k, oy + y * k]; };
    const world = s("g", { class: "world", transform: `translate(${ox.toFixed(1)},${oy.toFixed(1)}) scale(${k.toFixed(4)})` });
    world.append(s("defs", {}, [
      s("clipPath", { id: "map-clip" }, [s("path", { d: outline() })]),
      s("clipPath", { id: "map-crop" }, [s("rect", { x: -1, y: yTop - 1, width: MAP_W + 2,
                                                     height: yBottom - yTop + 1 })]),
    ]));
    const shown = s("g", { class: "world-shown", "clip-path": "url(#map-crop)" });
    world.append(shown);
    shown.append(s("path", { d: outline(), class: "sphere" }));
    shown.append(s("path", { d: graticule(), class: "graticule" }));
    const max = Math.max(1, ...byCountry.values());
    if (this.shapes) {
      const g = s("g", { class: "countries", "clip-path": "url(#map-clip)" });
      for (const c of this.shapes) {
        const n = byCountry.get(c.iso3) || 0;
        const name = (c.iso3 && this.names.get(c.iso3)) || c.name;
        g.append(s("path", { d: c.d, class: n ? "country has-events" : "country",
                             dataset: { iso3: c.iso3 || "", events: n },
                             style: n ? `fill: ${shade(n, max)}` : null },
                   [s("title", { text: `${name}${c.iso3 ? ` (${c.iso3})` : ""}: ${n} events` })]));
      }
      shown.append(g);
    }
    svg.append(world);
    const maxPlace = Math.max(1, ...places.map((p) => p.events || 0));
    const r = (n) => 3 + 9 * Math.sqrt((n || 0) / maxPlace);
    const dots = s("g", { class: "places" });
    for (const p of places) {
      const [x, y] = at(p.lon, p.lat);
      const where = p.place && p.place !== this.names.get(p.country)
        ? `${p.place}, ${countryLabel(p.country, this.names)}` : countryLabel(p.country, this.names);
      dots.append(s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r(p.events).toFixed(1),
                                class: "place" },
                    [s("title", { text: `${where}: ${p.events} events` })]));
    }
    svg.append(dots);
    svg.append(this.legend(legendX, side ? 4 : H - legendH + 4, legendW, legendH,
                           max, maxPlace, r, top, side));
    return svg;
  }

  legend(x, y, w, hgt, max, maxPlace, r, top, side) {
    const g = s("g", { class: "map-legend", transform: `translate(${x},${y})` });
    const steps = [...new Set([1, Math.round(max / 4), Math.round(max / 2), Math.round((3 * max) / 4), max]
      .filter((n) => n >= 1))].sort((a, b) => a - b);
    let cy = 0;
    g.append(s("text", { x: 0, y: cy + 12, class: "legend-title", text: "Events in the country" }));
    cy += 20;
    steps.forEach((n, i) => {
      g.append(s("rect", { x: i * 40, y: cy, width: 38, height: 12, fill: shade(n, max),
                           class: "ramp-step" }));
      g.append(s("text", { x: i * 40 + 19, y: cy + 26, "text-anchor": "middle",
                           class: "legend-label", text: String(n) }));
    });
    const rampW = steps.length * 40 + 12;
    // circle sizes: beside the ramp when the legend is a strip, below it in a side column
    let px = side ? 0 : rampW + 16;
    let py = side ? cy + 44 : 0;
    g.append(s("text", { x: px, y: py + 12, class: "legend-title", text: "Events at a place" }));
    py += 20;
    const sizes = [...new Set([1, maxPlace])];
    for (const n of sizes) {
      const rr = r(n);
      g.append(s("circle", { cx: px + rr, cy: py + 12, r: rr.toFixed(1), class: "place" }));
      g.append(s("text", { x: px + 2 * rr + 4, y: py + 12, "dominant-baseline": "central",
                           class: "legend-label", text: String(n) }));
      px += 2 * rr + 4 + textWidth(String(n)) + 14;
    }
    const list = s("g", { class: "top-countries" });
    if (side) {
      let ly = py + 44;
      list.append(s("text", { x: 0, y: ly, class: "legend-title", text: "Most events" }));
      for (const [code, n] of top) {
        ly += 18;
        if (ly > hgt - 8) break;
        list.append(s("text", { x: 0, y: ly, class: "legend-label top-country", dataset: { iso3: code },
                                text: `${countryLabel(code, this.names)}: ${n}` }));
      }
    } else if (top.length) {
      let text = "Most events:";
      for (const [code, n] of top) {
        const next = `${text} ${countryLabel(code, this.names)} ${n},`;
        if (textWidth(next) > w - 8) break;
        text = next;
      }
      list.append(s("text", { x: 0, y: 60, class: "legend-label top-country", text: text.replace(/,$/, "") }));
    }
    g.append(list);
    return g;
  }
}
