"""A minimal gazetteer-backed entity finder, used by the events component only when no entities
component has run (`doc._.ww_entities is None`).

Why: events need actors with a country, and the events component must be usable (and
benchmarkable on bare sentences) on its own. This is deliberately small: spaCy's NER spans,
looked up in the shared gazetteers of `data/` (countries, demonyms, cities, organisations, seed
actors). The real entities component (analyze/entities.py) replaces it whenever it is in the
pipeline; nothing here is exported to the analysis document.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from wirewatch import data
from wirewatch.model import Entity, Mention

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "LOC": "LOC",
           "FAC": "FAC"}


@dataclass(frozen=True)
class Gazetteer:
    country_names: dict[str, str]           # iso3 -> canonical name
    country_forms: dict[str, str]           # lower-case form -> iso3
    capitals: dict[str, tuple[float, float]]  # iso3 -> capital lat/lon
    cities: dict[str, tuple[str, float, float]]  # lower-case name -> (iso3, lat, lon)
    orgs: dict[str, tuple[str, str | None, str | None]]  # lower form -> (name, iso3, sector)
    people: dict[str, tuple[str, str | None, str | None, str]]  # lower form -> (name, iso3, sector, role)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The place, organisation and seed-actor tables of data/ (read once per process)."""
    names: dict[str, str] = {}
    forms: dict[str, str] = {}
    capitals: dict[str, tuple[float, float]] = {}
    cities: dict[str, tuple[str, float, float]] = {}
    for c in data.countries().values():
        names[c.iso3] = c.name
        forms.setdefault(c.name.lower(), c.iso3)
        for alias in c.aliases:
            forms.setdefault(alias.lower(), c.iso3)
        if c.lat is not None and c.lon is not None:
            capitals[c.iso3] = (c.lat, c.lon)
            if c.capital:
                cities.setdefault(c.capital.lower(), (c.iso3, c.lat, c.lon))
    for r in data.rows("country_names.tsv"):
        form = r["form"].lower()
        forms[form] = r["iso3"]
        if form.startswith("the "):
            forms[form[4:]] = r["iso3"]
    for table in ("cities.tsv", "regions.tsv"):
        for r in data.rows(table):
            if r["lat"] and r["lon"]:
                cities.setdefault(r["name"].lower(), (r["iso3"], float(r["lat"]), float(r["lon"])))
    orgs: dict[str, tuple[str, str | None, str | None]] = {}
    for r in data.rows("organisations.tsv"):
        for form in [r["name"], *filter(None, r["aliases"].split("|"))]:
            orgs[form.lower()] = (r["name"], r["country"] or None, r["sector"] or None)
    people: dict[str, tuple[str, str | None, str | None, str]] = {}
    for r in data.rows("actors_seed.tsv"):
        for form in [r["name"], *filter(None, r["aliases"].split("|"))]:
            people.setdefault(form.lower(), (r["name"], r["country"] or None,
                                             r["sector"] or None, r["role"]))
    return Gazetteer(names, forms, capitals, cities, orgs, people)


def _strip(text: str) -> str:
    text = text.strip().strip("'\u2019")
    if text.endswith("'s") or text.endswith("\u2019s"):
        text = text[:-2]
    lower = text.lower()
    return text[4:] if lower.startswith("the ") else text


def lookup(text: str, label: str) -> tuple[str, str, str | None, str | None]:
    """(canonical name, type, iso3, sector) for a named span, from the gazetteers."""
    gaz = gazetteer()
    clean = _strip(text)
    key = clean.lower()
    if key in gaz.orgs:
        name, iso3, sector = gaz.orgs[key]
        return name, "ORG", iso3, sector
    if key in gaz.people:
        name, iso3, sector, _role = gaz.people[key]
        return name, "PERSON", iso3, sector
    if key in gaz.country_forms:
        iso3 = gaz.country_forms[key]
        kind = "NORP" if label == "NORP" else "GPE"
        return gaz.country_names.get(iso3, clean), kind, iso3, None
    if key in gaz.cities and label in ("GPE", "LOC", "FAC", "ORG"):
        return clean, "GPE", gaz.cities[key][0], None
    if label in ("NORP", "GPE") and demonym_country(clean):
        iso3 = demonym_country(clean) or ""
        return gaz.country_names.get(iso3, clean), label, iso3, None
    return clean, _LABELS.get(label, "ORG"), None, None


_DEMONYM_ENDINGS = ("ians", "ians", "ans", "ese", "ian", "an", "nian", "is", "i", "ish", "s", "n")


@lru_cache(maxsize=4096)
def demonym_country(text: str) -> str | None:
    """ISO-3 for a country name or nationality word, including regular demonyms the tables do
    not list ("Burundian" -> BDI, "Algerians" -> DZA): the word minus a demonym ending must
    begin exactly one country name."""
    gaz = gazetteer()
    key = _strip(text).lower()
    if key in gaz.country_forms:
        return gaz.country_forms[key]
    if " " in key:  # "Bosnian Serbs": the first word that names a country
        return next(filter(None, (demonym_country(w) for w in key.split())), None)
    if len(key) < 4:
        return None
    hits = {iso3 for name, iso3 in gaz.country_forms.items()
            if name.startswith(key) and len(name) - len(key) <= 4}
    if len(hits) == 1:  # "Serb" -> Serbia, "Thai" -> Thailand
        return hits.pop()
    for ending in _DEMONYM_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            stem = key[: -len(ending)]
            hits = sorted((abs(len(name) - len(key)), iso3) for name, iso3
                          in gaz.country_forms.items()
                          if name.startswith(stem) and len(name) - len(stem) <= 2)
            if hits and (len(hits) == 1 or hits[0][0] < hits[1][0] or hits[0][1] == hits[1][1]):
                return hits[0][1]  # "Nigerian" -> Nigeria rather than Niger
    return None


def fallback_entities(doc: Doc) -> list[Entity]:
    """Entities from spaCy's NER spans plus gazetteer lookups; one Entity per canonical name."""
    by_name: dict[str, Entity] = {}
    spans = [e for e in doc.ents if e.label_ in _LABELS]
    gaz = gazetteer()
    covered = {t.i for e in spans for t in e}
    # country words the small model leaves untagged ("Sino-", lower-cased demonyms are rare)
    for tok in doc:
        if tok.i not in covered and tok.text[:1].isupper() and tok.text.lower() in gaz.country_forms:
            spans.append(doc[tok.i:tok.i + 1])
    for span in spans:
        label = getattr(span, "label_", "") or "GPE"
        name, kind, iso3, sector = lookup(span.text, label)
        if kind == "PERSON":
            # "Blinken" joins "Antony Blinken" when the longer name was seen
            for other in by_name.values():
                if other.type == "PERSON" and other.name.split()[-1] == name.split()[-1]:
                    name = other.name
                    break
        entity = by_name.get(name)
        if entity is None:
            ident = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
            entity = Entity(id=ident, name=name, type=kind, country=iso3, sector=sector)
            by_name[name] = entity
        entity.mentions.append(Mention(text=span.text, start=span.start_char, end=span.end_char,
                                       zone=doc._.ww_zone or "body"))
    return list(by_name.values())
