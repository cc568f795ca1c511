// The article view: every zone of one analysis document with its annotations in place, and
// the events, quotes and entities beside it.

import { getJSON } from "./api.js";
import { QUAD_LABEL, clear, dateInWords, h, intensityColor, publishedText, safeHref } from "./dom.js";
import { annotate, annotateParagraphs } from "./highlight.js";
import { attachCorrections, refocus } from "./corrections.js";

function actors(list) {
  const names = (list || []).map((a) => a.name || a.code || a.country).filter(Boolean);
  return names.length ? names.join(", ") : "—";
}

function clip(text, n) {
  return text.length > n ? `${text.slice(0, n - 1).trimEnd()}…` : text;
}

/** Where the article tells of an event: its mentions (one event, every sentence that reports
 *  it), else its evidence sentence (documents stored before events carried mentions). */
function mentionsOf(ev) {
  if (Array.isArray(ev.mentions) && ev.mentions.length) return ev.mentions;
  return ev.evidence && ev.evidence.start !== null && ev.evidence.start !== undefined
    ? [ev.evidence] : [];
}

function entityMark(ent, mention) {
  return () => h("mark", {
    class: `ent ent-${(ent.type || "X").toLowerCase()}`,
    title: `${ent.name} · ${ent.type || "entity"}${ent.country ? ` · ${ent.country}` : ""}`,
    dataset: { entity: ent.id ?? ent.name, type: ent.type || "" },
    text: null,
  }, []);
}

/** Spans for one zone ("title", "dek", "highlight"/i, "caption"/i, "body"). */
function entitySpans(doc, zone, index = 0) {
  const out = [];
  for (const ent of doc.entities || []) {
    for (const m of ent.mentions || []) {
      const mz = m.zone || "body";
      if (mz !== zone) continue;
      if ((zone === "highlight" || zone === "caption") && (m.zone_index ?? 0) !== index) continue;
      out.push({ start: m.start, end: m.end, kind: "entity", make: entityMark(ent, m) });
    }
  }
  return out;
}

function bodySpans(doc) {
  const spans = entitySpans(doc, "body");
  const byRange = new Map();
  (doc.events || []).forEach((ev, i) => {
    for (const m of mentionsOf(ev)) {
      if (m.start === null || m.end === null || m.start === undefined) continue;
      const key = `${m.start}:${m.end}`;
      if (!byRange.has(key)) byRange.set(key, { start: m.start, end: m.end, idx: [] });
      if (!byRange.get(key).idx.includes(i)) byRange.get(key).idx.push(i);
    }
  });
  for (const r of byRange.values()) {
    const evs = r.idx.map((i) => doc.events[i]);
    const label = evs.map((ev) => `${ev.type} ${actors(ev.source)} → ${actors(ev.target)}` +
      (ev.background ? " (background)" : "")).join("; ");
    spans.push({ start: r.start, end: r.end, kind: "event",
                 make: () => h("mark", { class: "ev", title: label,
                                        dataset: { events: r.idx.join(" "), start: r.start } }) });
  }
  for (const q of doc.quotes || []) {
    // a headline quote's offsets point into the title, not the body
    if (q.start === null || q.start === undefined || (q.zone && q.zone !== "body")) continue;
    spans.push({ start: q.start, end: q.end, kind: "quote",
                 make: () => h("mark", { class: "quote",
                                        title: `quote · ${q.speaker || "unattributed"}` }) });
  }
  for (const a of doc.attributions || []) {
    if (a.start === null || a.start === undefined) continue;
    spans.push({ start: a.start, end: a.end, kind: "attribution",
                 make: () => h("mark", { class: "attr",
                                        title: `attributed to ${a.outlet || "another outlet"}` }) });
  }
  for (const t of doc.timex || []) {
    if (t.start === null || t.start === undefined) continue;
    spans.push({ start: t.start, end: t.end, kind: "timex",
                 make: () => h("mark", { class: "timex", title: `date · ${dateInWords(t.value)} (${t.value})` }) });
  }
  return spans;
}

function focusEvent(root, i, mention = 0) {
  root.querySelectorAll(".ev.focus, .event-card.focus, .mention.focus")
    .forEach((n) => n.classList.remove("focus"));
  const card = root.querySelector(`.event-card[data-idx="${i}"]`);
  card?.classList.add("focus");
  const item = card?.querySelector(`.mention[data-mention="${mention}"]`);
  item?.classList.add("focus");
  // the marks of that one mention (a sentence can be split around other highlights)
  const marks = [...root.querySelectorAll("mark.ev[data-events]")]
    .filter((m) => m.dataset.events.split(" ").includes(String(i)));
  const start = marks.some((m) => m.dataset.start === item?.dataset.start) ? item.dataset.start
    : marks[0]?.dataset.start;
  const chosen = marks.filter((m) => m.dataset.start === start);
  chosen.forEach((m) => m.classList.add("focus"));
  chosen[0]?.scrollIntoView({ block: "center", behavior: "smooth" });
}

function focusEntity(root, id, on) {
  root.querySelectorAll(".ent").forEach((m) => {
    m.classList.toggle("focus", on && m.dataset.entity === String(id));
  });
}

function eventCard(root, ev, i, clusterId, onEvent) {
  const mentions = mentionsOf(ev);
  return h("li", { class: `event-card${ev.background ? " background" : ""}`,
                   dataset: { idx: i, mentions: mentions.length, background: ev.background ? "1" : "0" },
                   style: `border-left-color: ${intensityColor(ev.intensity)}`,
                   onclick: () => focusEvent(root, i) }, [
    h("div", { class: "event-head" }, [
      h("span", { class: "event-type", text: ev.type }),
      ev.mode ? h("span", { class: "muted", text: ` ${ev.mode}` }) : null,
      h("span", { class: `modality modality-${ev.modality || "none"}`, text: ev.modality || "" }),
      ev.background ? h("span", { class: "background-badge",
        title: "told as background: an earlier event the article recalls, not counted in the charts",
        text: "background" }) : null,
    ]),
    h("div", { class: "event-actors" }, [
      h("span", { class: "actor-source", text: actors(ev.source) }),
      " → ",
      h("span", { class: "actor-target", text: actors(ev.target) }),
    ]),
    h("div", { class: "event-meta muted" }, [
      h("span", { class: "event-date", title: ev.date || "", text: ev.date ? `date ${dateInWords(ev.date)}` : "undated" }),
      ev.location?.name ? ` · at ${ev.location.name}` : "",
      ev.quad ? ` · ${QUAD_LABEL[ev.quad] || ev.quad}` : "",
      ev.intensity !== null && ev.intensity !== undefined ? ` · ${ev.intensity}` : "",
    ]),
    mentions.length ? h("ol", { class: "mentions" }, mentions.map((m, k) => h("li", {
      class: "mention", dataset: { mention: k, start: m.start ?? "", end: m.end ?? "" },
      title: `${m.sentence || ""}\n(click to find it in the text)`,
      onclick: (e) => { e.stopPropagation(); focusEvent(root, i, k); },
    }, [clip(m.sentence || "", 160)]))) : null,
    h("div", { class: "mention-count muted", text: `${mentions.length} mention${mentions.length === 1 ? "" : "s"}` }),
    clusterId && onEvent ? h("button", { class: "open-cluster", type: "button",
      dataset: { cluster: clusterId }, text: "all reports of this event →",
      onclick: (e) => { e.stopPropagation(); onEvent(clusterId); } }) : null,
  ]);
}

/** Load and show one article in `root`. */
export async function showArticle(root, id, { focus = null, onEvent = null, onStory = null } = {}) {
  clear(root).append(h("p", { class: "muted", text: "Loading…" }));
  let doc;
  try {
    doc = await getJSON(`/articles/${encodeURIComponent(id)}`);
  } catch (err) {
    clear(root).append(h("p", { class: "error", text: `Could not load the article: ${err}` }));
    return;
  }
  if (!doc) {
    clear(root).append(h("p", { class: "error", text: "This article is not in the store." }));
    return;
  }
  renderArticle(root, doc, { onEvent, onStory });
  // analyst corrections (modules/corrections.js): edit controls; a save shows the article anew
  attachCorrections(root, doc, async (what) => {
    await showArticle(root, id, { onEvent, onStory });
    refocus(root, what);
  });
  if (focus !== null && focus !== undefined) focusEvent(root, Number(focus));
}

export function renderArticle(root, doc, { onEvent = null, onStory = null } = {}) {
  const a = doc.article || {};
  clear(root);
  root.dataset.article = a.id;
  delete root.dataset.story;
  delete root.dataset.cluster;
  const headings = new Set((a.sections || []).map((s) => s.heading).filter(Boolean));
  const text = h("div", { class: "article-text" });
  text.append(annotate(h("h2", { class: "article-title zone-title" }), a.title || "(untitled)",
                       entitySpans(doc, "title")));
  if (a.dek) text.append(annotate(h("p", { class: "dek zone-dek" }), a.dek, entitySpans(doc, "dek")));
  text.append(h("div", { class: "byline muted" }, [
    [a.outlet, (a.authors || []).join(", "), publishedText(a)]
      .filter(Boolean).join(" · "),
    safeHref(a.url) ? h("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", text: " source ↗" })
      : null,
  ]));
  if ((a.highlights || []).length) {
    text.append(h("ul", { class: "highlights zone-highlight" },
      a.highlights.map((hl, i) => annotate(h("li"), hl, entitySpans(doc, "highlight", i)))));
  }
  text.append(annotateParagraphs(h("div", { class: "body zone-body" }), a.body || "",
                                 bodySpans(doc), headings));
  (a.captions || []).forEach((c, i) => {
    text.append(h("figure", { class: "caption zone-caption" }, [
      annotate(h("figcaption"), c.text || "", entitySpans(doc, "caption", i)),
      c.credit ? h("span", { class: "muted", text: ` (${c.credit})` }) : null,
    ]));
  });

  const side = h("aside", { class: "article-side" });
  if (doc.story_id && onStory) {
    side.append(h("button", { class: "open-story", type: "button", text: "its story →",
                              onclick: () => onStory(doc.story_id) }));
  }
  const events = doc.events || [];
  const background = events.filter((ev) => ev.background).length;
  side.append(h("h3", { text: `Events (${events.length}${background ? `, ${background} background` : ""})` }));
  side.append(events.length ? h("ol", { class: "event-list" }, events.map((ev, i) => eventCard(root, ev, i, (doc.event_clusters || [])[i], onEvent)))
    : h("p", { class: "muted", text: "No events found." }));
  const quotes = doc.quotes || [];
  if (quotes.length) {
    side.append(h("h3", { text: `Quotes (${quotes.length})` }));
    side.append(h("ul", { class: "quote-list" }, quotes.map((q, i) => h("li", { dataset: { quote: i } }, [
      h("span", { class: "speaker", text: q.speaker || "unattributed" }), ": “", q.text, "”"]))));
  }
  const attrs = doc.attributions || [];
  if (attrs.length) {
    side.append(h("h3", { text: `Attributions (${attrs.length})` }));
    side.append(h("ul", { class: "attr-list" }, attrs.map((x) => h("li", {}, [
      h("b", { text: x.outlet || "?" }), `: ${x.claim || ""}`]))));
  }
  const ents = [...(doc.entities || [])].sort((x, y) => (y.mentions?.length || 0) - (x.mentions?.length || 0));
  side.append(h("h3", { text: `Entities (${ents.length})` }));
  side.append(h("ul", { class: "entity-chips" }, ents.map((e) => h("li", {
    class: `chip ent-${(e.type || "x").toLowerCase()}`, dataset: { entity: e.id ?? e.name }, title: [e.type, e.country, (e.roles || []).join(", ")].filter(Boolean).join(" · "),
    onmouseenter: () => focusEntity(root, e.id ?? e.name, true),
    onmouseleave: () => focusEntity(root, e.id ?? e.name, false),
  }, [e.name, h("span", { class: "count", text: ` ${e.mentions?.length || 0}` })]))));
  const tone = doc.tone;
  if (tone && tone.score !== undefined) {
    side.append(h("p", { class: "muted", text: `Tone ${Number(tone.score).toFixed(2)}` +
      (tone.conflict_share !== undefined ? ` · conflict share ${(100 * tone.conflict_share).toFixed(1)}%` : "") }));
  }
  side.append(h("p", { class: "legend" }, [
    h("mark", { class: "ent ent-person", text: "entity" }), " ",
    h("mark", { class: "ev", text: "event evidence" }), " ",
    h("mark", { class: "quote", text: "quote" }), " ",
    h("mark", { class: "attr", text: "attribution" }), " ",
    h("mark", { class: "timex", text: "date" }),
  ]));
  root.append(h("div", { class: "article-grid" }, [text, side]));
}
