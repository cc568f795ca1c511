"""Component `ww_entities`: who and what a zone mentions, with canonical names and roles.

spaCy's NER finds names; the gazetteer (data/, one Aho-Corasick pass) finds countries,
capitals, demonyms, international organisations, government bodies and outlets that the small
model misses or mislabels. On top of both: canonical person names within the zone ("Blinken" →
"Antony Blinken"), role titles ("Treasury Secretary Janet Yellen"), role-only references ("the
Chinese foreign minister") resolved to the person holding that role, capitals used as
metonyms for governments ("Beijing claims") and photo credits dropped. The result is
`doc._.ww_entities` plus improved `doc.ents` (so other components can use spaCy's view too).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from wirewatch.analyze.actors import (
    ActorIndex,
    actor_index,
    assign,
    business_story,
    home_country,
    known_org,
    known_org_name,
    org_keyword_sector,
    person_shaped,
    seen_date,
    us_state_matches,
)
from wirewatch.analyze.coref import knowledge as coref_knowledge
from wirewatch.analyze.extensions import doc_text
from wirewatch.analyze.gazetteer import Match, gazetteer
from wirewatch.analyze.timex import lexicon as timex_lexicon
from wirewatch.data import first_names, name_words
from wirewatch.model import Entity, Mention

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}
_POSS = re.compile(r"(?:'s|’s|'|’)$")
_INNER_POSS = re.compile(r"(?:'s|’s)[ \t]+(?=[A-Z])")  # "Samsung’s Ken Price": owner, then name
# An honorific inside a NER organisation ("Foreign Policy Centre Mr Straw") or opening it ("Mr
# Hollande"): the organisation ends before it and the surname after it is a person.
_INNER_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?[ \t]+(?=[A-Z][a-z])")
_THE = re.compile(r"^(?:the|The)\s+")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?[ \t]+(?=[A-Z])")
_PLAIN_HONORIFIC_BEFORE = re.compile(r"(?:^|(?<=\W))(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+$")
_KNIGHT_BEFORE = re.compile(r"(?:^|(?<=\W))(?:Sir|Dame|Lord|Lady)[ \t]+$")
def _alternation(kind: str) -> str:
    """A regex group of one kind of data/name_words.tsv, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(name_words(kind), key=len,
                                                          reverse=True)) + ")"


# A company's legal suffix inside a NER organisation, a name after it ("Acme Inc. Jo Bell said"):
# the company ends at the suffix (data/name_words.tsv, company_suffix).
_INNER_SUFFIX = re.compile(r"(?<=[ \t])" + _alternation("company_suffix") + r"(?=[ \t]+[A-Z])")
# Words of a title that are never a name: a NER "person" made of them alone is no person.
_TITLE_WORD = re.compile(_alternation("title_word") + r"\.?")
_THE_BEFORE = re.compile(r"(?:^|(?<=\W))(?:the|The|THE)\s+$")
_APPOSITIVE_GAP = re.compile(r"^\s*,\s*(?:the\s+)?$")
# "shadow" a few plain words before a title whose own modifiers stop short of it ("Tory shadow
# local government secretary", "Shadow Constitutional Affairs Secretary"): an opposition
# front-bench post, not the office; "in the shadow of the minister" is none.
_SHADOW_BEFORE = re.compile(r"\b[Ss]hadow(?:[ \t]+(?!(?:of|the|a|an|to|and|or|in|on|for|his|her|"
                            r"its|their)\b)[\w-]+){0,3}[ \t]+$")
_METONYM_PREPS = {"between", "with", "against", "by", "toward", "towards", "and"}
_CONTAINER_LABELS = {"PERSON", "ORG", "FAC", "EVENT", "LOC"}
# Institutions a person's name may head ("Trump administration", "the Sanders campaign"); a
# campaign only a person's ("the U.S. campaign against ISIS" is no organisation).
_PERSONAL_INSTITUTIONS = {"administration", "campaign"}
# A zone's unnamed government or police: "the government said", not "the government of Iraq",
# "the police union" or "the police officer".
_HOME_BODY = re.compile(r"\b[Tt]he[ \t]+(government|police)\b(?![ \t]+(?:of|in|union|unions|"
                        r"officers?|chief|commissioner|station|report|car|cars|academy|budget|"
                        r"budgets|funding|reform)\b)(?!-)")
_HOME_BODY_SECTOR = {"government": "GOV", "police": "COP"}


@dataclass
class _Span:
    start: int
    end: int
    label: str            # spaCy-style label for doc.ents (PERSON, ORG, GPE, NORP, ...)
    type: str             # our entity type
    name: str | None      # canonical name (None: from the text, decided later)
    source: str           # ner | gaz
    country: str | None = None
    sector: str | None = None
    kind: str | None = None
    inner: tuple[int, int, str] | None = None  # an institution's place, kept for doc.ents


def entity_id(name: str, type_: str) -> str:
    """Stable across articles, so the store can join mentions of one entity."""
    return hashlib.sha1(f"{type_}:{name.casefold()}".encode()).hexdigest()[:16]


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _tokens(name: str) -> list[str]:
    return name.split()


_NOT_BEFORE_SURNAME = {"the", "a", "an", "of", "this", "that", "its", "his", "her", "their", "our",
                       "my", "your"}
_PERSON_AFTER = re.compile(r"\s*(?:,\s*\d{1,3}\s*,|,?\s(?:who|himself|herself)\b)")


# A name the NER model typed a place that the text treats as a person: "who" or an age after
# it ("Tommy — who", "X, 38,", "X, our 10-year-old,"), an honorific before its last word
# elsewhere ("Mr Senanayake"), or a speech verb after it ("Senanayake says"; one word only if it
# is a given name, since an unknown one-word place that "said" is more often a company or a body).
_PLACE_PERSON_AFTER = re.compile(r"\s*(?:,\s*\d{1,3}\s*,|[,—–-]*\s*(?:who|himself|herself)\b"
                                 r"|,[ \t]+(?:(?:our|my|his|her|their|the|a|an)[ \t]+)?"
                                 r"\d{1,3}-year-old[ \t]*,)")
# A kin noun right before a given name ("her daughters Malia and Sasha", "son Tommy"): a person.
_KIN_BEFORE = re.compile(r"\b" + _alternation("kin_noun")
                         + r"[ \t]+(?:[A-Z][a-z]+[ \t]+and[ \t]+)?$")
_SPEECH_AFTER = re.compile(r"[ \t]+" + _alternation("speech_word") + r"\b")


# The last word of a place's name that opens with a given name ("Alice Springs", "Grace Bay"):
# such a name stays a place.
_GEO_HEAD = re.compile(_alternation("place_head"))
_NAME_WORD = re.compile(r"[A-Z][a-z\u00df-\u017f'’-]+")
_NAME_TITLES = frozenset(name_words("name_title"))  # "Lord", "Prince": never a given name
# letters after a name that only a person carries ("Guy Quarvel QC"; data/name_words.tsv)
_POST_NOMINAL = re.compile(r"[ \t]+" + _alternation("post_nominal") + r"$")


class _Found(tuple[int, int]):
    """Where `_whole_word` found a word, read like a regex match (`start()`, `end()`)."""

    def start(self) -> int:
        return self[0]

    def end(self) -> int:
        return self[1]


def _word_char(c: str) -> bool:
    r"""A character of regex `[\w\-]` (`str.isalnum` is the `\w` test of `re`, with "_")."""
    return c.isalnum() or c in "_-"


def _whole_word(text: str, word: str) -> Iterator[_Found]:
    r"""Every occurrence of `word` in `text` not inside a longer word or hyphenated name: the
    matches of `(?<![\w\-])word(?![\w\-])`, found with `str.find` (a pattern opening with a
    look-behind makes `re` try every position of the text, and is compiled per name)."""
    n, size = len(word), len(text)
    if not n:
        yield from (_Found(m.span()) for m in re.finditer(r"(?<![\w\-])(?![\w\-])", text))
        return
    i = text.find(word)
    while i >= 0:
        j = i + n
        if (i == 0 or not _word_char(text[i - 1])) and (j == size or not _word_char(text[j])):
            yield _Found((i, j))
            i = text.find(word, j)
        else:
            i = text.find(word, i + 1)


def _whole_words(text: str, words: list[str]) -> Iterator[_Found]:
    r"""The matches of `(?<![\w\-])(?:w1|w2|...)(?![\w\-])`, the words longest first: at each
    place the longest whole word, the scan going on after it. Found with `str.find` (`re`
    compiles a long alternation of names slowly, once per zone)."""
    if not all(words):
        pattern = r"(?<![\w\-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w\-])"
        yield from (_Found(m.span()) for m in re.finditer(pattern, text))
        return
    size = len(text)
    longest: dict[int, int] = {}  # start → end of the longest whole word there
    for word in words:
        i = text.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not _word_char(text[i - 1])) and (j == size or not _word_char(text[j])) \
                    and longest.get(i, -1) < j:
                longest[i] = j
            i = text.find(word, i + 1)
    reached = 0
    for i in sorted(longest):
        if i >= reached:
            yield _Found((i, longest[i]))
            reached = longest[i]


def _place_person(text: str, name: str, first_names: frozenset[str]) -> bool:
    """Whether an unknown place the NER model found is a person (see `_SPEECH_AFTER`)."""
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Z][a-z'’-]+", w) for w in words):
        return False
    last = words[-1]
    for m in _whole_word(text, last):
        if _PLAIN_HONORIFIC_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return True
    for m in _whole_word(text, name):
        if _PLACE_PERSON_AFTER.match(text, m.end()):
            return True
        if words[0].lower() in first_names \
                and _KIN_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return True
        if _SPEECH_AFTER.match(text, m.end()) and (len(words) > 1
                                                   or name.lower() in first_names):
            return True
    return False


# A work's title right after its kind noun ("her drama Wasp", "the film Little Terrorist"): the
# NER model may take it for a person, who would then draw "she explains" from its maker.
_WORK_BEFORE = re.compile(r"(?<![A-Z])\b" + _alternation("work_noun") + r"[ \t]+$")


def _work_named(text: str, name: str, first_names: frozenset[str]) -> bool:
    """Whether a name the NER model took for a person is a work's title (`_WORK_BEFORE`): a
    kind noun right before one of its mentions, and no given name opening it nor any person
    cue (`_place_person`)."""
    if name.split()[0].lower() in first_names or _place_person(text, name, first_names):
        return False
    return any(_WORK_BEFORE.search(text, max(0, m.start() - 20), m.start())
               for m in _whole_word(text, name))


def _person_named(text: str, start: int, end: int) -> bool:
    """Whether an NER organisation is a person's full name: it has a person's name's shape
    (`person_shaped`) and the text treats it as one, its last word standing alone as a
    surname ("Rudolph threw", "Ms Persson"), or the name aged or a "who" ("X, 38,", "X, who")."""
    name = text[start:end]
    if not person_shaped(name):
        return False
    if _PERSON_AFTER.match(text, end):
        return True
    last = name.split()[-1]
    for m in _whole_word(text, last):
        if start <= m.start() < end:
            continue
        before = text[max(0, m.start() - 30):m.start()]
        prev = re.search(r"([\w.’']+)([ \t]*)$", before)
        if prev is None or not prev.group(2):  # a line's or the text's first word, or "-X"
            continue
        word = prev.group(1)
        if _HONORIFIC.match(word + " X") or (word[:1].islower()
                                             and word.lower() not in _NOT_BEFORE_SURNAME):
            return True
    return False


# A name the NER model typed a person or a place that the text treats as a company: a kind
# noun before it ("keyboard maker Brydge", "energy company Vexlo"), an appositive naming one
# after it ("Vexlo, a mobile payments startup,"), or "its" right after its verb ("Vexlo
# updated its app", "Vexlo offers a free version of its app", "Vexlo and its rivals"): a
# person is "his" or "her", never "its".
_COMPANY_NOUN = "(?:" + "|".join(name_words("company_kind")) + ")"  # data/name_words.tsv
_MEDIA_NOUN = "(?:" + "|".join(name_words("media_kind")) + ")"
# the word before the kind noun: any lower-case one, or a capitalised one, a possessive too
# ("Engineering firm Vexlo won the contract", "Japanese subsidiary Vexlo", "Quibo's unit Vexlo")
_KIND_MODIFIER = r"(?:(?<![A-Z])\b[a-z][\w-]*|\b[A-Z][\w&-]*(?:['’]s)?)"
_KIND_BEFORE = re.compile(_KIND_MODIFIER + r"[ \t]+(?:(?P<med>" + _MEDIA_NOUN + r")|"
                          + _COMPANY_NOUN + r")[ \t]+$")
# A name of two or three words right after a kind noun that is never a person's title, after a
# modifier that is no determiner: "law firm Harlow Pike", not "the firm Jo Bell founded"
_FIRM_BEFORE = re.compile(r"(?i:(?!(?:" + "|".join(name_words("determiner")) + r")\b))"
                          + _KIND_MODIFIER + r"[ \t]+(?:" + "|".join(name_words("firm_kind"))
                          + r")[ \t]+$")
# an appositive up to its kind noun: ", the Finnish investment <kind>"
_APPOSITIVE_LEAD = (r",[ \t]+(?:a|an|the)[ \t]+(?:(?!(?:at|of|for|on|in|with|by|from|to|the|"
                    r"his|her|who|whose)\b)[\w'’-]+[ \t]+){0,5}?")
_KIND_AFTER = re.compile(_APPOSITIVE_LEAD + r"(?:(?P<med>" + _MEDIA_NOUN + r")|" + _COMPANY_NOUN
                         + r")\b(?![ \t]+(?:of|for)\b|['’]s\b)")
# the same appositive naming a kind that is never a person ("Harlow Pike, the investment
# bank,"), closed (not "chief executive Jo Bell, the company says"): it makes a name of two or
# three words a company too (`_firm_named`)
_FIRM_AFTER = re.compile(_APPOSITIVE_LEAD + r"(?:" + "|".join(name_words("firm_kind"))
                         + r")(?=[ \t]*[,;:)—–]|\.(?:\s|$)|[ \t]+"
                         r"(?:which|that|whose|owned|based|controlled|run)\b)")
_ITS_AFTER = re.compile(r"[ \t]+(?:[a-z]+ly[ \t]+)?(?:and|[a-z]+(?:s|ed)(?:[ \t]+(?:a|an|one|"
                        r"some|all|more|most)(?:[ \t]+[a-z-]+){0,2}[ \t]+(?:of|for|to|with))?)"
                        r"[ \t]+its\b")


_INITIALS_SKIP = frozenset(name_words("initials_skip"))  # data/name_words.tsv
_IN_BRACKETS = re.compile(r"[ \t]\(([A-Z]{3,8})\)")
_WORD = re.compile(r"[\w&'’-]+")


def _spelt_out(text: str, spans: list[_Span]) -> list[_Span]:
    """"The United Nations Economic Commission for Europe (UNECE)": the words whose initials
    spell the bracketed ones are one body, though the NER model may keep only a part of it
    ("the United Nations"); the part that opens it is its parent and lends it its sector."""
    for m in _IN_BRACKETS.finditer(text):
        acr, end = m.group(1), m.start()
        words = list(_WORD.finditer(text, max(0, end - 160), end))
        got, start = "", None
        for w in reversed(words):
            word = w.group()
            if word in _INITIALS_SKIP:
                continue
            if not word[0].isupper() or len(got) >= len(acr):
                break
            got = word[0] + got
            if got == acr:
                start = w.start()
                break
        if start is None or text[words[-1].end():end].strip():
            continue
        # "Strategic Studies' (IISS)", "Rights in Education’s (FIRE)": no possessive
        end = start + len(re.sub(r"['’]s?$", "", text[start:end]))
        inside = [s for s in spans if s.start < end and s.end > start - 4]
        if not inside or any(s.end > end or s.start < start - 4 for s in inside) or \
                any(s.type != "ORG" for s in inside) or \
                (len(inside) == 1 and inside[0].start >= start - 4 and inside[0].end == end):
            continue
        parent = next((s for s in inside if s.start <= start), None)
        name = text[start:end]
        spans = [s for s in spans if s not in inside]
        spans.append(_Span(start, end, "ORG", "ORG", name, "ner",
                           parent.country if parent else None, parent.sector if parent else None))
        for s in spans:
            if text[s.start:s.end] == acr and s.start > end:
                s.name, s.type, s.label = name, "ORG", "ORG"
                s.country = parent.country if parent else None
                s.sector = parent.sector if parent else None
    return spans


def _company_named(text: str, name: str) -> str | None:
    """BUS or MED if the text treats `name` (a one-word NER person or unknown place) as a
    company or an outlet (see `_KIND_BEFORE`), else None."""
    for m in _whole_word(text, name):
        kind = _KIND_BEFORE.search(text, max(0, m.start() - 60), m.start()) \
            or _KIND_AFTER.match(text, m.end())
        if kind is not None:
            return "MED" if kind.group("med") else "BUS"
        if _ITS_AFTER.match(text, m.end()):
            return "BUS"
    return None


_WIDE_PLACES = frozenset(name_words("wide_place"))  # data/name_words.tsv
_PARTY_MEMBERS = frozenset(name_words("party_members"))
_ONE_MEMBER = frozenset(name_words("member_determiner"))
_LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:" + "|".join(name_words("locative_prep"))
                              + r")[ \t]+(?:the[ \t]+)?$")


def _surnames(text: str, spans: list[_Span]) -> set[str]:
    """The words after the first of every person's name in the text."""
    return {w for s in spans if s.type == "PERSON" for w in text[s.start:s.end].split()[1:]}


def _firm_named(text: str, name: str) -> bool:
    """Whether a name of two or three capitalised words follows a kind noun that is never a
    person's title (`_FIRM_BEFORE`), or an appositive names one (`_FIRM_AFTER`): "accountancy
    firm Harlow Pike" and "Harlow Pike, the investment bank," are companies."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    return any(_kind_word_before(text, m.start()) and
               _FIRM_BEFORE.search(text, max(0, m.start() - 60), m.start())
               or _FIRM_AFTER.match(text, m.end())
               for m in _whole_word(text, name))


_FIRM_KINDS = tuple(name_words("firm_kind"))
_PLAIN_FIRM_KINDS = all(w.isalpha() for w in _FIRM_KINDS)


def _kind_word_before(text: str, start: int) -> bool:
    """Whether a firm kind word and blanks end right before `start` (or before a newline
    there): what `_FIRM_BEFORE` needs, tested without trying the pattern at every position."""
    if not _PLAIN_FIRM_KINDS:
        return True
    window = text[max(0, start - 60):start]
    ends = [window, window[:-1]] if window.endswith("\n") else [window]
    return any(len(w.rstrip(" \t")) < len(w) and w.rstrip(" \t").endswith(_FIRM_KINDS)
               for w in ends)


_LETTERS_AT = re.compile(r"(?<![\w\-])[^\W\d_]+")  # the letters opening a word


def _role_openers(heads: Collection[str], mods: Collection[str]) -> frozenset[str] | None:
    """The first word's letters (lower case) of every role head and modifier: a title
    (`role_re`, up to three modifiers and a head, case ignored) opens only at a word whose
    letters are one of them. None if one opens otherwise (then `_find_roles` tries every word)."""
    firsts = set()
    for w in [*heads, *mods]:
        m = _LETTERS_AT.match(w.lower())
        if m is None or not m.group().isascii():
            return None
        firsts.add(m.group())
    return frozenset(firsts)


class EntitiesComponent:
    def __init__(self) -> None:
        self.gz = gazetteer()
        self.role_openers = _role_openers(self.gz.role_sector, self.gz.modifiers)

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self._process(doc)
        except Exception:  # bad input is data, not a crash: leave the zone without entities
            doc._.ww_entities = []
            return doc

    # ---------------------------------------------------------------------------------
    def _process(self, doc: Doc) -> Doc:
        gz = self.gz
        text = doc_text(doc)
        index = actor_index(doc._.ww_kb)
        published = doc._.ww_published
        match_text = text
        if _mostly_upper(text):
            titled = text.title()
            match_text = titled if len(titled) == len(text) else text
        gaz = us_state_matches(doc, gz.matches(match_text))
        doc.user_data["ww_gaz"] = gaz  # reused by ww_actors
        roles = self._find_roles(text, [e.start_char for e in doc.ents if e.label_ == "PERSON"])

        spans, others = self._ner_spans(doc, roles)
        self._known_extensions(text, spans)
        self._companies(text, spans, index)
        self._parties(doc, spans)
        self._business_places(doc, spans, index)
        spans = self._drop_works(text, spans, index)
        spans = self._institutions(text, self._merge(spans, gaz, text), index)
        spans = _spelt_out(text, spans)
        persons = self._canonical_persons(text, spans, index)
        spans.sort(key=lambda s: s.start)

        # roles and role-only references
        gaz_by_end = {m.end: m for m in gaz if m.entry.kind in ("country", "demonym")}
        person_spans = [s for s in spans if s.type == "PERSON"]
        titles, refs = self._roles(doc, text, roles, person_spans, gaz_by_end)

        # metonyms: capitals standing for their government
        metonyms: list[tuple[int, int, str]] = []
        for s in spans:
            if s.kind == "capital" and self._is_metonym(doc, s):
                metonyms.append((s.start, s.end, s.country or ""))
                s.name = gz.country_names.get(s.country or "", s.name)
                s.kind = "metonym"
        doc._.ww_metonyms = metonyms

        sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") \
            else [0]

        def sent_of(pos: int) -> int:
            return max(bisect_right(sent_starts, pos) - 1, 0)

        # build entities
        entities: dict[str, Entity] = {}
        hints: dict[str, str] = {}
        for s in spans:
            name = s.name or text[s.start:s.end]
            if s.type == "PERSON":
                name = persons.get(name, name)
            key = name.casefold()
            ent = entities.get(key)
            if ent is None:
                ent = entities[key] = Entity(id=entity_id(name, s.type), name=name, type=s.type,
                                             country=s.country, sector=s.sector)
            surface = text[s.start:s.end]
            if s.type == "PERSON" and surface != name and surface not in ent.aliases \
                    and len(surface.split()) > 1:
                ent.aliases.append(surface)
            ent.mentions.append(Mention(surface, s.start, s.end, doc._.ww_zone,
                                        sent_of(s.start), doc._.ww_zone_index))
        seen = seen_date(published)
        for (pstart, _pend), (role, country, hint) in titles.items():
            span = next((s for s in person_spans if s.start == pstart), None)
            if span is None:
                continue
            name = persons.get(span.name or text[span.start:span.end],
                               span.name or text[span.start:span.end])
            ent = entities.get(name.casefold())
            if ent is None:
                continue
            if not any(r["role"].lower() == role.lower() for r in ent.roles):
                ent.roles.append({"role": role, "country": country, "seen": seen})
            elif country:
                for r in ent.roles:
                    if r["role"].lower() == role.lower() and not r.get("country"):
                        r["country"] = country
            if hint and not country:
                hints[ent.name] = hint
        doc.user_data["ww_country_hints"] = hints
        ents = list(entities.values())
        for ent in ents:
            if ent.type == "PERSON":
                assign(ent, index, published, hints.get(ent.name), final=False)
        for ref in refs:
            ref["sentence"] = sent_of(ref["start"])
            ref["zone"] = doc._.ww_zone
            ref["zone_index"] = doc._.ww_zone_index
        doc._.ww_role_refs = resolve_role_refs(ents, refs, seen)
        ents.extend(self._home_bodies(doc, entities, sent_of))
        doc._.ww_entities = ents
        self._set_ents(doc, spans, others)
        return doc

    def _home_bodies(self, doc: Doc, entities: dict[str, Entity],
                     sent_of: Any) -> list[Entity]:
        """"The government" and "the police" with no place before them, in a zone set in one
        country (`home_country`, its cast counted too: a UK politics story may name no place
        three times, but its parties and ministers are British): that country's government
        (GOV) or police (COP), an actor the annotators list ("Minneapolis Police Department",
        mentions "the police"). Entities only: doc.ents keeps names, so the NER view is
        unchanged."""
        home = None
        out: dict[str, Entity] = {}
        for m in _HOME_BODY.finditer(doc_text(doc)):
            home = home or home_country(doc, list(entities.values())) or ""
            if not home:
                return []
            body = m.group(1).lower()
            name = f"{self.gz.country_names.get(home, home)} {body}"
            ent = entities.get(name.casefold()) or out.get(name)
            if ent is None:
                ent = out[name] = Entity(id=entity_id(name, "ORG"), name=name, type="ORG",
                                         country=home, sector=_HOME_BODY_SECTOR[body],
                                         aliases=[body])
            ent.mentions.append(Mention(m.group(0), m.start(), m.end(), doc._.ww_zone,
                                        sent_of(m.start()), doc._.ww_zone_index))
        return list(out.values())

    # ---------------------------------------------------------------------------------
    def _find_roles(self, text: str, person_starts: list[int]) -> list[re.Match[str]]:
        """Role titles; a capitalised complement may swallow the next name's first word
        ("Secretary of State Antony" Blinken), so a title stops where a name starts."""
        out = []
        for m in self._role_matches(text):
            inside = [p for p in person_starts if m.start() < p < m.end()]
            if inside:
                stop = min(inside)
                while stop > m.start() and text[stop - 1].isspace():
                    stop -= 1
                m2 = self.gz.role_re.match(text, m.start(), stop)
                if m2 is None or m2.end() != stop:
                    # or the NER name opens with the title's last words ("Deputy
                    # [Spokesperson Mark Toner]", "First [Lady Laura Bush]"): the title
                    # ends before a given name inside it
                    m2 = next((r for w in re.finditer(r"\S+", text[stop:m.end()])
                               if (r := self._title_before_name(text, m.start(), stop + w.end()))
                               is not None), None)
                    if m2 is None:
                        continue
                m = m2
            out.append(m)
        return out

    def _role_matches(self, text: str) -> Iterator[re.Match[str]]:
        """`role_re.finditer(text)`, the pattern tried only at words that may open a title
        (`_role_openers`): its long alternations, case ignored, are slow to try at every word."""
        openers = self.role_openers
        if openers is None:
            yield from self.gz.role_re.finditer(text)
            return
        reached = 0
        for w in _LETTERS_AT.finditer(text):
            if w.start() < reached or w.group().isascii() and w.group().lower() not in openers:
                continue  # (a word with other letters may match one case-blind: "ſ" is "s")
            m = self.gz.role_re.match(text, w.start())
            if m is not None:
                yield m
                reached = m.end()

    def _title_before_name(self, text: str, start: int, stop: int) -> re.Match[str] | None:
        """The role title `start`..`stop` if a given name follows it (see `_find_roles`)."""
        m = self.gz.role_re.match(text, start, stop)
        nxt = re.match(r"[ \t]+([A-Z][a-z]+)\b", text[stop:stop + 30])
        if m is None or m.end() != stop or nxt is None \
                or nxt.group(1).lower() not in first_names():
            return None
        return m

    def _ner_spans(self, doc: Doc, roles: list[re.Match[str]]) -> tuple[list[_Span], list[Span]]:
        text = doc_text(doc)
        out: list[_Span] = []
        others: list[Span] = []
        role_ranges = [(m.start(), m.end()) for m in roles]
        for ent in doc.ents:
            label = ent.label_
            if self.gz.is_credit(ent.text) or "@" in ent.text or "http" in ent.text \
                    or "www." in ent.text:
                continue
            if label not in ENTITY_LABELS:
                others.append(ent)
                continue
            start, end = ent.start_char, ent.end_char
            if label == "PERSON" and "\n" in text[start:end]:  # a name never spans lines
                end = start + text[start:end].index("\n")
            surface = text[start:end]
            poss = _POSS.search(surface)
            if poss and end - start > poss.end() - poss.start() + 1:
                end -= poss.end() - poss.start()
            the = _THE.match(text[start:end])
            if the and label != "PERSON":
                start += the.end()
            hon = _HONORIFIC.match(text[start:end]) if label == "PERSON" else None
            if hon and hon.end() < end - start:  # "Mr Blair" is Blair: he joins Tony Blair
                start += hon.end()
            while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".":
                end -= 1
            if end <= start:
                continue
            if label == "ORG" and self._titled_name(text, start, end, role_ranges):
                label = "PERSON"  # "spokesman Glyn Davies" taken for an organisation
            inner = _INNER_POSS.search(text, start, end) if label == "ORG" else None
            if inner is not None and inner.start() > start and person_shaped(text[inner.end():end]):
                # "Samsung’s Ken Price said", read as one organisation: the owner, then the
                # person's name after the possessive
                out.append(_Span(start, inner.start(), "ORG", "ORG", None, "ner"))
                start, label = inner.end(), "PERSON"
            suffix = _INNER_SUFFIX.search(text, start, end) if label == "ORG" else None
            if suffix is not None and suffix.start() > start and person_shaped(text[suffix.end():end].strip()):
                # "Shadow Inc. Mandy McClure said": the company, then the person
                out.append(_Span(start, suffix.end(), "ORG", "ORG", None, "ner"))
                start, label = suffix.end(), "PERSON"
                while start < end and text[start].isspace():
                    start += 1
            hon_in = _INNER_HONORIFIC.search(text, start, end) if label == "ORG" else None
            if hon_in is not None and re.fullmatch(r"[A-Z][\w'’-]+", text[hon_in.end():end]):
                # "Foreign Policy Centre Mr Straw": the body, then the person it quotes
                body = text[start:hon_in.start()].rstrip()
                if body:
                    out.append(_Span(start, start + len(body), "ORG", "ORG", None, "ner"))
                start, label = hon_in.end(), "PERSON"
            post = _POST_NOMINAL.search(text, start, end) if label in ("ORG", "PERSON") \
                else None
            if post is not None and self._post_nominal_person(text[start:post.start()]):
                end, label = post.start(), "PERSON"  # "Guy Quarvel QC": a barrister
            inside_role = any(rs <= start and end <= re_ for rs, re_ in role_ranges)
            if inside_role and label != "PERSON":
                continue
            if label == "PERSON":
                for rs, re_ in role_ranges:
                    if rs < end and start < re_ < end:  # "Lady Laura Bush" of "First Lady"
                        start = re_
                        while start < end and text[start].isspace():
                            start += 1
                words = text[start:end].split()
                if not words or all(w[:1].islower() or _TITLE_WORD.fullmatch(w) for w in words):
                    continue  # "the Rt Rev Dr" of "the Rt Rev Dr Tom Wright": titles, no name
            out.append(_Span(start, end, label, label, None, "ner"))
        return out, others

    @staticmethod
    def _post_nominal_person(name: str) -> bool:
        """Whether the name before a post-nominal ("QC", "MP") is a person's: two or three
        name-shaped words, no organisation keyword and no organisation our data knows."""
        words = name.split()
        return 2 <= len(words) <= 3 and all(_NAME_WORD.fullmatch(w) for w in words) \
            and org_keyword_sector(name) is None and known_org(name) is None

    def _known_extensions(self, text: str, spans: list[_Span]) -> None:
        """A name the NER model cut out of a known organisation's ("Hollywood" of "The
        Hollywood Reporter", "Tom" of "Tom's Guide") grows to that organisation, which our
        data (actor_orgs.tsv, the gazetteer) names: up to three capitalised words after it."""
        starts = {s.start for s in spans}
        for s in spans:
            if s.source != "ner" or s.type == "ORG" and known_org(text[s.start:s.end]):
                continue
            tail = re.match(r"(?:(?:['’]s)?[ \t]+[A-Z][\w&'’.-]*){1,3}", text[s.end:s.end + 60])
            if tail is None:
                continue
            for m in reversed(list(re.finditer(r"(?:['’]s)?[ \t]+[A-Z][\w&'’.-]*",
                                               tail.group(0)))):
                end = s.end + m.end()
                if any(s.end < p < end for p in starts):
                    continue
                name = text[s.start:end]
                hit = known_org(name) or known_org(f"The {name}")
                if hit is not None:
                    s.end, s.type, s.label, s.name = end, "ORG", "ORG", None
                    s.country, s.sector = hit
                    break

    def _companies(self, text: str, spans: list[_Span], index: ActorIndex) -> None:
        """Retype as a company (or outlet) a one-word name the NER model took for a person or
        a place when the text treats it as one (`_company_named`); never a known place or
        person, a given name, or the surname of a full name in the text ("Volker" of "Kurt
        Volker")."""
        persons = _surnames(text, spans)
        verdicts: dict[str, str | None] = {}
        firms: dict[str, bool] = {}
        known: dict[str, bool] = {}
        for s in spans:
            if s.source != "ner" or s.type not in ("PERSON", "GPE", "LOC", "NORP"):
                continue
            name = text[s.start:s.end]
            if s.type == "PERSON" and name not in known:  # (it scans the text: once a name)
                known[name] = self._known_org_named(text, name, persons, index)
            if s.type == "PERSON" and known[name]:
                s.type = s.label = "ORG"
                s.country, s.sector = known_org(name) or (None, None)
                verdicts[name] = s.sector  # its mentions read as a nationality follow it
                continue
            if name not in verdicts:
                verdicts[name] = (_company_named(text, name)
                                  or self._listed_with_company(text, s, spans)) \
                    if self._unknown_word(name, persons, index) else None
            if verdicts[name]:
                s.type = s.label = "ORG"
                s.sector = verdicts[name]
            elif s.type == "PERSON" and name not in firms:
                firms[name] = _firm_named(text, name) and index.lookup(name) is None
                if firms[name]:
                    s.type = s.label = "ORG"
                    s.sector = verdicts[name] = "BUS"
        for s in spans:
            # the model may also read the company as a nationality in other sentences: a name
            # the text treats as a company is one in every mention, or the type vote of its
            # mentions can leave it a nationality no "the company" reaches
            if s.source == "ner" and s.type == "NORP" and verdicts.get(text[s.start:s.end]):
                s.type = s.label = "ORG"
                s.sector = verdicts[text[s.start:s.end]]
                s.country = (known_org(text[s.start:s.end]) or (s.country, None))[0]

    @staticmethod
    def _parties(doc: Doc, spans: list[_Span]) -> None:
        """A party the NER model read as a nationality ("the Tories said", "the Conservatives'
        plans") is that party, the organisation our data names (data/actor_orgs.tsv: one entity,
        "Conservative Party", for all its forms). Not where it qualifies a noun ("Tory MP"),
        names one member ("a Conservative") or is a party's members as a group, which the
        annotation guide types NORP ("Democrats", data/name_words.tsv party_members)."""
        if not doc.has_annotation("DEP"):
            return
        text = doc_text(doc)
        for s in spans:
            if s.source != "ner" or s.type != "NORP":
                continue
            name = text[s.start:s.end]
            known = known_org(name)
            if known is None or known[1] != "PTY" or name.lower() in _PARTY_MEMBERS:
                continue
            tok = doc.char_span(s.start, s.end, alignment_mode="expand")
            if tok is None or not len(tok):
                continue
            root = tok.root
            after = doc[tok.end] if tok.end < len(doc) else None
            if root.dep_ in ("amod", "compound") and root.head.i > root.i or any(
                    c.dep_ in ("det", "nummod") and c.lower_ in _ONE_MEMBER
                    for c in root.children) or (  # "said Tory shadow minister Jo Bell"
                    after is not None and (after.pos_ in ("NOUN", "PROPN", "ADJ") or (
                        after.pos_ == "VERB" and after.tag_ in ("VB", "VBG", "VBN")))) or (
                    root.head.i > root.i and root.head.dep_ in ("compound", "amod")):
                continue
            s.type = s.label = "ORG"
            s.name = known_org_name(name)
            s.country, s.sector = known

    @staticmethod
    def _known_org_named(text: str, name: str, persons: Collection[str],
                         index: ActorIndex) -> bool:
        """Whether a name the NER model took for a person is an organisation our data names
        (data/actor_orgs.tsv: "Labour", "Diageo"): never a known person, the surname of a full
        name in the text ("Ford" of "Christine Ford") or a name after an honorific ("Mr Ford")."""
        if known_org(name) is None or name in persons or index.lookup(name) is not None:
            return False
        return not any(_PLAIN_HONORIFIC_BEFORE.search(text, max(0, m.start() - 6), m.start())
                       or _KNIGHT_BEFORE.search(text, max(0, m.start() - 6), m.start())
                       for m in _whole_word(text, name))

    def _business_places(self, doc: Doc, spans: list[_Span], index: ActorIndex) -> None:
        """In a business story (`business_story`), a one-word "place" the NER model found that
        the gazetteer cannot place and that acts as a company (a clause's subject or a
        possessive: "Quorrow cut 300 jobs", "Quorrow's shares") is one, unless a locative
        preposition ever stands before it ("jobs in Quorrow") or it is a continent or region
        (data/name_words.tsv wide_place, locative_prep)."""
        text = doc_text(doc)
        if not doc.has_annotation("DEP"):
            return
        persons = _surnames(text, spans)
        verdicts: dict[str, bool] = {}
        for s in spans:
            if s.source != "ner" or s.type not in ("GPE", "LOC"):
                continue
            name = text[s.start:s.end]
            if name not in verdicts:
                verdicts[name] = self._placeless_company(doc, name, persons, index)
            if verdicts[name]:
                s.type = s.label = "ORG"
                s.sector = "BUS"

    def _unknown_word(self, name: str, persons: Collection[str], index: ActorIndex) -> bool:
        """A one-word capitalised name that may be a company whatever the NER model typed it:
        no known place, country, person or given name, nor the surname of a full name in the
        text ("Volker" of "Kurt Volker")."""
        return len(name.split()) == 1 and name[:1].isupper() and name not in persons \
            and name.lower() not in first_names() and index.lookup(name) is None \
            and self.gz.place_country(name) is None and name not in self.gz.country_by_form

    def _placeless_company(self, doc: Doc, name: str, persons: Collection[str],
                           index: ActorIndex) -> bool:
        text = doc_text(doc)
        if name in _WIDE_PLACES or not self._unknown_word(name, persons, index) \
                or not business_story(doc):
            return False
        acts = False
        for m in _whole_word(text, name):
            if _LOCATIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                return False
            tok = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if tok is None:
                continue
            head = tok.root
            acts = acts or head.dep_ in ("nsubj", "nsubjpass", "poss") \
                or text.startswith(("'s", "’s"), m.end())
        return acts

    @staticmethod
    def _drop_works(text: str, spans: list[_Span], index: ActorIndex) -> list[_Span]:
        """Drop the NER persons that are works' titles (`_work_named`), known persons aside."""
        verdicts: dict[str, bool] = {}
        out = []
        for s in spans:
            if s.source == "ner" and s.type == "PERSON":
                name = text[s.start:s.end]
                if name not in verdicts:
                    verdicts[name] = index.lookup(name) is None \
                        and _work_named(text, name, first_names())
                if verdicts[name]:
                    continue
            out.append(s)
        return out

    def _company_sector(self, name: str) -> str | None:
        """BUS if our data or its name's keyword makes an organisation a company."""
        known, entry = known_org(name), self.gz.org(name)
        sector = known[1] if known else entry.sector if entry else org_keyword_sector(name)
        return "BUS" if sector == "BUS" else None

    def _listed_with_company(self, text: str, s: _Span, spans: list[_Span]) -> str | None:
        """BUS if the name stands in a list ("X, Y and Z", "Y and Z") right beside an
        organisation that is a company (`_company_sector`): "Harwell Entertainment, Vexlo
        and Quibo" lists firms alike."""
        for o in spans:
            if o.type != "ORG" or o is s:
                continue
            gap = text[o.end:s.start] if o.end <= s.start else text[s.end:o.start]
            if re.fullmatch(r",[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+", gap) \
                    and self._company_sector(text[o.start:o.end]):
                return "BUS"
        return None

    def _titled_name(self, text: str, start: int, end: int,
                     role_ranges: list[tuple[int, int]]) -> bool:
        """A two- or three-word capitalised name right after a role title, with no word of an
        organisation's name in it, is a person's name."""
        words = text[start:end].split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:].islower()
                                               for w in words):
            return False
        if not any(re_ <= start and not text[re_:start].strip() for _, re_ in role_ranges):
            return False
        name = text[start:end]
        return self.gz.org(name) is None and org_keyword_sector(name) is None \
            and known_org(name) is None

    def _merge(self, ner: list[_Span], gaz: list[Match], text: str = "") -> list[_Span]:
        """NER + gazetteer, without overlaps: the gazetteer names what it knows, except a
        longer NER name that merely contains a place ("University of London")."""
        gz_spans = []
        for m in gaz:
            e = m.entry
            if e.kind in ("demonym", "country", "capital") and _PLAIN_HONORIFIC_BEFORE.search(
                    text, max(0, m.start - 6), m.start):
                # "Mr German", "Mrs England": after an honorific a place word is a surname
                gz_spans.append(_Span(m.start, m.end, "PERSON", "PERSON", None, "ner"))
                continue
            if e.kind == "prefix":
                typ, label = "GPE", "GPE"
            elif e.kind == "demonym":
                typ, label = "GPE", "NORP"
            else:
                typ, label = e.type, e.type
            gz_spans.append(_Span(m.start, m.end, label, typ, e.name, "gaz", e.country, e.sector,
                                  e.kind))
        keep_gaz = [True] * len(gz_spans)
        out: list[_Span] = []
        starts = [g.start for g in gz_spans]  # sorted, non-overlapping: ends sorted too
        ends = [g.end for g in gz_spans]
        for n in ner:
            hits = list(range(bisect_right(ends, n.start), bisect_left(starts, n.end)))
            if not hits:
                out.append(n)
                continue
            contained = all(n.start <= gz_spans[i].start and gz_spans[i].end <= n.end
                            for i in hits)
            longer = (n.end - n.start) > max(gz_spans[i].end - gz_spans[i].start for i in hits)
            placey = all(gz_spans[i].kind in ("country", "capital", "demonym", "prefix")
                         for i in hits)
            # or a known organisation's longer name: "British Airways Plc", "Yukos USA"
            extended = n.label == "ORG" and len(hits) == 1 and gz_spans[hits[0]].kind == "org" \
                and gz_spans[hits[0]].start == n.start \
                and all(w[:1].isupper() for w in text[gz_spans[hits[0]].end:n.end].split())
            if n.label in _CONTAINER_LABELS and contained and longer and (placey or extended):
                if extended:  # the known part's country: "Senate Judiciary Committee" → USA
                    n.country = gz_spans[hits[0]].country
                out.append(n)
                for i in hits:
                    keep_gaz[i] = False
        out.extend(g for g, keep in zip(gz_spans, keep_gaz, strict=True) if keep)
        return out

    def _place_is_person(self, text: str, name: str) -> bool:
        """Whether a place the NER model found, unknown to the gazetteer, is a person: the
        text treats it as one (`_place_person`), or it opens with a given name that is no place
        and ends in no place word ("Kate Yarrow", not "Alice Springs")."""
        gz = self.gz
        if gz.place_country(name) is not None or name in gz.country_by_form \
                or gz.org(name) is not None:
            return False
        words = name.split()
        return _place_person(text, name, first_names()) or (
            2 <= len(words) <= 3 and words[0].lower() in first_names()
            and gz.place_country(words[0]) is None
            and all(_NAME_WORD.fullmatch(w) for w in words)
            and not _GEO_HEAD.fullmatch(words[-1]))

    def _institutions(self, text: str, spans: list[_Span], index: ActorIndex) -> list[_Span]:
        """A place or nationality followed by its institution ("Minneapolis police", "Iraqi
        government", "U.S. troops") is that institution, an organisation of the place's
        country: the actor is the police, not the city. "X administration" is X's government.
        The place stays in doc.ents (what the NER model said) through `inner`."""
        out: list[_Span] = []
        absorbed: set[int] = set()
        for s in spans:
            person = s.type == "PERSON" or (  # a known person the model took for an ORG
                s.type == "ORG" and s.source == "ner"
                and index.lookup(text[s.start:s.end]) is not None)
            if not (s.type in ("GPE", "NORP") or person) or s.kind == "prefix":
                out.append(s)
                continue
            m = self.gz.institution_re.match(text, s.end)
            head = m.group("head").lower() if m else ""
            if person:
                fits = head in _PERSONAL_INSTITUTIONS and not (m.group("poss") or m.group("mods"))
            else:  # "China's government" is China itself (data/coref.tsv country_itself)
                fits = head != "campaign" and not (
                    m and m.group("poss") and not m.group("mods")
                    and head in coref_knowledge().country_itself)
            inside = [t for t in spans if m is not None and s.end < t.start < m.end()]
            # the NER model's own organisation of the institution's words ("Turkey's
            # [defence ministry]") is that institution; any other name inside is not
            if m is None or not fits or any(
                    t.end != m.end() or t.type != "ORG" or t.source != "ner" for t in inside):
                out.append(s)
                continue
            absorbed.update(id(t) for t in inside)
            surface = text[s.start:s.end]
            if person:
                known = index.lookup(s.name or surface)
                country = known.country if known else None
            else:
                country = s.country or self.gz.place_country(surface) \
                    or self.gz.country_by_form.get(surface)
            out.append(_Span(s.start, m.end(), "ORG", "ORG",
                             self._possessive_name(text, surface, m) if not person else None,
                             "institution", country, None, "institution",
                             (s.start, s.end, s.label)))
        return [s for s in out if id(s) not in absorbed]

    def _possessive_name(self, text: str, surface: str, m: re.Match[str]) -> str | None:
        """A place's institution written with the possessive is named as written without it
        ("Iraq's foreign ministry" is the "Iraqi foreign ministry" of the next paragraph): a
        country's takes its adjective, another place's its bare name ("Ohio's senate" →
        "Ohio senate"). None (named from the text) when there is no possessive."""
        if not m.group("poss"):
            return None
        iso3 = self.gz.country_by_form.get(surface)
        place = self.gz.demonyms.get(iso3 or "", surface)
        return " ".join([place, *text[m.start("mods"):m.end()].split()])

    def _canonical_persons(self, text: str, spans: list[_Span],
                           index: ActorIndex) -> dict[str, str]:
        """Surface name → canonical name for the persons of this zone; also retypes NER
        mislabels of known persons and finds their unlabelled repeats (headings)."""
        for s in spans:  # "Mason Rudolph" taken for an organisation
            if s.source == "ner" and s.type == "ORG" and _person_named(text, s.start, s.end):
                s.type = s.label = "PERSON"
        verdicts: dict[str, bool] = {}
        for s in spans:  # "Sanjaya Senanayake" or "Tommy" taken for a place
            if s.source != "ner" or s.type not in ("GPE", "LOC"):
                continue
            name = text[s.start:s.end]
            if name not in verdicts:
                verdicts[name] = self._place_is_person(text, name)
            if verdicts[name]:
                s.type = s.label = "PERSON"
        names = [text[s.start:s.end] for s in spans if s.type == "PERSON"]
        self._given_names_found(text, spans, names)
        names = [text[s.start:s.end] for s in spans if s.type == "PERSON"]
        full = sorted({n for n in names if len(_tokens(n)) > 1}, key=len, reverse=True)
        canon: dict[str, str] = {}
        for n in full:  # "Gina Raimondo" and "Gina M. Raimondo" are one person
            t = _tokens(n)
            canon[n] = next((f for f in full if len(f) >= len(n) and _tokens(f)[0] == t[0]
                             and _tokens(f)[-1] == t[-1]), n)
        by_last: dict[str, set[str]] = {}
        by_first: dict[str, set[str]] = {}
        for n in full:
            by_last.setdefault(_tokens(n)[-1], set()).add(canon[n])
            by_first.setdefault(_tokens(n)[0], set()).add(canon[n])
        # "Sir Ian Blair" is "Sir Ian", never "Mr Blair": a plain honorific before a surname
        # is not a knight of that surname
        knights = {canon[text[s.start:s.end]] for s in spans if s.type == "PERSON"
                   and text[s.start:s.end] in canon
                   and _KNIGHT_BEFORE.search(text, max(0, s.start - 6), s.start)}
        plain = {text[s.start:s.end] for s in spans if s.type == "PERSON"
                 and _PLAIN_HONORIFIC_BEFORE.search(text, max(0, s.start - 6), s.start)}

        def resolve(short: str) -> str | None:
            for table in (by_last, by_first):
                cands = table.get(short) or set()
                if short in plain and table is by_last:
                    cands = cands - knights
                if len(cands) == 1:
                    return next(iter(cands))
            known = index.lookup(short)
            return known.name if known else None

        for n in names:
            if n not in canon:
                canon[n] = resolve(n) or n
        # NER mislabels of a known person ("Blinken" tagged GPE)
        shorts = {n for n in names if len(_tokens(n)) == 1}
        for s in spans:
            if s.source == "ner" and s.type != "PERSON":
                surface = text[s.start:s.end]
                if surface in canon or surface in by_last or (  # "Malia" of "Malia Obama"
                        s.type in ("GPE", "LOC") and len(by_first.get(surface, ())) == 1
                        and surface.lower() in first_names()
                        and self.gz.place_country(surface) is None):
                    s.type = s.label = "PERSON"
                    canon.setdefault(surface, resolve(surface) or surface)
        # repeats the model missed: full names, and short names it found elsewhere
        wanted = sorted(set(full) | {n for n in shorts if canon.get(n, n) != n}, key=len,
                        reverse=True)
        if wanted:
            taken = sorted((s.start, s.end) for s in spans)
            starts = [a for a, _ in taken]
            for m in _whole_words(text, wanted):
                i = bisect_right(starts, m.start()) - 1
                if i >= 0 and taken[i][1] > m.start():
                    continue
                if i + 1 < len(taken) and taken[i + 1][0] < m.end():
                    continue
                spans.append(_Span(m.start(), m.end(), "PERSON", "PERSON", None, "rescan"))
        return canon

    def _given_names_found(self, text: str, spans: list[_Span], names: list[str]) -> None:
        """A one-word person ("Mr Quarvel") whose full name the NER model missed ("fired Asheel
        Quarvel over a tweet") gets it: the one capitalised word right before the surname
        that opens a name there (a given name, or after a lower-case word when an honorific
        stands before the surname elsewhere or it is the surname's first mention), is never
        written in lower case in the text, and is no title ("Lord", data/name_words.tsv
        name_title), role, place, organisation, calendar word or other name, is the given
        name; that mention becomes a person's span, so the full name and its later surname
        are one."""
        fulls = {w for n in names for w in _tokens(n)[1:] if len(_tokens(n)) > 1}
        calendar = set(timex_lexicon().weekdays) | set(timex_lexicon().months)
        for short in {n for n in names if len(_tokens(n)) == 1 and n not in fulls}:
            if not _NAME_WORD.fullmatch(short) or short.lower() in first_names():
                continue
            # a word that is no given name may open the name only if the surname stands
            # after an honorific elsewhere ("Mr Quarvel"), so it is a person's surname, or there
            # at its first mention, where news gives the full name
            titled = any(_PLAIN_HONORIFIC_BEFORE.search(text, max(0, t.start() - 6), t.start())
                         for t in _whole_word(text, short))
            first = text.find(short)  # or the name's first mention, as news names people
            found: dict[str, list[re.Match[str]]] = {}
            for m in re.finditer(r"(?<![\w\-’'.])([A-Z][a-z]+)[ \t]+(" + re.escape(short)
                                 + r")(?![\w\-])", text):
                given = m.group(1)
                prev = re.search(r"(\S+)[ \t]+$", text[max(0, m.start() - 30):m.start()])
                if prev is not None and prev.group(1)[:1].isupper():
                    continue  # the name goes on to the left ("Sheryl Gay Stolberg")
                if next(_whole_word(text, given.lower()), None) is not None:
                    continue  # a common word ("In", "Pop"), which the text writes in lower case
                if not (given.lower() in first_names() or (
                        prev is not None and prev.group(1)[:1].islower()
                        and prev.group(1)[-1] not in ".!?:;\"”"
                        and (titled or m.start(2) == first))):
                    continue
                if given.lower() in calendar or given.lower() in _NOT_BEFORE_SURNAME \
                        or given in _NAME_TITLES or _TITLE_WORD.fullmatch(given) \
                        or _HONORIFIC.match(given + " X") \
                        or self.gz.role_re.fullmatch(given) \
                        or self.gz.role_re.fullmatch(given.removesuffix("s")) \
                        or self.gz.place_country(given) is not None \
                        or given in self.gz.country_by_form or self.gz.org(given) is not None \
                        or known_org(given) is not None or self.gz.matches(given) \
                        or any(s.start <= m.start(1) < s.end for s in spans):
                    continue
                found.setdefault(given, []).append(m)
            if len(found) != 1:
                continue
            for m in next(iter(found.values())):
                span = next((s for s in spans if s.start == m.start(2) and s.end == m.end(2)
                             and s.type == "PERSON"), None)
                if span is not None:
                    span.start = m.start(1)
                elif not any(s.start < m.end() and m.start() < s.end for s in spans):
                    spans.append(_Span(m.start(1), m.end(), "PERSON", "PERSON", None, "rescan"))

    def _roles(self, doc: Doc, text: str, roles: list[re.Match[str]],
               persons: list[_Span], gaz_by_end: dict[int, Match],
               ) -> tuple[dict[tuple[int, int], tuple[str, str | None, str | None]],
                          list[dict[str, Any]]]:
        gz = self.gz
        by_start = {p.start: p for p in persons}
        persons_by_end = sorted(persons, key=lambda p: p.end)
        person_ends = [p.end for p in persons_by_end]
        titles: dict[tuple[int, int], tuple[str, str | None, str | None]] = {}
        refs: list[dict[str, Any]] = []
        for m in roles:
            mods = m.group("mods") or ""
            former = bool(re.search(r"\b(?:former|retired)\b", mods, re.I))
            role = gz.canonical_role(mods, m.group("head"), m.group("comp"))
            rs = m.start()
            if "shadow" not in role.lower() and _SHADOW_BEFORE.search(text, max(0, rs - 60), rs):
                role = f"Shadow {role}"
            j = rs
            while j > 0 and text[j - 1].isspace():
                j -= 1
            poss = text[j - 2:j] in ("'s", "’s")
            g = gaz_by_end.get(j - 2 if poss else j)
            country = g.entry.country if g else None
            role_start = g.start if g else rs
            # title before a name: "Treasury Secretary Janet Yellen"
            k = m.end()
            while k < len(text) and text[k] == " ":
                k += 1
            p = by_start.get(k)
            if p is not None:
                titles[(p.start, p.end)] = (role, country, self._hint(doc, gaz_by_end, rs)
                                            if not country else None)
                continue
            # appositive: "Qin Gang, the Chinese foreign minister"
            i = bisect_right(person_ends, role_start) - 1
            q = persons_by_end[i] if i >= 0 else None
            if q is not None and role_start - q.end < 12 and \
                    _APPOSITIVE_GAP.match(text[q.end:role_start]) \
                    and not self._clause_subject(doc, text, m):
                titles[(q.start, q.end)] = (role, country, None)
                continue
            # the title, then the name in commas: "the Greek prime minister, Kostas Pappas,"
            if k < len(text) and text[k] == ",":
                k2 = k + 1
                while k2 < len(text) and text[k2] == " ":
                    k2 += 1
                p = by_start.get(k2)
                if p is not None and (_THE_BEFORE.search(text, max(0, role_start - 8), role_start)
                                      or poss) and re.match(r"\s*(?:[,;)]|$)", text[p.end:]):
                    titles[(p.start, p.end)] = (role, country, None)
                    continue
            # role-only reference: "the secretary of state", "China's foreign minister"
            if former:  # a former holder's title names them (ELI), "the former X" no one
                continue
            the = _THE_BEFORE.search(text, max(0, role_start - 8), role_start)
            if the is None and not poss:
                continue
            head = doc.char_span(m.start("head"), m.end("head"), alignment_mode="expand")
            if head is None or len(head) == 0:
                continue
            tok = head[-1]
            if tok.dep_ in ("amod", "compound") or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            start = the.start() if the is not None and not poss else role_start
            while text[start].isspace():
                start += 1
            refs.append({"start": start, "end": m.end(), "text": text[start:m.end()],
                         "role": role, "country": country,
                         "generic": m.group("head").lower() in gz.generic_roles})
        return titles, refs

    @staticmethod
    def _clause_subject(doc: Doc, text: str, m: re.Match[str]) -> bool:
        """"Trump, the chief justice then declared, shall …": a title after a name's comma
        that goes straight on into its own verb is the subject of an interjected clause,
        someone else, not an appositive of the name."""
        if re.match(r"\s*[,;.:)\n]", text[m.end():]) or not doc.has_annotation("TAG"):
            return False
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or not len(span):
            return False
        i = span.end
        while i < len(doc) and doc[i].pos_ == "ADV":
            i += 1
        return i < len(doc) and doc[i].tag_ in ("VBD", "VBZ", "VBP", "MD")

    def _hint(self, doc: Doc, gaz_by_end: dict[int, Match], pos: int) -> str | None:
        """The country named nearest before `pos` in the same sentence ("American diplomats
        include Treasury Secretary Janet Yellen") — a fallback for an unqualified title."""
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sent_start = span[0].sent.start_char if doc.has_annotation("SENT_START") else 0
        best = None
        for end, g in gaz_by_end.items():
            if sent_start <= g.start and end <= pos and (best is None or end > best.end):
                best = g
        return best.entry.country if best else None

    def _is_metonym(self, doc: Doc, s: _Span) -> bool:
        if not doc.has_annotation("DEP"):
            return False
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok = span.root
        for _ in range(3):
            if tok.dep_ in ("nsubj", "nsubjpass", "poss"):
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ in _METONYM_PREPS:
                return True
            if tok.dep_ == "conj" and tok.head.i != tok.i:
                tok = tok.head
                continue
            return False
        return False

    def _set_ents(self, doc: Doc, spans: list[_Span], others: list[Span]) -> None:
        new: list[Span] = []
        for s in spans:
            if s.kind == "prefix":
                continue
            start, end, label = s.inner or (s.start, s.end, s.label)
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is not None and len(span):
                new.append(span)
        with contextlib.suppress(ValueError):
            doc.ents = filter_spans(new + list(others))


def resolve_role_refs(entities: list[Entity], refs: list[dict[str, Any]],
                      seen: str | None) -> list[dict[str, Any]]:
    """Attach role-only references to the person who holds that role; return the unresolved.

    A reference names a role and maybe a country. Candidates are persons whose country does not
    contradict it. A person already holding that role wins; a generic role ("official") goes
    to the most-mentioned person of that country; otherwise the reference goes to the one
    person whose role and country are still unknown, who then learns them.
    """
    persons = [e for e in entities if e.type == "PERSON"]
    unresolved = []
    for ref in refs:
        role, country = ref["role"].lower(), ref.get("country")
        exact, generic, weak = [], [], []
        for p in persons:
            countries = {r.get("country") for r in p.roles if r.get("country")}
            if p.country:
                countries.add(p.country)
            if country and countries and country not in countries:
                continue
            roles = {(r.get("role") or "").lower() for r in p.roles
                     if not re.match(r"(?:former|retired)\b", r.get("role") or "", re.I)}
            if role in roles or any(r.endswith(" " + role) for r in roles):
                exact.append(p)
            elif ref.get("generic") and (countries or not country):
                if p.sector in (None, "GOV", "MIL", "LEG", "JUD", "COP", "IGO"):
                    generic.append(p)
            elif country and not roles and not countries:
                weak.append(p)
        pick = None
        by_salience = sorted(exact or generic, key=lambda p: -len(p.mentions))
        if by_salience:
            pick = by_salience[0]
        elif len(weak) == 1 and not ref.get("generic"):
            pick = weak[0]
            pick.roles.append({"role": ref["role"], "country": country, "seen": seen})
            if country and not pick.country:
                pick.country = country
        if pick is None:
            unresolved.append(ref)
            continue
        pick.mentions.append(Mention(ref["text"], ref["start"], ref["end"],
                                     ref.get("zone", "body"), ref.get("sentence"),
                                     ref.get("zone_index", 0)))
    return unresolved


@Language.factory("ww_entities")
def make_entities(nlp: Language, name: str) -> EntitiesComponent:
    return EntitiesComponent()
