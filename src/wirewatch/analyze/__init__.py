"""The analyze box: a pure function of (Article, knowledge-base snapshot) → Analysis.

Runs in worker processes. It must never import `link` or `store`: the knowledge base arrives
as plain data (`kb` below, from `link.kb.KnowledgeBase.snapshot()`).

Each zone (title, dek, every highlight, every caption's text — never its credit — and the
body) is its own spaCy `Doc`: headlines confuse the tagger, and zone offsets stay simple.
Docs of many articles go through one `nlp.pipe` call; the article's entities are then merged
across zones by canonical name.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from wirewatch.model import Analysis, Article, Entity, Mention

log = logging.getLogger(__name__)

MAX_BODY_CHARS = 100_000
_ENGLISH = {"en", "eng", "english"}
_WORD = re.compile(r"[A-Za-z']+")
_MARKUP = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
                     r"|</?[A-Za-z!][^<>\n]{0,300}>")
_ZONE_ORDER = {"title": 0, "dek": 1, "highlight": 2, "caption": 3, "body": 4}


def analyze(article: Article, kb: dict[str, Any] | None = None) -> Analysis:
    """Analyse one article (see `analyze_batch`)."""
    return analyze_batch([article], kb)[0]


def analyze_batch(articles: Iterable[Article], kb: dict[str, Any] | None = None,
                  batch_size: int = 64) -> list[Analysis]:
    """Analyse many articles with one batched pass of the pipeline over all their zones."""
    from wirewatch.analyze.pipeline import get_pipeline

    articles = list(articles)
    results = [Analysis(article=article) for article in articles]
    for i, docs in zone_docs(articles, get_pipeline(), kb, batch_size,
                             [a.notes for a in results]).items():
        _assemble(results[i], docs, kb)
    version = coder_version(get_pipeline())
    for result in results:
        for event in result.events:
            event.model_version = version
    return results


def coder_version(nlp: Any) -> str:
    """The version of the event model a pipeline codes with (`rules` without one): every
    stored event records it (`events.model_version`)."""
    try:
        model = nlp.get_pipe("ww_events").model
    except KeyError:
        return "rules"
    return model.version if model is not None else "rules"


def local_published(article: Article) -> datetime | None:
    """The publication instant in the article's own UTC offset (as its source stated it),
    else UTC. Why: "yesterday" and "on Tuesday" are relative to the day the writer lived,
    so every component that reads a day from `doc._.ww_published` (timex anchors, an event
    dated by its article) gets the local day: 21:24 at -05:00 on 8 November is the 8th, not
    the 9th as in UTC."""
    when = article.published_at
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    offset = article.published_offset
    if offset is None or not -24 * 60 < offset < 24 * 60:
        return when.astimezone(UTC)
    return when.astimezone(timezone(timedelta(minutes=offset)))


def zone_docs(articles: list[Article], nlp: Any, kb: dict[str, Any] | None = None,
              batch_size: int = 64, notes: list[list[str]] | None = None) -> dict[int, list[Any]]:
    """Each article's zones run through `nlp` in one batched pass: article index → its docs
    (articles skipped as unanalysable have none; why goes to `notes`). Training calls this
    with its own pipeline, so it sees exactly the docs analysis sees."""
    notes = notes if notes is not None else [[] for _ in articles]
    jobs: list[tuple[int, tuple[str, int, str, Any, Any]]] = []  # (article index, zone)
    for i, article in enumerate(articles):
        reason = _skip_reason(article)
        if reason:
            notes[i].append(reason)
            continue
        for zone, zone_index, text in _zones(article, nlp.max_length, notes[i]):
            jobs.append((i, (zone, zone_index, text, local_published(article),
                             (tuple(article.authors), article.outlet))))

    def make(job: tuple[str, int, str, Any, Any]) -> Any:
        zone, zone_index, text, published, byline = job
        doc = nlp.make_doc(mask_markup(text))
        doc._.ww_zone = zone
        doc._.ww_zone_index = zone_index
        doc._.ww_published = published
        doc._.ww_byline = byline
        doc._.ww_kb = kb
        return doc

    try:
        done = list(nlp.pipe((make(job) for _, job in jobs), batch_size=batch_size))
    except Exception:  # one component failed on some zone: redo zone by zone, guarded
        log.exception("pipeline failed on a batch; retrying component by component")
        done = [_guarded(nlp, make(job)) for _, job in jobs]
    per_article: dict[int, list[Any]] = {}
    for (i, _), doc in zip(jobs, done, strict=True):
        per_article.setdefault(i, []).append(doc)
    return per_article


def _guarded(nlp: Any, doc: Any) -> Any:
    """Run the pipeline on one doc; a component that raises is skipped and noted."""
    for name, proc in nlp.pipeline:
        try:
            doc = proc(doc)
        except Exception as exc:  # noqa: BLE001 - bad input is data, not a crash
            doc.user_data.setdefault("ww_errors", []).append(
                f"component {name} failed on the {doc._.ww_zone}: {type(exc).__name__}: {exc}")
    return doc


def mask_markup(text: str) -> str:
    """Blank out HTML entity and tag remnants for the model *without moving any offset*: an
    entity becomes its character right-aligned in spaces ("&quot;" → '     "'), a tag spaces."""
    if "&" not in text and "<" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        char = html.unescape(raw) if raw.startswith("&") else " "
        if len(char) != 1 or not char.isprintable() or char.isspace():
            char = " "
        return " " * (len(raw) - 1) + char

    return _MARKUP.sub(repl, text)


def _skip_reason(article: Article) -> str | None:
    lang = (article.language or "").strip().lower()
    if lang and lang.split("-")[0] not in _ENGLISH:
        return f"language {article.language!r} is not English: NLP analysis skipped"
    if not lang:
        from spacy.lang.en.stop_words import STOP_WORDS

        words = _WORD.findall((article.body or article.title or "")[:3000].lower())
        if len(words) >= 40 and sum(w in STOP_WORDS for w in words) < 0.08 * len(words):
            return "text does not look like English: NLP analysis skipped"
    return None


MAX_ZONE_CHARS = 5_000  # a title, dek, highlight or caption longer than this is junk


def _zones(article: Article, max_length: int, notes: list[str]) -> list[tuple[str, int, str]]:
    zones = _short_zones(article, notes)
    body = article.body or ""
    cap = min(MAX_BODY_CHARS, max_length - 1)
    if len(body) > cap:
        cut = max(body.rfind("\n\n", 0, cap), body.rfind(". ", 0, cap) + 1)
        cut = cut if cut > cap // 2 else cap
        notes.append(f"body truncated for analysis: {cut:,} of {len(body):,} characters "
                     f"(~{len(body[:cut].split()):,} of ~{len(body.split()):,} words)")
        body = body[:cut]
    if body.strip():
        zones.append(("body", 0, body))
    return zones


def _short_zones(article: Article, notes: list[str]) -> list[tuple[str, int, str]]:
    zones: list[tuple[str, int, str]] = []
    if article.title and article.title.strip():
        zones.append(("title", 0, article.title))
    if article.dek and article.dek.strip():
        zones.append(("dek", 0, article.dek))
    for n, text in enumerate(article.highlights):
        if text and text.strip():
            zones.append(("highlight", n, text))
    for n, caption in enumerate(article.captions):
        if caption.text and caption.text.strip():
            zones.append(("caption", n, caption.text))
    for n, (zone, index, text) in enumerate(zones):
        if len(text) > MAX_ZONE_CHARS:
            notes.append(f"{zone} truncated for analysis: {MAX_ZONE_CHARS:,} of {len(text):,} "
                         "characters")
            zones[n] = (zone, index, text[:MAX_ZONE_CHARS])
    return zones


def _assemble(analysis: Analysis, docs: list[Any], kb: dict[str, Any] | None) -> None:
    from wirewatch.analyze.actors import actor_index, assign, outlet_home, seen_date
    from wirewatch.analyze.entities import entity_id, resolve_role_refs

    zone_entities: list[Entity] = []
    refs: list[dict[str, Any]] = []
    hints: dict[str, str] = {}
    headline_quotes: list[Any] = []
    for doc in docs:
        zone_entities.extend(doc._.ww_entities or [])
        if doc._.ww_zone == "title":
            headline_quotes = list(doc._.ww_quotes or [])
        refs.extend(doc._.ww_role_refs or [])
        hints.update(doc.user_data.get("ww_country_hints", {}))
        analysis.notes.extend(doc.user_data.get("ww_errors", []))
        if doc._.ww_zone == "body":
            analysis.timex = list(doc._.ww_timex or [])
            analysis.quotes = list(doc._.ww_quotes or [])
            analysis.attributions = list(doc._.ww_attributions or [])
            analysis.tone = doc._.ww_tone
            analysis.keypoints = list(doc._.ww_keypoints or [])
            analysis.tags = list(doc._.ww_tags or [])
            analysis.events = list(doc._.ww_events or [])
    analysis.quotes = headline_quotes + analysis.quotes  # the title's offsets point into it
    entities = merge_entities(zone_entities)
    published = local_published(analysis.article)  # the day as the zones saw it
    index = actor_index(kb)
    if refs:
        refs = resolve_role_refs(entities, refs, seen_date(published))
    for ref in refs:  # "China's foreign minister said": whoever held that office then
        if ref.get("generic") or not ref.get("country"):
            continue
        holder = index.holder(ref["role"], ref["country"], published)
        if holder is None:
            continue
        target = next((e for e in entities if e.name.casefold() == holder.name.casefold()), None)
        if target is None:
            target = Entity(id="", name=holder.name, type="PERSON")
            entities.append(target)
        if not any((r.get("role") or "").casefold() == ref["role"].casefold()
                   for r in target.roles):
            target.roles.append({"role": ref["role"], "country": ref["country"],
                                 "seen": seen_date(published)})
        target.mentions.append(Mention(ref["text"], ref["start"], ref["end"], ref["zone"],
                                       ref.get("sentence"), ref.get("zone_index", 0)))
    for entity in entities:
        assign(entity, index, published, hints.get(entity.name))
        entity.id = entity_id(entity.name, entity.type)
        entity.mentions.sort(key=lambda m: (_ZONE_ORDER.get(m.zone, 9), m.zone_index, m.start))
    outlet_home(entities, analysis.article.outlet, docs)  # the last resort for a country
    art = analysis.article
    texts = {("title", 0): art.title or "", ("dek", 0): art.dek or "", ("body", 0): art.body}
    texts.update({("highlight", n): h for n, h in enumerate(art.highlights)})
    texts.update({("caption", n): c.text for n, c in enumerate(art.captions)})
    for entity in entities:  # provenance: mention text is exactly the article's text
        for m in entity.mentions:
            m.text = texts.get((m.zone, m.zone_index), "")[m.start:m.end] or m.text
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    analysis.entities = entities
    _fold_sectors(analysis)


def _fold_sectors(analysis: Analysis) -> None:
    """Finer sectors (EDU, HLH, ELI ...) helped decide; the analysis carries the model's set."""
    from wirewatch.data import model_sector

    types = {e.name: e.type for e in analysis.entities}
    for entity in analysis.entities:
        entity.sector = model_sector(entity.sector, entity.type)
    for event in analysis.events:
        for ref in [*event.source, *event.target]:
            ref.sector = model_sector(ref.sector, types.get(ref.name, "PERSON"))


def merge_entities(entities: list[Entity]) -> list[Entity]:
    """One entity per canonical name across zones; a bare surname found in one zone joins the
    full name found in another ("Blinken" in a highlight → "Antony Blinken")."""
    full = [e.name for e in entities if e.type == "PERSON" and len(e.name.split()) > 1]
    rename: dict[str, str] = {}
    for e in entities:
        if e.type == "PERSON" and len(e.name.split()) == 1:
            cands = {f for f in full if f.split()[-1] == e.name} or \
                {f for f in full if f.split()[0] == e.name}
            if len(cands) == 1:
                rename[e.name] = cands.pop()
        elif e.type == "PERSON":  # "Gina Raimondo" → "Gina M. Raimondo"
            t = e.name.split()
            longer = [f for f in full if len(f) > len(e.name) and f.split()[0] == t[0]
                      and f.split()[-1] == t[-1]]
            if longer:
                rename[e.name] = max(longer, key=len)
    merged: dict[tuple[str, str], Entity] = {}
    for e in entities:
        name = rename.get(e.name, e.name)
        key = (name.casefold(), e.type)
        target = merged.get(key)
        if target is None:
            target = merged[key] = Entity(id=e.id, name=name, type=e.type, country=e.country,
                                          sector=e.sector)
            if name != e.name:
                target.aliases.append(e.name)
        target.country = target.country or e.country
        target.sector = target.sector or e.sector
        for alias in [e.name, *e.aliases]:
            if alias != name and alias not in target.aliases:
                target.aliases.append(alias)
        for role in e.roles:
            same = next((r for r in target.roles
                         if (r.get("role") or "").lower() == (role.get("role") or "").lower()), None)
            if same is None:
                target.roles.append(dict(role))
            elif not same.get("country"):
                same["country"] = role.get("country")
        target.mentions.extend(e.mentions)
    return list(merged.values())
