"""Knowledge from `wirewatch/data/` as fast lookups: the gazetteer automaton, places, roles.

Why one module: the entities and actors components and the article-level assembly all need
the same tables, and they must be loaded once per process (an Aho-Corasick automaton over a
few thousand names is built in milliseconds and then matches a whole article in one C pass).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

from wirewatch import data

# small words kept lower-case inside a canonical role title ("Secretary of State")
_SMALL = {"of", "for", "on", "the", "and", "to", "in"}


@dataclass(frozen=True)
class Entry:
    """What a gazetteer form names."""

    name: str          # canonical entity name ("United States", "State Department")
    type: str          # GPE | ORG | NORP
    kind: str          # country | capital | demonym | prefix | org
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    form: str
    entry: Entry


@dataclass
class Seed:
    """One known office holder (data/actors_seed.tsv, or a KB snapshot person)."""

    name: str
    country: str | None
    sector: str | None
    roles: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                      "western", "central", "northeastern", "northwestern", "southeastern",
                      "southwestern", "north-east", "north-west", "south-east", "south-west"})


def _rows(filename: str) -> Iterator[dict[str, str]]:
    yield from data.rows(filename)


def _multiword_name(form: str) -> bool:
    words = form.split()
    return len(words) > 1 and words[0] not in ("The", "the") and form[:1].isupper()


class Gazetteer:
    """All place, organisation and role knowledge, loaded once (see `gazetteer()`)."""

    def __init__(self) -> None:
        self.forms: dict[str, Entry] = {}
        self.country_names: dict[str, str] = {}     # iso3 -> canonical name
        self.country_by_form: dict[str, str] = {}   # any name/alias/demonym -> iso3
        self.demonyms: dict[str, str] = {}          # iso3 -> its adjective ("Iraqi")
        self.capitals: dict[str, str] = {}          # capital name -> iso3
        self.places: dict[str, str] = {}            # city/state name -> iso3
        self._load_orgs()
        self._load_countries()
        self._load_places()
        self._load_roles()
        self._load_credits()
        self.automaton = ahocorasick.Automaton()
        for form, entry in self.forms.items():
            self.automaton.add_word(form, (form, entry))
        self.automaton.make_automaton()

    # -- loading -----------------------------------------------------------------------
    def _add(self, form: str, entry: Entry) -> None:
        if form and form not in self.forms:
            self.forms[form] = entry

    def _load_orgs(self) -> None:
        self.orgs: dict[str, Entry] = {}
        for row in _rows("organisations.tsv"):
            entry = Entry(row["name"], "ORG", "org", row["country"] or None, row["sector"] or None)
            self.orgs[row["name"].casefold()] = entry
            self._add(row["name"], entry)
            for alias in filter(None, row["aliases"].split("|")):
                self.orgs[alias.casefold()] = entry
                self._add(alias, entry)
        # Names of several words from actor_orgs.tsv and outlets.tsv are matched too, so
        # that "Washington Examiner" or "Detroit Free Press" is no place ("Washington"); one
        # word ("Time", "Reason") or a leading "The" would match common words, and aliases
        # may name another thing ("Trump administration" is an alias of the White House).
        for row in _rows("actor_orgs.tsv"):
            if _multiword_name(row["name"]):
                self._add(row["name"], Entry(row["name"], "ORG", "org", row["country"] or None,
                                             row["sector"] or None))
        for outlet in sorted({r["family"] for r in _rows("outlets.tsv")}):
            if _multiword_name(outlet):
                self._add(outlet, Entry(outlet, "ORG", "org", None, "MED"))

    def _load_countries(self) -> None:
        big_capitals: list[tuple[str, str]] = []
        for row in _rows("countries.tsv"):
            iso3, name = row["iso3"], row["name"]
            self.country_names[iso3] = name
            entry = Entry(name, "GPE", "country", iso3)
            self._add(name, entry)
            self.country_by_form[name] = iso3
            for alias in filter(None, row["aliases"].split("|")):
                self._add(alias, entry)
                self.country_by_form.setdefault(alias, iso3)
            if row["capital"]:
                self.capitals.setdefault(row["capital"], iso3)
                pop = int(row["capital_population"] or 0)
                # Only large capitals are matched by name: small ones are often common words
                # ("Male", "Victoria", "Kingston"); NER still finds them and `place_country`
                # still gives them a country.
                if pop >= 500_000:
                    big_capitals.append((row["capital"], iso3))
        for row in _rows("country_names.tsv"):
            iso3, form, kind = row["iso3"], row["form"], row["kind"]
            name = self.country_names.get(iso3)
            if not name:
                continue
            if kind == "alias":
                self._add(form, Entry(name, "GPE", "country", iso3))
            elif kind == "regional":  # "Welsh": a part's adjective, not the country's
                pass
            else:
                self._add(form, Entry(name, "NORP" if kind == "demonym" else "GPE", kind, iso3))
            self.country_by_form.setdefault(form, iso3)
            if kind == "demonym":  # the file lists the adjective first ("Iraqi", "Iraqis")
                self.demonyms.setdefault(iso3, form)
        for capital, iso3 in big_capitals:
            self._add(capital, Entry(capital, "GPE", "capital", iso3))

    def _load_places(self) -> None:
        for row in _rows("cities.tsv"):
            self.places.setdefault(row["name"], row["iso3"])
            if row["iso3"] == "USA" and not row["lat"] and " " in row["name"]:
                # A US state of two words is matched whole, so the longest match keeps
                # "New Jersey" from reading as Jersey (JEY) and "New Mexico" as Mexico.
                self._add(row["name"], Entry(row["name"], "GPE", "region", "USA"))
        self.unmatched: set[str] = set()  # places only looked up, never matched by name
        for row in _rows("regions.tsv"):  # matched by name: "Northern Ireland" is no "Ireland"
            self.places[row["name"]] = row["iso3"]  # hand-written: beats a generated city
            if row.get("matched") == "no":  # "Kent", "Devon": also first names
                self.unmatched.add(row["name"])
            else:
                self._add(row["name"], Entry(row["name"], "GPE", "region", row["iso3"]))

    def _load_roles(self) -> None:
        self.role_sector: dict[str, str] = {}
        self.generic_roles: set[str] = set()
        self.role_canon: dict[str, str] = {}
        self.org_sector: dict[str, str] = {}
        self.trade_words: set[str] = set()  # "bankers": a body named after them is a trade's
        self.trade_bodies: set[str] = set()  # "association": a body a trade word can name
        modifiers: list[str] = []
        for row in _rows("roles.tsv"):
            term, kind, sector = row["term"].lower(), row["kind"], row["sector"]
            if kind in ("head", "generic"):
                self.role_sector[term] = sector
                if row.get("canonical"):
                    self.role_canon[term] = row["canonical"]
                if kind == "generic":
                    self.generic_roles.add(term)
            elif kind == "modifier":
                modifiers.append(term)
            elif kind == "org":
                self.org_sector[term] = sector
            elif kind == "trade":
                self.trade_words.add(term)
            elif kind == "trade_body":
                self.trade_bodies.add(term)
        # the same heads, spaces and hyphens alike ("co-chair" found as "co chair")
        self.role_sector_spaced = {_spaced(k): v for k, v in self.role_sector.items()}
        institution = sorted((h.strip() for h in data.text("institution_heads.txt").splitlines()
                              if h.strip() and not h.startswith("#")), key=len, reverse=True)
        # A place's institution written right after it: "Minneapolis police", "Michigan
        # Legislature", "Florida Department of Health" (a capitalised "of" complement); or
        # after its possessive and up to two modifiers (data/name_words.tsv
        # institution_modifier): "Russia's foreign ministry", "Shanghai city government".
        mods = "|".join(re.escape(w) for w in data.name_words("institution_modifier"))
        self.institution_re = re.compile(
            r"(?P<poss>['’]s?)?[ \t]+(?P<mods>(?i:(?:" + mods + r")[ \t]+){0,2})"
            r"(?P<head>(?i:(?:department|ministry|board)[ \t]+of[ \t]+)(?:the[ \t]+)?"
            r"[A-Z][\w\-]+(?:[ \t]+(?:and[ \t]+)?[A-Z][\w\-]+){0,3}|(?i:"
            + "|".join(re.escape(h).replace(r"\ ", r"[ \t]+") for h in institution)
            + r"))(?![\w\-])")
        heads = sorted(self.role_sector, key=len, reverse=True)
        mods = sorted(modifiers, key=len, reverse=True)
        alt = "|".join
        head_re = alt(re.escape(h).replace(r"\ ", r"[\s-]+") for h in heads)
        mod_re = alt(re.escape(m) for m in mods)
        # A title: up to three modifiers, a head, and an "of/for X" complement whose words are
        # capitalised or known modifiers ("Secretary of State", "special envoy for Climate").
        comp_word = rf"(?:(?-i:[A-Z][\w\-]+)|{mod_re})"
        # "to X" completes only a posting abroad ("Ambassador to Ukraine X", "envoy to the
        # European Union"): after other heads, "to" opens anything ("the president to Paris")
        to_heads = "(?:" + "|".join(rf"(?<={h}\s)" for h in ("ambassador", "envoy")) + ")"
        self.role_re = re.compile(
            rf"(?i)(?<![\w\-])(?P<mods>(?:(?:{mod_re})[\s-]+){{0,3}})(?P<head>{head_re})"
            rf"(?P<comp>\s+(?:of|for|on|{to_heads}to)\s+(?:the\s+)?{comp_word}"
            rf"(?:\s+{comp_word})?)?(?![\w\-])")
        self.modifiers = set(mods)

    def _load_credits(self) -> None:
        credits = json.loads(data.text("photo_credits.json"))
        agencies = [a for a in credits.get("agencies", []) if len(a) > 3]
        self.credit_re = re.compile(
            r"(?:/\s*(?:" + "|".join(re.escape(a) for a in agencies) + r")\b)|"
            r"(?:\b(?:Getty Images|AP Photo|via Getty|Shutterstock|Alamy|Stock Photo)\b)")

    # -- lookups -----------------------------------------------------------------------
    def matches(self, text: str) -> list[Match]:
        """Longest, non-overlapping, word-bounded gazetteer matches in `text`."""
        found: list[Match] = []
        n = len(text)
        for end_idx, (form, entry) in self.automaton.iter(text):
            start, end = end_idx - len(form) + 1, end_idx + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_'’"):
                continue
            if form.endswith("-"):
                if end >= n or not text[end].isalpha():
                    continue
            elif end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            found.append(Match(start, end, form, entry))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match] = []
        last_end = -1
        for m in found:
            if m.start >= last_end:
                out.append(m)
                last_end = m.end
        return out

    def place_country(self, name: str) -> str | None:
        """ISO-3 country of a place name: a country, a capital, a city or a US state."""
        name = name.strip()
        if name.startswith("the "):
            name = name[4:]
        found = (self.country_by_form.get(name) or self.capitals.get(name)
                 or self.places.get(name))
        first, _, rest = name.partition(" ")
        if found is None and rest and first.lower() in _COMPASS:
            return self.place_country(rest)  # "western Cambodia", "southern Lebanon"
        return found

    def org(self, name: str) -> Entry | None:
        name = name.strip()
        hit = self.orgs.get(name.casefold())
        if hit is None and name.lower().startswith("the "):
            hit = self.orgs.get(name[4:].casefold())
        return hit

    def org_sector_of(self, name: str) -> str | None:
        """Sector of an organisation from the keywords in its name (last keyword wins)."""
        sector = None
        words = re.findall(r"[\w.]+", name.lower())
        for i, word in enumerate(words):
            two = " ".join(words[i:i + 2])
            sector = self.org_sector.get(two) or self.org_sector.get(word) or sector
        return sector

    def is_credit(self, text: str) -> bool:
        return bool(self.credit_re.search(text))

    def canonical_role(self, mods: str, head: str, comp: str | None) -> str:
        head = self.role_canon.get(re.sub(r"[\s-]+", " ", head.lower()), head)
        words = [w for w in (mods.split() + head.split()) if w.lower() not in ("top", "senior")]
        words += (comp or "").split()
        out = [w.lower() if w.lower() in _SMALL else w[:1].upper() + w[1:].lower()
               if w.islower() or w.isupper() and len(w) > 3 else w for w in words]
        return " ".join(out)

    def role_sector_of(self, head: str) -> str | None:
        """A head's sector, spaces and hyphens alike ("co-chair" as "co chair")."""
        key = _spaced(head)
        return self.role_sector.get(key) or self.role_sector.get(head.lower()) or \
            self.role_sector_spaced.get(key)


def _spaced(term: str) -> str:
    """A role term with its runs of spaces and hyphens as one space, lower-cased."""
    return re.sub(r"[\s-]+", " ", term.lower())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


@lru_cache(maxsize=1)
def seed_actors() -> tuple[Seed, ...]:
    """Well-known office holders from data/actors_seed.tsv."""
    out = []
    for row in _rows("actors_seed.tsv"):
        role = {"role": row["role"], "country": row["country"] or None, "seen": None,
                "from": row["from"] or None, "until": row["until"] or None}
        out.append(Seed(row["name"], row["country"] or None, row["sector"] or None, [role],
                        [a for a in row["aliases"].split("|") if a]))
    return tuple(out)
