"""Stories: online clustering of articles about the same happening, across outlets.

Why online and single-pass: articles arrive one batch at a time and each must be filed as it
is stored (in the writer's transaction), at a cost that does not grow with the store. An
article becomes a bag of features — title words (weighted up), lead words, entity names and
event signatures (type + actor countries) — weighted by an inverse document frequency that
is learnt from the stream. It joins the open story whose centroid is most similar (cosine) if
that similarity reaches `threshold` (`pair_threshold` for a one-article story) and its headline
agrees with the story's headlines (`StoryConfig`: the title rules), else it opens a story of
its own. A story is one happening: it closes when reporting moves on — no new article
for `window_hours`, or `max_span_hours` since its first article, in article time (a long
happening continues in a new story, which its storyline links: link/storylines.py). Before,
an open-ended story drifted through a month of the impeachment trial in 117 articles. A
one-article story is noise until a second article joins it; listings show stories of two or
more articles.

The features of every article are stored (`story_articles.terms`), so the document
frequencies and the open stories are rebuilt exactly from the store on open.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from wirewatch.link import outlets

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)
# Zone prefix of a stored term → its weight in the article's vector.
_ZONE_WEIGHT = {"t": 2.0, "w": 1.0, "e": 1.5, "v": 1.5}


@dataclass(frozen=True)
class StoryConfig:
    """Tuning as data. A story is one happening, so it is tight in time: it closes when no
    article joined for `window_hours`, and never spans more than `max_span_hours` from its
    first article to its last, whatever the order they arrive in (a happening reported for longer continues as a new story, which
    its storyline links: link/storylines.py). `threshold`: cosine to a story's centroid to
    join it; `pair_threshold`: the higher bar to join a one-article story — a story is born
    only when two articles clearly report one thing, then grows at the lower bar;
    `threshold_per_day`: the bar rises with each day since the story's first article, so a
    later article must share more of the happening than one of the same day (issue 18: by
    half a point, so a next-day article joins only what it clearly continues; 0.75 read a
    little purer on AllSides but split a visit's announcement from its arrival half a day
    later).

    Titles name the happening, so they must agree (issue 18: a trial's days, a crisis's
    episodes and columns on the topic share the body's words, not the headline's):
    `title_pair_threshold` is the cosine of two titles (IDF-weighted title words) below which
    a one-article story is not joined at all — a story is born only when two headlines name
    the same thing; a later article whose title is below `title_threshold` against the
    story's titles needs `title_penalty` more similarity, and one that shares no title word
    at all `title_none_penalty` more again (another episode of the same day: a senator's
    announcement beside the closing arguments; at 0.12 rather than 0.10, a same-day piece whose
    headline shares only the topic's words, "Senate", "bill", "coronavirus", with a story's
    headlines needs the higher bar too: issue 18, AllSides records 1200-1799, where 0.13 cost
    WikiRef220 too much recall). `same_source_penalty`: more
    similarity to join a story told only by the article's own source (one paper's news and
    opinion desks write about one topic the same day, rarely about one happening).
    `opinion_penalty`: more similarity for a column (link/outlets.py `is_opinion`: an opinion
    section or a magazine of opinion) to join a story with news in it, or news a story of
    columns only — a column argues about the topic in the happening's words; one that answers the
    happening itself still joins on a clearly higher similarity. `commentary_penalty`: more
    similarity for a pair of one report and one piece whose headline is a column's, an
    explainer's or a preview's (link/outlets.py `is_commentary_title`: "Will the truce
    hold?", "Why I changed my vote") — a story is born from two reports or two columns; only at
    birth, since a grown story's commentary on the happening itself is part of it (on WikiRef220
    and the UCI headlines, where gold is a topic, penalising every such headline cost a tenth
    of recall). A headline that shares only the topic's words with the story's headlines
    counts as sharing none (`title_none_penalty`): a topic word is in at least `topic_share`
    (and `topic_min_titles`) of the headlines of the `topic_days` before the article's day and
    not `topic_burst` times as common in that day's headlines so far ("Floyd" the week after
    his death: the autopsy and the night's protests; a word that bursts today names today's
    happening, Super Tuesday on its day); shared words are compared by `stem`. `actor_penalty`:
    more similarity when the headline names people or bodies (entities of the article) and
    none of those the story's headlines name (Steyer's withdrawal beside Buttigieg's).
    `small_story`: a story of at most this many articles asks a later headline for as much
    agreement as its founding pair needed (`title_pair_threshold`, not `title_threshold`)
    before the `title_penalty` is spared: a few headlines name the happening narrowly, and a
    feature or column that shares one of their words ("Biden", "police") is not yet another
    report of it (issue 18, AllSides records 600-1199 and 2400-2999: a CPAC speech beside the
    first death's briefing, a column, an explainer and a feature beside the reports; no story
    split on records 600-2999); a grown story's summed headlines are broader, so a single
    headline's cosine to them falls as it grows (on WikiRef220, whose stories are topics of
    dozens, the higher bar for every story cost recall: B-cubed F1 0.856 to 0.844).
    Measured on WikiRef220, the UCI headlines and AllSides 2020 (benchmarks/stories_*.py,
    benchmarks/story_purity.py)."""

    window_hours: float = 72.0
    max_span_hours: float = 48.0
    threshold: float = 0.15
    pair_threshold: float = 0.22
    threshold_per_day: float = 0.5
    title_pair_threshold: float = 0.15
    title_threshold: float = 0.12
    title_penalty: float = 0.15
    title_none_penalty: float = 0.3
    same_source_penalty: float = 0.15
    opinion_penalty: float = 0.25
    commentary_penalty: float = 0.25
    topic_days: int = 7
    topic_share: float = 0.02
    topic_min_titles: int = 3
    topic_burst: float = 3.0
    actor_penalty: float = 0.1
    small_story: int = 3
    lead_words: int = 400
    query_terms: int = 12  # an article's highest-weighted terms used to find candidate stories
    index_terms: int = 20  # a member's highest-weighted terms that point at its story
    max_candidates: int = 30


def tokens(text: str | None) -> list[str]:
    """Content words: lower-cased, no stop words, at least 3 letters."""
    if not text:
        return []
    out = []
    for w in _WORD.findall(text.lower()):
        w = w.strip("'-")
        if len(w) >= 3 and w not in STOP_WORDS:
            out.append(w[:-2] if w.endswith("'s") else w)
    return out


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A headline word without its inflection ("charges", "charged", "charge" → "charg"), so
    that two headlines naming one act in other forms still share it. (Cached: every candidate
    story's headline words are stemmed again for each article.)"""
    for group in (("ies", "es", "s"), ("ing", "ed", "e")):
        for suffix in group:
            if word.endswith(suffix) and not word.endswith("ss") and \
                    len(word) - len(suffix) >= 3:
                word = word[:-len(suffix)]
                break
    return word


def article_terms(title: str | None, lead: str | None, entities: Iterable[str] = (),
                  events: Iterable[str] = (), lead_words: int = 60) -> list[str]:
    """The stored features of one article: `t:` title words, `w:` lead words, `e:` entity
    names, `v:` event signatures. Repetition is kept (term frequency)."""
    terms = [f"t:{w}" for w in tokens(title)]
    terms += [f"w:{w}" for w in tokens(lead)[:lead_words]]
    terms += [f"e:{n.lower()}" for n in entities if n]
    terms += [f"v:{s}" for s in events if s]
    return terms


def title_vector(terms: Iterable[str]) -> Counter[str]:
    """The title words of stored terms (what names the happening)."""
    return Counter(t[2:] for t in terms if t.startswith("t:"))


def title_actors(vec: Counter[str], tvec: Counter[str]) -> set[str]:
    """The named entities a headline names (an entity of the article whose last word is a
    headline word), by that word."""
    out = set()
    for k in vec:
        if k.startswith("e:"):
            words = tokens(k[2:])
            if words and words[-1] in tvec:
                out.add(words[-1])
    return out


def vector(terms: Iterable[str]) -> Counter[str]:
    """Stored terms → weighted term frequencies; title and lead words share one key."""
    vec: Counter[str] = Counter()
    for term in terms:
        zone, _, key = term.partition(":")
        if zone in ("t", "w"):
            vec[key] += _ZONE_WEIGHT[zone]
        else:
            vec[term] += _ZONE_WEIGHT.get(zone, 1.0)
    return vec


@dataclass
class Member:
    article_id: str
    outlet: str | None
    seen_at: datetime
    title: str | None
    vec: Counter[str]
    similarity: float
    keypoints: list[str] = field(default_factory=list)
    source: str | None = None  # the independent source (link/outlets.py: outlet family)
    tvec: Counter[str] = field(default_factory=Counter)  # title words


@dataclass
class Story:
    id: str
    first_seen: datetime
    last_seen: datetime
    members: list[Member] = field(default_factory=list)
    centroid: Counter[str] = field(default_factory=Counter)  # sum of member vectors
    titles: Counter[str] = field(default_factory=Counter)  # sum of member title vectors
    opinions: int = 0  # members from opinion sections or magazines (link/outlets.py)
    commentary: int = 0  # those and the members whose headline is a column's or explainer's
    actors: Counter[str] = field(default_factory=Counter)  # named in the members' headlines
    indexed: set[str] = field(default_factory=set)
    norm_cache: tuple[tuple[int, int], float] | None = None  # ((members, docs/64), norm)
    title_norm: tuple[tuple[int, int], float] | None = None  # the same, of `titles`

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members if m.outlet})

    @property
    def sources(self) -> list[str]:
        """Independent sources: sections of one outlet and wire copies count once."""
        return sorted({m.source for m in self.members if m.source})


class StoryClusterer:
    """The open stories, an inverted index from terms to them, and document frequencies."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        self.stories: dict[str, Story] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self._index: dict[str, set[str]] = defaultdict(set)
        self._newest: datetime | None = None
        # title words counted per day (headlines that day holding each word): what the
        # preceding days' headlines already share is the topic, not the happening
        self._day_words: dict[date, Counter[str]] = {}
        self._day_titles: Counter[date] = Counter()
        self._topic_cache: dict[date, tuple[int, frozenset[str], dict[str, float]]] = {}

    def idf(self, key: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def observe(self, vec: Counter[str]) -> None:
        """Count one document's terms (document frequency)."""
        self.n_docs += 1
        self.df.update(vec.keys())

    def observe_title(self, day: date, tvec: Counter[str]) -> None:
        """Count one headline's words on its day (what `topic_words` reads)."""
        if tvec:
            self._day_words.setdefault(day, Counter()).update(tvec.keys())
            self._day_titles[day] += 1

    def topic_words(self, day: date) -> frozenset[str]:
        """The words of the topic before `day`: in at least `topic_share` of the headlines of
        the `topic_days` before it (and of `topic_min_titles`). One the week's headlines share
        names the topic ("Floyd", "Reade", "stimulus"): two headlines of one day sharing only
        such words are often two episodes (`assign` keeps a word that bursts on `day`)."""
        cfg = self.config
        if cfg.topic_share <= 0:
            return frozenset()
        days = [day - timedelta(days=i) for i in range(1, cfg.topic_days + 1)]
        n = sum(self._day_titles.get(d, 0) for d in days)
        if not n:
            return frozenset()
        cached = self._topic_cache.get(day)
        if cached is not None and cached[0] == n:
            return cached[1]
        counts: Counter[str] = Counter()
        for d in days:
            counts.update(self._day_words.get(d, {}))
        bar = max(cfg.topic_min_titles, cfg.topic_share * n)
        words = frozenset(w for w, c in counts.items() if c >= bar)
        self._topic_cache[day] = (n, words, {w: counts[w] / n for w in words})
        return words

    def idfs(self, keys: Iterable[str]) -> dict[str, float]:
        """`idf` of many keys at once (the link step's hottest loop: no call per key)."""
        n1, df, log = self.n_docs + 1, self.df, math.log
        return {k: log(n1 / (df.get(k, 0) + 1)) + 1.0 for k in keys}

    def _weighted(self, vec: Counter[str]) -> dict[str, float]:
        idfs = self.idfs(vec)
        return {k: v * idfs[k] for k, v in vec.items()}

    def _twice(self, vec: Counter[str]) -> tuple[dict[str, float], dict[str, float], float]:
        """An article's weighted vector, the same weighted once more (what its dot product
        with a raw centroid needs), and its norm."""
        idfs = self.idfs(vec)
        weighted = {k: v * idfs[k] for k, v in vec.items()}
        twice = {k: w * idfs[k] for k, w in weighted.items()}
        return weighted, twice, math.sqrt(sum(w * w for w in weighted.values()))

    def similarity(self, vec: Counter[str], story: Story) -> float:
        _, twice, norm = self._twice(vec)
        return self._similarity(twice, norm, story)

    def _similarity(self, twice: dict[str, float], na: float, story: Story) -> float:
        """Cosine of an article's weighted vector (given weighted twice, `twice`; norm `na`)
        and a story's centroid (the sum of its members: the 1/n of a mean cancels)."""
        dot = 0.0
        centroid = story.centroid
        for k, t in twice.items():
            c = centroid.get(k)
            if c:
                dot += t * c
        if dot <= 0:
            return 0.0
        nc = self._centroid_norm(story)
        return dot / (na * nc) if na and nc else 0.0

    def _centroid_norm(self, story: Story) -> float:
        """The centroid's weighted norm, recomputed when the story grows or the document
        count moves on by 64 (idf drifts slowly), not on every comparison."""
        key = (len(story.members), self.n_docs // 64)
        if story.norm_cache is None or story.norm_cache[0] != key:
            idfs = self.idfs(story.centroid)
            norm = math.sqrt(sum((c * idfs[k]) ** 2 for k, c in story.centroid.items()))
            story.norm_cache = (key, norm)
        return story.norm_cache[1]

    def assign(self, article_id: str, outlet: str | None, seen_at: datetime,
               title: str | None, terms: list[str], keypoints: list[str] | None = None,
               source: str | None = None) -> tuple[Story, float]:
        """File one article: the best open story above the threshold, else a new story."""
        vec = vector(terms)
        tvec = title_vector(terms)
        self.observe(vec)
        window = timedelta(hours=self.config.window_hours)
        span = timedelta(hours=self.config.max_span_hours)
        best: tuple[float, str] | None = None
        opinion = outlets.is_opinion(outlet)
        commentary = outlets.is_commentary(outlet, title)
        actors = title_actors(vec, tvec) if self.config.actor_penalty else set()
        topic = self.topic_words(seen_at.date()) if tvec else frozenset()
        if topic and self.config.topic_burst:
            today = self._day_words.get(seen_at.date(), Counter())
            n_today = max(self._day_titles.get(seen_at.date(), 0), 1)
            shares = self._topic_cache[seen_at.date()][2]
            topic = frozenset(w for w in topic if today.get(w, 0) / n_today
                              < self.config.topic_burst * shares[w])
        self.observe_title(seen_at.date(), tvec)
        own = {stem(w) for w in tvec if w not in topic} if topic else set()
        if vec:
            weighted, twice, norm = self._twice(vec)
            top = heapq.nsmallest(self.config.query_terms, weighted,
                                  key=lambda k: (-weighted[k], k))
            hits: Counter[str] = Counter()
            for k in top:
                for sid in self._index.get(k, ()):
                    hits[sid] += 1
            for sid, _ in sorted(hits.items(), key=lambda x: (-x[1], x[0]))[
                    :self.config.max_candidates]:
                s = self.stories[sid]
                if seen_at > s.last_seen + window or seen_at < s.first_seen - window:
                    continue
                if max(seen_at, s.last_seen) - min(seen_at, s.first_seen) > span:
                    continue  # closed: reporting has moved on (a later story continues it)
                sim = self._similarity(twice, norm, s)
                need = self.config.threshold if len(s.members) > 1 else max(
                    self.config.threshold, self.config.pair_threshold)
                need += self.config.threshold_per_day * max(  # tight in time
                    0.0, (seen_at - s.first_seen).total_seconds() / 86400)
                if tvec and s.titles:  # the headlines must name the same happening
                    tsim = self._title_similarity(tvec, s)
                    # sharing only the topic's words is sharing none (another episode)
                    only_topic = bool(topic) and tsim > 0.0 and not any(
                        stem(w) in own for w in s.titles)
                    if len(s.members) == 1 and tsim < self.config.title_pair_threshold:
                        continue
                    bar = self.config.title_threshold
                    if len(s.members) <= self.config.small_story:  # as much as its founders
                        bar = max(bar, self.config.title_pair_threshold)
                    if tsim < bar:
                        need += self.config.title_penalty
                    if tsim <= 0.0 or only_topic:
                        need += self.config.title_none_penalty
                if actors and s.actors and not any(a in s.actors for a in actors):
                    need += self.config.actor_penalty
                if source and all(m.source == source for m in s.members):
                    need += self.config.same_source_penalty  # one outlet's desks
                if (s.opinions < len(s.members)) if opinion else (s.opinions == len(s.members)):
                    need += self.config.opinion_penalty  # a column beside news, or news
                elif len(s.members) == 1 and commentary != (s.commentary == 1):
                    need += self.config.commentary_penalty  # a pair of a column and a report
                if sim >= need and (best is None or (sim, sid) > best):
                    best = (sim, sid)
        if best is None:
            story = Story(id=article_id, first_seen=seen_at, last_seen=seen_at)
            self.stories[story.id] = story
            sim = 1.0
        else:
            sim, story = best[0], self.stories[best[1]]
        self._join(story, Member(article_id, outlet, seen_at, title, vec, sim,
                                 list(keypoints or []), source, tvec))
        return story, sim

    def _title_similarity(self, tvec: Counter[str], story: Story) -> float:
        """Cosine of an article's title words and the sum of its story's (IDF-weighted);
        the story's norm is cached as the centroid's is."""
        idfs = self.idfs(tvec)
        titles = story.titles
        dot = sum(v * titles.get(k, 0) * idfs[k] ** 2 for k, v in tvec.items())
        if dot <= 0:
            return 0.0
        key = (len(story.members), self.n_docs // 64)
        if story.title_norm is None or story.title_norm[0] != key:
            tidfs = self.idfs(titles)
            story.title_norm = (key, math.sqrt(sum((c * tidfs[k]) ** 2
                                                   for k, c in titles.items())))
        na = math.sqrt(sum((v * idfs[k]) ** 2 for k, v in tvec.items()))
        nb = story.title_norm[1]
        return dot / (na * nb) if na and nb else 0.0

    def _join(self, story: Story, member: Member) -> None:
        story.members.append(member)
        story.centroid.update(member.vec)
        story.titles.update(member.tvec)
        story.actors.update(title_actors(member.vec, member.tvec))
        story.opinions += outlets.is_opinion(member.outlet)
        story.commentary += outlets.is_commentary(member.outlet, member.title)
        story.first_seen = min(story.first_seen, member.seen_at)
        story.last_seen = max(story.last_seen, member.seen_at)
        weighted = self._weighted(member.vec)
        for k in heapq.nsmallest(self.config.index_terms, weighted,
                                 key=lambda k: (-weighted[k], k)):
            self._index[k].add(story.id)
            story.indexed.add(k)
        self._newest = member.seen_at if self._newest is None else max(self._newest,
                                                                       member.seen_at)

    def join(self, story_id: str, member: Member) -> Story | None:
        """Add an article to a known story without scoring (a near-duplicate copy joins its
        original's story). None if the story is not in memory."""
        story = self.stories.get(story_id)
        if story is not None:
            self._join(story, member)
        return story

    def restore(self, story_id: str, members: list[Member]) -> Story:
        """Rebuild a stored story in memory (on open, or when a late copy reopens it)."""
        story = self.stories.get(story_id)
        if story is None:
            first = min(m.seen_at for m in members)
            story = Story(id=story_id, first_seen=first, last_seen=first)
            self.stories[story_id] = story
        for m in members:
            self._join(story, m)
        return story

    def update(self, story_id: str, article_id: str, vec: Counter[str],
               keypoints: list[str]) -> Story | None:
        """A member's terms and key points after its article was recoded (`Linker.relink`);
        None if the story is not in memory."""
        story = self.stories.get(story_id)
        member = next((m for m in story.members if m.article_id == article_id), None) \
            if story is not None else None
        if story is None or member is None:
            return None
        story.centroid.subtract(member.vec)
        story.centroid += Counter()  # drops the terms no member has any more
        story.actors.subtract(title_actors(member.vec, member.tvec))
        member.vec, member.keypoints = vec, list(keypoints)
        story.centroid.update(vec)
        story.actors.update(title_actors(vec, member.tvec))
        story.actors += Counter()
        story.norm_cache = None
        weighted = self._weighted(vec)
        for k in heapq.nsmallest(self.config.index_terms, weighted,
                                 key=lambda k: (-weighted[k], k)):
            self._index[k].add(story.id)
            story.indexed.add(k)
        return story

    def evict(self) -> int:
        """Close stories with no article within the window of the newest article."""
        if self._newest is None:
            return 0
        cutoff = self._newest - timedelta(hours=self.config.window_hours)
        first_day = self._newest.date() - timedelta(days=self.config.topic_days + 1)
        for day in [d for d in self._day_titles if d < first_day]:
            del self._day_titles[day]
            self._day_words.pop(day, None)
            self._topic_cache.pop(day, None)
        old = [sid for sid, s in self.stories.items() if s.last_seen < cutoff]
        for sid in old:
            s = self.stories.pop(sid)
            for k in s.indexed:
                ids = self._index.get(k)
                if ids is not None:
                    ids.discard(sid)
                    if not ids:
                        del self._index[k]
        return len(old)

    def summary(self, story: Story, max_keypoints: int = 5) -> dict[str, object]:
        """Title (the member closest to the centroid), key points (from the most central
        members, one outlet at a time), top terms."""
        members = story.members
        scored = members if len(members) == 1 else sorted(
            members, key=lambda m: (-self.similarity(m.vec, story), m.seen_at, m.article_id)
        )[:50]
        title = next((m.title for m in scored if m.title), None)
        keypoints: list[str] = []
        seen: set[str] = set()
        for m in scored:
            for kp in m.keypoints[:2]:
                norm = " ".join(tokens(kp))
                if kp and norm not in seen:
                    seen.add(norm)
                    keypoints.append(kp)
                    break
            if len(keypoints) >= max_keypoints:
                break
        idfs = self.idfs(story.centroid)
        weighted = {k: c * idfs[k] for k, c in story.centroid.items()}
        top = heapq.nsmallest(10, weighted, key=lambda k: (-weighted[k], k))
        return {"title": title, "keypoints": keypoints, "top_terms": top}
