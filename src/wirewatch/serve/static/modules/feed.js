// The live feed: stored articles newest arrival first (publication order as an option), live
// ones added as the stream reports them: on top by arrival, at their place by publication.

import { getJSON } from "./api.js";
import { ago, clear, h, publishedText } from "./dom.js";

const MAX_ITEMS = 200;
const KEYPOINT_FETCHES = 12;  // detail look-ups to fill key points of the initial page

export class Feed {
  constructor(list, { onOpen, onCount }) {
    this.list = list;
    this.onOpen = onOpen;
    this.onCount = onCount;
    this.items = new Map();
    this.query = "";
    this.order = "arrival";
  }

  /** "arrival" (newest stored first, the default) or "published" (newest publication first,
   *  undated last). */
  setOrder(order) {
    this.order = order === "published" ? "published" : "arrival";
    this.list.dataset.order = this.order;
    return this.load(this.query);
  }

  async load(query = "") {
    this.query = query;
    this.list.dataset.order = this.order;
    const data = await getJSON("/articles", { limit: 50, q: query || null, order: this.order });
    const articles = data?.articles || [];
    clear(this.list);
    this.items.clear();
    for (const a of articles) this.list.append(this.render(a, false));
    this.empty();
    this.fillKeypoints(articles.filter((a) => !a.keypoints).slice(0, KEYPOINT_FETCHES));
    return articles.length;
  }

  empty() {
    const note = this.list.querySelector(".empty");
    if (this.items.size === 0 && !note) {
      this.list.append(h("li", { class: "empty muted", text: this.query
        ? `No stored article matches “${this.query}”.`
        : "No articles yet. Post one to /articles or wait for the feeds; it shows up here as soon as it is stored." }));
    } else if (this.items.size && note) {
      note.remove();
    }
  }

  /** An article announced on /stream. */
  add(a) {
    if (this.query) {
      const hay = `${a.title || ""} ${(a.keypoints || []).join(" ")}`.toLowerCase();
      if (!hay.includes(this.query.toLowerCase())) return;
    }
    const old = this.items.get(a.id);
    const node = this.render(a, true);
    if (old) old.remove();
    if (this.order === "arrival") {
      this.list.prepend(node);
    } else {  // at its place by publication; undated ones last
      const t = Date.parse(a.published_at ?? "");
      const next = Number.isNaN(t) ? null : [...this.list.querySelectorAll(".feed-item")]
        .find((n) => n !== node && (n.dataset.published === "" || Number(n.dataset.published) <= t));
      if (next) next.before(node);
      else this.list.append(node);
    }
    this.items.set(a.id, node);
    while (this.items.size > MAX_ITEMS) {
      const last = this.list.querySelector(".feed-item:last-of-type");
      if (!last) break;
      this.items.delete(last.dataset.id);
      last.remove();
    }
    this.empty();
  }

  render(a, live) {
    // an undated article says so (never the time we fetched it as if it were published)
    const received = a.ingested_at || a.fetched_at;
    const age = a.published_at ? Date.now() - Date.parse(a.published_at) : NaN;
    const when = !a.published_at ? `undated${received ? ` · received ${ago(received)}` : ""}`
      : age >= 0 && age < 86400000 ? ago(a.published_at) : publishedText(a);
    const published = Date.parse(a.published_at ?? "");
    const node = h("li", { class: `feed-item${live ? " live" : ""}`,
                           dataset: { id: a.id, published: Number.isNaN(published) ? "" : published,
                                      ingested: a.ingested_at || "" },
                           tabindex: 0, role: "button",
                           onclick: () => this.select(a.id),
                           onkeydown: (e) => { if (e.key === "Enter") this.select(a.id); } }, [
      h("div", { class: "feed-title", text: a.title || "(untitled)" }),
      h("div", { class: "feed-meta muted" }, [
        [a.outlet, when].filter(Boolean).join(" · "),
        live ? h("span", { class: "badge-new", text: "new" }) : null,
      ]),
      this.keypoints(a.keypoints),
      h("ul", { class: "tags" }, (a.tags || []).slice(0, 6).map((t) => h("li", { class: "tag", text: t }))),
    ]);
    this.items.set(a.id, node);
    return node;
  }

  keypoints(points) {
    if (!points || !points.length) return h("ul", { class: "keypoints" });
    return h("ul", { class: "keypoints" }, points.slice(0, 2).map((p) => h("li", {
      text: p.length > 180 ? `${p.slice(0, 177)}…` : p })));
  }

  async fillKeypoints(articles) {
    // The listing carries no key points; the detail does. A few at a time, never blocking.
    const queue = [...articles];
    const worker = async () => {
      while (queue.length) {
        const a = queue.shift();
        try {
          const doc = await getJSON(`/articles/${encodeURIComponent(a.id)}`);
          const node = this.items.get(a.id);
          if (!doc || !node) continue;
          node.querySelector(".keypoints").replaceWith(this.keypoints(doc.keypoints));
          const tags = doc.tags?.length ? doc.tags : a.tags;
          node.querySelector(".tags").replaceWith(h("ul", { class: "tags" },
            (tags || []).slice(0, 6).map((t) => h("li", { class: "tag", text: t }))));
        } catch {
          /* a missing detail only leaves the key points empty */
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  }

  select(id) {
    this.list.querySelectorAll(".feed-item.selected").forEach((n) => n.classList.remove("selected"));
    this.items.get(id)?.classList.add("selected");
    this.onOpen(id);
  }
}
