"""The link step: near-duplicates, stories and merged events, in the writer's transaction.

Why one object with two calls: the engine must know before analysis which articles are
near-duplicate copies (`screen`, so a copy is not analysed again), and everything else must
be written in the same transaction as the articles (`link`, called by `Store.write`), so a
crash leaves either both or neither. All state in memory (the LSH index, open stories, recent
event clusters) is rebuilt from the store by `open`, so a restart or a replayed inbox gives the
same links, and re-ingesting changes nothing (only articles newly stored are linked). A
recoded article (`wirewatch reanalyze`) is re-linked by `relink`, in its write's transaction.

Threading: `screen` runs in the ingesting thread, `link` in the writer thread; one lock
serialises them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from wirewatch.link import outlets
from wirewatch.link.dedup import DedupConfig, NearDuplicateIndex
from wirewatch.link.merge import (
    EventCluster,
    EventMerger,
    MergeConfig,
    Report,
    date_interval,
    generic,
    mergeable,
    report_words,
    said_key,
)
from wirewatch.link.stories import (
    Member,
    Story,
    StoryClusterer,
    StoryConfig,
    article_terms,
    title_vector,
    vector,
)
from wirewatch.link.storylines import StoryInfo, Storyline, StorylineConfig, StorylineLinker
from wirewatch.model import Analysis, Article, Event, actor_code, utcnow
from wirewatch.store.arrow import insert_rows, registered
from wirewatch.store.tables import LINK_SCHEMAS

# Analysis tables whose rows a copy takes over from its original (no character offsets).
_COPIED_TABLES = ("entities", "events")
DUPLICATE_NOTE = "duplicate of "


@dataclass(frozen=True)
class LinkConfig:
    dedup: DedupConfig = field(default_factory=DedupConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    storylines: StorylineConfig = field(default_factory=StorylineConfig)


def seen_at(article: Article) -> datetime:
    """Article time: published, else fetched (aware UTC)."""
    when = article.published_at or article.fetched_at or utcnow()
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def lead(article: Article) -> str:
    """The text a story compares: dek, highlights and the body's start (its first
    `StoryConfig.lead_words` content words are kept)."""
    return " ".join(filter(None, [article.dek, *article.highlights, article.body[:6000]]))


def event_signature(ev: Event) -> str:
    src = ",".join(sorted({a.country or a.name.lower() for a in ev.source}))
    tgt = ",".join(sorted({a.country or a.name.lower() for a in ev.target}))
    return f"{ev.type}:{src}>{tgt}"


def _code(a: Any) -> str:
    return actor_code(a.country, a.sector) or a.name.lower()


def report_of(an: Analysis, idx: int, ev: Event, source_key: str | None) -> Report:
    art = an.article
    loc = ev.location
    return Report(
        article_id=art.id, idx=idx, outlet=art.outlet, source_key=source_key,
        reported_at=seen_at(art), type=ev.type, mode=ev.mode,
        source=tuple(sorted({_code(a) for a in ev.source})),
        target=tuple(sorted({_code(a) for a in ev.target})),
        source_countries=frozenset(a.country for a in ev.source if a.country),
        target_countries=frozenset(a.country for a in ev.target if a.country),
        location_name=loc.name if loc else None, location_country=loc.country if loc else None,
        date=ev.date, date_precision=ev.date_precision, modality=ev.modality or "occurred",
        evidence=ev.evidence.sentence if ev.evidence else None,
        intensity=ev.intensity, quad=ev.quad,
        source_names=frozenset(a.name.lower() for a in ev.source if a.name),
        target_names=frozenset(a.name.lower() for a in ev.target if a.name),
        background=ev.background,
        generic_names=frozenset(a.name.lower() for a in (*ev.source, *ev.target)
                                if a.name and generic(a.name)),
        mentions=tuple(dict.fromkeys(m.sentence for m in ev.mentions if m.sentence and (
            ev.evidence is None or m.sentence != ev.evidence.sentence))))


class Linker:
    """Near-duplicate screening before analysis; stories and event clusters at write time."""

    def __init__(self, config: LinkConfig | None = None) -> None:
        self.config = config or LinkConfig()
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self.dedup = NearDuplicateIndex(self.config.dedup)
        self.stories = StoryClusterer(self.config.stories)
        self.merger = EventMerger(self.config.merge)
        self.storylines = StorylineLinker(self.config.storylines)
        # Screened, not yet linked: id → ("copy", original, similarity) | ("original", sig)
        self._screened: dict[str, tuple[str, Any, float]] = {}

    # -- open: rebuild from the store --------------------------------------------------------

    def open(self, con: duckdb.DuckDBPyConnection) -> None:
        """Rebuild the in-memory state from what is stored (cheap: signatures, term counts,
        open stories, recent event clusters)."""
        with self._lock:
            self._reset()
            for aid, sig in con.execute(
                    "SELECT article_id, signature FROM near_dup_signatures").fetchall():
                if (m := self.dedup.from_bytes(sig)) is not None:
                    self.dedup.add(aid, m)
            self.stories.n_docs = int(con.execute(
                "SELECT count(*) FROM story_articles WHERE terms IS NOT NULL").fetchall()[0][0])
            for key, n in con.execute(
                    "SELECT k, count(*) FROM (SELECT DISTINCT article_id, CASE WHEN "
                    "t[1:2] IN ('t:', 'w:') THEN t[3:] ELSE t END AS k FROM (SELECT "
                    "article_id, unnest(terms) AS t FROM story_articles)) GROUP BY k"
                    ).fetchall():
                self.stories.df[key] = int(n)
            newest = con.execute("SELECT max(last_seen) FROM stories").fetchall()[0][0]
            if newest is not None:  # the recent days' headlines: the topic's words
                for at, terms in con.execute(
                        "SELECT seen_at, terms FROM story_articles WHERE terms IS NOT NULL AND "
                        "seen_at >= ? - to_days(CAST(? AS BIGINT)) ORDER BY seen_at, article_id",
                        [newest, self.config.stories.topic_days + 1]).fetchall():
                    self.stories.observe_title(_aware(at).date(), title_vector(terms))
            if newest is not None:
                hours = self.config.stories.window_hours
                ids = [r[0] for r in con.execute(
                    "SELECT id FROM stories WHERE last_seen >= ? - to_hours(CAST(? AS BIGINT))"
                    " ORDER BY first_seen, id", [newest, round(hours)]).fetchall()]
                self._load_stories(con, ids)
            self._load_storylines(con)
            newest = con.execute("SELECT max(last_reported) FROM event_clusters").fetchall()[0][0]
            if newest is not None:
                ids = [r[0] for r in con.execute(
                    "SELECT id FROM event_clusters WHERE last_reported >= ? - to_days(?)",
                    [newest, self.config.merge.horizon_days]).fetchall()]
                self._load_clusters(con, ids)

    def _load_stories(self, con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> None:
        if not ids:
            return
        with registered(con, "_ww_sids", pa.table({"id": pa.array(list(ids), pa.string())})):
            rows = con.execute(
                "SELECT sa.story_id, sa.article_id, sa.outlet, sa.seen_at, sa.similarity, "
                "coalesce(sa.terms, []), a.title, coalesce(an.keypoints, []), sa.source "
                "FROM story_articles sa JOIN _ww_sids s ON sa.story_id = s.id "
                "JOIN articles a ON a.id = sa.article_id "
                "LEFT JOIN analyses an ON an.article_id = sa.article_id "
                "ORDER BY sa.seen_at, sa.article_id").fetchall()
        members: dict[str, list[Member]] = {}
        for sid, aid, outlet, at, sim, terms, title, kps, source in rows:
            members.setdefault(sid, []).append(
                Member(aid, outlet, _aware(at), title, vector(terms), sim or 0.0, list(kps),
                       source or outlets.family(outlet), title_vector(terms)))
        for sid in ids:
            if sid in members:
                self.stories.restore(sid, members[sid])

    def _load_clusters(self, con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> None:
        if not ids:
            return
        with registered(con, "_ww_cids", pa.table({"id": pa.array(list(ids), pa.string())})):
            rows = con.execute(
                "SELECT c.id, c.type, c.mode, c.source, c.target, c.source_countries, "
                "c.target_countries, c.location_name, c.location_country, c.date, "
                "c.date_precision, c.evidence, c.first_reported, c.last_reported, c.names, "
                "c.key_source, c.key_target, c.key_source_names, c.key_target_names, "
                "c.intensity, c.quad "
                "FROM event_clusters c JOIN _ww_cids i ON c.id = i.id").fetchall()
            # Each report with its sentences and actor names: what later reports are compared
            # with (merge.py), and whether the founding report was background.
            reports = con.execute(
                "SELECT r.cluster_id, r.article_id, r.idx, r.outlet, r.source_key, "
                "r.reported_at, r.modality, e.evidence_sentence, "
                "[m.sentence FOR m IN coalesce(e.mentions, [])], "
                "[a.name FOR a IN coalesce(e.source, []) || coalesce(e.target, [])], "
                "coalesce(e.background, false) FROM event_reports r "
                "JOIN _ww_cids i ON r.cluster_id = i.id "
                "LEFT JOIN events e ON e.article_id = r.article_id AND e.idx = r.idx "
                "ORDER BY r.reported_at, r.article_id, r.idx").fetchall()
        by_cluster: dict[str, list[tuple[Any, ...]]] = {}
        for r in reports:
            by_cluster.setdefault(r[0], []).append(r)
        config = self.merger.config
        for (cid, type_, mode, src, tgt, srcc, tgtc, lname, lcountry, date, prec, evidence,
             first, last, names, k_src, k_tgt, k_srcn, k_tgtn, intensity, quad) in rows:
            first, last = _aware(first), _aware(last)
            mine = by_cluster.get(cid, [])
            founder = next((r for r in mine if f"{r[1]}:{r[2]}" == cid), None)
            first_modality = (founder or min(mine, key=lambda r: (r[5], r[1])))[6] if mine \
                else "occurred"
            background = bool(founder[10]) if founder else False
            c = EventCluster(
                id=cid, type=type_, mode=mode, source=set(src or []), target=set(tgt or []),
                source_countries=set(srcc or []), target_countries=set(tgtc or []),
                location_name=lname, location_country=lcountry, date=date,
                date_precision=prec, evidence=evidence, first_reported=first,
                last_reported=last, names=set(names or []),
                key=(frozenset(k_src or []), frozenset(k_tgt or []), frozenset(k_srcn or []),
                     frozenset(k_tgtn or [])), intensity=intensity, quad=quad,
                interval=date_interval(date, prec, first, first_modality or "occurred", config,
                                       background),
                background=background,
                joinable=mergeable(date, prec, first_modality or "occurred", background,
                                   config))
            for (_, aid, idx, outlet, skey, at, modality, sentence, mentioned, actors,
                 _bg) in mine:
                c.reports.add((aid, int(idx)))
                c.said.add((aid, said_key(sentence, int(idx))))
                c.articles.add(aid)
                c.sources.add(outlets.family(skey or outlet) or aid)  # older rows: names
                if outlet:
                    c.outlets.add(outlet)
                c.timeline.append((_aware(at), modality or "occurred", aid))
                said = [s for s in (sentence, *(mentioned or [])) if s]
                c.generic.update(a.lower() for a in actors or [] if a and generic(a))
                c.remember(report_words(said, {a.lower() for a in actors or [] if a}), said,
                           config.max_members)
            self.merger.restore(c)

    # -- storylines (link/storylines.py) -----------------------------------------------------

    def _link_storylines(self, con: duckdb.DuckDBPyConnection, story_rows: list[dict[str, Any]],
                         now: datetime) -> None:
        """File the stories this batch changed under storylines; upsert what changed."""
        joined: list[dict[str, Any]] = []
        touched: dict[str, Storyline] = {}
        for row in story_rows:
            story = self.stories.stories.get(row["id"])
            if story is None:
                continue
            filed = self.storylines.update(story, self.stories, title=row["title"])
            if filed is None:
                continue
            line, new = filed
            touched[line.id] = line
            if new:
                joined.append({"story_id": story.id, "storyline_id": line.id,
                               "similarity": line.stories[story.id].similarity,
                               "joined_at": now})
        self._upsert(con, "storyline_stories", _columns(joined, "storyline_stories"))
        lines = [{**touched[lid].summary(), "updated_at": now} for lid in sorted(touched)]
        self._upsert(con, "storylines", _columns(lines, "storylines"))

    def _story_infos(self, con: duckdb.DuckDBPyConnection, ids: Sequence[str]
                     ) -> dict[str, StoryInfo]:
        """Stored stories as a storyline keeps them: sources and a profile from their
        articles' stored terms (IDF as the story clusterer knows it now)."""
        if not ids:
            return {}
        with registered(con, "_ww_lsids", pa.table({"id": pa.array(list(ids), pa.string())})):
            heads = con.execute(
                "SELECT s.id, s.title, s.first_seen, s.last_seen, s.num_articles, "
                "ls.similarity FROM stories s JOIN _ww_lsids i ON s.id = i.id "
                "LEFT JOIN storyline_stories ls ON ls.story_id = s.id").fetchall()
            arts = con.execute(
                "SELECT sa.story_id, sa.outlet, sa.source, coalesce(sa.terms, []) "
                "FROM story_articles sa JOIN _ww_lsids i ON sa.story_id = i.id").fetchall()
        stories: dict[str, Story] = {}
        for sid, title, first, last, n, _ in heads:
            stories[sid] = Story(id=sid, first_seen=_aware(first), last_seen=_aware(last))
            stories[sid].members = [Member("", None, _aware(first), title, vector([]), 0.0)] * n
        sources: dict[str, set[str]] = {}
        for sid, outlet, source, terms in arts:
            if sid in stories:
                stories[sid].centroid.update(vector(terms))
                src = source or outlets.family(outlet)
                if src:
                    sources.setdefault(sid, set()).add(src)
        out = {}
        for sid, title, *_, sim in heads:
            info = self.storylines.info(stories[sid], self.stories, 1.0 if sim is None else sim,
                                        title=title)
            info.sources = frozenset(sources.get(sid, ()))
            out[sid] = info
        return out

    def _load_storylines(self, con: duckdb.DuckDBPyConnection) -> None:
        """The open storylines (a story active within `gap_days` of the newest) with their
        stories, back in memory."""
        newest = con.execute("SELECT max(last_seen) FROM storylines").fetchall()[0][0]
        if newest is None:
            return
        days = self.config.storylines.gap_days
        rows = con.execute(
            "SELECT ls.storyline_id, ls.story_id FROM storyline_stories ls "
            "JOIN storylines l ON l.id = ls.storyline_id "
            "WHERE l.last_seen >= ? - to_days(CAST(? AS INTEGER)) "
            "ORDER BY ls.joined_at, ls.story_id", [newest, round(days)]).fetchall()
        infos = self._story_infos(con, [r[1] for r in rows])
        lines: dict[str, Storyline] = {}
        for lid, sid in rows:
            info = infos.get(sid)
            if info is None:
                continue
            line = lines.setdefault(lid, Storyline(id=lid, first_seen=info.first_seen,
                                                   last_seen=info.last_seen))
            line.add(info)
        for line in lines.values():
            self.storylines.restore(line)

    def rebuild_storylines(self, con: duckdb.DuckDBPyConnection) -> int:
        """Recompute every storyline from the stored stories (in the order they began) and
        recount every story's independent sources; returns the number of storylines. Runs
        in one transaction on the writer's connection (`Store.maintain`)."""
        with self._lock:
            con.execute("BEGIN TRANSACTION")
            try:
                count = self._rebuild_storylines(con)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            return count

    def _rebuild_storylines(self, con: duckdb.DuckDBPyConnection) -> int:
        now = utcnow()
        found: dict[str, set[str]] = {}
        for sid, source, outlet in con.execute(
                "SELECT DISTINCT story_id, source, outlet FROM story_articles").fetchall():
            src = source or outlets.family(outlet)  # rows stored before sources were
            found.setdefault(sid, set()).update([src] if src else [])
        recount = {sid: len(srcs) for sid, srcs in found.items()}
        if recount:
            table = pa.table({"id": list(recount), "n": pa.array(list(recount.values()),
                                                                 pa.int32())})
            with registered(con, "_ww_recount", table):
                con.execute("UPDATE stories SET num_sources = r.n FROM _ww_recount r "
                            "WHERE stories.id = r.id")
        con.execute("DELETE FROM storyline_stories")
        con.execute("DELETE FROM storylines")
        ids = [r[0] for r in con.execute(
            "SELECT id FROM stories WHERE num_articles >= ? ORDER BY first_seen, id",
            [self.config.storylines.min_articles]).fetchall()]
        self.storylines = StorylineLinker(self.config.storylines)
        infos = self._story_infos(con, ids)
        joined: list[dict[str, Any]] = []
        every: dict[str, Storyline] = {}
        for i, sid in enumerate(ids, 1):
            info = infos[sid]
            line = self.storylines.file(info)
            every[line.id] = line
            joined.append({"story_id": sid, "storyline_id": line.id,
                           "similarity": info.similarity, "joined_at": now})
            if i % 256 == 0:
                self.storylines.evict()
        self.storylines.evict()
        self._upsert(con, "storyline_stories", _columns(joined, "storyline_stories"))
        lines = [{**every[lid].summary(), "updated_at": now} for lid in sorted(every)]
        self._upsert(con, "storylines", _columns(lines, "storylines"))
        return len(every)

    # -- screen: before analysis -------------------------------------------------------------

    def screen(self, articles: Sequence[Article]) -> dict[str, tuple[str, float]]:
        """Near-duplicate check, in order: returns {copy id: (original id, similarity)}.
        Originals are indexed at once, so a later copy in the same batch finds them."""
        copies: dict[str, tuple[str, float]] = {}
        with self._lock:
            for art in articles:
                kind, value, sim = self._check(art)
                self._screened[art.id] = (kind, value, sim)
                if kind == "copy":
                    copies[art.id] = (value, sim)
        return copies

    def _check(self, art: Article) -> tuple[str, Any, float]:
        if art.id in self.dedup:
            return ("original", None, 1.0)
        m = self.dedup.signature(art.body or "")
        if m is None:
            return ("original", None, 1.0)
        found = self.dedup.find(m)
        if found is not None and found[0] != art.id:
            return ("copy", found[0], found[1])
        self.dedup.add(art.id, m)
        return ("original", self.dedup.to_bytes(m), 1.0)

    def forget(self, ids: Sequence[str]) -> None:
        """Drop screening results of articles that were not newly stored (already known)."""
        with self._lock:
            for aid in ids:
                self._screened.pop(aid, None)

    # -- link: inside the writer's transaction -----------------------------------------------

    def link(self, con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis]) -> bool:
        """Write links for newly stored articles (called by `Store.write` inside its
        transaction, after the article and analysis rows). True when it also wrote analysis
        rows — a near-duplicate copy that was not analysed takes over its original's
        entities and events — so the aggregates must count the stored rows, not the batch."""
        with self._lock:
            return self._link(con, analyses)

    def _link(self, con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis]) -> bool:
        links: list[tuple[str, str, float]] = []
        sigs: list[tuple[str, bytes]] = []
        originals: list[Analysis] = []
        copies: list[tuple[Analysis, str, float, bool]] = []  # analysis, original, sim, reuse
        for an in analyses:
            aid = an.article.id
            kind, value, sim = self._screened.pop(aid, None) or self._check(an.article)
            if kind == "copy":
                links.append((aid, value, sim))
                reuse = any(n.startswith(DUPLICATE_NOTE) for n in an.notes)
                copies.append((an, value, sim, reuse))
            else:
                originals.append(an)
                if value is not None:
                    sigs.append((aid, value))
        now = utcnow()
        self._insert(con, "article_links", {"article_id": [r[0] for r in links],
                                            "duplicate_of": [r[1] for r in links],
                                            "similarity": [r[2] for r in links]})
        self._insert(con, "near_dup_signatures", {"article_id": [s[0] for s in sigs],
                                                  "signature": [s[1] for s in sigs]})
        touched_stories: set[str] = set()
        touched_clusters: set[str] = set()
        story_rows: list[dict[str, Any]] = []
        report_rows: list[dict[str, Any]] = []

        for an in originals:
            art = an.article
            terms = article_terms(
                art.title, lead(art), [e.name for e in an.entities],
                [event_signature(ev) for ev in an.events], self.config.stories.lead_words)
            # one outlet is one source: its sections count once, a wire byline is the wire's
            source = outlets.source_key(art.outlet, art.authors)
            story, sim = self.stories.assign(art.id, art.outlet, seen_at(art), art.title,
                                             terms, an.keypoints, source)
            touched_stories.add(story.id)
            story_rows.append({"article_id": art.id, "story_id": story.id,
                               "outlet": art.outlet, "seen_at": seen_at(art),
                               "similarity": sim, "terms": terms, "source": source})
            report_rows += self._file_events(an, source or art.id, touched_clusters)
        self._insert(con, "story_articles", _columns(story_rows, "story_articles"))
        self._insert(con, "event_reports", _columns(report_rows, "event_reports"))

        if copies:
            s_rows, r_rows = self._link_copies(con, copies, touched_stories, touched_clusters)
            self._insert(con, "story_articles", _columns(s_rows, "story_articles"))
            self._insert(con, "event_reports", _columns(r_rows, "event_reports"))

        rows = self._story_rows(touched_stories, now)
        self._upsert(con, "stories", _columns(rows, "stories"))
        self._link_storylines(con, rows, now)
        self._upsert(con, "event_clusters", _columns(self._cluster_rows(touched_clusters, now),
                                                     "event_clusters"))
        self.stories.evict()
        self.storylines.evict()
        return any(reuse for *_, reuse in copies)

    def _story_rows(self, ids: set[str], now: datetime) -> list[dict[str, Any]]:
        rows = []
        for sid in sorted(ids):
            s = self.stories.stories.get(sid)
            if s is None:
                continue
            info = self.stories.summary(s)
            rows.append({"id": sid, "title": info["title"], "keypoints": info["keypoints"],
                         "first_seen": s.first_seen, "last_seen": s.last_seen,
                         "num_articles": len(s.members), "num_outlets": len(s.outlets),
                         "outlets": s.outlets, "top_terms": info["top_terms"],
                         "updated_at": now, "num_sources": len(s.sources)})
        return rows

    def _cluster_rows(self, ids: set[str], now: datetime) -> list[dict[str, Any]]:
        rows = []
        for cid in sorted(ids):
            c = self.merger.clusters.get(cid)
            if c is None:
                continue
            row = c.as_row()
            row["modality_history"] = json.dumps(row["modality_history"])
            row["updated_at"] = now
            rows.append(row)
        return rows

    # -- relink: a recoded article (`wirewatch reanalyze`) -----------------------------------

    def relink(self, con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis],
               hooks: Sequence[Callable[..., None]] = ()) -> None:
        """Re-link recoded articles (`Store.write(replace=True, relink=…)`, in its transaction,
        before the corrections are re-applied): their old reports leave their merged events
        (recounted from the reports left; an emptied one is dropped), their new events are
        filed like a new article's, and their story's terms and key points follow the new
        analysis. An article keeps its story and its near-duplicate copies keep theirs.

        A merged event whose first report left is named after its first report now
        (`_refound`): analytics count a merged event by its founding report, so it stays
        counted; `hooks` (the store's batch hooks) move the aggregates of the other articles
        whose report becomes a founder."""
        with self._lock:
            self._relink(con, analyses, hooks)

    def _relink(self, con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis],
                hooks: Sequence[Callable[..., None]]) -> None:
        ids = list(dict.fromkeys(an.article.id for an in analyses))
        if not ids:
            return
        now = utcnow()
        with registered(con, "_ww_relink", pa.table({"id": pa.array(ids, pa.string())})):
            mine = "article_id IN (SELECT id FROM _ww_relink)"
            old = con.execute(f"SELECT article_id, idx, cluster_id FROM event_reports WHERE "
                              f"{mine}").fetchall()
            con.execute(f"DELETE FROM event_reports WHERE {mine}")
            # corrections.py's memory of where the old reports were filed: they are gone
            con.execute(f"DELETE FROM machine_reports WHERE {mine}")
            stored = con.execute(f"SELECT article_id, story_id, source FROM story_articles "
                                 f"WHERE {mine} AND terms IS NOT NULL").fetchall()
        touched = {r[2] for r in old}
        self.merger.forget(touched, [(aid, int(idx)) for aid, idx, _ in old])
        kept = self._recount_clusters(con, touched)
        self._load_clusters(con, kept)
        renamed = self._refound(con, set(kept), set(ids), hooks)
        touched = {renamed.get(cid, cid) for cid in kept}
        sources = {aid: source for aid, _, source in stored}
        report_rows = []
        for an in analyses:
            art = an.article
            source = sources.get(art.id) or outlets.source_key(art.outlet, art.authors)
            report_rows += self._file_events(an, source or art.id, touched)
        self._insert(con, "event_reports", _columns(report_rows, "event_reports"))
        self._upsert(con, "event_clusters", _columns(self._cluster_rows(touched, now),
                                                     "event_clusters"))
        self._restory(con, analyses, {aid: sid for aid, sid, _ in stored}, now)
        self.merger.evict()

    def _refound(self, con: duckdb.DuckDBPyConnection, ids: set[str], recoded: set[str],
                 hooks: Sequence[Callable[..., None]]) -> dict[str, str]:
        """Merged events of `ids` whose founding report is gone take their first report's
        id (unless a merged event has it already), before the recoded articles' new reports
        are filed (one of which may have the old id); the aggregates of the articles (other
        than the `recoded`, which the store counts) whose report now founds one move
        -old/+new. Returns {old id: new id}."""
        if not ids:
            return {}
        with registered(con, "_ww_refound", pa.table({"id": pa.array(sorted(ids),
                                                                     pa.string())})):
            moves = con.execute(
                "SELECT c.id, f.article_id || ':' || CAST(f.idx AS VARCHAR), f.article_id "
                "FROM event_clusters c JOIN (SELECT cluster_id, arg_min(struct_pack(article_id "
                ":= article_id, idx := idx), (reported_at, article_id, idx)) AS f FROM "
                "event_reports WHERE cluster_id IN (SELECT id FROM _ww_refound) GROUP BY "
                "cluster_id) r ON r.cluster_id = c.id WHERE NOT EXISTS (SELECT 1 FROM "
                "event_reports x WHERE x.cluster_id = c.id AND x.article_id || ':' || "
                "CAST(x.idx AS VARCHAR) = c.id) ORDER BY c.id").fetchall()
        taken = {r[0] for r in con.execute(
            "SELECT id FROM event_clusters WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))",
            [[new for _, new, _ in moves]]).fetchall()}
        moves = [m for m in moves if m[1] not in taken]
        if not moves:
            return {}
        from wirewatch.store.writer import _stored_batch

        others = sorted({aid for _, _, aid in moves} - recoded)
        view = pa.table({"id": pa.array(others, pa.string())})
        with registered(con, "_ww_refounders", view):
            for hook in hooks if others else ():
                hook(con, _stored_batch("_ww_refounders"), -1)
            for old, new, _ in moves:
                con.execute("UPDATE event_clusters SET id = ? WHERE id = ?", [new, old])
                for sql in ("UPDATE event_reports SET cluster_id = $new WHERE cluster_id = $old",
                            "UPDATE machine_reports SET cluster_id = $new WHERE "
                            "cluster_id = $old",
                            "UPDATE machine_clusters SET id = $new WHERE id = $old"):
                    con.execute(sql, {"new": new, "old": old})
            for hook in hooks if others else ():
                hook(con, _stored_batch("_ww_refounders"), 1)
        self.merger.forget([old for old, _, _ in moves])
        self._load_clusters(con, [new for _, new, _ in moves])
        return {old: new for old, new, _ in moves}

    def _recount_clusters(self, con: duckdb.DuckDBPyConnection, ids: set[str]) -> list[str]:
        """Merged events some reports left: actors, names and report times again from the
        reports they keep; those left without one are dropped. Returns the ids kept."""
        if not ids:
            return []
        with registered(con, "_ww_recount", pa.table({"id": pa.array(sorted(ids),
                                                                     pa.string())})):
            con.execute(
                "UPDATE event_clusters SET source = s.source, target = s.target, "
                "source_countries = s.sc, target_countries = s.tc, names = s.names, "
                "first_reported = s.first, last_reported = s.last FROM (SELECT r.cluster_id, "
                "min(r.reported_at) AS first, max(r.reported_at) AS last, "
                "list_sort(list_distinct(flatten(list([coalesce(a.code, lower(a.name)) FOR a "
                "IN coalesce(e.source, [])])))) AS source, "
                "list_sort(list_distinct(flatten(list([coalesce(a.code, lower(a.name)) FOR a "
                "IN coalesce(e.target, [])])))) AS target, "
                "list_sort(list_filter(list_distinct(flatten(list([a.country FOR a IN "
                "coalesce(e.source, [])]))), lambda x: x IS NOT NULL)) AS sc, "
                "list_sort(list_filter(list_distinct(flatten(list([a.country FOR a IN "
                "coalesce(e.target, [])]))), lambda x: x IS NOT NULL)) AS tc, "
                "list_sort(list_filter(list_distinct(flatten(list([lower(a.name) FOR a IN "
                "coalesce(e.source, []) || coalesce(e.target, [])]))), "
                "lambda x: x IS NOT NULL)) AS names "
                "FROM event_reports r LEFT JOIN events e ON e.article_id = r.article_id AND "
                "e.idx = r.idx WHERE r.cluster_id IN (SELECT id FROM _ww_recount) "
                "GROUP BY r.cluster_id) s WHERE event_clusters.id = s.cluster_id")
            empty = ("id IN (SELECT id FROM _ww_recount) AND NOT EXISTS (SELECT 1 FROM "
                     "event_reports r WHERE r.cluster_id = {t}.id)")
            gone = [r[0] for r in con.execute(
                f"SELECT id FROM event_clusters c WHERE {empty.format(t='c')}").fetchall()]
            if gone:
                with registered(con, "_ww_gone", pa.table({"id": pa.array(gone,
                                                                           pa.string())})):
                    con.execute("DELETE FROM event_clusters WHERE id IN (SELECT id FROM "
                                "_ww_gone)")
                    con.execute("DELETE FROM machine_clusters WHERE id IN (SELECT id FROM "
                                "_ww_gone)")
                    # a corrected report the machine had filed there: its own event now
                    con.execute("UPDATE machine_reports SET cluster_id = article_id || ':' || "
                                "CAST(idx AS VARCHAR) WHERE cluster_id IN (SELECT id FROM "
                                "_ww_gone)")
        return sorted(ids - set(gone))

    def _restory(self, con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis],
                 stories: dict[str, str], now: datetime) -> None:
        """The recoded articles' terms (their entities and events) and key points in their
        stories; the stories' rows recomputed."""
        terms = {an.article.id: article_terms(
            an.article.title, lead(an.article), [e.name for e in an.entities],
            [event_signature(ev) for ev in an.events], self.config.stories.lead_words)
            for an in analyses if an.article.id in stories}
        if not terms:
            return
        table = pa.table({"id": list(terms), "terms": pa.array(list(terms.values()),
                                                               pa.list_(pa.string()))})
        with registered(con, "_ww_terms", table):
            con.execute("UPDATE story_articles SET terms = t.terms FROM _ww_terms t "
                        "WHERE story_articles.article_id = t.id")
        touched = {stories[aid] for aid in terms}
        self._load_stories(con, sorted(sid for sid in touched
                                       if sid not in self.stories.stories))
        for an in analyses:
            aid = an.article.id
            if aid in terms:
                self.stories.update(stories[aid], aid, vector(terms[aid]), an.keypoints)
        self._upsert(con, "stories", _columns(self._story_rows(touched, now), "stories"))

    def _file_events(self, an: Analysis, source: str, touched: set[str]
                     ) -> list[dict[str, Any]]:
        """Each event of `an` into the merged event it reports (its id added to `touched`);
        returns the `event_reports` rows."""
        rows = []
        for idx, ev in enumerate(an.events):
            report = report_of(an, idx, ev, source)
            cluster = self.merger.add(report)
            touched.add(cluster.id)
            rows.append(_report_row(report, cluster.id))
        return rows

    def _link_copies(self, con: duckdb.DuckDBPyConnection,
                     copies: list[tuple[Analysis, str, float, bool]],
                     touched_stories: set[str], touched_clusters: set[str]
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """A copy takes over its original's analysis rows (when it was not analysed), joins
        its story, and adds itself as a mention to each of its event clusters; its source is
        the original's outlet, so wire copies count once in num_sources."""
        mapping = pa.table({"copy_id": [c[0].article.id for c in copies],
                            "orig_id": [c[1] for c in copies]})
        reuse = pa.table({"copy_id": [c[0].article.id for c in copies if c[3]],
                          "orig_id": [c[1] for c in copies if c[3]]})
        with registered(con, "_ww_copies", mapping), registered(con, "_ww_reuse", reuse):
            for table in _COPIED_TABLES:
                con.execute(f"INSERT INTO {table} SELECT m.copy_id AS article_id, "
                            f"t.* EXCLUDE (article_id) FROM {table} t "
                            "JOIN _ww_reuse m ON t.article_id = m.orig_id")
            con.execute(
                "UPDATE analyses SET tone_score = o.tone_score, tone_positive = o.tone_positive,"
                " tone_negative = o.tone_negative, tone_conflict_share = o.tone_conflict_share,"
                " keypoints = o.keypoints, tags = o.tags FROM _ww_reuse m "
                "JOIN analyses o ON o.article_id = m.orig_id "
                "WHERE analyses.article_id = m.copy_id")
            found = con.execute(
                "SELECT m.copy_id, sa.story_id, coalesce(sa.source, sa.outlet) "
                "FROM _ww_copies m "
                "JOIN story_articles sa ON sa.article_id = m.orig_id").fetchall()
            stories = {copy_id: sid for copy_id, sid, _ in found}
            # a copy is its original's report: the original's source, so it counts once
            sources = {copy_id: outlets.family(src) for copy_id, _, src in found}
            origin_reports = con.execute(
                "SELECT m.copy_id, r.idx, r.cluster_id, r.source_key, r.modality, "
                "e.evidence_sentence FROM _ww_copies m "
                "JOIN event_reports r ON r.article_id = m.orig_id "
                "LEFT JOIN events e ON e.article_id = r.article_id AND e.idx = r.idx "
                "ORDER BY m.copy_id, r.idx").fetchall()
            keypoints = dict(con.execute(
                "SELECT m.copy_id, coalesce(an.keypoints, []) FROM _ww_copies m "
                "LEFT JOIN analyses an ON an.article_id = m.orig_id").fetchall())
        missing_s = sorted({s for s in stories.values() if s not in self.stories.stories})
        self._load_stories(con, missing_s)
        missing_c = sorted({r[2] for r in origin_reports if r[2] not in self.merger.clusters})
        self._load_clusters(con, missing_c)

        story_rows: list[dict[str, Any]] = []
        for an, _orig, sim, _ in copies:
            art = an.article
            sid = stories.get(art.id)
            source = sources.get(art.id) or outlets.source_key(art.outlet, art.authors)
            if sid is None:  # the original has no story (should not happen): open one
                story, _ = self.stories.assign(art.id, art.outlet, seen_at(art), art.title, [],
                                               source=source)
                sid = story.id
            else:
                self.stories.join(sid, Member(art.id, art.outlet, seen_at(art), art.title,
                                              vector([]), sim, list(keypoints.get(art.id, [])),
                                              source))
            touched_stories.add(sid)
            story_rows.append({"article_id": art.id, "story_id": sid, "outlet": art.outlet,
                               "seen_at": seen_at(art), "similarity": sim, "terms": None,
                               "source": source})
        by_id = {an.article.id: an for an, *_ in copies}
        report_rows: list[dict[str, Any]] = []
        for copy_id, idx, cid, source_key, modality, sentence in origin_reports:
            c = self.merger.clusters.get(cid)
            if c is None:
                continue
            art = by_id[copy_id].article
            at = seen_at(art)
            c.reports.add((copy_id, int(idx)))
            c.said.add((copy_id, said_key(sentence, int(idx))))
            c.articles.add(copy_id)
            c.sources.add(outlets.family(source_key or art.outlet) or copy_id)
            if art.outlet:
                c.outlets.add(art.outlet)
            c.timeline.append((at, modality or "occurred", copy_id))
            c.last_reported = max(c.last_reported, at)
            c.first_reported = min(c.first_reported, at)
            touched_clusters.add(cid)
            report_rows.append({"article_id": copy_id, "idx": int(idx), "cluster_id": cid,
                                "outlet": art.outlet, "source_key": source_key,
                                "reported_at": at, "modality": modality})
        return story_rows, report_rows

    # -- rows --------------------------------------------------------------------------------

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, cols: dict[str, list[Any]]) -> None:
        insert_rows(con, table, pa.Table.from_pydict(cols, schema=LINK_SCHEMAS[table]), "ignore")

    @staticmethod
    def _upsert(con: duckdb.DuckDBPyConnection, table: str, cols: dict[str, list[Any]]) -> None:
        insert_rows(con, table, pa.Table.from_pydict(cols, schema=LINK_SCHEMAS[table]), "replace")


def _report_row(r: Report, cluster_id: str) -> dict[str, Any]:
    return {"article_id": r.article_id, "idx": r.idx, "cluster_id": cluster_id,
            "outlet": r.outlet, "source_key": r.source_key, "reported_at": r.reported_at,
            "modality": r.modality}


def _columns(rows: list[dict[str, Any]], table: str) -> dict[str, list[Any]]:
    return {f.name: [r.get(f.name) for r in rows] for f in LINK_SCHEMAS[table]}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
