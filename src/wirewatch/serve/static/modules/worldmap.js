// World map of events by country (shaded) and by place (circles). Country shapes come from
// the npm packages world-atlas and topojson-client, copied into vendor/ by `make assets`;
// without them the map still shows the places on a graticule.

import { getJSON } from "./api.js";
import { clear, h, s } from "./dom.js";

const W = 640;
const H = 330;
const SCALE = W / (2 * 2.7353);  // x of the Natural Earth projection spans ±2.7353 at the equator

/** Natural Earth I projection (Šavrič et al. 2011): [lon, lat] degrees → SVG x, y. */
export function project([lon, lat]) {
  const l = (lon * Math.PI) / 180;
  const p = (lat * Math.PI) / 180;
  const p2 = p * p;
  const p4 = p2 * p2;
  const x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [W / 2 + x * SCALE, H / 2 - y * SCALE];
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

export class WorldMap {
  constructor(root) {
    this.root = root;
    this.shapes = undefined;
  }

  async load() {
    if (this.shapes === undefined) this.shapes = await loadShapes();
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
    clear(this.root);
    const svg = s("svg", { class: "map-svg", viewBox: `0 0 ${W} ${H}`, role: "img",
                           "aria-label": "events by country" });
    svg.append(s("defs", {}, [s("clipPath", { id: "map-clip" }, [s("path", { d: outline() })])]));
    svg.append(s("path", { d: outline(), class: "sphere" }));
    svg.append(s("path", { d: graticule(), class: "graticule" }));
    const max = Math.max(1, ...byCountry.values());
    if (this.shapes) {
      const g = s("g", { class: "countries", "clip-path": "url(#map-clip)" });
      for (const c of this.shapes) {
        const n = byCountry.get(c.iso3) || 0;
        const t = n ? 0.15 + 0.85 * Math.sqrt(n / max) : 0;
        g.append(s("path", { d: c.d, class: n ? "country has-events" : "country",
                             dataset: { iso3: c.iso3 || "", events: n },
                             style: n ? `fill: hsl(24 80% ${88 - 45 * t}%)` : null },
                   [s("title", { text: `${c.name}${c.iso3 ? ` (${c.iso3})` : ""}: ${n} events` })]));
      }
      svg.append(g);
    }
    const maxPlace = Math.max(1, ...places.map((p) => p.events || 0));
    const dots = s("g", { class: "places" });
    for (const p of places) {
      const [x, y] = project([p.lon, p.lat]);
      dots.append(s("circle", { cx: x.toFixed(1), cy: y.toFixed(1),
                                r: (2 + 8 * Math.sqrt((p.events || 0) / maxPlace)).toFixed(1),
                                class: "place" },
                    [s("title", { text: `${p.place || p.country}: ${p.events} events` })]));
    }
    svg.append(dots);
    this.root.append(svg);
    const top = [...byCountry.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    this.root.append(h("p", { class: "muted small map-note" }, [
      this.shapes ? "" : "Country shapes are not installed (run `make assets`); showing places only. ",
      top.length ? `Most events: ${top.map(([c, n]) => `${c} ${n}`).join(", ")}.` : "No located events yet.",
    ]));
  }
}
