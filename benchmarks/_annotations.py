"""Our annotated news corpus, write side: turning an annotator's verbatim strings into spans.

The read side (records, order, split, `with_text`, `load`) is `wirewatch.annotations`, which
training uses too; it is re-exported here so benchmarks and scripts keep one import.
"""

from __future__ import annotations

import re
from typing import Any

from wirewatch.annotations import (  # noqa: F401  (re-exported for benchmarks and scripts)
    AEB_ANNOTATIONS,
    AEB_QUOTES_ANNOTATIONS,
    ANNOTATIONS,
    BBC_ANNOTATIONS,
    BBC_DESC2_QUOTES_ANNOTATIONS,
    BBC_DESC_QUOTES_ANNOTATIONS,
    BBC_OTHER_QUOTES_ANNOTATIONS,
    BBC_QUOTES_ANNOTATIONS,
    CORPUS,
    ENTITY_TYPES,
    MODALITIES,
    N_AEB_TUNE,
    N_BBC_DESC2_TUNE,
    N_BBC_DESC_TUNE,
    N_BBC_OTHER_TUNE,
    N_BBC_TRAIN,
    N_RECORDS,
    N_SAMPLE,
    N_TRAIN,
    N_WIKIREF_QUOTES_TUNE,
    ROOT,
    SECTORS,
    SEED,
    TYPES,
    WIKIREF_ANNOTATIONS,
    WIKIREF_QUOTES_ANNOTATIONS,
    aeb_quotes,
    aeb_quotes_sample,
    aeb_sample,
    aeb_split,
    bbc_desc2_quotes,
    bbc_desc2_quotes_sample,
    bbc_desc_quotes,
    bbc_desc_quotes_sample,
    bbc_is_train,
    bbc_more,
    bbc_order,
    bbc_other_quotes,
    bbc_other_quotes_sample,
    bbc_quotes,
    bbc_quotes_sample,
    bbc_sample,
    bbc_split,
    load,
    record,
    record_at,
    records,
    sample_order,
    split,
    wikiref_quotes,
    wikiref_quotes_sample,
    wikiref_sample,
    wikiref_split,
    with_text,
)

_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'",
                       "\u2019": "'", "\u00a0": " ", "\u2013": "-", "\u2014": "-"})


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with quotes folded and whitespace runs collapsed, and each character's original
    offset, so a string copied by hand is found whatever its spacing or quote marks."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def find_span(text: str, needle: str, after: int = 0) -> tuple[int, int] | None:
    """[start, end) of `needle` in `text` (whitespace and quote marks folded), first at or
    after `after`; case-insensitive only when the exact case is absent."""
    hay, where = _normalise(text)
    want = _normalise(needle.strip())[0].strip(" \"'")
    if not want:
        return None
    start_at = next((k for k, w in enumerate(where) if w >= after), len(where))
    k = hay.find(want, start_at)
    if k < 0:
        k = hay.lower().find(want.lower(), start_at)
    if k < 0:
        return None
    return where[k], where[k + len(want) - 1] + 1


def to_offsets(ann: dict[str, Any], rec: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """An annotator's verbatim annotation → the stored form (spans, no article text) and the
    problems found (an evidence sentence not in the text, an unknown type or actor, ...)."""
    problems: list[str] = []
    body, title = rec.get("content_original") or "", rec.get("title") or ""

    def span(s: Any, what: str) -> dict[str, Any] | None:
        if not isinstance(s, str) or not s.strip():
            problems.append(f"{what}: empty")
            return None
        found = find_span(body, s)
        if found:
            return {"field": "content_original", "start": found[0], "end": found[1]}
        found = find_span(title, s)
        if found:
            return {"field": "title", "start": found[0], "end": found[1]}
        problems.append(f"{what}: not found verbatim: {s[:80]!r}")
        return None

    entities = []
    names = set()
    for e in ann.get("entities", []):
        name = (e.get("name") or "").strip()
        if not name:
            problems.append("entity without a name")
            continue
        names.add(name)
        if e.get("type") not in ENTITY_TYPES:
            problems.append(f"entity {name}: type {e.get('type')!r}")
        if e.get("sector") not in SECTORS | {None}:
            problems.append(f"entity {name}: sector {e.get('sector')!r}")
        country = e.get("country")
        if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
            problems.append(f"entity {name}: country {country!r}")
        mentions = []
        for m in e.get("mentions") or []:
            if len(str(m)) > 60:
                problems.append(f"entity {name}: mention over 60 characters (names only): {m[:40]!r}…")
                continue
            found = find_span(body, m) or find_span(title, m)
            if found is None:
                problems.append(f"entity {name}: mention not in text: {m!r}")
            mentions.append(m)
        entities.append({"name": name, "type": e.get("type"), "country": country,
                         "sector": e.get("sector"), "role": e.get("role"),
                         "mentions": mentions})
    events = []
    for n, ev in enumerate(ann.get("events", [])):
        what = f"event {n} {ev.get('type')}"
        if ev.get("type") not in TYPES:
            problems.append(f"{what}: type not PLOVER")
        if ev.get("modality") not in MODALITIES:
            problems.append(f"{what}: modality {ev.get('modality')!r}")
        for role in ("source", "target"):
            if ev.get(role) is not None and ev.get(role) not in names:
                problems.append(f"{what}: {role} {ev.get(role)!r} is not a listed entity")
        if not ev.get("source"):
            problems.append(f"{what}: no source")
        evidence = span(ev.get("evidence"), f"{what} evidence")
        if evidence is None:
            continue
        row = {k: ev.get(k) for k in ("type", "mode", "source", "source_country",
                                      "source_sector", "target", "target_country",
                                      "target_sector", "location", "date", "modality",
                                      "importance")}
        row["background"] = bool(ev.get("background", False))
        row["evidence"] = evidence
        events.append(row)
    quotes = []
    for q in ann.get("quotes", []):
        s = span(q.get("text"), "quote")
        if s is None:
            continue
        if q.get("speaker") is not None and q.get("speaker") not in names:
            problems.append(f"quote speaker {q.get('speaker')!r} is not a listed entity")
        quotes.append({"span": s, "speaker": q.get("speaker"),
                       "speaker_country": q.get("speaker_country"),
                       "speaker_form": q.get("speaker_form")})
    attributions = []
    for a in ann.get("attributions", []):
        s = span(a.get("claim"), "attribution")
        if s is not None:
            attributions.append({"outlet": a.get("outlet"), "claim": s})
    stored = {"id": rec["ID"], "published": rec.get("date"), "annotator": ann.get("annotator"),
              "entities": entities, "events": events, "quotes": quotes,
              "attributions": attributions, "notes": ann.get("notes")}
    return stored, problems
