// The alerts panel: the service's recent alerts, then each new one from /stream on top.

import { getJSON } from "./api.js";
import { ago, clear, h } from "./dom.js";

const MAX = 100;

export class Alerts {
  constructor(root, { onOpen }) {
    this.root = root;
    this.onOpen = onOpen;
    this.list = h("ul", { class: "alert-list" });
  }

  async load() {
    const data = await getJSON("/alerts", { limit: 50 }).catch(() => null);
    clear(this.root).append(this.list);
    clear(this.list);
    for (const al of data?.alerts || []) this.list.append(this.render(al, false));
    this.empty();
  }

  empty() {
    const note = this.list.querySelector(".empty");
    const any = this.list.querySelector(".alert");
    if (!any && !note) this.list.append(h("li", { class: "empty muted", text: "No alerts. Rules are in the alerts YAML file." }));
    if (any && note) note.remove();
  }

  add(al) {
    this.list.prepend(this.render(al, true));
    const all = this.list.querySelectorAll(".alert");
    if (all.length > MAX) all[all.length - 1].remove();
    this.empty();
  }

  render(al, live) {
    const what = [al.type, al.modality, al.date].filter(Boolean).join(" · ");
    const sentence = al.evidence?.sentence || al.message || al.detail || "";
    return h("li", { class: `alert${live ? " live" : ""}`, dataset: { rule: al.rule || "" },
                     onclick: () => al.article_id && this.onOpen(al.article_id) }, [
      h("div", { class: "alert-head" }, [
        h("b", { text: al.rule || "alert" }), " ",
        h("span", { class: "muted", text: al.at ? ago(al.at) : "" }),
      ]),
      what ? h("div", { class: "alert-what", text: what }) : null,
      sentence ? h("div", { class: "alert-sentence muted",
                            text: sentence.length > 200 ? `${sentence.slice(0, 197)}…` : sentence }) : null,
    ]);
  }
}
