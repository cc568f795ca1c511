"""Merged events: many reports of one real-world event become one event cluster.

Why: counting reports instead of events is GDELT's best-known weakness (one kidnapping became
hundreds of records), but a cluster that swallows unrelated reports is worse than none: its
counts and modality history describe nothing. Reading random clusters over AllSides 2020
(benchmarks/cluster_purity.py) showed how they went wrong — matching by country alone
("Iran → Iran"), one side of the dyad left open, the same busy actors (Trump, Democrats) doing
different things the same week, year-wide dates, two different sentences of one article — so
two reports are the same event only when all of this holds:

- the same PLOVER type; both new, or both background (a past event recalled for context,
  which must neither seed nor join a cluster of the day's news); hypothetical reports and
  loosely dated background reports never merge;
- dates that overlap within their precision; a new event dated only by month or year is read
  as happening near its report;
- compatible actors: source and target countries overlap (when both known), and named actors
  that are not just places match by name ("trump" ~ "donald trump"); a side named on one
  report only, or by country only, is weaker evidence — for a statement, a side named by a
  person on one report and by a place on the other is as weak as an open one; the cities
  or states the reports name (as actors or place) must agree when both name one; an unnamed
  group ("officials", "police", "U.S. troops") matches like a place, not like a named actor;
- something particular in common: a named actor, a city or a state, or a dyad of two
  countries; without one, only a near copy of the sentence joins (two governors' orders,
  or two police shootings, of one day read alike in one country);
- their sentences say the same thing: the IDF-weighted share of content words (actor names
  left out, in other forms too: "Democrats" for the Democratic Party) is at least a
  threshold that is lower the more sides match by name;
- two reports of one article join only when they were coded from the same sentence (a
  neighbouring sentence the coder listed as a mention is not enough); across articles a
  mention widens the words compared, but the reports' own sentences must agree as well
  (an accusation whose mention tells the shouting match before it is not the shouting);
- a speculation ("the vote could slip to Monday") joins only speculation, never the plan
  or the act; a plan reported a day or more after the act needs `stale_penalty` more
  similarity (a stale copy says the same thing; anything else is another occasion).

A report is compared with the cluster's key — its first report's actors — and with each
member's words, not with everything the cluster absorbed, so clusters do not snowball. A
cluster keeps every report, so its state can change: "Blinken is set to visit China"
(planned) and later "Blinken arrived in Beijing" (occurred) are one event whose history is
planned → occurred. History and state follow report time; a stale prospective report after
an outcome does not undo it, nor does a later cancelled, postponed or negated report undo
"occurred" (a denial still shows: it is a dispute).

Online and cheap: clusters whose last report is older than `horizon_days` (by report time)
leave memory; candidates are found through an index on (type, country or name, week).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from wirewatch import data

# Modalities that say how an event ended; a later report of a prospective modality
# ("is set to visit") does not undo them.
OUTCOMES = frozenset({"occurred", "cancelled", "postponed", "denied", "negated"})
# Not a report of an event at all ("if Iran were to kill ..."): never merged.
UNREAL = frozenset({"hypothetical"})
# Outcomes that cannot follow "occurred": an act reported done is not called off, put off or
# undone by a later report that negates it ("did not receive notification of the strike" is
# not a report that the strike did not happen). A denial still can: it is a dispute.
NOT_AFTER_OCCURRED = frozenset({"cancelled", "postponed", "negated"})
# Speculation ("could", "might"): neither a plan nor an act, so it joins only speculation.
SPECULATIVE = frozenset({"possible"})
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4,
                   "article": 5}
_SLACK_PRECISIONS = frozenset({None, "day", "week", "article"})
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "e")
_NAME_FORM_MIN = 6  # letters: shorter stems ("polic", "offic") begin too many other words
# Words that say nothing about which event a sentence reports (function words, reporting
# verbs, titles); rarer words are weighted by IDF over the reports seen.
_STOP_WORDS = """
a about above after again against all also am an and any are as at be been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my no nor not now of off on once only or other our ours out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who
whom why will with would you your yours mr mrs ms dr said says say saying told tells according
added asked one two three first last new former current percent per cent many much may might
must shall us also well even still yet however though although since because people time
today yesterday tomorrow week weeks month months year years day days thing things way get got
make made take took see saw know knew think thought
"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class MergeConfig:
    """Tolerances as data.

    date_slack_days: fuzz around a day or week date (time zones, "Thursday night").
    planned_horizon_days: how far ahead an undated planned event may happen.
    horizon_days: how long clusters stay in memory after their last report.
    recent_days: a new (not background) event dated only loosely (month, year) is taken to
    have happened within this many days before its report.
    max_span_days: a background report whose date spans more than this never merges.
    similarity: minimum sentence similarity (IDF-weighted cosine of content words) when 0,
    1 or 2 sides of the dyad match by a named (non-place) actor; open_penalty is added for
    each side only one of the two reports names. min_shared: content words in common.
    stale_penalty: added for a prospective report (planned, possible) made a day or more
    after the cluster's first outcome: history follows report time, so a plan read after
    the act is either a stale copy (which says the same thing) or another occasion.
    unanchored_similarity: needed when the reports share no particular actor by name, no
    city or state, and no dyad of two countries (`_anchored`): places and unnamed groups
    ("the United States", "officials") are shared by many events of one day.
    idf_prior_docs: documents assumed seen before the first (smooths IDF on a new store).
    max_members: member word sets kept per cluster for comparison.
    Calibrated by reading clusters over AllSides 2020 (benchmarks/cluster_purity.py).
    """

    date_slack_days: int = 1
    planned_horizon_days: int = 21
    horizon_days: int = 30
    recent_days: int = 7
    max_span_days: int = 31
    similarity: tuple[float, float, float] = (0.3, 0.2, 0.2)
    open_penalty: float = 0.1
    stale_penalty: float = 0.2
    unanchored_similarity: float = 0.5
    min_shared: int = 2
    idf_prior_docs: int = 100
    max_members: int = 40


@dataclass(frozen=True)
class Report:
    """One event row of one article, reduced to what merging needs."""

    article_id: str
    idx: int
    outlet: str | None
    source_key: str | None  # the outlet of the original text (wire copies share it)
    reported_at: datetime
    type: str
    mode: str | None = None
    source: tuple[str, ...] = ()  # actor codes (USAGOV), else lower-cased names
    target: tuple[str, ...] = ()
    source_countries: frozenset[str] = frozenset()
    target_countries: frozenset[str] = frozenset()
    location_name: str | None = None
    location_country: str | None = None
    date: str | None = None
    date_precision: str | None = None
    modality: str = "occurred"
    evidence: str | None = None
    source_names: frozenset[str] = frozenset()  # lower-cased actor names
    target_names: frozenset[str] = frozenset()
    intensity: float | None = None
    quad: str | None = None
    background: bool = False  # a past event recalled for context, not the article's news
    mentions: tuple[str, ...] = ()  # the other sentences of the article reporting it
    generic_names: frozenset[str] = frozenset()  # lower-cased names of unnamed groups


def date_interval(value: str | None, precision: str | None, reported_at: datetime,
                  modality: str, config: MergeConfig,
                  background: bool = False) -> tuple[date, date]:
    """The days an event's date may mean. Without a usable date the report's own time
    bounds it: an occurred event happened just before, a planned one some time after. A new
    event dated loosely ("in January", "this year") is read as close to its report, since
    the coder calls older ones background; slack widens day and week dates only."""
    day = reported_at.date()
    slack = timedelta(days=config.date_slack_days)
    parsed = None if precision == "article" else _parse_interval(value)
    if parsed is None:
        if modality in OUTCOMES:
            return day - 2 * slack, day + slack
        return day - slack, day + timedelta(days=config.planned_horizon_days) + slack
    start, end = parsed
    if not background and (end - start).days > config.recent_days:
        if modality in OUTCOMES:
            near = (day - timedelta(days=config.recent_days), day)
        else:
            near = (day, day + timedelta(days=config.planned_horizon_days))
        if max(start, near[0]) <= min(end, near[1]):
            start, end = max(start, near[0]), min(end, near[1])
    if precision not in _SLACK_PRECISIONS:
        slack = timedelta(0)
    return start - slack, end + slack


def mergeable(value: str | None, precision: str | None, modality: str, background: bool,
              config: MergeConfig) -> bool:
    """Whether a report may seed or join a cluster of other reports: hypothetical events
    did not happen, and a background event dated only by season or year cannot be told
    from the other events of its kind that year."""
    if modality in UNREAL:
        return False
    if not background:
        return True
    span = _parse_interval(value) if precision != "article" else None
    return span is not None and (span[1] - span[0]).days <= config.max_span_days


def _parse_interval(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _MONTH.match(value):
            first = date(int(m[1]), int(m[2]), 1)
            return first, _month_end(first.year, first.month)
        if m := _SEASON.match(value):
            lo, hi = _SEASONS[m[2]]
            year = int(m[1])
            end = _month_end(year + (hi - 1) // 12, (hi - 1) % 12 + 1)
            return date(year, lo, 1), end
        if m := _QUARTER.match(value):
            q = int(m[2])
            return date(int(m[1]), 3 * q - 2, 1), _month_end(int(m[1]), 3 * q)
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def said_key(sentence: str | None, idx: int) -> str:
    """What makes two reports of one article one report: the same sentence (spacing and
    case aside); a report without a sentence is its own."""
    return " ".join(sentence.lower().split()) if sentence else f"#{idx}"


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in _WORD.findall(name.lower()) if t != "the")


def _acronym(name: str) -> str:
    return "".join(t[0] for t in _WORD.findall(name.lower()) if t not in ("of", "the", "and"))


def report_words(sentences: tuple[str, ...] | list[str], names: frozenset[str] | set[str]
                 ) -> frozenset[str]:
    """Content words of a report's sentences (crudely stemmed), without its actors' names:
    the actors are compared on their own, and a shared "Trump" says nothing about which of
    his acts two sentences report."""
    drop = {_stem(t) for n in names for t in _name_tokens(n)}
    drop |= {_acronym(n) for n in names}  # "NATO" for "North Atlantic Treaty Organization"
    words = {_stem(w) for text in sentences for w in _WORD.findall(text.lower())
             if len(w) > 2 and w not in _STOP}
    return frozenset(w for w in words - drop if not _name_form(w, drop))


def _name_form(word: str, names: set[str]) -> bool:
    """Whether a word is another form of an actor's name word: "democrats" and "democratic"
    ("the Democratic Party"), "russian" ("Russia"), "congressional" ("Congress"). Stemming
    misses these, and a shared "Democrats" made two reports of different acts by one party
    look alike. Only stems of `_NAME_FORM_MIN` letters or more: "police" takes no "policy"."""
    if len(word) < _NAME_FORM_MIN:
        return False
    return any(len(n) >= _NAME_FORM_MIN and (n.startswith(word) or word.startswith(n))
               for n in names)


def own_words(words: frozenset[str], sentences: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The part of a report's words (`report_words`) that its first sentence, its own,
    holds: what it says without the mentions the coder linked to it."""
    return words & report_words(sentences[:1], frozenset()) if sentences else words


@cache
def _place_names() -> frozenset[str]:
    """Country names, aliases, demonyms, capitals, cities and US states (lower-case): an
    actor named by one of these ("Iran", "the United States", "Tehran") is a country, not a
    particular actor, and matching it says no more than matching the country."""
    names: set[str] = set()
    for row in data.rows("countries.tsv"):
        names.add(row["name"].lower())
        names.update(a.lower() for a in row["aliases"].split("|") if a)
        if row["capital"]:
            names.add(row["capital"].lower())
    names.update(row["form"].lower() for row in data.rows("country_names.tsv"))
    names.update(row["name"].lower() for row in data.rows("cities.tsv"))
    return frozenset(names)


@cache
def _local_places() -> dict[str, str]:
    """Cities and US states (lower-case) → "city" or "state": the places below a country
    (cities.tsv lists a state without coordinates)."""
    countries = data.country_words() | {r["form"].lower() for r in data.rows("country_names.tsv")}
    return {row["name"].lower(): "city" if row["lat"] else "state"
            for row in data.rows("cities.tsv") if row["name"].lower() not in countries}


def local_places(names: Iterable[str], location: str | None) -> dict[str, set[str]]:
    """The cities and the states a report names as actors or as its place, by level."""
    local = _local_places()
    out: dict[str, set[str]] = {"city": set(), "state": set()}
    for name in (*names, location or ""):
        bare = name.lower().removeprefix("the ").strip()
        if bare in local:
            out[local[bare]].add(bare)
    return out


def other_places(mine: dict[str, set[str]], theirs: dict[str, set[str]]) -> bool:
    """Whether two reports name different places of one level: "a Louisiana pastor" and "a
    Florida pastor" are two events of one country even when the sentences agree; a city and
    a state ("Sioux Falls", "South Dakota") may be one place."""
    return any(mine[level] and theirs[level] and not mine[level] & theirs[level]
               for level in mine)


@cache
def _group_nouns() -> frozenset[str]:
    """Role and group nouns (lower-case): CAMEO agents, plurals included, and role titles."""
    return frozenset(data.cameo_agents()) | {r["term"] for r in data.rows("roles.tsv")}


def generic(name: str) -> bool:
    """Whether an actor is a group with no name of its own ("officials", "four prosecutors",
    "U.S. troops", "Trump administration"): its head word is a common noun, or it is one
    plural role noun capitalised at the start of a sentence ("Prosecutors allege").
    Many different groups go by one such word, so sharing it says nothing about which event
    two reports tell."""
    words = name.split()
    if not words or not any(ch.isupper() for ch in words[-1]):
        return True
    bare = words[0].lower()
    return len(words) == 1 and bare.endswith("s") and not bare.endswith("ss") and (
        bare in _group_nouns() or bare[:-1] in _group_nouns())


def _specific(names: frozenset[str], groups: frozenset[str] | set[str] = frozenset()
              ) -> list[frozenset[str]]:
    """Name words of the particular actors of a side: neither places nor unnamed groups
    (`groups`, lower-cased)."""
    places = _place_names()
    out = []
    for name in names:
        bare = name.lower().removeprefix("the ").strip()
        if bare and bare not in places and name.lower() not in groups:
            out.append(_name_tokens(bare))
    return [t for t in out if t]


def _side(mine: frozenset[str], theirs: frozenset[str], said: bool = False,
          groups: frozenset[str] | set[str] = frozenset()) -> int | None:
    """How one side of the dyad compares: 1 when both name the same particular actor (one
    name's words within the other's: "trump" ~ "donald j. trump"); 0 when both are named
    only by places, or both are open; -1 when only one report names this side (open: the
    weakest evidence); None when both name particular actors and none is the same (another
    event). Countries are checked apart. For a statement (`said`: a verbal event) a side
    named by a particular actor on one report and only by a place on the other is as weak
    as an open one: "Harris endorsed Biden" and "the U.S. backs Biden" (a governor coded by
    her country) are different endorsements. Sharing only an unnamed group (`groups`:
    "officials", "police") is no more than sharing a place (0); for an act, an unnamed
    group against a named actor ("police" and "Derek Chauvin" killed Floyd) may be the same
    doer named more or less closely, as weak as an open side, while a statement by
    "officials" is not one by Pelosi."""
    if bool(mine) != bool(theirs):
        return -1
    a, b = _specific(mine), _specific(theirs)
    if not a or not b:
        return -1 if said and (a or b) else 0
    named_a, named_b = _specific(mine, groups), _specific(theirs, groups)
    if not any(x <= y or y <= x for x in a for y in b):
        return -1 if not said and bool(named_a) != bool(named_b) else None
    return 1 if any(x <= y or y <= x for x in named_a for y in named_b) else 0


def _anchored(c: EventCluster, key: tuple[frozenset[str], frozenset[str], frozenset[str],
                                          frozenset[str]],
              mine: dict[str, set[str]], theirs: dict[str, set[str]]) -> bool:
    """Whether a report shares something particular with a cluster besides a named actor:
    a city or a state (as place or actor, `local_places` of each; a region such as "the
    Middle East" is too wide), or a dyad of two different countries ("Iran" against "the
    United States" is not any domestic act of one country)."""
    if any(mine[level] & theirs[level] for level in mine):
        return True
    return all(c.key[:2]) and all(key[:2]) and not c.key[0] & c.key[1] \
        and not key[0] & key[1]


@dataclass
class EventCluster:
    """One real-world event and its reports."""

    id: str
    type: str
    mode: str | None
    source: set[str]
    target: set[str]
    source_countries: set[str]
    target_countries: set[str]
    location_name: str | None
    location_country: str | None
    date: str | None
    date_precision: str | None
    interval: tuple[date, date]
    evidence: str | None
    first_reported: datetime
    last_reported: datetime
    intensity: float | None = None  # the first report's (PLOVER score, quad class)
    quad: str | None = None
    names: set[str] = field(default_factory=set)  # every actor name reported (display)
    generic: set[str] = field(default_factory=set)  # those of them that are unnamed groups
    # The key: the first report's actors. Later reports must match it, not the growing union,
    # so a cluster cannot snowball through chains of partly overlapping reports.
    key: tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]] = (
        frozenset(), frozenset(), frozenset(), frozenset())
    timeline: list[tuple[datetime, str, str]] = field(default_factory=list)  # at, modality, art
    reports: set[tuple[str, int]] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    background: bool = False  # founded by a background report: holds background reports only
    joinable: bool = True  # False: a hypothetical or loosely dated background report alone
    member_words: list[frozenset[str]] = field(default_factory=list)  # per report, capped
    # the part of each member's words that its own (evidence) sentence holds, not its mentions
    member_evidence: list[frozenset[str]] = field(default_factory=list)
    sentences: set[str] = field(default_factory=set)  # every evidence and mention sentence
    # (article, sentence) of each report: an article repeating a sentence is one report
    said: set[tuple[str, str]] = field(default_factory=set)

    def remember(self, words: frozenset[str], sentences: tuple[str, ...] | list[str],
                 cap: int) -> None:
        """Keep what later reports are compared with (in memory only, rebuilt on open);
        `sentences` start with the report's own sentence, then its mentions."""
        if words and len(self.member_words) < cap:
            self.member_words.append(words)
            self.member_evidence.append(own_words(words, sentences))
        self.sentences.update(s for s in sentences if s)

    def _ordered(self) -> list[tuple[datetime, str, str]]:
        # Report time first; at the same time (articles dated by day only) a prospective
        # report comes before an outcome, then arrival order (sorted() is stable).
        return sorted(self.timeline, key=lambda t: (t[0], t[1] in OUTCOMES))

    @property
    def modality_history(self) -> list[dict[str, str]]:
        """Each change of state, in report-time order; a prospective report after an outcome
        ("is set to visit", read after "arrived") is stale and changes nothing."""
        history: list[dict[str, str]] = []
        for at, modality, article in self._ordered():
            state = history[-1]["modality"] if history else None
            if state == modality or (state in OUTCOMES and modality not in OUTCOMES) or (
                    state == "occurred" and modality in NOT_AFTER_OCCURRED):
                continue
            history.append({"modality": modality, "at": at.isoformat(),
                            "article_id": article})
        return history

    @property
    def modality(self) -> str:
        """The latest reported state; a stale "planned" never undoes an outcome."""
        history = self.modality_history
        return history[-1]["modality"] if history else "occurred"

    @property
    def num_reports(self) -> int:
        """Reports, one per article and sentence: an article that repeats a sentence (the
        lede again further down) or codes it twice reports the event once."""
        return len(self.said) if self.said else len(self.reports)

    def as_row(self) -> dict[str, object]:
        return {"id": self.id, "type": self.type, "mode": self.mode,
                "source": sorted(self.source), "target": sorted(self.target),
                "source_countries": sorted(self.source_countries),
                "target_countries": sorted(self.target_countries),
                "location_name": self.location_name, "location_country": self.location_country,
                "date": self.date, "date_precision": self.date_precision,
                "modality": self.modality, "modality_history": self.modality_history,
                "first_reported": self.first_reported, "last_reported": self.last_reported,
                "num_reports": self.num_reports, "num_articles": len(self.articles),
                "num_sources": len(self.sources), "num_outlets": len(self.outlets),
                "evidence": self.evidence, "intensity": self.intensity, "quad": self.quad,
                "names": sorted(self.names),
                "key_source": sorted(self.key[0]), "key_target": sorted(self.key[1]),
                "key_source_names": sorted(self.key[2]),
                "key_target_names": sorted(self.key[3])}


class EventMerger:
    """Assigns each report to an existing event cluster or opens a new one."""

    def __init__(self, config: MergeConfig | None = None) -> None:
        self.config = config or MergeConfig()
        self.clusters: dict[str, EventCluster] = {}
        # (type, source country or code, week) -> cluster ids. The week bucket keeps clusters
        # whose dates cannot overlap out of the candidate list.
        self._index: dict[tuple[str, str, int], set[str]] = defaultdict(set)
        self._indexed: dict[str, set[tuple[str, str, int]]] = {}  # cluster id -> its keys
        self._filed: dict[tuple[str, int], str] = {}  # (article, event idx) -> cluster id
        self._newest: datetime | None = None
        self._since_evict = 0
        # Document frequency of content words over the reports seen (for IDF weights).
        self._df: Counter[str] = Counter()
        self._docs = 0

    # -- matching ----------------------------------------------------------------------------

    @staticmethod
    def _keys(type_: str, source: frozenset[str],
              interval: tuple[date, date]) -> set[tuple[str, str, int]]:
        weeks = range(interval[0].toordinal() // 7, interval[1].toordinal() // 7 + 1)
        return {(type_, c, w) for c in (source or ("",)) for w in weeks}

    @staticmethod
    def key_of(r: Report) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
        """Source and target as countries (else codes), plus actor names per side; a report
        without a target country uses the country of its place."""
        src = r.source_countries or frozenset(r.source)
        tgt = r.target_countries or (frozenset({r.location_country}) if r.location_country
                                     else frozenset(r.target))
        return src, tgt, r.source_names, r.target_names

    def words_of(self, r: Report) -> frozenset[str]:
        return report_words([s for s in (r.evidence, *r.mentions) if s],
                            r.source_names | r.target_names)

    def _weight(self, word: str) -> float:
        # IDF with a prior of `idf_prior_docs` documents that hold none of the words: on a
        # fresh store (two reports seen) a word new to the second report must not outweigh
        # nine words both share.
        docs = self._docs + self.config.idf_prior_docs
        return math.log((docs + 1) / (self._df.get(word, 0) + 1))

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """IDF-weighted cosine of two word sets (0..1), 0 when they share fewer than
        `min_shared` words: one rare word in common ("arrived") is chance, not an event."""
        shared = a & b
        if len(shared) < self.config.min_shared:
            return 0.0
        w = {x: self._weight(x) ** 2 for x in a | b}
        return sum(w[x] for x in shared) / math.sqrt(sum(w[x] for x in a) * sum(w[x] for x in b))

    def score(self, c: EventCluster, r: Report, key: tuple[frozenset[str], ...],
              interval: tuple[date, date], words: frozenset[str]) -> float | None:
        """How well a report fits a cluster (its best sentence similarity), or None when it
        cannot be the same event."""
        if (c.type != r.type or not c.joinable or c.background != r.background
                or not (interval[0] <= c.interval[1] and c.interval[0] <= interval[1])):
            return None
        for mine, theirs in zip(c.key[:2], key[:2], strict=True):  # countries (else codes)
            if mine and theirs and not mine & theirs:
                return None
        if (c.location_country and r.location_country
                and c.location_country != r.location_country):
            return None
        places_c = local_places(c.key[2] | c.key[3], c.location_name)
        places_r = local_places(r.source_names | r.target_names, r.location_name)
        if other_places(places_c, places_r):
            return None  # two cities or two states of one country
        named = opened = 0
        groups = c.generic | r.generic_names
        for mine, theirs in zip(c.key[2:], key[2:], strict=True):
            side = _side(mine, theirs, (c.quad or "").startswith("verbal"), groups)
            if side is None:
                return None
            named += side == 1
            opened += side == -1
        if r.article_id in c.articles:
            # one article's two events are one only when coded from one sentence; another
            # sentence (even one the coder listed as a mention) is another event
            return 1.0 if (r.article_id, said_key(r.evidence, r.idx)) in c.said else None
        sentences = {s for s in (r.evidence, *r.mentions) if s}
        if sentences & c.sentences:
            return 1.0  # a verbatim copy of a sentence
        if any((m in SPECULATIVE) != (r.modality in SPECULATIVE) for _, m, _ in c.timeline):
            return None  # "the vote could slip to Monday" is not the vote held on Friday
        if not words and not c.member_words:
            # nothing to compare (reports without sentences): named actors must carry it
            return 0.0 if named == 2 else None
        best = max((self.similarity(words, m) for m in c.member_words), default=0.0)
        need = self.config.similarity[named] + self.config.open_penalty * opened
        if not named and not _anchored(c, key, places_c, places_r):
            # no particular actor, place or foreign dyad in common: two governors' orders
            # or two police shootings of one day read alike; only a near copy is one event
            need = max(need, self.config.unanchored_similarity)
        if r.modality not in OUTCOMES and self._after_outcome(c, r):
            need += self.config.stale_penalty
        if best >= need:
            # a mention is the coder's guess that another sentence tells the same act; it
            # widens the words compared, but the reports' own sentences must agree as well
            own = own_words(words, [s for s in (r.evidence, *r.mentions) if s])
            if max((self.similarity(own, m) for m in c.member_evidence), default=0.0) < need:
                return None
        return best if best >= need else None

    @staticmethod
    def _after_outcome(c: EventCluster, r: Report) -> bool:
        """Whether the report comes a day or more after the cluster's first outcome report."""
        outcomes = [at for at, modality, _ in c.timeline if modality in OUTCOMES]
        return bool(outcomes) and (r.reported_at.date() - min(outcomes).date()).days >= 1

    def add(self, r: Report) -> EventCluster:
        """File a report under its event (idempotent for a report already filed)."""
        interval = date_interval(r.date, r.date_precision, r.reported_at, r.modality,
                                 self.config, r.background)
        filed = self._filed.get((r.article_id, r.idx))
        if filed is not None and filed in self.clusters:
            return self.clusters[filed]
        key = self.key_of(r)
        words = self.words_of(r)
        joinable = mergeable(r.date, r.date_precision, r.modality, r.background, self.config)
        candidates: set[str] = set()
        if joinable:
            for k in self._keys(r.type, key[0], interval):
                candidates |= self._index.get(k, set())
        best: EventCluster | None = None
        best_rank: tuple[float, int, str] | None = None
        for cid in candidates:  # the most similar; ties: the larger, then the smaller id
            c = self.clusters[cid]
            s = self.score(c, r, key, interval, words)
            if s is None:
                continue
            rank = (-s, -len(c.reports), c.id)
            if best_rank is None or rank < best_rank:
                best, best_rank = c, rank
        if best is None:
            best = EventCluster(
                id=f"{r.article_id}:{r.idx}", type=r.type, mode=r.mode, source=set(r.source),
                target=set(r.target), source_countries=set(r.source_countries),
                target_countries=set(r.target_countries), location_name=r.location_name,
                location_country=r.location_country, date=r.date,
                date_precision=r.date_precision, interval=interval, evidence=r.evidence,
                first_reported=r.reported_at, last_reported=r.reported_at,
                names=set(r.source_names | r.target_names), key=self.key_of(r),
                generic=set(r.generic_names),
                intensity=r.intensity, quad=r.quad, background=r.background,
                joinable=joinable)
            self.clusters[best.id] = best
            if joinable:
                self._index_cluster(best)
        else:
            self._absorb(best, r, interval)
        best.remember(words, [s for s in (r.evidence, *r.mentions) if s],
                      self.config.max_members)
        self._count(words)
        best.reports.add((r.article_id, r.idx))
        best.said.add((r.article_id, said_key(r.evidence, r.idx)))
        self._filed[(r.article_id, r.idx)] = best.id
        best.articles.add(r.article_id)
        best.sources.add(r.source_key or r.outlet or r.article_id)
        if r.outlet:
            best.outlets.add(r.outlet)
        best.timeline.append((r.reported_at, r.modality, r.article_id))
        best.first_reported = min(best.first_reported, r.reported_at)
        best.last_reported = max(best.last_reported, r.reported_at)
        self._newest = r.reported_at if self._newest is None else max(self._newest,
                                                                      r.reported_at)
        self._since_evict += 1
        if self._since_evict >= 1000:
            self.evict()
        return best

    def _count(self, words: frozenset[str]) -> None:
        self._docs += 1
        self._df.update(words)

    def _absorb(self, c: EventCluster, r: Report, interval: tuple[date, date]) -> None:
        """Fill in what the cluster lacks; a more precise (or actually occurred) date wins."""
        if not all(c.key):  # a side the first report left open is fixed by the first that has it
            key = self.key_of(r)
            c.key = tuple(mine or theirs for mine, theirs in zip(c.key, key, strict=True)
                          )  # type: ignore[assignment]
            self._index_cluster(c)
        c.source |= set(r.source)
        c.target |= set(r.target)
        c.source_countries |= r.source_countries
        c.target_countries |= r.target_countries
        c.names |= r.source_names | r.target_names
        c.generic |= r.generic_names
        if not c.location_country and r.location_country:
            c.location_name, c.location_country = r.location_name, r.location_country
        rank_r = _PRECISION_RANK.get(r.date_precision or "", 6)
        rank_c = _PRECISION_RANK.get(c.date_precision or "", 6)
        actual = r.modality == "occurred" and c.modality not in OUTCOMES
        if r.date and (rank_r < rank_c or (actual and rank_r <= rank_c)):
            c.date, c.date_precision = r.date, r.date_precision
            c.interval = (max(c.interval[0], interval[0]), min(c.interval[1], interval[1]))
            if c.interval[0] > c.interval[1]:
                c.interval = interval
            self._index_cluster(c)

    def _index_cluster(self, c: EventCluster) -> None:
        """(Re-)index a cluster under its current key and interval; stale keys stay harmless
        (every candidate is checked) and go when the cluster is evicted."""
        keys = self._keys(c.type, c.key[0], c.interval)
        for key in keys:
            self._index[key].add(c.id)
        self._indexed.setdefault(c.id, set()).update(keys)

    def restore(self, c: EventCluster) -> None:
        """Put a stored cluster back in memory (on open, or when a late copy reaches it);
        its member words (filled by the caller through `remember`) count towards IDF."""
        self.clusters[c.id] = c
        if c.joinable:
            self._index_cluster(c)
        for words in c.member_words:
            self._count(words)
        for report in c.reports:
            self._filed[report] = c.id
        self._newest = c.last_reported if self._newest is None else max(self._newest,
                                                                        c.last_reported)

    def evict(self) -> int:
        """Drop clusters with no report within the horizon of the newest report."""
        self._since_evict = 0
        if self._newest is None:
            return 0
        cutoff = self._newest - timedelta(days=self.config.horizon_days)
        old = [cid for cid, c in self.clusters.items() if c.last_reported < cutoff]
        self.forget(old)
        return len(old)

    def forget(self, cluster_ids: Iterable[str], reports: Iterable[tuple[str, int]] = ()
               ) -> None:
        """Drop clusters and filed reports from memory (evicted; or re-linked after a recoded
        article's reports left them, to be restored from the store)."""
        for report in reports:
            self._filed.pop(report, None)
        for cid in cluster_ids:
            c = self.clusters.pop(cid, None)
            for key in self._indexed.pop(cid, ()):
                ids = self._index.get(key)
                if ids is not None:
                    ids.discard(cid)
                    if not ids:
                        del self._index[key]
            for report in c.reports if c is not None else ():
                if self._filed.get(report) == cid:
                    del self._filed[report]
