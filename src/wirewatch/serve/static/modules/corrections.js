// Analyst corrections in the article view: an "edit" button on each event card, entity chip
// and quote opens a small form (keyboard first: it takes focus, Enter saves, Escape closes;
// an entity's form also splits off the mentions reading one text as an entity of its own);
// saving PATCHes /events|entities|quotes/{id} with the fields that changed, and each active
// correction gets an "undo" button (DELETE /corrections/{id}). The view is then reloaded, so
// what is shown is what the store now holds. Corrections need an editor token (serve/roles.py),
// asked for once and kept in this browser's localStorage.

import { h } from "./dom.js";

const TOKEN_KEY = "wirewatch-token";
export const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
  "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
  "COERCE", "ASSAULT"];
const MODALITIES = ["occurred", "planned", "possible", "cancelled", "postponed", "denied",
  "negated", "hypothetical"];
const ENTITY_TYPES = ["PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"];

async function send(method, path, body) {
  const token = localStorage.getItem(TOKEN_KEY) || "";
  const res = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json",
               ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) {
    const why = data && data.detail ? (typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail)) : `HTTP ${res.status}`;
    const err = new Error(res.status === 401 ? "an editor token is needed" : why);
    err.status = res.status;
    throw err;
  }
  return data;
}

/** "Name (ISO)" text of an actor list, and back. */
function actorsText(list) {
  return (list || []).map((a) => (a.country ? `${a.name} (${a.country})` : a.name)).join("; ");
}

function parseActors(text) {
  return text.split(";").map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(.*?)\s*\(([A-Za-z]{3})\)$/.exec(s);
    return m ? { name: m[1], country: m[2].toUpperCase() } : { name: s };
  });
}

function field(label, input) {
  return h("label", { class: "corr-field" }, [h("span", { text: label }), input]);
}

function select(name, options, value) {
  return h("select", { name }, options.map((o) => h("option", { value: o, text: o || "—",
    ...(o === (value ?? "") ? { selected: true } : {}) })));
}

function text(name, value, placeholder = "") {
  return h("input", { type: "text", name, value: value ?? "", placeholder });
}

function check(name, value) {
  return h("input", { type: "checkbox", name, ...(value ? { checked: true } : {}) });
}

/** The form's fields for one kind: [label, input, read(form) -> value, original value]. */
function fieldsFor(kind, item, doc) {
  if (kind === "event") {
    return [
      ["type", select("type", EVENT_TYPES, item.type), (v) => v, item.type],
      ["modality", select("modality", MODALITIES, item.modality), (v) => v, item.modality],
      ["source", text("source", actorsText(item.source), "Name (ISO); …"), parseActors, actorsText(item.source)],
      ["target", text("target", actorsText(item.target), "Name (ISO); …"), parseActors, actorsText(item.target)],
      ["place", text("place", item.location?.name), (v) => (v ? { name: v } : null), item.location?.name ?? ""],
      ["date", text("date", item.date, "2024-05-06"), (v) => v || null, item.date ?? ""],
      ["not_event", check("not_event", item.not_event), (v) => v, !!item.not_event],
      ["background", check("background", item.background), (v) => v, !!item.background],
    ];
  }
  if (kind === "entity") {
    const others = (doc.entities || []).filter((e) => e.id !== item.id);
    return [
      ["country", text("country", item.country, "ISO-3"), (v) => v || null, item.country ?? ""],
      ["sector", text("sector", item.sector, "GOV, MIL, …"), (v) => v || null, item.sector ?? ""],
      ["type", select("type", ENTITY_TYPES, item.type), (v) => v, item.type],
      ["merge_into", h("select", { name: "merge_into" }, [h("option", { value: "", text: "—" }),
        ...others.map((e) => h("option", { value: e.id, text: e.name }))]), (v) => v, ""],
      ["not_actor", check("not_actor", item.not_actor), (v) => v, !!item.not_actor],
      // a split: the mentions reading one text become an entity of their own
      ["split_alias", select("split_alias", ["", ...new Set((item.mentions || []).map((m) => m.text))], ""),
       (v) => v, ""],
      ["split_name", text("split_name", "", "the new entity's name"), (v) => v, ""],
      ["split_type", select("split_type", ["", ...ENTITY_TYPES], ""), (v) => v, ""],
    ];
  }
  return [
    ["speaker", text("speaker", item.speaker), (v) => v || null, item.speaker ?? ""],
    ["speaker_country", text("speaker_country", item.speaker_country, "ISO-3"), (v) => v || null, item.speaker_country ?? ""],
    ["not_quote", check("not_quote", item.not_quote), (v) => v, !!item.not_quote],
  ];
}

function openForm(host, kind, id, item, doc, reload, opener) {
  host.querySelector(".corr-form")?.remove();
  const fields = fieldsFor(kind, item, doc);
  const message = h("p", { class: "corr-message", role: "status" });
  const needToken = !localStorage.getItem(TOKEN_KEY);
  const token = h("input", { type: "password", name: "token", autocomplete: "off",
                             placeholder: "editor token" });
  const form = h("form", { class: "corr-form", dataset: { kind, target: id },
                           "aria-label": `correct this ${kind}` }, [
    ...fields.map(([label, input]) => field(label, input)),
    field("reason", text("reason", "", "why (kept in the audit trail)")),
    needToken ? field("token", token) : null,
    h("div", { class: "corr-actions" }, [
      h("button", { type: "submit", class: "corr-save", text: "save" }),
      h("button", { type: "button", class: "corr-cancel", text: "cancel",
                    onclick: () => close() }),
    ]),
    message,
  ]);
  function close() {
    form.remove();
    opener?.focus();
  }
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(); }
  });
  form.addEventListener("click", (e) => e.stopPropagation());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {};
    for (const [label, input, read, original] of fields) {
      const raw = input.type === "checkbox" ? input.checked : input.value.trim();
      if (raw === original || (raw === "" && (original === null || original === undefined))) continue;
      body[label] = read(raw);
    }
    if ("split_alias" in body || "split_name" in body || "split_type" in body) {
      if (!body.split_alias) { message.textContent = "a split needs the text to split off"; return; }
      body.split = { alias: body.split_alias, name: body.split_name || body.split_alias,
                     type: body.split_type || item.type };
      delete body.split_alias; delete body.split_name; delete body.split_type;
    }
    const reason = form.elements.reason.value.trim();
    if (!Object.keys(body).length) { message.textContent = "nothing changed"; return; }
    if (reason) body.reason = reason;
    if (needToken && token.value.trim()) localStorage.setItem(TOKEN_KEY, token.value.trim());
    message.textContent = "saving…";
    try {
      await send("PATCH", `/${kind === "entity" ? "entities" : `${kind}s`}/${encodeURIComponent(id)}`, body);
    } catch (err) {
      if (err.status === 401) localStorage.removeItem(TOKEN_KEY);
      message.textContent = `not saved: ${err.message}`;
      return;
    }
    await reload({ kind, id });
  });
  host.append(form);
  form.querySelector("select, input")?.focus();
}

function undoButtons(doc, kind, id, reload) {
  const mine = (doc.corrections || []).filter((c) => c.kind === kind && c.target === id);
  if (!mine.length) return null;
  return h("ul", { class: "corr-list" }, mine.map((c) => h("li", { class: "corr-item",
    dataset: { correction: c.id } }, [
    h("span", { class: "corr-what",
                text: `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)} (${c.who})` }),
    h("button", { type: "button", class: "corr-undo", text: "undo",
                  "aria-label": `undo the correction of ${c.field}`,
                  onclick: async (e) => {
                    e.stopPropagation();
                    try {
                      await send("DELETE", `/corrections/${encodeURIComponent(c.id)}`);
                    } catch (err) {
                      e.target.textContent = `undo failed: ${err.message}`;
                      return;
                    }
                    await reload({ kind, id });
                  } }),
  ])));
}

function editButton(label, onOpen) {
  return h("button", { type: "button", class: "corr-edit", text: "edit", "aria-label": label,
                       onclick: (e) => { e.stopPropagation(); onOpen(e.currentTarget); } });
}

/** Add the edit controls to a rendered article view (`renderArticle`'s `root`). `reload` shows
 *  the article again and resolves when it is shown. */
export function attachCorrections(root, doc, reload) {
  const aid = doc.article?.id;
  const corrected = new Set((doc.corrections || []).map((c) => `${c.kind}:${c.target}`));
  (doc.events || []).forEach((ev, i) => {
    const card = root.querySelector(`.event-card[data-idx="${i}"]`);
    if (!card) return;
    const id = `${aid}:${i}`;
    if (ev.not_event) card.classList.add("not-event");
    if (corrected.has(`event:${id}`)) card.classList.add("corrected");
    card.append(editButton(`correct event ${i + 1} (${ev.type})`,
                           (btn) => openForm(card, "event", id, ev, doc, reload, btn)));
    const undo = undoButtons(doc, "event", id, reload);
    if (undo) card.append(undo);
  });
  root.querySelectorAll(".entity-chips .chip[data-entity]").forEach((chip) => {
    const ent = (doc.entities || []).find((e) => e.id === chip.dataset.entity);
    if (!ent) return;
    if (corrected.has(`entity:${ent.id}`)) chip.classList.add("corrected");
    chip.append(editButton(`correct entity ${ent.name}`,
                           (btn) => openForm(chip, "entity", ent.id, ent, doc, reload, btn)));
    const undo = undoButtons(doc, "entity", ent.id, reload);
    if (undo) chip.append(undo);
  });
  root.querySelectorAll(".quote-list li[data-quote]").forEach((li) => {
    const i = Number(li.dataset.quote);
    const q = (doc.quotes || [])[i];
    if (!q) return;
    const id = `${aid}:${i}`;
    if (corrected.has(`quote:${id}`)) li.classList.add("corrected");
    li.append(editButton(`correct quote ${i + 1}`,
                         (btn) => openForm(li, "quote", id, q, doc, reload, btn)));
    const undo = undoButtons(doc, "quote", id, reload);
    if (undo) li.append(undo);
  });
}

/** After a reload: focus the edit button of what was just corrected (keyboard users stay put). */
export function refocus(root, what) {
  if (!what) return;
  let host = null;
  if (what.kind === "event") host = root.querySelector(`.event-card[data-idx="${what.id.split(":").pop()}"]`);
  else if (what.kind === "entity") host = root.querySelector(`.chip[data-entity="${CSS.escape(what.id)}"]`);
  else host = root.querySelector(`.quote-list li[data-quote="${what.id.split(":").pop()}"]`);
  host?.querySelector(".corr-edit")?.focus();
}
