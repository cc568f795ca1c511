// Annotated text: turns a string plus character spans (entities, event evidence, quotes,
// attributions, time expressions) into properly nested DOM, splitting a span where it crosses
// another's boundary. Offsets are the analysis document's, so nothing is re-matched by text.

import { h } from "./dom.js";

// Outer layers first: a sentence of evidence can hold a quote, which can hold an entity.
const LAYER = { event: 0, attribution: 1, quote: 2, timex: 3, entity: 4 };

function order(a, b) {
  return a.start - b.start || b.end - a.end || LAYER[a.kind] - LAYER[b.kind];
}

/**
 * Append `text[from:to]` to `parent`, wrapping the given spans
 * ({start, end, kind, make: () => Element}) in the elements they make.
 */
export function annotate(parent, text, spans, from = 0, to = text.length) {
  let todo = spans
    .map((sp) => ({ ...sp, start: Math.max(sp.start, from), end: Math.min(sp.end, to) }))
    .filter((sp) => sp.end > sp.start)
    .sort(order);
  let pos = from;
  while (todo.length) {
    let sp = todo.shift();
    if (sp.start < pos) {
      sp = { ...sp, start: pos };
      if (sp.end <= sp.start) continue;
      todo.push(sp);
      todo.sort(order);
      continue;
    }
    if (sp.start > pos) parent.append(text.slice(pos, sp.start));
    const node = sp.make();
    const inner = [];
    const rest = [];
    for (const other of todo) {
      if (other.start < sp.end) {
        inner.push(other);
        if (other.end > sp.end) rest.push({ ...other, start: sp.end });
      } else {
        rest.push(other);
      }
    }
    annotate(node, text, inner, sp.start, sp.end);
    parent.append(node);
    pos = sp.end;
    todo = rest.sort(order);
  }
  if (pos < to) parent.append(text.slice(pos, to));
  return parent;
}

/** Render text as paragraphs (split on blank lines) with spans clipped to each paragraph. */
export function annotateParagraphs(container, text, spans, headings = new Set()) {
  const re = /\n\s*\n/g;
  let start = 0;
  const parts = [];
  let m;
  while ((m = re.exec(text)) !== null) {
    parts.push([start, m.index]);
    start = m.index + m[0].length;
  }
  parts.push([start, text.length]);
  for (const [a, b] of parts) {
    if (b <= a) continue;
    const para = text.slice(a, b).trim();
    const node = headings.has(para) ? h("h4", { class: "section-heading" }) : h("p");
    container.append(annotate(node, text, spans, a, b));
  }
  return container;
}
