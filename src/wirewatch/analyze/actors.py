"""Component `ww_actors`: give every entity a country (ISO-3) and a sector, hence an actor code.

Why separate from `ww_entities`: finding who is mentioned and deciding what they are (a US
government official, a Chinese state outlet) use different evidence — the text vs. our data and
the knowledge base snapshot (`doc._.ww_kb`, plain data from link/kb.py). The functions here are
also used by `ww_entities` (to know a person's country before resolving "the Chinese foreign
minister") and by the article-level assembly in `analyze/__init__.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from wirewatch import data
from wirewatch.analyze.extensions import doc_text
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
        self.by_surname: dict[str, list[Seed]] = {}  # "blair" → every known Blair
        for person in self.by_name.values():
            surname = person.name.casefold().split()[-1:]
            if surname:
                self.by_surname.setdefault(surname[0], []).append(person)
            for alias in [person.name, *person.aliases]:
                for key in {alias.casefold(), _undotted(alias)}:  # "George W Bush" too
                    bucket = self.by_alias.setdefault(key, [])
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
        cands = self.by_alias.get(key) or self.by_alias.get(_undotted(name)) or []
        if len(cands) == 1:
            return cands[0]
        bare = _INITIAL.sub(" ", _HONORIFIC.sub("", _TITLE.sub("", _PARTY_PREFIX.sub("", key))))
        return self.lookup(bare) if bare != key else None  # "Donald J. Trump", "Mr Blair",
        # "Sen John Barrasso", "Tory Liam Fox"


def _undotted(name: str) -> str:
    """A name without the full stops of its initials, as the British press writes it."""
    return re.sub(r"\.\s*", " ", name.casefold()).strip().replace("  ", " ")


_INDEX_CACHE: dict[str, Any] = {"kb": None, "index": None}
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|lord|lady|dame)\.?\s+", re.I)
_INITIAL = re.compile(r"(?<=\w)\s+\w\.?\s+(?=\w\w)")
# A title the NER model left inside a name ("Sen John Barrasso", "Gov. Andrew Cuomo")
_TITLE = re.compile(r"^(?:sens?|reps?|gov|lt|gen|adm|col|capt|sgt|senator|representative|"
                    r"governor|president|secretary|mayor|judge)\.?\s+(?=\w)", re.I)


# A party word the NER model left inside a person's name ("Tory Liam Fox", "Lib Dem Norman
# Baker", "Tories Ken Clarke"): the person's party, not part of the name (data/name_words.tsv)
_PARTY_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                       sorted(data.name_words("party_prefix"), key=len, reverse=True)) + r")\s+(?=\w)",
    re.I)


def name_party(name: str) -> tuple[str | None, str | None] | None:
    """(country, sector) of the party whose word opens a person's name ("Tory Liam Fox"),
    if our data knows that party."""
    m = _PARTY_PREFIX.match(name.strip())
    if not m or not name.strip()[m.end():][:1].isupper() or known_org(name) is not None:
        return None  # "Conservative Party" is the party itself
    word = " ".join(m.group(0).split())
    hit = known_org(word) or known_org(f"{word} Party")
    return hit if hit is not None and hit[1] == "PTY" else None


def _party_person(name: str) -> bool:
    """Whether an organisation's name is a party word before a person's full name ("Tory
    Hamish Pelling", which the NER model may label an organisation): a known first name
    opens the two or three capitalised words after it."""
    m = _PARTY_PREFIX.match(name.strip())
    rest = name.strip()[m.end():].split() if m else []
    return 2 <= len(rest) <= 3 and rest[0].lower() in data.first_names() \
        and all(w[:1].isupper() for w in rest) and name_party(name) is not None \
        and known_org(name) is None and gazetteer().org(name) is None


# (a surname may open with Mc, Mac or O': "McClure", "O'Neill")
_NAME_WORD = re.compile(r"(?:Mc|Mac|O['’])?[A-Z][a-z\u00df-\u00ff]+(?:-[A-Z][a-z\u00df-\u00ff]+)?"
                        r"|[A-Z]\.")


def person_shaped(name: str) -> bool:
    """Whether a name the NER model took for an organisation has a person's name's shape: two
    or three capitalised words opening with a known given name that is no place ("Mason
    Rudolph", not "Virginia Tech"), no organisation keyword and no organisation we know."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words[1:]) \
            or not _NAME_WORD.fullmatch(words[0]) or words[0].lower() not in data.first_names():
        return False
    gz = gazetteer()
    return not any(gz.place_country(w) for w in (words[0], words[-1], name)) \
        and org_keyword_sector(name) is None and _named_org(name) is None


def actor_index(kb: dict[str, Any] | None) -> ActorIndex:
    """The index for a KB snapshot; one slot cached, since a worker reuses one snapshot."""
    if _INDEX_CACHE["index"] is not None and _INDEX_CACHE["kb"] is kb:
        return _INDEX_CACHE["index"]
    people = list(known_people())
    for rec in (kb or {}).get("persons", []):
        people.append(Seed(rec["name"], rec.get("country"), rec.get("sector"),
                           [dict(r) for r in rec.get("roles") or []],
                           list(rec.get("aliases") or [])))
    index = ActorIndex(people)
    _INDEX_CACHE.update(kb=kb, index=index)
    return index


@cache
def known_people() -> tuple[Seed, ...]:
    """The seed file extended by data/actors_us.tsv and data/actors_gb.tsv: one record a
    person, their dated roles from all files together (Joe Biden the 2020 candidate, then the
    President)."""
    people = {p.name.casefold(): Seed(p.name, p.country, p.sector, list(p.roles),
                                      list(p.aliases)) for p in seed_actors()}
    for row in [*data.rows("actors_us.tsv"), *data.rows("actors_gb.tsv")]:
        role = {"role": row["role"], "country": row["country"] or None, "seen": None,
                "from": row["from"] or None, "until": row["until"] or None}
        aliases = [a for a in row["aliases"].split("|") if a]
        person = people.setdefault(row["name"].casefold(), Seed(
            row["name"], row["country"] or None, row["sector"] or None, [], []))
        person.roles.append(role)
        person.aliases.extend(a for a in aliases if a not in person.aliases)
    return tuple(people.values())


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


_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|from)\s+(?:the\s+)?$", re.I)


def name_country(name: str) -> str | None:
    """The country an organisation's own name gives: "U.S. Embassy in Baghdad" → USA (where
    it sits is no membership), "Embassy of Iran" → IRN, "Iranian Red Crescent" → IRN; a US
    state or city counts as the USA."""
    gz = gazetteer()
    found: list[str] = []
    for m in gz.matches(name):
        if m.entry.kind == "org" or not m.entry.country:
            continue
        if _LOCATIVE.search(name[:m.start]) and found:
            continue  # where it sits, after the country it belongs to
        found.append(m.entry.country)
    words = name.split()
    for n in range(min(len(words) - 1, 3), 0, -1) if not found else ():
        place = gz.place_country(" ".join(words[:n]))  # "Dallas Morning News": a known
        if place and " ".join(words[:n]) in gz.unmatched \
                and _US_NAMESAKE.match(" ".join(words[n:])):  # name took its city's words
            return "USA"  # "Kent State University", "Suffolk County": an English county's
        if place:         # American namesakes
            return place
    tail = _OF_PLACE.search(name) if not found else None  # "Arts Council of Wales"
    if tail and gz.place_country(tail.group(1)):
        return gz.place_country(tail.group(1))
    return found[0] if found else None


# Words after an English county's name that make it a US namesake ("Essex County", "Kent State")
_US_NAMESAKE = re.compile(r"(?:County(?! Council)|State|University|College)\b")
_OF_PLACE = re.compile(r"\s(?:of|for)\s+(?:the\s+)?([A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2})$")


_FORMER = re.compile(r"\b(?:former|retired|ex)\b", re.I)
_LEGISLATIVE = re.compile(r"\b(?:senate|(?<!white )house|congressional|committee|congress)\b", re.I)
_CAMPAIGN = re.compile(r"\b(?:campaign|party)\b", re.I)
_PARTISAN = re.compile(r"\b(?:democratic|republican|gop|(?-i:Tory|Labour))\b", re.I)
# Sectors of a descriptor noun that a party word before it turns into a party figure's
# ("Republican pollster", "Democratic data scientist"); not an office ("Republican senator").
_PARTISAN_HEADS = frozenset({"CVL", "BUS", "EDU", "PTY"})


@cache
def _office_heads() -> frozenset[str]:
    """Heads of roles.tsv whose holder takes the sector of their organisation ("scope" org)."""
    return frozenset(re.sub(r"[\s-]+", " ", r["term"].lower()) for r in data.rows("roles.tsv")
                     if r.get("scope") == "org")  # spelt as role_info spells a head


def role_info(role: str) -> tuple[str | None, bool]:
    """(sector, office) of a role title. Its words refine the head's sector: a former holder
    is ELI, a Senate/House/committee leader, chair or spokesperson LEG, a campaign or party
    one PTY. `office`: an office inside an organisation ("president", "spokesperson") that
    the organisation named beside it overrides."""
    gz = gazetteer()
    m = gz.role_re.search(role)
    if not m:
        return None, False
    head = re.sub(r"[\s-]+", " ", m.group("head").lower())
    mods = m.group("mods") or ""
    words = mods.split()
    for k in range(len(words)):  # a modifier may begin a longer head: "U.S. attorney"
        longer = " ".join([*words[k:], head]).lower()
        if gz.role_sector_of(longer):
            head, mods = longer, " ".join(words[:k])
            break
    sector = gz.role_sector_of(head)
    context = f"{mods} {m.group('comp') or ''}"
    body = None
    if _FORMER.search(mods) and head in _office_heads():
        # "former chief executive of the Child Support Agency": the body's sector decides
        body = _office_body(role, m)
        sector = body or sector
    if _FORMER.search(mods) and (sector in _OFFICIAL or sector is None):
        return "ELI", False  # a former official; a former editor is still media
    if _FORMER.search(mods):  # an office of no body the title names: the phrase may name it
        return sector, head in _office_heads() and body is None
    if _SHADOW.search(mods):  # "Tory shadow chancellor": an opposition party's front bench
        return "PTY", False
    generic = sector in ("GOV", "BUS") and head not in ("governor", "mayor", "attorney general")
    if generic and _LEGISLATIVE.search(context):
        return "LEG", False
    if generic and _CAMPAIGN.search(context):
        return "PTY", False
    if generic and head not in _ELECTED and _PARTISAN.search(mods):
        return "PTY", False  # "GOP spokesman", "Democratic official"; not "Republican President"
    office = head in _office_heads()
    named = _named_org(role[:m.start()].strip()) if office and m.start() else None
    if named is not None and named[1]:  # "Fed Chair", "FBI Director": the office's body
        return named[1], False
    if sector == "BUS" and _LOCAL.search(mods):
        return "GOV", False  # "city manager", "county executive"
    body = _office_body(role, m, before=False) if office else None
    if body:  # "President of Dillard University" → EDU, "chief executive of the CSA" → GOV
        return body, False
    return sector, office


def _office_body(role: str, m: re.Match[str], before: bool = True) -> str | None:
    """The sector of the organisation an office title names: before it ("FBI Director"), or
    in its "of" complement, by our data ("of the Child Support Agency") or by a keyword
    ("of Dillard University"); a keyword's NGO left out ("institute", "center": often a
    government body)."""
    named = _named_org(role[:m.start()].strip()) if before and m.start() else None
    if named is not None and named[1]:
        return named[1]
    if not m.group("comp"):
        return None
    comp = role[m.start("comp"):]  # the whole name, past the two words the title keeps
    named = _named_org(re.sub(r"^\s*(?:of|for|on)\s+(?:the\s+)?", "", comp))
    if named is not None and named[1]:
        return named[1]
    keyword = org_keyword_sector(comp)
    return keyword if keyword != "NGO" else None


_LOCAL = re.compile(r"\b(?:city|county|state)\b", re.I)
# The sign-off of a quoted opinion: "— Jane Roe, The Appeal" (a dash opens the line or follows
# the quote, a capitalised name of a publication closes the line).
_DASH_BEFORE = re.compile(r"(?:^|[”\"’'.!?])[ \t]*[—–][ \t]*$")
_PUBLICATION_AFTER = re.compile(r",[ \t]*(?:The[ \t]+)?[A-Z][\w.&'’-]*(?:[ \t]+(?:[A-Z][\w.&'’-]*"
                                r"|of|and|for|the|on)){0,5}[ \t]*(?:\n|$)")
_CANDIDACY = re.compile(r"\b(?:candidate|nominee|hopeful|challenger)\b", re.I)
_SHADOW = re.compile(r"\bshadow\b", re.I)


# Titles of a public office: a party word before them names the holder's party, not a party
# post ("Republican President", "GOP Lieutenant Governor", "Democratic Governor").
_ELECTED = frozenset({"president", "vice president", "prime minister", "premier", "chancellor",
                      "minister", "secretary", "undersecretary", "governor", "gov.",
                      "lieutenant governor", "lt. gov.", "lt. governor", "mayor",
                      "attorney general", "ambassador", "envoy", "commissioner"})


def role_sector(role: str) -> str | None:
    return role_info(role)[0]


def roles_sector(roles: list[dict[str, Any]]) -> str | None:
    """The sector of a person's roles: a current office before a former one (ELI), except a
    candidacy: a candidate who held office is a former official, not a party figure ("former
    Vice President Joe Biden, the Democratic nominee" is ELI, docs/annotation-guide.md)."""
    pairs = [(r.get("role") or "", s) for r in roles
             if (s := role_sector(r.get("role") or ""))]
    sectors = [s for _, s in pairs]
    if "ELI" in sectors and all(s == "ELI" or (s == "PTY" and _CANDIDACY.search(role))
                                for role, s in pairs):
        return "ELI"
    return next((s for s in sectors if s != "ELI"), sectors[0] if sectors else None)


@cache
def _known_orgs() -> dict[str, tuple[str | None, str | None]]:
    """data/actor_orgs.tsv: name or alias (case-folded) → (country, sector)."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for r in data.rows("actor_orgs.tsv"):
        for form in [r["name"], *r["aliases"].split("|")]:
            if form:
                out.setdefault(form.casefold(), (r["country"] or None, r["sector"] or None))
    return out


def known_org(name: str) -> tuple[str | None, str | None] | None:
    name = _THE.sub("", name.strip()).replace("’", "'")
    return _known_orgs().get(name.casefold())


@cache
def _known_org_names() -> dict[str, str]:
    """data/actor_orgs.tsv: name or alias (case-folded) → the row's own name."""
    out: dict[str, str] = {}
    for r in data.rows("actor_orgs.tsv"):
        for form in [r["name"], *r["aliases"].split("|")]:
            if form:
                out.setdefault(form.casefold(), r["name"])
    return out


def known_org_name(name: str) -> str | None:
    """The canonical name of the organisation our data knows by `name` ("Tories" →
    "Conservative Party"), or None."""
    name = _THE.sub("", name.strip()).replace("’", "'")
    return _known_org_names().get(name.casefold())


def org_keyword_sector(name: str) -> str | None:
    """Sector from the keywords of an organisation's name, the longest keyword at each word
    ("Dallas Police Department" → COP, not the department's GOV); the last keyword wins
    ("University of Connecticut police" → COP), except that a business word in the "of/for"
    complement of another body names its remit, not its kind ("Ministry of Mining": GOV)."""
    gz = gazetteer()
    table = gz.org_sector
    words = re.findall(r"[\w.']+", name.lower().replace("’", "'"))
    sector, last, i = None, "", 0
    complement = False  # an "of/for" came after the last keyword
    while i < len(words):
        for n in (3, 2, 1):
            hit = table.get(" ".join(words[i:i + n])) if i + n <= len(words) else None
            if hit and hit == "BUS" and complement and sector not in (None, "BUS"):
                hit = None
            if hit:
                sector, last = hit, " ".join(words[i:i + n])
                complement = False
                i += n
                break
        else:
            complement = complement or (sector is not None and words[i] in ("of", "for"))
            i += 1
    bare = [w.rstrip("'") for w in words]  # "Bankers'"
    if last in gz.trade_bodies and any(
            w in gz.trade_words or " ".join(bare[k:k + 2]) in gz.trade_words
            for k, w in enumerate(bare)):
        return "BUS"  # "British Bankers' Association", "Council of Mortgage Lenders"
    return sector


# The words after an outlet's name that make it one of its channels, editions or services
# ("BBC Wales", "BBC One", "ITV News", "CNN International"); a place counts too
_CHANNEL_WORDS = frozenset(data.name_words("channel_word"))
_CHANNEL_NUMBER = re.compile(r"([A-Z]{2,5})(\d)")  # "BBC2", "ITV1"


def outlet_channel(name: str) -> tuple[str | None, str | None] | None:
    """(country, sector) of an outlet's channel or edition: a media organisation our data
    knows, then only channel words, a number or a place ("BBC Scotland", "BBC Radio 4")."""
    name = _THE.sub("", name.strip())
    m = _CHANNEL_NUMBER.fullmatch(name)
    words = [m.group(1), m.group(2)] if m else name.split()
    if len(words) < 2:
        return None
    parent = _named_org(words[0])
    if parent is None or parent[1] != "MED":
        return None
    rest = words[1:]
    if all(w.lower() in _CHANNEL_WORDS or w.isdigit() for w in rest) \
            or gazetteer().place_country(" ".join(rest)):
        return parent
    return None


def cameo(names: list[str], published: Any) -> tuple[str | None, str | None, bool] | None:
    """(country, sector, dated) from the CAMEO dictionaries for the first of `names` they
    know: `dated` when a dated code holds on the article's day (the dictionaries end in 2015,
    so later articles only get their latest or default code, which the KB may overrule)."""
    actors = data.cameo_actors()
    for name in names:
        hit = actors.lookup(_HONORIFIC.sub("", _PARTY_PREFIX.sub("", _THE.sub("", name))))
        if hit is None:
            continue
        code, dated = hit.code_on(published, actors.end)
        if code:
            country, sector = data.cameo_code(code)
            return country, sector, dated
    return None


_THE = re.compile(r"^(?:the|The)\s+")


def seen_date(published: Any) -> str | None:
    day = _day(published)
    return day.isoformat() if day else None


def assign(entity: Entity, index: ActorIndex, published: Any = None,
           hint: str | None = None, final: bool = True) -> None:
    """Fill `entity.country` / `sector` (and a known person's role) where still missing.
    `final` (the article-level pass, after the zones are merged): a person nothing places in
    an office or organisation is a private citizen (CVL)."""
    gz = gazetteer()
    if final and entity.type == "PERSON" and not entity.roles and index.lookup(entity.name) \
            is None and (known_org(entity.name) or _org_shaped(entity.name)):
        # a company or party the NER model took for a person ("Yukos", "Labour"); only once
        # the zones are merged, so that a surname ("Ford") has joined its full name first
        entity.type = "ORG"  # its known country beats the zone's guess for a person (home)
        named = _named_org(entity.name) or (None, None)
        entity.country = named[0] or entity.country
        # and its known sector the one read off a person's phrase ("newspaper chain Gannett")
        entity.sector = named[1] or entity.sector
    elif entity.type == "ORG" and gz.org(entity.name) is None and not known_org(entity.name) \
            and (entity.name.casefold() in index.by_name or " " not in entity.name.strip()
                 and index.lookup(entity.name) is not None):
        known = index.lookup(entity.name)  # a known person's surname taken for an organisation
        entity.type = "PERSON"
        if known is not None and known.name != entity.name:  # "Trump" → "Donald Trump"
            entity.aliases.append(entity.name)
            entity.name = known.name
    elif entity.type == "ORG" and _party_person(entity.name):
        entity.type = "PERSON"  # "Tory Hamish Pelling": a party word left before a name
    if entity.type in ("GPE", "LOC", "FAC", "EVENT") \
            and gz.place_country(entity.name) is None and _named_org(entity.name):
        entity.type = "ORG"  # "Reddit", "Dallas Morning News" taken for a place or an event
    if final and entity.type in ("ORG", "NORP"):  # the names the text gives it ("Congress")
        for m in entity.mentions:
            form = _THE.sub("", m.text.strip())
            if form and form != entity.name and form not in entity.aliases and m.text[:1].isupper():
                entity.aliases.append(form)
    if entity.type == "PERSON":
        dictionary = cameo([entity.name, *entity.aliases], published)
        if dictionary is not None and dictionary[2]:  # a code dated for the article's day
            entity.country = entity.country or dictionary[0]
            if not entity.roles:
                entity.sector = entity.sector or dictionary[1]
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
            if roles_sector(entity.roles) in (None, "ELI"):  # no current office in the text
                active = [r for r in known.roles if _active(r, published)
                          and not any((r.get("role") or "").casefold()
                                      == (e.get("role") or "").casefold() for e in entity.roles)]
                for r in active[-1:]:
                    entity.roles.append({"role": r.get("role"), "country": r.get("country")
                                         or known.country, "seen": seen_date(published)})
            elif known.country:
                for r in entity.roles:
                    if r.get("country") is None and any(
                            (k.get("role") or "").lower() == (r.get("role") or "").lower()
                            for k in known.roles):
                        r["country"] = known.country
            former = _former_office(known, published)
            if former and _candidacy_only(entity.roles) and entity.sector in (None, "PTY"):
                # a candidate who held office is a former official (docs/annotation-guide.md)
                entity.roles.append({"role": f"Former {former}", "country": known.country,
                                     "seen": seen_date(published)})
                entity.sector = "ELI" if entity.sector else None
        if entity.country is None:
            entity.country = next((r["country"] for r in entity.roles if r.get("country")), None)
        if entity.country is None and known is not None and (
                not entity.roles or any(_active(r, published) for r in known.roles)):
            entity.country = known.country
        # `hint` (a country named nearby) is deliberately unused: a person's country comes
        # from their own phrase, their coreference chain or knowledge, never a neighbour.
        current = [r for r in known.roles if _active(r, published)] if known else []
        if entity.sector is None and current and entity.roles and all(
                role_info(r.get("role") or "")[1] for r in entity.roles):
            # "communications director" in the text, the campaign's in our knowledge; our
            # knowledge's own sector first ("Dr. Fauci", "the director": a health expert)
            entity.sector = known.sector or role_sector(current[-1].get("role") or "")
        if entity.sector is None:
            entity.sector = roles_sector(entity.roles)
        if entity.sector is None and known is not None and known.sector:
            ended = bool(known.roles) and all(
                _day(r.get("until")) and _day(published) and _day(r.get("until")) <= _day(published)
                for r in known.roles)
            entity.sector = "ELI" if ended else known.sector  # out of office by then
        if dictionary is not None:  # the dictionaries' latest or default code, as a fallback
            entity.country = entity.country or dictionary[0]
            if final or dictionary[2]:  # undated: only after the phrase evidence had its say
                entity.sector = entity.sector or dictionary[1]  # (a namesake: "John Smith")
        party = name_party(entity.name) if entity.sector is None and not entity.roles \
            else None
        if party is not None:  # "Tory Liam Fox" with no title: a figure of that party
            entity.country = entity.country or party[0]
            entity.sector = "PTY"
        if final and entity.sector is None:
            entity.sector = "CVL"
        for r in entity.roles:
            r["country"] = r.get("country") or entity.country
    elif entity.type in ("ORG", "NORP") and known_org(entity.name):
        country, sector = known_org(entity.name) or (None, None)
        entity.country = entity.country or country
        entity.sector = entity.sector or sector
    elif entity.type == "ORG":
        entry = gz.org(entity.name)
        if entry is not None:
            entity.country = entity.country or entry.country
            entity.sector = entity.sector or entry.sector
        channel = outlet_channel(entity.name) if entry is None else None
        if channel is not None:  # "BBC Wales", "ITV1": the outlet's channel or edition
            entity.country = entity.country or channel[0]
            entity.sector = entity.sector or channel[1]
        dictionary = cameo([entity.name, *entity.aliases], published) if entry is None else None
        if dictionary is not None:
            entity.country = entity.country or dictionary[0]
            entity.sector = entity.sector or dictionary[1]
        if entity.country is None and (dictionary is None or dictionary[1] != "IGO"):
            entity.country = name_country(entity.name)
        if entity.sector is None:  # schools and hospitals: the agents dictionary is finer
            entity.sector = next((s for s in map(data.cameo_agent_sector,
                                                 re.findall(r"[a-z]+", entity.name.lower()))
                                  if s in ("EDU", "HLH")), None)
        if entity.sector is None and data.outlet_key(entity.name) in data.outlets():
            entity.sector = "MED"  # a publication of data/outlets.tsv ("Detroit Free Press")
        if entity.sector is None and re.match(r"[A-Z]{2,}\b", entity.name) \
                and (outlet := _company_prefix(entity.name, "MED")) is not None:
            # "CNN Business", "CBS DFW": an outlet's desk or station, when its initials open
            # the name (a plain word, "Foreign Policy" or "Independent", may open anything)
            entity.sector = "MED"
            entity.country = entity.country or outlet or None
        if entity.sector is None:
            entity.sector = org_keyword_sector(entity.name)
        if entity.sector is None and "&" in entity.name:
            entity.sector = "BUS"  # "Lopes Filho & Associates", "Ropes & Gray": a firm's name
        if entity.sector is None and (firm := _company_prefix(entity.name)) is not None:
            entity.sector = "BUS"  # "Amazon Alexa", "Intel Core": a company's product or arm
            entity.country = entity.country or firm or None
        if final and entity.sector is None:
            # nothing names its kind (no data, keyword or business cue): in news such a named
            # group ("Demos", "La Colmena") is mostly an advocacy group or think tank; a
            # brand-shaped name ("SkyForge", "iWidget", "zentro") a company
            entity.sector = brand_sector(entity.name) or "NGO"
    elif entity.country is None and entity.type in ("GPE", "LOC", "FAC"):
        entity.country = gz.place_country(entity.name)
    elif entity.country is None and entity.type == "NORP":
        entity.country = gz.country_by_form.get(entity.name)


@Language.factory("ww_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent()


class ActorsComponent:
    """Assigns country and sector to `doc._.ww_entities` (reads `doc._.ww_kb`): first from each
    mention's own phrase (see `phrase_evidence`), then from data and knowledge (`assign`)."""

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.ww_entities
        if not entities:
            return doc
        index = actor_index(doc._.ww_kb)
        hints = doc.user_data.get("ww_country_hints", {})
        for entity in entities:
            _longer_known_name(doc, entity)
        orgs = [e for e in entities if e.type == "ORG"]
        for entity in orgs:
            assign(entity, index, doc._.ww_published, hints.get(entity.name), final=False)
        orgs = [e for e in orgs if e.type == "ORG"]  # not a known person's surname ("Trump")
        if doc.has_annotation("SENT_START"):  # before the phrases: a firm's spokesman is BUS
            for entity in orgs:
                if entity.sector is None and _business_context(doc, entity):
                    entity.sector = "BUS"
        bare_offices: list[Entity] = []  # "President X" of no organisation the phrase names
        if doc.has_annotation("DEP"):
            evidence = PhraseEvidence(doc, orgs)
            for entity in entities:
                office = entity.type == "PERSON" and bool(entity.roles) and all(
                    role_info(r.get("role") or "")[1] for r in entity.roles) \
                    and not _in_office(index, entity, doc._.ww_published)
                if entity.type in ("PERSON", "ORG") and (
                        entity.country is None or entity.sector is None or office) \
                        and evidence.fill(entity, office):
                    bare_offices.append(entity)
        for entity in entities:
            assign(entity, index, doc._.ww_published, hints.get(entity.name), final=False)
        if doc.has_annotation("SENT_START"):
            for entity in entities:
                if entity.type == "ORG" and entity.sector is None and _business_context(
                        doc, entity):
                    entity.sector = "BUS"
            _business_prior(doc, entities, index, bare_offices)
        for entity in entities:  # "Lord Holme", "Sir Menzies": a British peer or knight
            if entity.type == "PERSON" and entity.country is None and any(
                    _PEERAGE.search(doc_text(doc), max(0, m.start - 12), m.start)
                    or _PEERAGE_NAME.match(m.text) for m in entity.mentions):
                entity.country = "GBR"
        for entity in entities:  # "Carter County Sheriff's Office": only the US has them
            if entity.type == "ORG" and entity.country is None \
                    and _US_ONLY_BODY.search(entity.name):
                entity.country = "USA"
        home = home_country(doc, entities) if any(
            e.type in ("PERSON", "ORG") and e.country is None for e in entities) else None
        for entity in entities:
            if home and entity.type in ("PERSON", "ORG") and entity.country is None \
                    and entity.sector != "IGO" and not _international(entity):
                entity.country = home
                for r in entity.roles:
                    r["country"] = r.get("country") or home
        surnames = {e.name.split()[-1].casefold() for e in entities
                    if e.type == "PERSON" and " " in e.name.strip()}
        for entity in entities:  # "Mr Blair" and no full name: the one Blair of that country
            if entity.type == "PERSON" and entity.sector is None and not entity.roles \
                    and entity.country and " " not in entity.name.strip() \
                    and entity.name.casefold() not in surnames and any(
                        _HONORIFIC_BEFORE.search(doc_text(doc), max(0, m.start - 6), m.start)
                        for m in entity.mentions):
                entity.sector = surname_sector(entity.name, entity.country, index,
                                               doc._.ww_published)
        return doc


# A company's word shape: one word in camel case ("SkyForge", "iWidget") or all lower case
# ("zentro"); charities and state bodies are written as plain words or initials
_BRAND_SHAPE = re.compile(r"[a-z]+[A-Z][\w]*|[A-Z][a-z]+(?:[A-Z][a-z]+)+|[a-z]{3,}")
_MEDIA_PARTS = frozenset(data.name_words("press_word"))  # data/name_words.tsv


def brand_sector(name: str) -> str | None:
    """BUS for a company-shaped name (`_BRAND_SHAPE`), MED if its last part is a press word
    ("GadgetInsider": a site); None for any other name."""
    if not _BRAND_SHAPE.fullmatch(name):
        return None
    last = re.findall(r"[A-Z][a-z]+", name)[-1:]
    return "MED" if last and last[0].lower() in _MEDIA_PARTS else "BUS"


# Kinds of body only the United States has: a county sheriff's office or department, and a
# committee of "the House" (Britain's are "House of Commons" committees, matched by name)
_US_ONLY_BODY = re.compile(r"\bSheriff(?:'s|’s|s)?[ \t]+(?:Office|Department)\b|^(?:U\.S\.[ \t]+)?"
                           r"House[ \t]+(?:[A-Z][\w&-]*[ \t]+(?:and[ \t]+)?){1,4}"
                           r"(?:Committee|Subcommittee)$")
_CHARITY = re.compile(r"\b(?:charity|campaign group|pressure group)\b", re.I)
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+$")


@cache
def _cameo_surnames() -> dict[str, tuple[str, ...]]:
    """Surname → the primary names of the dictionary people who bear it."""
    out: dict[str, list[str]] = {}
    for name, _ in set(data.cameo_actors().by_form.values()):
        words = name.split()
        if len(words) > 1:
            out.setdefault(words[-1], []).append(name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def surname_sector(surname: str, country: str, index: ActorIndex, published: Any) -> str | None:
    """The sector of the people of `country` whose surname a bare "Mr X" gives, from the
    CAMEO dictionaries and our knowledge, when they all agree (all the British Browns held
    government office; a surname that names nobody there, or people of several sectors,
    gives None). The article's country stands in for the first name it left out."""
    key = surname.casefold()
    sectors: set[str | None] = set()
    actors = data.cameo_actors()
    for name in _cameo_surnames().get(key, ()):
        hit = actors.lookup(name)
        code = hit.code_on(published, actors.end)[0] if hit else None
        c_country, c_sector = data.cameo_code(code) if code else (None, None)
        if c_country == country:
            sectors.add(c_sector)
    for person in index.by_surname.get(key, ()):
        if person.country == country:
            active = [r for r in person.roles if _active(r, published)]
            sectors.add(role_sector(active[-1].get("role") or "") if active else person.sector)
    folded = {data.model_sector(s, "PERSON") for s in sectors}
    if len(folded) != 1 or None in folded:
        return None
    # finer codes that fold alike (ELI, GOV): the finest shared one, by name, so that the
    # pick never depends on a set's order (which varies from process to process)
    return min(s for s in sectors if s is not None)


def _longer_known_name(doc: Doc, entity: Entity) -> None:
    """A known name the NER model cut in two ("Liberal" + "Democrat" of "Liberal Democrat"):
    when every mention joins a capitalised neighbour into a longer known organisation, that
    one's country and sector, not the short name's (US Democrats) or none."""
    if entity.type not in ("ORG", "NORP") or not entity.mentions:
        return
    found = set()
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return
        hit = None
        for a, b in ((span.start - 1, span.end), (span.start, span.end + 1)):
            if a >= 0 and b <= len(doc) and b - a > len(span) and doc[a:b].text[:1].isupper() \
                    and doc[b - 1].text[:1].isupper():
                hit = hit or known_org(doc[a:b].text)
        found.add(hit)
    hit = found.pop() if len(found) == 1 else None
    if hit is not None and hit != known_org(entity.name):
        entity.country, entity.sector = hit


def _international(entity: Entity) -> bool:
    """Whether our data knows an organisation as belonging to no country (Amnesty
    International, Greenpeace): the zone's home country is then no prior for it."""
    if entity.type != "ORG":
        return False
    known = known_org(entity.name)
    if known is not None:
        return known[0] is None
    entry = gazetteer().org(entity.name)
    if entry is not None:  # not a generic name the gazetteer knows ("state media")
        return entry.country is None and entry.sector in ("NGO", "IGO")
    dictionary = cameo([entity.name], None)
    return dictionary is not None and dictionary[0] is None and dictionary[1] in ("NGO", "IGO")


_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)/?$", re.I)


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", data.outlet_key(name))


@cache
def _squashed_outlet_countries() -> dict[str, str]:
    return {_squashed(k): c for k, c in data.outlet_countries().items()}


def _domain_country(host: str) -> str | None:
    """An outlet given as its web address (web news): its own row ("nytimes.com"), a known
    outlet its name spells without spaces ("cbsnews.com" → CBS News), else its country-code
    ending (".co.uk" → GBR, ".com.au" → AUS; rows ".uk", ".au" of outlet_countries.tsv).
    A bare ".com" says nothing: American sites use it most, but so do foreign ones."""
    table = data.outlet_countries()
    labels = host.casefold().split(".")
    for i in range(len(labels) - 1):  # "edition.cnn.com", then "cnn.com"
        if (hit := table.get(".".join(labels[i:]))) is not None:
            return hit
    squashed = _squashed_outlet_countries()
    for label in labels[:-1]:  # "thehill.com": outlet_key drops the name's "The"
        label = label[3:] if label.startswith("the") and label[3:] in squashed else label
        if label not in ("co", "com") and (hit := squashed.get(label)) is not None:
            return hit
    return table.get("." + labels[-1])


def outlet_country(outlet: str | None) -> str | None:
    """The home country of a national outlet ("BBC News" → GBR, "NBC News (Online)" → USA,
    "foxnews.com" → USA); None for a wire service, an international outlet or one our data
    does not know."""
    domain = _DOMAIN.match(outlet.strip()) if outlet else None
    if domain is not None:
        return _domain_country(domain.group(1))
    family = data.outlet_family(outlet)
    return data.outlet_countries().get(data.outlet_key(family)) if family else None


def outlet_home(entities: Sequence[Entity], outlet: str | None,
                docs: Sequence[Doc] = ()) -> None:
    """The article-level last resort for a person's or organisation's country, after their
    phrase, chain, knowledge and the zone's home country had their say: the home country of
    the national outlet that published it (a BBC story's unplaced chief executive is mostly
    British). Never for an international body or an organisation our data knows as
    belonging to no country (Amnesty International). A story clearly set elsewhere
    (`article_place`) gives its own country instead: a BBC report from Moscow names Russians."""
    home = outlet_country(outlet)
    if home is None:
        return
    home = article_place(docs, entities, home) or home
    for entity in entities:
        if entity.type in ("PERSON", "ORG") and entity.country is None \
                and entity.sector != "IGO" and not _international(entity):
            entity.country = home
            for r in entity.roles:
                r["country"] = r.get("country") or home


@cache
def _words(filename: str) -> frozenset[str]:
    """A data file of words, one a line ("#" comments), lower-cased."""
    return frozenset(w.strip().lower() for w in data.text(filename).splitlines()
                     if w.strip() and not w.startswith("#"))


def _business_cues() -> frozenset[str]:
    return _words("business_cues.txt")


@cache
def _sentence_business_cues() -> frozenset[str]:
    """What marks a business in the sentence naming it: the story-level cues and the
    product words (data/product_cues.txt), which only count there."""
    return _business_cues() | _words("product_cues.txt")


def _business_context(doc: Doc, entity: Entity) -> bool:
    """Whether a sentence naming an organisation we know nothing else about speaks of it as a
    business: its shares, profits, customers, "the carmaker" (data/business_cues.txt), its
    products' price or charger (data/product_cues.txt)."""
    cues = _sentence_business_cues()
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for t in span.sent:
            if span.start <= t.i < span.end or t.pos_ not in _NOUNS:
                continue
            two = f"{t.nbor(-1).lower_} {t.lower_}" if t.i > span.sent.start else ""
            if t.lemma_.lower() in cues or t.lower_ in cues or two in cues:
                return True
    return False


# The share of a body's sentences that speak of business (data/business_cues.txt) from which
# it is a business story: a market report, a takeover, a company's results.
_BUSINESS_SHARE = 0.25


def _business_prior(doc: Doc, entities: list[Entity], index: ActorIndex,
                    bare_offices: Sequence[Entity] = ()) -> None:
    """In a business story, an organisation nothing else places (no data, keyword or cue)
    is a company rather than the advocacy group news in general suggests ("Kirin is
    launching a drink", "jobs will be lost at Credit Suisse First Boston"), a person with
    no title and no entry in our knowledge a business figure (a tycoon, a firm's
    ex-manager) rather than a private citizen, and an office of no named organisation
    ("according to President X", "director general X") a company's, not a government's."""
    if doc._.ww_zone != "body":
        return  # a title or caption is too short to tell the story's kind
    open_ = [e for e in entities if e.sector is None and (
        e.type == "ORG" or e.type == "PERSON" and not e.roles and index.lookup(e.name) is None
        and _named_org(e.name) is None and cameo([e.name, *e.aliases], None) is None)]
    open_ += [e for e in bare_offices if e.sector == "GOV"
              and not _known_official(e, index, doc._.ww_published)]
    if not open_ or not business_story(doc):
        return
    for entity in open_:
        entity.sector = "BUS"


def _known_official(entity: Entity, index: ActorIndex, published: Any) -> bool:
    """Whether our knowledge or the CAMEO dictionaries hold `entity` in a public office: a
    business story's "President Chirac" is still France's head of state, not a company's.
    A former official (ELI) counts: an undated story gets the dictionaries' latest code,
    which for Chirac or Chavez is the former president their titled mention speaks of."""
    if _in_office(index, entity, published):
        return True
    hit = cameo([entity.name, *entity.aliases], published)
    return hit is not None and (hit[1] in _OFFICIAL or hit[1] == "ELI")


def business_story(doc: Doc) -> bool:
    """Whether at least `_BUSINESS_SHARE` of the zone's sentences (and three) name a
    business cue noun: shares, profits, the company, an acquisition (worked out once per
    zone: the sector fill and the phrase evidence both ask)."""
    cached = doc.user_data.get("ww_business")
    if cached is None:
        cached = doc.user_data["ww_business"] = _count_business(doc)
    return bool(cached)


def _count_business(doc: Doc) -> bool:
    cues = _business_cues()
    sents = list(doc.sents)
    hits = 0
    for sent in sents:
        for t in sent:
            if t.pos_ in _NOUNS and (t.lower_ in cues or t.lemma_.lower() in cues or (
                    t.i > sent.start and f"{t.nbor(-1).lower_} {t.lower_}" in cues)):
                hits += 1
                break
    return hits >= 3 and hits >= _BUSINESS_SHARE * len(sents)


def zone_matches(doc: Doc) -> list[Any]:
    """The zone's gazetteer matches, as `ww_entities` left them (or matched anew)."""
    cached = doc.user_data.get("ww_gaz")
    if cached is None:
        cached = doc.user_data["ww_gaz"] = us_state_matches(doc, gazetteer().matches(doc_text(doc)))
    return cached


def home_country(doc: Doc, actors: list[Entity] | None = None) -> str | None:
    """The zone's home country: the one holding a clear majority (>= 60 %, >= 3) of its place
    mentions (countries, demonyms, capitals, states, cities) and, given `actors`, of the
    persons and organisations already placed (a UK election story names Iraq more often than
    Britain, but its cast is British). A last-resort prior for persons and organisations whose
    own phrase, chain and knowledge give no country: in a story set in one country, the
    unnamed-elsewhere locals mostly belong to it."""
    matches = zone_matches(doc)
    counts, taken = _place_counts(doc, [(m.start, m.end) for e in actors or ()
                                        if e.type == "PERSON" for m in e.mentions])
    cast: dict[str, int] = {}
    places = [(m.start, m.end) for m in matches if m.start in taken]
    for e in actors or ():
        if e.type == "ORG" and e.mentions and all(
                any(a <= m.start < b or m.start <= a < m.end for a, b in places)
                for m in e.mentions):
            continue  # a place's institution ("Indian authorities"): its place counted it
        if e.type in ("PERSON", "ORG", "NORP") and e.country:
            counts[e.country] = counts.get(e.country, 0) + 1
            cast[e.country] = cast.get(e.country, 0) + 1
    total = sum(counts.values())
    if not total:
        return None
    best = max(counts, key=lambda c: counts[c])
    second = max((n for c, n in counts.items() if c != best), default=0)
    if counts[best] >= 3 and (counts[best] >= 0.6 * total or counts[best] >= 2 * second):
        return best  # a clear majority, or twice any other country (an Indian airline
        # story that names Airbus, Siemens and Ryanair once each)
    # a cast of one country, whatever places its story names (a Welsh arts row that quotes
    # talk of Germany and Russia; a UKIP row over remarks about Germans)
    lead = max(cast, key=lambda c: cast[c]) if cast else None
    return lead if lead and cast[lead] >= 4 and cast[lead] >= 0.75 * sum(cast.values()) \
        else None


def _place_counts(doc: Doc, persons: Sequence[tuple[int, int]] = ()
                  ) -> tuple[dict[str, int], set[int]]:
    """The zone's place mentions (countries, demonyms, capitals, states, cities) counted by
    country, and the starts of the gazetteer matches counted; a place word inside a longer person name
    ("Kate York", "George Washington"; NER's or `persons`' spans) is no place."""
    gz = gazetteer()
    counts: dict[str, int] = {}
    taken: set[int] = set()
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    names += list(persons)
    for m in zone_matches(doc):
        if any(a <= m.start and m.end <= b and b - a > m.end - m.start for a, b in names):
            continue
        if m.entry.country and m.entry.kind != "org":
            counts[m.entry.country] = counts.get(m.entry.country, 0) + 1
            taken.add(m.start)
    for ent in doc.ents:
        if ent.label_ == "GPE" and ent.start_char not in taken:
            country = gz.places.get(ent.text)
            if country:
                counts[country] = counts.get(country, 0) + 1
    return counts, taken


def article_place(docs: Sequence[Doc], entities: Sequence[Entity] = (),
                  home: str | None = None) -> str | None:
    """The article's leading place: the country of at least `_LEAD_PLACE_SHARE` (and
    `_LEAD_PLACE_MIN`) of the place mentions of all its zones, unless the persons and
    organisations already placed hold more of `home` than of it (a US story on Ukraine
    whose cast is American). `outlet_home` prefers it to the outlet's country `home`: a BBC
    story set in India names Indians and Indian firms."""
    counts: dict[str, int] = {}
    for doc in docs:
        persons = [(m.start, m.end) for e in entities if e.type == "PERSON" for m in e.mentions
                   if m.zone == doc._.ww_zone and m.zone_index == doc._.ww_zone_index]
        for country, n in _place_counts(doc, persons)[0].items():
            counts[country] = counts.get(country, 0) + n
    if not counts:
        return None
    best = max(counts, key=lambda c: counts[c])
    if counts[best] < _LEAD_PLACE_MIN or counts[best] < _LEAD_PLACE_SHARE * sum(counts.values()):
        return None
    cast = [e.country for e in entities if e.type in ("PERSON", "ORG", "NORP") and e.country]
    return best if cast.count(home) <= cast.count(best) else None


# How clearly an article's places must lead for `article_place`: half its place mentions, and
# three (BBC train: 15 countries turned right, 1 wrong)
_LEAD_PLACE_SHARE = 0.5
_LEAD_PLACE_MIN = 3

_PARTY_STATE = re.compile(r"\s*[,(]\s*(?:R|D|I)[-–]\s?[A-Z][a-z]*\.?(?:\s?[A-Z][a-z]*\.?)?\s*[,)]")
_NOUNS = ("NOUN", "PROPN")
# The titles of British peers and knights (foreign honorary knights do not use "Sir")
_PEERAGE = re.compile(r"\b(?:Lord|Baroness|Sir|Dame)[ \t]+$")
_PEERAGE_NAME = re.compile(r"(?:Lord|Baroness|Sir|Dame)[ \t]+[A-Z]")
_LEAD_VERBS = frozenset({"head", "lead", "run", "chair", "command", "direct"})
_OFFICIAL = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
_FORMER_WORDS = frozenset({"former", "retired", "ex", "onetime", "erstwhile"})
# The sectors of a state body whose name before a descriptor noun makes its holder the body's
# staff ("NASA scientist", "FBI agent"), and the nouns that name no staff ("Army veteran",
# "Pentagon critic", "White House visitor"; data/name_words.tsv)
_STATE_STAFF = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "IGO"})
_NOT_STAFF = frozenset(data.name_words("not_staff"))


def us_context(doc: Doc, matches: list[Any]) -> bool:
    """Whether a zone is about US politics: it names a US state or city other than one that is
    also a country, or tags a politician with party and state ("R-Texas")."""
    gz = gazetteer()
    if _PARTY_STATE.search(doc_text(doc)):
        return True
    if any(m.entry.kind == "region" and m.entry.country == "USA" for m in matches):
        return True
    return any(e.label_ == "GPE" and gz.places.get(e.text) == "USA"
               and e.text not in gz.country_by_form for e in doc.ents)


def us_state_matches(doc: Doc, matches: list[Any]) -> list[Any]:
    """Gazetteer matches with a name that is both a country and a US state ("Georgia") read as
    the state when the zone is about US politics."""
    gz = gazetteer()
    text = doc_text(doc)
    ambiguous = [i for i, m in enumerate(matches) if m.entry.kind == "country"
                 and gz.places.get(text[m.start:m.end]) == "USA"]
    if not ambiguous or not us_context(doc, matches):
        return matches
    out = list(matches)
    for i in ambiguous:
        m = out[i]
        name = text[m.start:m.end]
        out[i] = type(m)(m.start, m.end, m.form, type(m.entry)(name, "GPE", "region", "USA"))
    return out


class PhraseEvidence:
    """Country and sector from the words of an actor's own phrase: its appositive ("X, Iran's
    deputy foreign minister", "X, a professor at Harvard"), the nouns and names before it
    ("Fox News host X", "Iran's Quds Force", "Georgia Gov. X") and a party-state tag
    ("(R-Texas)"). Countries named elsewhere in the sentence are never used."""

    def __init__(self, doc: Doc, orgs: list[Entity]) -> None:
        self.doc = doc
        gz = gazetteer()
        self.places: list[tuple[int, int, str]] = []
        matches = zone_matches(doc)
        for m in matches:
            if m.entry.country and m.entry.kind != "org":
                self.places.append((m.start, m.end, m.entry.country))
        taken = {s for s, _, _ in self.places}
        for ent in doc.ents:  # one-word US states and cities are no gazetteer forms
            if ent.label_ == "GPE" and ent.start_char not in taken and \
                    gz.places.get(ent.text) and ent.text not in gz.country_by_form:
                self.places.append((ent.start_char, ent.end_char, gz.places[ent.text]))
        self.text = doc_text(doc)
        if us_context(doc, matches):  # "Georgia" among US states is the state, not GEO
            self.places = [(s, e, "USA" if gz.places.get(self.text[s:e]) == "USA" else c)
                           for s, e, c in self.places]
        self.org_spans = [(m.start, m.end, o.country, o.sector) for o in orgs
                          for m in o.mentions if o.country or o.sector]
        # an organisation we know nothing about, named beside an office ("president of Color
        # of Change"): in news, mostly an advocacy group or think tank
        self.unknown_orgs = [(m.start, m.end) for o in orgs for m in o.mentions
                             if not o.sector]
        # an organisation named inside a title ("executive director of La Colmena") has no
        # mention of its own there (the title took its words): found again by its name
        self.org_names = [(o.name, o.country, o.sector) for o in orgs if len(o.name) > 3]
        self.parties = frozenset(  # the countries of the parties the zone names
            hit[0] for e in doc._.ww_entities if e.type in ("ORG", "NORP", "PERSON")
            and (hit := known_org(e.name)) is not None and hit[1] == "PTY" and hit[0])

    def _context_org(self, span: Any) -> str | None:
        """The sector of the organisation named last before `span` in its sentence or the one
        before, for an office whose phrase names none; one we know nothing about is a company
        in a business story, else (as in `assign`) an advocacy group or charity."""
        sent = span.sent
        before = sent.start - 1
        first = self.doc[before].sent.start if before >= 0 else sent.start
        lo, hi = self.doc[first].idx, span.start_char
        near = [(e, sec) for s, e, _, sec in self.org_spans if lo <= s and e <= hi]
        near += [(e, None) for s, e in self.unknown_orgs if lo <= s and e <= hi]
        if not near:
            return "NGO" if _CHARITY.search(self.text, lo, hi) else None
        sector = max(near, key=lambda t: t[0])[1]
        if sector is None:
            sector = "BUS" if business_story(self.doc) else "NGO"
        return sector

    def fill(self, entity: Entity, office: bool = False) -> bool:
        """`office`: the person's titles are all offices inside an organisation, so the
        sector of an organisation in their phrase ("president of Color of Change") replaces
        the title's own. Returns whether such an office found no organisation."""
        own = roles_sector(entity.roles) if entity.type == "PERSON" else None
        for k, mention in enumerate(entity.mentions):
            if entity.country is not None and entity.sector is not None and not office:
                return False
            country, sector, org_sector = self.evidence(mention.start, mention.end,
                                                        entity.type, own)
            if office and org_sector:
                entity.sector, office = org_sector, False
            elif office and k == 0 and (sector in _OFFICIAL or sector == "PTY") \
                    and sector != own:
                # "the state's health secretary, Dr. X": the office named beside the title;
                # "Tory co-chairman X", "a spokesman for the Biden campaign": a party's
                entity.sector, office = sector, False
            entity.country = entity.country or country
            entity.sector = entity.sector or sector
        return office

    @staticmethod
    def _title_words(head: Any) -> list[str]:
        """The few words of a title right before its head noun, as the text runs
        ("Conservative co-" of "... chairman"): the parse may cut them apart."""
        words: list[str] = []
        t = head
        while t.i > t.sent.start and len(words) < 5:
            t = t.nbor(-1)
            if not (t.pos_ in ("ADJ", "NOUN", "PROPN") or t.text == "-"):
                break
            words.insert(0, t.text)
        return words

    def _party_title(self, head: Any) -> bool:
        """Whether a party's name (actor_orgs.tsv, PTY) stands in the words right before a
        title's head noun: "Conservative co-chairman X", "X, the Lib Dem spokesman". Not
        beside a legislature ("Senate Democratic leader": LEG) nor in a body's possessive
        ("the Labour government's adviser": its office)."""
        words = self._title_words(head)
        if not words or _LEGISLATIVE.search(" ".join(words)):
            return False
        caps = [w for w in words if w[:1].isupper()]
        for i in range(len(caps)):
            for n in (3, 2, 1):
                if i + n > len(caps):
                    continue
                name = " ".join(caps[i:i + n])
                hit = known_org(name) or known_org(f"{name} Party")
                if hit is not None and hit[1] == "PTY":
                    return True
        return False

    def evidence(self, start: int, end: int, kind: str, own: str | None = None
                 ) -> tuple[str | None, str | None, str | None]:
        """(country, sector, sector of an organisation named in the phrase). `own`: the
        sector of the person's title, if any."""
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None, None, None
        ranges: list[tuple[int, int]] = []   # character ranges of the actor's own phrase
        heads: list[Any] = []                # its descriptor nouns, nearest first
        root = span.root
        left = [t for t in root.children if t.i < span.start
                and t.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod")]
        for t in sorted(left, key=lambda t: -t.i):
            sub = list(t.subtree)
            ranges.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
            if t.pos_ in _NOUNS and t.dep_ in ("compound", "nmod") and t.ent_type_ == "":
                heads.append(t)
        for prep in root.children:  # "Kelly Loeffler of Georgia", "the Embassy of Iran"
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from") and prep.i >= span.end:
                sub = list(prep.subtree)
                if len(sub) <= 8:
                    ranges.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
        appos = [t for t in root.children if t.dep_ == "appos" and t.i >= span.end]
        if root.dep_ == "appos" and root.head.i < span.start:
            appos.append(root.head)
        if kind == "PERSON" and root.dep_ == "nsubj" and root.head.lemma_ == "be":
            # "X is a Republican adviser and partner at RunSwitch": the bio line of an op-ed
            appos += [t for t in root.head.children if t.dep_ == "attr" and t.i > root.i]
        for a in appos[:1]:
            clauses = {t.i for c in a.children if c.dep_ in ("relcl", "acl", "advcl")
                       and c.i > a.i for t in c.subtree}  # "..., who was sentenced to ..."
            sub = [t for t in a.subtree if not (span.start <= t.i < span.end)
                   and t.i not in clauses]
            if sub and len(sub) <= 16:
                ranges.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
            if sub and a.pos_ in _NOUNS and a.ent_type_ == "":  # a long title still names it
                heads.insert(0, a)
        served = None
        led = False  # "X, who leads the Judicial Crisis Network": its head
        for clause in [c for c in root.children if c.dep_ == "relcl"][:1] \
                if kind == "PERSON" else ():  # "X, who served as U.S. ambassador to Lithuania"
            for obj in clause.children:  # "X, who heads Egypt's central bank": what X leads
                if clause.lemma_ in _LEAD_VERBS and obj.dep_ == "dobj" and obj.pos_ in _NOUNS:
                    where = {t.i for p in obj.rights if p.dep_ == "prep" and p.lower_ != "of"
                             or p.dep_ in ("appos", "relcl", "acl", "punct")
                             for t in p.subtree}  # "a bakery in Paris": where it sits
                    sub = [t for t in obj.subtree if t.i not in where]
                    if len(sub) <= 8:
                        ranges.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
                        led = True
            for prep in clause.children:
                obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
                if clause.lemma_ in ("serve", "work") and prep.lower_ == "as" and obj is not None \
                        and obj.pos_ in _NOUNS and obj.ent_type_ == "":
                    sub = list(obj.subtree)
                    if len(sub) <= 12:
                        ranges.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
                    heads.append(obj)
                    served = obj if clause.tag_ == "VBD" else None
        if kind == "PERSON" and root.dep_ == "nsubj" and root.head.lemma_ == "write":
            for prep in root.head.children:  # "Matt Yglesias writes at Vox": its writer
                if prep.dep_ == "prep" and prep.lower_ in ("at", "for", "in"):
                    sub = list(prep.subtree)
                    if len(sub) <= 6:
                        ranges.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
        country = sector = org_sector = None
        tag = _PARTY_STATE.match(self.text, end) if kind == "PERSON" else None
        if tag:
            country = "USA"
        if kind == "PERSON":  # "Tory MP X", "X, the Liberal Democrat leader"
            country = country or _party_country([*left, *appos[:1]], span, self.parties)
        office_head = former = False
        for head in heads:
            sector = _noun_sector(head)
            partisan = sector in _PARTISAN_HEADS or (  # as role_info: "GOP adviser"
                sector == "GOV" and head.lower_ not in _ELECTED)
            if kind == "PERSON" and partisan and (any(
                    c.dep_ in ("amod", "compound") and _PARTISAN.fullmatch(c.text)
                    for c in head.children) or self._party_title(head)):
                sector = "PTY"  # "Democratic data scientist", "Tory co-chairman"
            if sector or head.lower_ == "head":  # "the former head of the CDC": its sector
                office_head = sector is None or head.lower_ in _office_heads()
                former = head is served or any(c.dep_ == "amod" and c.lower_ in _FORMER_WORDS
                                               for c in head.children)
                if office_head and sector != "PTY" and any(
                        w.lower() in _business_cues() or w.lower() == "corporate"
                        for w in self._title_words(head)):
                    org_sector = "BUS"  # "company spokesperson X", "airline director X"
                break
        for rs, re_ in ranges:
            for s, e, c in self.places:
                if rs <= s and e <= re_ and not (start <= s < end):
                    country = country or c
            for s, e, c, sec in self.org_spans:
                if rs <= s and e <= re_ and not (start <= s and e <= end):
                    country = country or c
                    org_sector = org_sector or sec
                    if sector is None and sec in ("MED", "EDU", "HLH", "NGO", "BUS"):
                        sector = sec  # "a professor at Harvard", "CNN's Wolf Blitzer"
        if kind == "PERSON" and sector in (None, "CVL") and heads \
                and heads[0].lower_ not in _NOT_STAFF \
                and not gazetteer().role_re.fullmatch(heads[0].lower_):  # a title: as above
            # "NASA planetary scientist X", "X, a JPL engineer": a state body's own staff, named
            # in the descriptor noun's own words
            sub = [t for t in heads[0].subtree if not any(  # its own words: no clause, no
                a.dep_ in ("relcl", "acl", "advcl", "ccomp", "conj")  # "and a member of X"
                for a in [t, *t.ancestors] if a.i != heads[0].i and heads[0].is_ancestor(a))]
            lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
            sector = next((sec for s, e, _c, sec in self.org_spans if lo <= s and e <= hi
                           and not (start <= s and e <= end) and sec in _STATE_STAFF), sector)
        for name, c, sec in self.org_names:
            if org_sector is None and any(_has_name(self.text[rs:re_], name)
                                          for rs, re_ in ranges):
                country = country or c
                org_sector = sec or ("BUS" if "BUS" in (sector, own)
                                     else brand_sector(name) or "NGO")
        for run in _proper_runs(doc, ranges, start, end):  # "— Ian Millhiser, Vox"
            named = _named_org(run)
            if named is not None and org_sector is None:
                country = country or named[0]
                org_sector = named[1]
                if sector is None and org_sector in ("MED", "EDU", "HLH", "NGO", "BUS"):
                    sector = org_sector
        if org_sector is None and any(rs <= s and e <= re_ and not (start <= s and e <= end)
                                      for rs, re_ in ranges for s, e in self.unknown_orgs):
            # a business title ("CEO", "chief economist", "owner") beside it: a company; so
            # is one of a company's name shape ("research director at SkyForge")
            org_sector = "BUS" if "BUS" in (sector, own) else next(
                (b for rs, re_ in ranges for s, e in self.unknown_orgs
                 if rs <= s and e <= re_ and not (start <= s and e <= end)
                 and (b := brand_sector(self.text[s:e]))), "NGO")
        if kind == "PERSON" and office_head and sector == "BUS" and org_sector is None \
                and not former and not any(  # "United's chief executive": some name it
                    t.ent_type_ and not (span.start <= t.i < span.end)
                    for rs, re_ in ranges for t in doc.char_span(rs, re_, "expand") or ()):
            # "Chief executive X said" after a sentence about the Countryside Alliance: a
            # charity's officer, not a company's by the title alone. Only that way round: a
            # nearby government body or newspaper was mostly not the officer's (train split)
            org_sector = "NGO" if self._context_org(span) == "NGO" else None
        if (office_head or led and sector is None) and org_sector:
            # "X, litigation director at the Knight Institute", "X, who runs Demos"
            sector = org_sector
        elif office_head and any(_CAMPAIGN.search(self.text[rs:re_]) for rs, re_ in ranges):
            sector = "PTY"  # "a spokesman for the Biden campaign"
        if former and sector in _OFFICIAL:
            sector = "ELI"  # "a former police commissioner", "a former federal prosecutor"
        line = self.text[self.text.rfind("\n", 0, start) + 1:start]
        if kind == "PERSON" and sector is None and _DASH_BEFORE.search(line) \
                and _PUBLICATION_AFTER.match(self.text, end):
            sector = "MED"  # "— Jane Roe, The Appeal": the writer of a quoted opinion piece
        return country, sector, org_sector


def _party_country(tokens: list[Any], span: Any, named: frozenset[str] = frozenset()
                   ) -> str | None:
    """The country of a party (actor_orgs.tsv, sector PTY) named in a person's own title:
    "Tory MP X", "Lib Dem spokesman X", "X, the Liberal Democrat leader", "Democratic Senator
    X". A capitalised run of the title counts when it opens with the party's name and only
    role words follow ("Lib Dem MP"): "Republican Guard commander X" is no party's. `named`:
    the countries of the parties the zone names by themselves ("the Conservatives")."""
    gz = gazetteer()
    for t in tokens:
        words = [x for x in t.subtree if not (span.start <= x.i < span.end)]
        runs: list[list[Any]] = []
        for x in words:
            if x.text[:1].isupper() and x.pos_ in ("PROPN", "ADJ", "NOUN"):
                if runs and runs[-1][-1].i == x.i - 1:
                    runs[-1].append(x)
                else:
                    runs.append([x])
        for run in runs:
            for n in range(min(len(run), 3), 0, -1):
                name = " ".join(x.text for x in run[:n])
                rest = " ".join(x.text for x in run[n:])
                if rest and not gz.role_re.fullmatch(rest):
                    continue
                # "Conservative shadow chancellor": the party's name without "Party"; opening
                # the sentence, a capitalised adjective ("Conservative commentators") only
                # where the zone names that party
                hit = known_org(name)
                if hit is None and (hit := known_org(f"{name} Party")) is not None \
                        and run[0].is_sent_start and hit[0] not in named:
                    hit = None
                if hit is not None and hit[1] == "PTY" and hit[0]:
                    return hit[0]
    return None


def _has_name(text: str, name: str) -> bool:
    """Whether `name` occurs in `text` as whole words."""
    i = text.find(name)
    while i >= 0:
        j = i + len(name)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "-")) and \
                (j == len(text) or not (text[j].isalnum() or text[j] == "-")):
            return True
        i = text.find(name, i + 1)
    return False


def _proper_runs(doc: Doc, ranges: list[tuple[int, int]], start: int, end: int) -> list[str]:
    """The runs of capitalised proper nouns inside `ranges` outside the actor's own words
    ("Vox", "The New York Times"): organisations the NER model may have left unlabelled."""
    runs: list[str] = []
    for rs, re_ in ranges:
        span = doc.char_span(rs, re_, alignment_mode="contract")
        current: list[Any] = []
        for t in [*(span or []), None]:
            if t is not None and t.pos_ == "PROPN" and not (start <= t.idx < end) \
                    and t.text[:1].isupper():
                current.append(t)
                continue
            if current:
                runs.append("".join(t.text_with_ws for t in current).strip())
            current = []
    return runs


def _named_org(name: str) -> tuple[str | None, str | None] | None:
    """(country, sector) of an organisation our data names: actor_orgs.tsv, the gazetteer's
    organisations, the outlets of outlets.tsv (media)."""
    hit = known_org(name)
    if hit is not None:
        return hit
    entry = gazetteer().org(name)
    if entry is not None and entry.sector:
        return entry.country, entry.sector
    if data.outlet_key(name) in data.outlets():
        return None, "MED"
    return None


def _company_prefix(name: str, sector: str = "BUS") -> str | None:
    """The country ("" for none) of the company (or, given sector="MED", the outlet) our
    data knows whose name opens `name`, a product, service or division no table lists
    ("Amazon Alexa", "Uber Money", "Samsung/Harman"; "CNN Business", "CBS DFW"); None when
    none opens it."""
    words = re.split(r"[\s/]+", name.strip())
    for n in range(len(words) - 1, 0, -1):
        hit = _named_org(" ".join(words[:n]))
        if hit is not None:
            return (hit[0] or "") if hit[1] == sector else None
    return None


def _org_shaped(name: str) -> bool:
    """Whether a name the NER model took for a person is an organisation's: one our data
    names (an outlet, a gazetteer body), or two or more words ending in an organisation
    keyword ("Hollis Gray Productions", "Marlow Studio", "Ada Byron Grant School"), unless
    it is a first name and a surname that is also such a word ("David Steel", "Ann Court")."""
    if _named_org(name) is not None:
        return True
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in gazetteer().org_sector:
        return False
    return not (len(words) == 2 and words[0].casefold() in data.first_names())


def _former_office(known: Seed, published: Any) -> str | None:
    """The latest office of an official sector `known` had left by `published` ("Vice
    President" for Joe Biden in 2020), if any."""
    day = _day(published)
    if day is None:
        return None
    ended = [r for r in known.roles if (until := _day(r.get("until"))) and until <= day
             and role_sector(r.get("role") or "") in _OFFICIAL]
    ended.sort(key=lambda r: str(r.get("until")))
    return (ended[-1].get("role") or None) if ended else None


def _candidacy_only(roles: list[dict[str, Any]]) -> bool:
    """Whether every title with a sector in `roles` is a candidacy ("Democratic nominee")."""
    titled = [(r.get("role") or "", s) for r in roles if (s := role_sector(r.get("role") or ""))]
    return bool(titled) and all(s == "PTY" and _CANDIDACY.search(t) for t, s in titled)


def _in_office(index: ActorIndex, entity: Entity, published: Any) -> bool:
    """Whether our knowledge holds `entity` in an office on `published` (their title in the
    text is then that office, whatever organisation the phrase names)."""
    known = index.lookup(entity.name)
    return known is not None and any(_active(r, published) for r in known.roles)


def _noun_sector(token: Any) -> str | None:
    """Sector of a descriptor noun: our role titles first, then the CAMEO agents dictionary;
    a two-word form ("police officer") before the single noun."""
    prev = token.nbor(-1) if token.i > 0 else None
    words = [f"{prev.lower_} {token.lower_}"] if prev is not None and prev.pos_ in _NOUNS \
        else []
    words += [token.lower_, token.lemma_.lower()]
    for w in words:
        s = role_sector(w) if gazetteer().role_re.fullmatch(w) else None
        s = s or data.cameo_agent_sector(w)
        if s:
            return s
    return None
