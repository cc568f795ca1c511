"""The one reader of Wirewatch's packaged data files (this folder), each parsed once per process.

Why one module: several components need the same tables (countries for the gazetteer, the
events fallback, exports and the map), and the CAMEO dictionaries are big enough that parsing
them twice would cost real time; every reader here is cached. `wirewatch.analyze` may import
this module (it depends on nothing but the standard library).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any


def text(filename: str) -> str:
    """A data file's text."""
    return resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")


@cache
def rows(filename: str) -> tuple[dict[str, str], ...]:
    """A TSV data file as dicts keyed by its header; `#` comment lines skipped, values
    stripped (missing cells are "")."""
    lines = [ln for ln in text(filename).splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple({k: (v or "").strip() for k, v in row.items()}
                 for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class Country:
    """One row of countries.tsv."""

    iso3: str
    name: str
    aliases: tuple[str, ...]
    capital: str
    lat: float | None
    lon: float | None
    capital_population: int


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


@cache
def countries() -> dict[str, Country]:
    """ISO-3 → country, in file order."""
    return {r["iso3"]: Country(r["iso3"], r["name"], tuple(a for a in r["aliases"].split("|") if a),
                               r["capital"], _float(r["lat"]), _float(r["lon"]),
                               int(r["capital_population"] or 0))
            for r in rows("countries.tsv")}


@cache
def country_words() -> frozenset[str]:
    """Every country's name and aliases, lower-case: what is a country and not a city or a
    state, wherever a place word must be told apart."""
    return frozenset(w.lower() for c in countries().values() for w in (c.name, *c.aliases))


@cache
def name_words(kind: str) -> tuple[str, ...]:
    """The words of one kind in name_words.tsv (words found beside a name that are not part
    of it: party prefixes, kin nouns, kinds of company ...; the file's header lists them)."""
    return tuple(r["word"] for r in rows("name_words.tsv") if r["kind"] == kind)


@cache
def first_names() -> frozenset[str]:
    """Lower-case given names (first_names.tsv): a word a person's name may open with."""
    return frozenset(r["name"] for r in rows("first_names.tsv"))


# -- CAMEO / PETRARCH2 dictionaries (cameo_*.tsv, converted by scripts/convert_petrarch.py) ----

@dataclass(frozen=True)
class CameoCode:
    code: str
    start: int | None   # YYYYMMDD, inclusive; None = open
    until: int | None   # YYYYMMDD, inclusive; None = open
    dated: bool


@dataclass(frozen=True)
class CameoActor:
    """A dictionary actor: its primary name and its codes in dictionary order."""

    name: str
    codes: tuple[CameoCode, ...]

    def code_on(self, day: Any = None, end: int | None = None) -> tuple[str | None, bool]:
        """The code for an article of `day`, and whether it is a dated code valid that day.

        A dated range that holds on `day` wins (ranges left open are only trusted up to `end`,
        where the dictionaries stop); else the record's default (undated) code; else the
        latest dated code. Without a day: the default, else the code whose ranges cover most
        of the career (Jack Straw the foreign secretary, not his last year as justice
        secretary: an undated article is no likelier to be from the end of a career).
        """
        when = _yyyymmdd(day)
        if when is not None:
            for c in self.codes:
                if c.dated and (c.start is None or c.start <= when) and \
                        (c.until is None and (end is None or when <= end)
                         or c.until is not None and when <= c.until):
                    return c.code, True
        default = next((c.code for c in self.codes if not c.dated), None)
        if default is not None:
            return default, False
        dated = [c for c in self.codes if c.dated]
        if not dated:
            return None, False
        latest = max(dated, key=lambda c: (c.until or 99999999, c.start or 0))
        if when is not None:
            return latest.code, False
        months: dict[str, int] = {}  # by code: a code may hold in several ranges
        for c in dated:
            start = c.start or c.until or 0
            until = c.until or end or start
            months[c.code] = months.get(c.code, 0) + max(0, _months(until) - _months(start))
        return max(months, key=lambda code: (months[code], code == latest.code)), False


def _months(yyyymmdd: int) -> int:
    return yyyymmdd // 10000 * 12 + yyyymmdd // 100 % 100


def _yyyymmdd(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    return value.year * 10000 + value.month * 100 + value.day


def _code(raw: str) -> CameoCode:
    code, sep, span = raw.partition(":")
    if not sep:
        return CameoCode(code, None, None, False)
    start, _, until = span.partition("-")
    return CameoCode(code, int(start) if start else None, int(until) if until else None, True)


@dataclass(frozen=True)
class CameoActors:
    """Casefolded name or alias → (primary name, raw codes); `end` is the last date the
    dictionaries know. Codes are parsed on lookup: most of 30,000 records are never asked."""

    by_form: dict[str, tuple[str, str]]
    end: int

    def lookup(self, name: str) -> CameoActor | None:
        hit = self.by_form.get(" ".join(name.replace("_", " ").split()).casefold())
        return _actor(*hit) if hit else None


@lru_cache(maxsize=4096)
def _actor(name: str, codes: str) -> CameoActor:
    return CameoActor(name, tuple(_code(c) for c in codes.split("|") if c))


@cache
def cameo_actors() -> CameoActors:
    """The CAMEO actor dictionaries; a form named by several records keeps the first."""
    by_form: dict[str, tuple[str, str]] = {}
    lines = text("cameo_actors.tsv").splitlines()
    for line in lines[lines.index("name\taliases\tcodes") + 1:]:
        name, aliases, codes = line.split("\t")
        entry = (name, codes)
        by_form.setdefault(name, entry)
        if aliases:
            for form in aliases.split("|"):
                by_form.setdefault(form, entry)
    end = max(int(d) for d in re.findall(r"(?<=[:-])\d{8}", text("cameo_actors.tsv")))
    return CameoActors(by_form, end)


@cache
def cameo_agents() -> dict[str, str]:
    """Role or group noun (lower case, plurals included) → CAMEO agent code."""
    return {r["term"]: r["code"] for r in rows("cameo_agents.tsv")}


@cache
def _code_parts() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    country, sector, override = {}, {}, {}
    for r in rows("cameo_codes.tsv"):
        table = {"country": country, "sector": sector, "override": override}[r["kind"]]
        table[r["code"]] = r["value"]
    return country, sector, override


@cache
def cameo_code(code: str) -> tuple[str | None, str | None]:
    """(ISO-3 country, sector) of a CAMEO code: "IRNGOV" → (IRN, GOV), "USAGOVLEG" → (USA,
    LEG), "IGOUNO" → (None, IGO), "MNCUSA" → (USA, BUS), "ELI" → (None, ELI)."""
    country_of, sector_of, _ = _code_parts()
    parts = [code[i:i + 3] for i in range(0, len(code) - 2, 3)]
    if not parts:
        return None, None
    known = countries()
    iso3 = None
    first = parts[0]
    if first in country_of or first in known:
        iso3 = country_of.get(first, first)
        parts = parts[1:]
    elif first in ("NGO", "MNC", "IMG") and len(parts) > 1 and parts[1] not in sector_of \
            and (parts[1] in known or parts[1] in country_of):
        iso3 = country_of.get(parts[1], parts[1])
        parts = [first, *parts[2:]]
    return iso3, _sector(parts)


def _sector(parts: list[str]) -> str | None:
    _, sector_of, override = _code_parts()
    for i, part in enumerate(parts):
        if sector_of.get(part):
            sector = sector_of[part]
            if sector == "GOV" and i + 1 < len(parts) and parts[i + 1] in override:
                return override[parts[i + 1]]
            if sector == "BUS" and "MED" in parts[i + 1:]:
                return "MED"  # a media company
            return sector
    return None


@cache
def cameo_agent_sector(noun: str) -> str | None:
    """Sector of a role or group noun from the agents dictionary ("professor" → EDU); an
    agent code has no country part, so "MUS" here is Muslim, not Mauritius."""
    code = cameo_agents().get(" ".join(noun.split()).lower())
    return _sector([code[i:i + 3] for i in range(0, len(code) - 2, 3)]) if code else None


@cache
def _sector_folds() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["person"], r["organisation"]) for r in rows("sectors.tsv")}


def model_sector(sector: str | None, entity_type: str | None = None) -> str | None:
    """The data model's sector for a finer code used while deciding (sectors.tsv): "EDU" is
    CVL for a person ("a professor"), NGO for an organisation ("Harvard University")."""
    fold = _sector_folds().get(sector or "")
    if fold is None:
        return sector
    return fold[0] if entity_type == "PERSON" else fold[1]


# -- source identity (outlets.tsv) --------------------------------------------------------------

@dataclass(frozen=True)
class OutletRow:
    """One row of outlets.tsv: a publication name, the outlet family it is one source of, its
    owner, and the wire service's short name when the family is a news agency."""

    outlet: str
    family: str
    owner: str
    wire: str


def outlet_key(name: str) -> str:
    """How outlets.tsv names are compared: case, spacing and a leading "The" ignored."""
    key = " ".join(name.split()).casefold()
    return key[4:] if key.startswith("the ") else key


@cache
def outlets() -> dict[str, OutletRow]:
    """outlet_key(name) → its row; family names are keys too (a family is its own outlet)."""
    out: dict[str, OutletRow] = {}
    for r in rows("outlets.tsv"):
        row = OutletRow(r["outlet"], r["family"], r["owner"], r["wire"])
        out.setdefault(outlet_key(row.outlet), row)
    for row in list(out.values()):
        out.setdefault(outlet_key(row.family), OutletRow(row.family, row.family, row.owner,
                                                         row.wire))
    return out


_SECTION_WORDS = (r"(?:(?:online|web|print|digital)\s+)?"
                  r"(?:news|opinions?|editorials?|commentary|analysis|online|web|"
                  r"opinion\s*/\s*editorial|op-?eds?)(?:\s+news)?")
# " - News", " – Opinion", " | Editorial", ": Opinion", " (Online News)", " (Opinion)"
_SECTION = re.compile(rf"\s*(?:[-–—|:]\s*{_SECTION_WORDS}|\(\s*{_SECTION_WORDS}\s*\))\s*$",
                      re.IGNORECASE)
# A section glued on without a separator: "NPR Online News", "NPR Editorial", "X Opinion".
# A bare trailing "News" is not one: "NBC News", "Fox News" are outlet names.
_BARE_SECTION = re.compile(r"\s+(?:(?:online|web)\s+news|editorials?|opinions?|commentary)\s*$",
                           re.IGNORECASE)


def strip_section(name: str) -> str:
    """A publication name without its section suffix ("Newsmax - Opinion" → "Newsmax")."""
    name = " ".join(name.split())
    while True:
        bare = _BARE_SECTION.sub("", _SECTION.sub("", name)).strip()
        if not bare or bare == name:
            return name
        name = bare


@lru_cache(maxsize=4096)
def outlet_family(outlet: str | None) -> str | None:
    """The outlet family a publication name belongs to (None for no name): its outlets.tsv
    row's family, else the name without its section suffix."""
    if not outlet or not outlet.strip():
        return None
    table = outlets()
    name = " ".join(outlet.split())
    row = table.get(outlet_key(name))
    if row is None:
        name = strip_section(name)
        row = table.get(outlet_key(name))
    return row.family if row is not None else name


@cache
def outlet_countries() -> dict[str, str]:
    """outlet_countries.tsv: outlet family (as `outlet_key` spells it) → ISO-3."""
    return {outlet_key(r["outlet"]): r["country"] for r in rows("outlet_countries.tsv")
            if r["country"]}
