// Storylines (stories that continue one another over weeks): the panel list and the storyline
// view, which lays its stories out on a timeline (one bar per story, first seen → last seen).

import { getJSON } from "./api.js";
import { ago, clear, h } from "./dom.js";

const DAY = 86400000;

function day(v) {
  return v ? String(v).slice(0, 10) : "";
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The storylines panel: storylines of two or more stories, most recently active first. */
export class Storylines {
  constructor(root, { onOpen } = {}) {
    this.root = root;
    this.onOpen = onOpen;
    this.pending = null;
  }

  async load() {
    const data = await getJSON("/storylines", { limit: 10 });
    const items = data?.storylines || [];
    clear(this.root);
    if (!items.length) {
      this.root.append(h("p", { class: "empty muted",
        text: "No storylines yet: a storyline appears when a later story continues an earlier one." }));
      return;
    }
    this.root.append(h("ol", { class: "story-list storyline-list" }, items.map((l) => h("li", {
      class: "story-item storyline-item", dataset: { id: l.id, stories: l.num_stories },
      onclick: () => this.onOpen?.(l.id),
    }, [
      h("span", { class: "story-title", text: l.title || "(untitled storyline)" }),
      h("span", { class: "story-meta muted" }, [
        h("span", { class: "storyline-stories", text: plural(l.num_stories, "story") }),
        ` · ${plural(l.num_articles, "article")} · ${day(l.first_seen)} → ${ago(l.last_seen)}`,
      ]),
    ]))));
  }

  refreshSoon(delay = 5000) {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.load().catch(() => {});
    }, delay);
  }
}

/** One storyline in `root`: its actors and its stories on a timeline. */
export async function showStoryline(root, id, { onStory }) {
  clear(root).append(h("p", { class: "muted", text: "Loading…" }));
  const line = await getJSON(`/storylines/${encodeURIComponent(id)}`).catch(() => null);
  clear(root);
  if (!line) {
    root.append(h("p", { class: "error", text: "This storyline is not in the store." }));
    return;
  }
  root.dataset.storyline = line.id;
  delete root.dataset.article;
  delete root.dataset.story;
  delete root.dataset.cluster;
  const stories = line.stories || [];
  const t0 = Date.parse(line.first_seen);
  // at least a day wide, so a storyline of one day still shows bars of some length
  const span = Math.max(Date.parse(line.last_seen) - t0, DAY);
  const pct = (v) => `${(100 * (Date.parse(v) - t0)) / span}%`;
  root.append(h("div", { class: "storyline-view" }, [
    h("p", { class: "view-kind muted", text: "Storyline" }),
    h("h2", { class: "story-title", text: line.title || "(untitled storyline)" }),
    h("p", { class: "muted", text: `${plural(line.num_stories, "story")} · `
      + `${plural(line.num_articles, "article")} · ${plural(line.num_sources, "source")} · `
      + `${day(line.first_seen)} → ${day(line.last_seen)}` }),
    (line.actors || []).length
      ? h("p", { class: "storyline-actors" }, [h("b", { text: "Actors: " }), line.actors.join(", ")])
      : null,
    h("ol", { class: "storyline-timeline", style: "list-style:none;padding:0" }, stories.map((st) => {
      const left = pct(st.first_seen);
      const width = `max(4px, calc(${pct(st.last_seen)} - ${left}))`;
      return h("li", {
        class: "timeline-story", dataset: { id: st.id, articles: st.num_articles },
        style: "cursor:pointer;margin:0 0 .6em", onclick: () => onStory(st.id),
      }, [
        h("div", { class: "timeline-track",
          style: "position:relative;height:6px;background:rgba(127,127,127,.15);border-radius:3px" }, [
          h("span", { class: "timeline-bar",
            style: `position:absolute;left:${left};width:${width};top:0;bottom:0;`
              + "background:currentColor;border-radius:3px;opacity:.7" }),
        ]),
        h("span", { class: "muted", text: `${day(st.first_seen)} · ${plural(st.num_articles, "article")} · ` }),
        h("span", { class: "link", text: st.title || st.id }),
      ]);
    })),
  ]));
}
