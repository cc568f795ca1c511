"""Component `ww_actors`: give every entity a country (ISO-3) and a sector, hence an actor code.

Why separate from `ww_entities`: finding who is mentioned and deciding what they are (a US
government official, a Chinese state outlet) use different evidence — the text vs. our data and
the knowledge base snapshot (`doc._.ww_kb`, plain data from link/kb.py). The functions here are
also used by `ww_entities` (to know a person's country before resolving "the Chinese foreign
minister") and by the article-level assembly in `analyze/__init__.py`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from wirewatch.analyze.gazetteer import Seed, gazetteer, seed_actors
from wirewatch.model import Entity


class ActorIndex:
    """Known people by full name and by alias: the seed file overlaid with a KB snapshot."""

    def __init__(self, people: list[Seed]) -> None:
        self.by_name: dict[str, Seed] = {}
        self.by_alias: dict[str, list[Seed]] = {}
        for person in people:  # later ones (the KB) override earlier ones (the seed)
            self.by_name[person.name.casefold()] = person
        self.by_role: dict[tuple[str, str | None], list[tuple[Seed, dict[str, Any]]]] = {}
        for person in self.by_name.values():
            for alias in [person.name, *person.aliases]:
                bucket = self.by_alias.setdefault(alias.casefold(), [])
                if person not in bucket:
                    bucket.append(person)
            for role in person.roles:
                key = ((role.get("role") or "").casefold(), role.get("country") or person.country)
                self.by_role.setdefault(key, []).append((person, role))

    def holder(self, role: str, country: str | None, published: Any) -> Seed | None:
        """Who held `role` for `country` at `published` ("China's foreign minister"): the
        holder in office then, or the one the stream saw most recently before then."""
        day = _day(published)
        best: tuple[str, Seed] | None = None
        for person, r in self.by_role.get((role.casefold(), country), []):
            if not _active(r, published):
                continue
            when = str(r.get("seen") or r.get("from") or "")
            if day is not None and when and _day(when) and _day(when) > day:
                continue
            if best is None or when > best[0]:
                best = (when, person)
        return best[1] if best else None

    def lookup(self, name: str) -> Seed | None:
        key = name.casefold()
        hit = self.by_name.get(key)
        if hit is not None:
            return hit
        cands = self.by_alias.get(key) or []
        return cands[0] if len(cands) == 1 else None


_INDEX_CACHE: dict[str, Any] = {"kb": None, "index": None}


def actor_index(kb: dict[str, Any] | None) -> ActorIndex:
    """The index for a KB snapshot; one slot cached, since a worker reuses one snapshot."""
    if _INDEX_CACHE["index"] is not None and _INDEX_CACHE["kb"] is kb:
        return _INDEX_CACHE["index"]
    people = list(seed_actors())
    for rec in (kb or {}).get("persons", []):
        people.append(Seed(rec["name"], rec.get("country"), rec.get("sector"),
                           [dict(r) for r in rec.get("roles") or []],
                           list(rec.get("aliases") or [])))
    index = ActorIndex(people)
    _INDEX_CACHE.update(kb=kb, index=index)
    return index


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _active(role: dict[str, Any], published: Any) -> bool:
    day = _day(published)
    if day is None:
        return True
    start, until = _day(role.get("from")), _day(role.get("until"))
    return (start is None or start <= day) and (until is None or day < until)


def role_sector(role: str) -> str | None:
    gz = gazetteer()
    m = gz.role_re.search(role)
    return gz.role_sector_of(m.group("head")) if m else None


def seen_date(published: Any) -> str | None:
    day = _day(published)
    return day.isoformat() if day else None


def assign(entity: Entity, index: ActorIndex, published: Any = None,
           hint: str | None = None) -> None:
    """Fill `entity.country` / `sector` (and a known person's role) where still missing."""
    gz = gazetteer()
    if entity.type == "PERSON":
        known = index.lookup(entity.name)
        if known is None:
            for alias in entity.aliases:
                known = index.lookup(alias)
                if known:
                    break
        if known is not None:
            for alias in [known.name, *known.aliases]:
                if alias != entity.name and alias not in entity.aliases:
                    entity.aliases.append(alias)
            if not entity.roles:
                active = [r for r in known.roles if _active(r, published)]
                for r in active[-1:]:
                    entity.roles.append({"role": r.get("role"), "country": r.get("country")
                                         or known.country, "seen": seen_date(published)})
            elif known.country:
                for r in entity.roles:
                    if r.get("country") is None and any(
                            (k.get("role") or "").lower() == (r.get("role") or "").lower()
                            for k in known.roles):
                        r["country"] = known.country
        if entity.country is None:
            entity.country = next((r["country"] for r in entity.roles if r.get("country")), None)
        if entity.country is None and known is not None and (
                not entity.roles or any(_active(r, published) for r in known.roles)):
            entity.country = known.country
        if entity.country is None and entity.roles:
            entity.country = hint
            for r in entity.roles:
                r["country"] = r.get("country") or hint
        if entity.sector is None:
            entity.sector = next((s for s in (role_sector(r.get("role") or "")
                                              for r in entity.roles) if s), None)
        if entity.sector is None and known is not None and known.sector:
            entity.sector = known.sector
    elif entity.type == "ORG":
        entry = gz.org(entity.name)
        if entry is not None:
            entity.country = entity.country or entry.country
            entity.sector = entity.sector or entry.sector
        if entity.country is None:
            countries = {m.entry.country for m in gz.matches(entity.name)
                         if m.entry.kind != "org" and m.entry.country}
            if len(countries) == 1:
                entity.country = countries.pop()
        if entity.sector is None:
            entity.sector = gz.org_sector_of(entity.name)
    elif entity.country is None and entity.type in ("GPE", "LOC", "FAC"):
        entity.country = gz.place_country(entity.name)
    elif entity.country is None and entity.type == "NORP":
        entity.country = gz.country_by_form.get(entity.name)


@Language.factory("ww_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent()


class ActorsComponent:
    """Assigns country and sector to `doc._.ww_entities` (reads `doc._.ww_kb`)."""

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.ww_entities
        if not entities:
            return doc
        index = actor_index(doc._.ww_kb)
        hints = doc.user_data.get("ww_country_hints", {})
        for entity in entities:
            assign(entity, index, doc._.ww_published, hints.get(entity.name))
        return doc
