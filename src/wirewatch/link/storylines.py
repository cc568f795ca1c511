"""Storylines: stories that continue one another (the impeachment trial; the US–Iran crisis).

Why a second level: a story is one happening and closes when reporting moves on
(link/stories.py), so a month of a Senate trial is many stories — the rules vote, Roberts'
rebuke, the Bolton manuscript, the acquittal. A reader asking "how did we get here?" needs them
linked, and a story must not grow into that month itself. A storyline is what links them: the
same actors and terms, over weeks.

Online, like stories: a story joins a storyline once it has `min_articles` articles (a
one-article story is noise). Its profile — its centroid's highest-weighted terms (IDF from the
story clusterer), entity names counted double since actors are what a storyline follows,
L2-normalised — is compared (cosine) with the sum of the profiles of each open storyline's
stories; it joins the best at or above `threshold`, else it starts a storyline of its own
(whose id is the story's). A story keeps its storyline; its profile in the storyline is
refreshed as it grows. A storyline closes (leaves memory) when no story of it was active for
`gap_days`. Listings show storylines of two or more stories.

Everything is rebuilt from the store: the open storylines' stories and their articles' stored
terms on open (`Linker.open`), every storyline by `rebuild` (in story order).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wirewatch.link.stories import Story, StoryClusterer


@dataclass(frozen=True)
class StorylineConfig:
    """Tuning as data (calibrated by reading AllSides 2020, benchmarks/story_purity.py)."""

    threshold: float = 0.30
    gap_days: float = 21.0
    min_articles: int = 2
    profile_terms: int = 40
    actor_weight: float = 2.0


@dataclass
class StoryInfo:
    """What a storyline keeps of one of its stories (stories leave memory before it does)."""

    id: str
    title: str | None
    first_seen: datetime
    last_seen: datetime
    num_articles: int
    sources: frozenset[str]
    profile: dict[str, float]
    similarity: float


@dataclass
class Storyline:
    id: str
    first_seen: datetime
    last_seen: datetime
    stories: dict[str, StoryInfo] = field(default_factory=dict)
    centroid: dict[str, float] = field(default_factory=dict)  # sum of the stories' profiles

    def add(self, info: StoryInfo) -> None:
        old = self.stories.get(info.id)
        if old is not None:
            for k, v in old.profile.items():
                left = self.centroid.get(k, 0.0) - v
                if left > 1e-12:
                    self.centroid[k] = left
                else:
                    self.centroid.pop(k, None)
        self.stories[info.id] = info
        for k, v in info.profile.items():
            self.centroid[k] = self.centroid.get(k, 0.0) + v
        self.first_seen = min(self.first_seen, info.first_seen)
        self.last_seen = max(self.last_seen, info.last_seen)

    def summary(self) -> dict[str, object]:
        """The row of `storylines`: titled by its biggest story (ties: the earliest)."""
        infos = list(self.stories.values())
        head = min(infos, key=lambda s: (-s.num_articles, s.first_seen, s.id))
        ranked = sorted(self.centroid, key=lambda k: (-self.centroid[k], k))
        return {
            "id": self.id, "title": head.title, "first_seen": self.first_seen,
            "last_seen": self.last_seen, "num_stories": len(infos),
            "num_articles": sum(s.num_articles for s in infos),
            "num_sources": len(frozenset().union(*(s.sources for s in infos))),
            "actors": [k[2:] for k in ranked if k.startswith("e:")][:10],
            "top_terms": [k for k in ranked if ":" not in k][:10],
        }


class StorylineLinker:
    """The open storylines, an index from profile terms to them, and story → storyline."""

    def __init__(self, config: StorylineConfig | None = None) -> None:
        self.config = config or StorylineConfig()
        self.storylines: dict[str, Storyline] = {}
        self.of_story: dict[str, str] = {}  # story id → storyline id (open storylines)
        self._index: dict[str, set[str]] = defaultdict(set)
        self._newest: datetime | None = None

    def profile(self, story: Story, clusterer: StoryClusterer) -> dict[str, float]:
        """A story's highest-weighted centroid terms, actors counted double, unit length."""
        idfs = clusterer.idfs(story.centroid)
        actor = self.config.actor_weight
        weighted = {k: c * idfs[k] * (actor if k.startswith("e:") else 1.0)
                    for k, c in story.centroid.items() if not k.startswith("v:")}
        top = heapq.nsmallest(self.config.profile_terms, weighted,
                              key=lambda k: (-weighted[k], k))
        norm = math.sqrt(sum(weighted[k] ** 2 for k in top)) or 1.0
        return {k: weighted[k] / norm for k in top}

    def info(self, story: Story, clusterer: StoryClusterer, similarity: float = 1.0,
             title: str | None = None) -> StoryInfo:
        sources = frozenset(s for s in (m.source for m in story.members) if s)
        if title is None:
            title = clusterer.summary(story)["title"]  # type: ignore[assignment]
        return StoryInfo(story.id, title, story.first_seen, story.last_seen,
                         len(story.members), sources, self.profile(story, clusterer),
                         similarity)

    def update(self, story: Story, clusterer: StoryClusterer, title: str | None = None
               ) -> tuple[Storyline, bool] | None:
        """File a story that changed: (its storyline, whether it joined just now), or None
        while it is too small to belong to one."""
        if len(story.members) < self.config.min_articles:
            return None
        sid = self.of_story.get(story.id)
        if sid is not None and sid in self.storylines:
            line = self.storylines[sid]
            old = line.stories.get(story.id)
            info = self.info(story, clusterer, old.similarity if old else 1.0, title)
            line.add(info)
            self._index_terms(line, info.profile)
            self._seen(info)
            return line, False
        return self.file(self.info(story, clusterer, title=title)), True

    def file(self, info: StoryInfo) -> Storyline:
        """A story new to storylines: into the most similar open storyline at or above
        `threshold`, else a storyline of its own (`info.similarity` says which)."""
        best = self._best(info)
        if best is None:
            line = Storyline(id=info.id, first_seen=info.first_seen, last_seen=info.last_seen)
            self.storylines[line.id] = line
            info.similarity = 1.0
        else:
            line, info.similarity = self.storylines[best[1]], best[0]
        line.add(info)
        self.of_story[info.id] = line.id
        self._index_terms(line, info.profile)
        self._seen(info)
        return line

    def _seen(self, info: StoryInfo) -> None:
        self._newest = info.last_seen if self._newest is None else max(self._newest,
                                                                        info.last_seen)

    def _best(self, info: StoryInfo) -> tuple[float, str] | None:
        gap = timedelta(days=self.config.gap_days)
        candidates: set[str] = set()
        for k in info.profile:
            candidates |= self._index.get(k, set())
        best: tuple[float, str] | None = None
        for lid in sorted(candidates):
            line = self.storylines.get(lid)
            if line is None or info.first_seen > line.last_seen + gap \
                    or info.last_seen < line.first_seen - gap:
                continue
            sim = _cosine(info.profile, line.centroid)
            if sim >= self.config.threshold and (best is None or sim > best[0]):
                best = (sim, lid)
        return best

    def _index_terms(self, line: Storyline, terms: Iterable[str]) -> None:
        for k in terms:
            self._index[k].add(line.id)

    def restore(self, line: Storyline) -> None:
        """Put a stored storyline back in memory (on open)."""
        self.storylines[line.id] = line
        for info in line.stories.values():
            self.of_story[info.id] = line.id
            self._index_terms(line, info.profile)
        self._newest = line.last_seen if self._newest is None else max(self._newest,
                                                                        line.last_seen)

    def evict(self) -> int:
        """Close storylines with no story active within `gap_days` of the newest story."""
        if self._newest is None:
            return 0
        cutoff = self._newest - timedelta(days=self.config.gap_days)
        old = [lid for lid, line in self.storylines.items() if line.last_seen < cutoff]
        for lid in old:
            line = self.storylines.pop(lid)
            for sid in line.stories:
                self.of_story.pop(sid, None)
            for k in line.centroid:
                ids = self._index.get(k)
                if ids is not None:
                    ids.discard(lid)
                    if not ids:
                        del self._index[k]
        return len(old)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot <= 0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0
