// Stories (articles about one happening across outlets) and merged events (one real-world
// event, all its reports): the panel list, the story view and the event view.

import { getJSON } from "./api.js";
import { ago, clear, dateInWords, h } from "./dom.js";

function actorNames(list) {
  const names = (list || []).map((a) => (typeof a === "string" ? a : a.name || a.code || a.country))
    .filter(Boolean);
  return names.length ? names.join(", ") : "—";
}

/** A story's first or last report, in words ("22 Sep 2025 16:30 UTC"). */
function when(v) {
  return v ? `${dateInWords(String(v).slice(0, 16))} UTC` : "";
}

/** The stories panel: current stories, reloaded at most every few seconds while articles stream in. */
export class Stories {
  constructor(root, { onOpen } = {}) {
    this.root = root;
    this.onOpen = onOpen;
    this.pending = null;
  }

  async load() {
    const data = await getJSON("/stories", { limit: 20 });
    const items = data?.stories || [];
    clear(this.root);
    if (!items.length) {
      this.root.append(h("p", { class: "empty muted",
        text: "No stories yet: a story appears when two articles report the same happening." }));
      return;
    }
    this.root.append(h("ol", { class: "story-list" }, items.map((st) => h("li", {
      class: "story-item", dataset: { id: st.id, articles: st.num_articles },
      onclick: () => this.onOpen?.(st.id),
    }, [
      h("span", { class: "story-title", text: st.title || "(untitled story)" }),
      h("span", { class: "story-meta muted" }, [
        h("span", { class: "story-articles", text: `${st.num_articles} articles` }),
        ` · ${st.num_outlets} outlet${st.num_outlets === 1 ? "" : "s"}`,
        ` · ${when(st.first_seen)} → ${ago(st.last_seen)}`,
      ]),
    ]))));
  }

  refreshSoon(delay = 3000) {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.load().catch(() => {});
    }, delay);
  }
}

/** One story in `root`: title, key points, its articles with outlets, its merged events. */
export async function showStory(root, id, { onArticle, onEvent, onStoryline }) {
  clear(root).append(h("p", { class: "muted", text: "Loading…" }));
  const st = await getJSON(`/stories/${encodeURIComponent(id)}`).catch(() => null);
  clear(root);
  if (!st) {
    root.append(h("p", { class: "error", text: "This story is not in the store." }));
    return;
  }
  root.dataset.story = st.id;
  delete root.dataset.article;
  delete root.dataset.cluster;
  delete root.dataset.storyline;
  const arts = st.articles || [];
  const evs = st.events || [];
  root.append(h("div", { class: "story-view" }, [
    h("p", { class: "view-kind muted", text: "Story" }),
    h("h2", { class: "story-title", text: st.title || "(untitled story)" }),
    h("p", { class: "muted", text: `${st.num_articles} articles · ${st.num_outlets} outlets · `
      + `first seen ${when(st.first_seen)} · last seen ${when(st.last_seen)}` }),
    st.storyline_id && st.storyline_stories > 1 && onStoryline ? h("p", {}, [h("span", {
      class: "link storyline-link", text: `One of ${st.storyline_stories} stories of a storyline →`,
      onclick: () => onStoryline(st.storyline_id) })]) : null,
    (st.keypoints || []).length
      ? h("ul", { class: "keypoints" }, st.keypoints.map((k) => h("li", { text: k }))) : null,
    h("h3", { text: `Articles (${arts.length})` }),
    h("ol", { class: "story-articles" }, arts.map((a) => h("li", {
      class: "story-article", dataset: { id: a.id }, onclick: () => onArticle(a.id) }, [
      h("b", { text: a.outlet || "?" }), ` · ${when(a.published_at || a.seen_at)} · `,
      h("span", { class: "link", text: a.title || a.id }),
      a.duplicate_of ? h("span", { class: "muted", text: " (copy)" }) : null,
    ]))),
    h("h3", { text: `Merged events (${evs.length})` }),
    evs.length ? h("ol", { class: "event-list" }, evs.map((ev) => h("li", {
      class: "cluster-item", dataset: { id: ev.id, reports: ev.num_articles }, onclick: () => onEvent(ev.id) }, [
      h("span", { class: "event-type", text: ev.type }), " ",
      `${actorNames(ev.source)} → ${actorNames(ev.target)} `,
      h("span", { class: `modality modality-${ev.modality || "none"}`, text: ev.modality || "" }),
      h("span", { class: "muted", text: ` · ${ev.num_articles} article${ev.num_articles === 1 ? "" : "s"}, `
        + `${ev.num_sources} source${ev.num_sources === 1 ? "" : "s"}` }),
    ]))) : h("p", { class: "muted", text: "No events." }),
  ]));
}

/** One merged event in `root`: type, actors, modality and its history, every report. */
export async function showEvent(root, id, { onReport }) {
  clear(root).append(h("p", { class: "muted", text: "Loading…" }));
  const ev = await getJSON(`/event-clusters/${encodeURIComponent(id)}`).catch(() => null);
  clear(root);
  if (!ev) {
    root.append(h("p", { class: "error", text: "This event is not in the store." }));
    return;
  }
  root.dataset.cluster = ev.id;
  delete root.dataset.article;
  delete root.dataset.story;
  const hist = ev.modality_history || [];
  const reports = ev.reports || [];
  root.append(h("div", { class: "event-view" }, [
    h("p", { class: "view-kind muted", text: "Merged event" }),
    h("h2", {}, [h("span", { class: "event-type", text: ev.type }),
                 ev.mode ? h("span", { class: "muted", text: ` ${ev.mode}` }) : null]),
    h("div", { class: "event-actors" }, [
      h("span", { class: "actor-source", text: actorNames(ev.source) }), " → ",
      h("span", { class: "actor-target", text: actorNames(ev.target) }),
      ev.location_name ? ` · at ${ev.location_name}` : "",
      ` · ${dateInWords(ev.date)}`,
    ]),
    h("p", {}, ["Now ", h("span", { class: `modality modality-${ev.modality || "none"}`,
                                    text: ev.modality || "?" })]),
    h("ol", { class: "modality-history" }, hist.map((m) => h("li", {
      class: "history-step", dataset: { modality: m.modality } }, [
      h("span", { class: `modality modality-${m.modality || "none"}`, text: m.modality }),
      h("span", { class: "muted", text: ` ${when(m.at)}` }),
    ]))),
    h("p", { class: "muted event-counts" }, [
      h("span", { class: "num-articles", text: `${ev.num_articles} articles` }), " · ",
      h("span", { class: "num-sources", text: `${ev.num_sources} sources` }),
      ` · first reported ${when(ev.first_reported)}`,
    ]),
    h("h3", { text: `Reports (${reports.length})` }),
    h("ol", { class: "report-list" }, reports.map((r) => h("li", {
      class: "report", dataset: { article: r.article_id, idx: r.idx },
      onclick: () => onReport(r.article_id, r.idx) }, [
      h("b", { text: r.outlet || "?" }), ` · ${when(r.reported_at)} · `,
      h("span", { class: `modality modality-${r.modality || "none"}`, text: r.modality || "" }),
      " ", h("span", { class: "link", text: r.title || r.article_id }),
      r.evidence_sentence ? h("blockquote", { class: "evidence", text: r.evidence_sentence }) : null,
    ]))),
  ]));
}
