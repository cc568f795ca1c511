"""The annotations our components add to a spaCy `Doc` (the shared document object).

One `Doc` is one zone of one article (title, dek, a highlight, a caption, or the body). Each
component reads what earlier components left here and adds its own kind of annotation, using
the model dataclasses so assembly into an `Analysis` is a copy, not a translation.
Character offsets are `Doc` character offsets (for the body zone: offsets into `article.body`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from wirewatch.model import Entity

_EXTENSIONS: dict[str, object] = {
    # context, set by analyze() before the pipeline runs
    "ww_zone": "body",          # title | dek | highlight | caption | body
    "ww_zone_index": 0,         # which highlight / caption
    "ww_published": None,       # aware datetime at the article's own offset, or None
    "ww_kb": None,              # read-only knowledge-base snapshot (dict), see link/kb.py
    "ww_byline": None,          # (authors, outlet) of the article: the writer's own "I"/"we"
    # annotations, one per component
    "ww_entities": None,        # list[Entity] with mentions in this doc        (entities, actors)
    "ww_metonyms": None,        # list[(start, end, iso3)]: capitals standing for governments
    "ww_role_refs": None,       # unresolved role-only references, resolved article-wide
    "ww_timex": None,           # list[Timex]                                     (timex)
    "ww_coref": None,           # coref.Coref: chains of names, pronouns, descriptions (coref)
    "ww_quotes": None,          # list[Quote]                                     (quotes)
    "ww_attributions": None,    # list[Attribution]                               (attributions)
    "ww_events": None,          # list[Event]                                     (events)
    "ww_tone": None,            # Tone                                            (tone)
    "ww_sentence_tone": None,   # list[float], one per doc.sents                  (tone)
    "ww_keypoints": None,       # list[str]                                       (keypoints)
    "ww_tags": None,            # list[str]                                       (topics)
}


def register_extensions() -> None:
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per doc (kept in `doc.user_data`): spaCy joins every token's text
    on each access (~0.5 ms per 1,000 tokens), and components read it per mention. Safe to keep:
    no component changes a doc's text (retokenizing keeps it)."""
    text = doc.user_data.get("ww_text")
    if text is None:
        text = doc.user_data["ww_text"] = doc.text
    return text


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity one of whose mentions overlaps the character span [start, end) of `doc`."""
    best: tuple[int, Entity] | None = None
    for entity in doc._.ww_entities or []:
        for m in entity.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, entity)
    return best[1] if best else None


register_extensions()
