"""Merged events: many reports of one real-world event become one event cluster.

Why: counting reports instead of events is GDELT's best-known weakness (one kidnapping became
hundreds of records). Two reports are the same event when they have the same PLOVER type,
overlapping source and target countries (or codes, when no country is known), at least one
actor name in common on each side (when both name actors), a compatible place, and dates that
overlap within their precision. A report is compared with the cluster's key — its first
report's actors — not with everything the cluster has absorbed, so clusters do not snowball. A cluster keeps every report, so its
state can change: "Blinken is set to visit China" (planned) and later "Blinken arrived in
Beijing" (occurred) are one event whose modality history is planned → occurred.

Online and cheap: clusters whose last report is older than `horizon_days` (by report time)
leave memory; candidates are found through an index on (type, country or name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# Modalities that say how an event ended; a later report of a prospective modality
# ("is set to visit") does not undo them.
OUTCOMES = frozenset({"occurred", "cancelled", "postponed", "denied", "negated"})
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4,
                   "article": 5}
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class MergeConfig:
    """Tolerances as data: days of slack around a date's interval, how far ahead a planned
    event may happen when its report gives no date, and how long clusters stay in memory."""

    date_slack_days: int = 2
    planned_horizon_days: int = 21
    horizon_days: int = 30


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


def date_interval(value: str | None, precision: str | None, reported_at: datetime,
                  modality: str, config: MergeConfig) -> tuple[date, date]:
    """The days an event's date may mean. Without a usable date the report's own time
    bounds it: an occurred event happened just before, a planned one some time after."""
    start_end = None if precision == "article" else _parse_interval(value)
    if start_end is None:
        day = reported_at.date()
        if modality in OUTCOMES:
            start_end = (day - timedelta(days=config.date_slack_days), day)
        else:
            start_end = (day, day + timedelta(days=config.planned_horizon_days))
    slack = timedelta(days=config.date_slack_days)
    return start_end[0] - slack, start_end[1] + slack


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
    # The key: the first report's actors. Later reports must match it, not the growing union,
    # so a cluster cannot snowball through chains of partly overlapping reports.
    key: tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]] = (
        frozenset(), frozenset(), frozenset(), frozenset())
    timeline: list[tuple[datetime, str, str]] = field(default_factory=list)  # at, modality, art
    reports: set[tuple[str, int]] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)

    @property
    def modality_history(self) -> list[dict[str, str]]:
        """Each change of state, in report-time order."""
        history: list[dict[str, str]] = []
        for at, modality, article in sorted(self.timeline):
            if not history or history[-1]["modality"] != modality:
                history.append({"modality": modality, "at": at.isoformat(),
                                "article_id": article})
        return history

    @property
    def modality(self) -> str:
        """The latest reported state; a stale "planned" never undoes an outcome."""
        ordered = sorted(self.timeline)
        outcomes = [m for _, m, _ in ordered if m in OUTCOMES]
        if outcomes:
            return outcomes[-1]
        return ordered[-1][1] if ordered else "occurred"

    @property
    def num_reports(self) -> int:
        return len(self.reports)

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

    @staticmethod
    def _compatible(c: EventCluster, r: Report, key: tuple[frozenset[str], ...],
                    interval: tuple[date, date]) -> bool:
        if c.type != r.type or not (interval[0] <= c.interval[1]
                                    and c.interval[0] <= interval[1]):
            return False
        for mine, theirs in zip(c.key, key, strict=True):
            if mine and theirs and not mine & theirs:
                return False
        return not (c.location_country and r.location_country
                    and c.location_country != r.location_country)

    def add(self, r: Report) -> EventCluster:
        """File a report under its event (idempotent for a report already filed)."""
        interval = date_interval(r.date, r.date_precision, r.reported_at, r.modality,
                                 self.config)
        filed = self._filed.get((r.article_id, r.idx))
        if filed is not None and filed in self.clusters:
            return self.clusters[filed]
        key = self.key_of(r)
        candidates: set[str] = set()
        for k in self._keys(r.type, key[0], interval):
            candidates |= self._index.get(k, set())
        best: EventCluster | None = None
        for cid in candidates:  # the largest compatible cluster; ties go to the smallest id
            c = self.clusters[cid]
            if self._compatible(c, r, key, interval) and (
                    best is None or len(c.reports) > len(best.reports)
                    or (len(c.reports) == len(best.reports) and c.id < best.id)):
                best = c
        if best is None:
            best = EventCluster(
                id=f"{r.article_id}:{r.idx}", type=r.type, mode=r.mode, source=set(r.source),
                target=set(r.target), source_countries=set(r.source_countries),
                target_countries=set(r.target_countries), location_name=r.location_name,
                location_country=r.location_country, date=r.date,
                date_precision=r.date_precision, interval=interval, evidence=r.evidence,
                first_reported=r.reported_at, last_reported=r.reported_at,
                names=set(r.source_names | r.target_names), key=self.key_of(r),
                intensity=r.intensity, quad=r.quad)
            self.clusters[best.id] = best
            self._index_cluster(best)
        else:
            self._absorb(best, r, interval)
        best.reports.add((r.article_id, r.idx))
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
        """Put a stored cluster back in memory (on open, or when a late copy reaches it)."""
        self.clusters[c.id] = c
        self._index_cluster(c)
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
        for cid in old:
            c = self.clusters.pop(cid)
            for key in self._indexed.pop(cid, ()):
                ids = self._index.get(key)
                if ids is not None:
                    ids.discard(cid)
                    if not ids:
                        del self._index[key]
            for report in c.reports:
                if self._filed.get(report) == cid:
                    del self._filed[report]
        return len(old)
