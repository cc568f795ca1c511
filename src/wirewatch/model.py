"""The data model every box agrees on (see docs/architecture.md).

Plain dataclasses, no behaviour beyond (de)serialisation and identity, so that any box can
import this module without pulling in the others. `to_dict()` produces exactly the shapes of
"the analysis document" — the project's machine interface — so field names here never change
meaning.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ZONES = ("title", "dek", "highlight", "body", "caption")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")
SECTORS = ("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "IGO", "NGO", "MED", "BUS",
           "CVL", "REL")
# CAMEO's finer agent codes, which annotations and corrections may give beside PLOVER's sectors.
CAMEO_SECTORS = (*SECTORS, "EDU", "HLH", "SPY", "ELI", "LAB", "CRM", "REF", "UAF")
MODALITIES = ("occurred", "planned", "possible", "cancelled", "postponed", "denied", "negated",
              "hypothetical")
# Precision of a publication date or time expression, finest first. None means unknown.
PRECISIONS = ("second", "minute", "hour", "day", "week", "month", "season", "year", "article")

_TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|"
    r"ncid|ocid|smid|sr_share|share|cid|spm|_ga|yclid|at_[a-z]+|s_cid|taid|mod)$",
    re.IGNORECASE,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def canonical_url(url: str | None) -> str | None:
    """Normalise a URL so that one page reached through different links has one id.

    Lower-cases scheme and host, drops the fragment, default ports, `www.`-less hosts are
    kept as given, and tracking parameters (utm_*, fbclid, ...) are removed; the remaining
    query parameters are sorted.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_PARAMS.match(k)))
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def normalised_text(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a text, for hashing."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def article_id(url: str | None, text: str | None) -> str:
    """Stable id: hash of the canonical URL, else of the normalised text."""
    key = canonical_url(url)
    basis = f"url:{key}" if key else f"text:{normalised_text(text or '')}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_iso(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def local_date(when: datetime | None, offset: int | None) -> date | None:
    """The calendar day of the instant `when` at `offset` minutes east of UTC (UTC if None)."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    return (when + timedelta(minutes=offset)).date() if offset is not None else when.date()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _int_or_none(value: Any) -> int | None:
    """An integer from JSON or a store row (where a missing value may come back as NaN)."""
    if value is None or value != value:
        return None
    return int(value)


@dataclass
class Section:
    heading: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Caption:
    text: str
    credit: str | None = None


@dataclass
class Article:
    """One news article, parsed into zones.

    `body` is the clean text all body-zone character offsets point into: for each section its
    heading (if any) and then its paragraphs, joined by blank lines ("\\n\\n").
    """

    id: str
    body: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    dek: str | None = None
    highlights: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    published_precision: str | None = None
    fetched_at: datetime = field(default_factory=utcnow)
    language: str | None = None
    source_path: str | None = None
    # The UTC offset the source stated with its publication time, in minutes east of UTC
    # (-300 for 2023-11-08T21:24:10-05:00); None when it stated none (a bare date, an epoch).
    published_offset: int | None = None

    @property
    def published_date(self) -> date | None:
        """The calendar day the article was published on, as its source wrote it: the local
        day at the stated offset, else the UTC day (a bare date is kept as that date).

        Why not the UTC day: 2023-11-08T21:24:10-05:00 is 2023-11-09 in UTC, but the page
        says, and its readers saw, 8 November."""
        return local_date(self.published_at, self.published_offset)

    @staticmethod
    def body_from_sections(sections: list[Section]) -> str:
        parts: list[str] = []
        for section in sections:
            if section.heading:
                parts.append(section.heading)
            parts.extend(p for p in section.paragraphs if p)
        return "\n\n".join(parts)

    @classmethod
    def build(cls, *, sections: list[Section], url: str | None = None, **fields: Any) -> Article:
        """Make an article from its zones, deriving `body` and `id` (the usual constructor)."""
        body = cls.body_from_sections(sections)
        ident = article_id(url, "\n".join(filter(None, [fields.get("title"), body])))
        return cls(id=ident, body=body, url=url, sections=sections, **fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "dek": self.dek,
            "highlights": list(self.highlights),
            "sections": [asdict(s) for s in self.sections],
            "captions": [asdict(c) for c in self.captions],
            "tags": list(self.tags),
            "authors": list(self.authors),
            "published_at": _iso(self.published_at),
            "published_precision": self.published_precision,
            "published_offset": self.published_offset,
            "published_date": _day(self.published_date),
            "fetched_at": _iso(self.fetched_at),
            "language": self.language,
            "body": self.body,
            "source_path": self.source_path,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            body=data.get("body") or "",
            url=data.get("url"),
            outlet=data.get("outlet"),
            title=data.get("title"),
            dek=data.get("dek"),
            highlights=list(data.get("highlights") or []),
            sections=[Section(s.get("heading"), list(s.get("paragraphs") or []))
                      for s in data.get("sections") or []],
            captions=[Caption(c["text"], c.get("credit")) for c in data.get("captions") or []],
            tags=list(data.get("tags") or []),
            authors=list(data.get("authors") or []),
            published_at=_parse_iso(data.get("published_at")),
            published_precision=data.get("published_precision"),
            published_offset=_int_or_none(data.get("published_offset")),
            fetched_at=_parse_iso(data.get("fetched_at")) or utcnow(),
            language=data.get("language"),
            source_path=data.get("source_path"),
        )


@dataclass
class RawDocument:
    """Bytes as a source found them, before parsing: one file, feed or pushed body.

    `hints` carries what the source already knows (feed item title, link, date, outlet, a
    content-type header) so the parser can fill zones the bytes themselves lack.
    """

    data: bytes
    origin: str
    kind: str | None = None  # txt, html, json, jsonl, csv, feed; None = sniff
    content_type: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    fetched_at: datetime = field(default_factory=utcnow)


@dataclass
class Reject:
    """An input we refused, with a reason a person can act on (stored in `rejects`)."""

    origin: str
    reason: str  # short machine-friendly code: empty, binary, too_large, bad_json, ...
    detail: str = ""
    at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": self.reason, "detail": self.detail,
                "at": _iso(self.at)}


@dataclass
class Mention:
    """Where an entity is mentioned: offsets into `article.body` for the body zone, into the
    zone's own text otherwise (title, dek, the n-th highlight or caption)."""

    text: str
    start: int
    end: int
    zone: str = "body"
    sentence: int | None = None
    zone_index: int = 0  # which highlight / caption, for those zones


@dataclass
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)  # {"role", "country", "seen"}
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return actor_code(self.country, self.sector)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "type": self.type, "country": self.country,
            "sector": self.sector, "code": self.code, "roles": list(self.roles),
            "aliases": list(self.aliases),
            "mentions": [{"text": m.text, "start": m.start, "end": m.end, "zone": m.zone,
                          "sentence": m.sentence} for m in self.mentions],
        }


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-like actor code: country + sector, e.g. USAGOV; either part may be missing."""
    code = (country or "") + (sector or "")
    return code or None


@dataclass
class ActorRef:
    name: str
    country: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "sector": self.sector,
                "code": actor_code(self.country, self.sector)}


@dataclass
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass
class Event:
    type: str
    source: list[ActorRef]
    target: list[ActorRef]
    evidence: Evidence
    mode: str | None = None
    context: str | None = None
    location: Location | None = None
    date: str | None = None
    date_precision: str | None = None
    modality: str = "occurred"
    intensity: float | None = None
    quad: str | None = None
    cameo_root: str | None = None
    confidence: float = 0.5
    # every sentence of the article that reports this same event (`evidence` is the best)
    mentions: list[Evidence] = field(default_factory=list)
    background: bool = False   # a past event recalled for context, not this report's news
    model_version: str | None = None  # the event model that coded it (None: not recorded)

    def to_dict(self) -> dict[str, Any]:
        extra = {"model_version": self.model_version} if self.model_version else {}
        return {**extra,
            "type": self.type, "mode": self.mode, "context": self.context,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "location": asdict(self.location) if self.location else None,
            "date": self.date, "date_precision": self.date_precision,
            "modality": self.modality, "intensity": self.intensity, "quad": self.quad,
            "cameo_root": self.cameo_root, "evidence": asdict(self.evidence),
            "confidence": self.confidence,
            "mentions": [asdict(m) for m in self.mentions], "background": self.background,
        }


@dataclass
class Quote:
    text: str
    speaker: str | None
    kind: str  # direct | indirect
    start: int
    end: int
    speaker_country: str | None = None
    zone: str = "body"  # "title": a headline quote ("Pelosi: 'We will not back down'")


@dataclass
class Attribution:
    outlet: str
    claim: str
    start: int
    end: int


@dataclass
class Timex:
    text: str
    value: str  # ISO 8601: 2023-06-14, 2023-02, 2023-SU, 2023
    precision: str
    start: int
    end: int


@dataclass
class Tone:
    score: float  # -100 .. +100, like GDELT's AvgTone
    positive: float
    negative: float
    conflict_share: float


@dataclass
class Analysis:
    """Everything the analyze box says about one article (the analysis document)."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    timex: list[Timex] = field(default_factory=list)
    tone: Tone | None = None
    keypoints: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "truncated to 50,000 words"

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
            "quotes": [asdict(q) for q in self.quotes],
            "attributions": [asdict(a) for a in self.attributions],
            "timex": [asdict(t) for t in self.timex],
            "tone": asdict(self.tone) if self.tone else None,
            "keypoints": list(self.keypoints),
            "tags": list(self.tags),
        }

    def to_record(self) -> dict[str, Any]:
        """`to_dict()` plus what the store keeps but the analysis document leaves out (`notes`,
        each mention's `zone_index`): the lossless wire form for the broker's topics."""
        doc = self.to_dict()
        doc["notes"] = list(self.notes)
        for ent, ent_doc in zip(self.entities, doc["entities"], strict=True):
            for mention, mention_doc in zip(ent.mentions, ent_doc["mentions"], strict=True):
                mention_doc["zone_index"] = mention.zone_index
        return doc

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Inverse of `to_record()` (and of `to_dict()`, minus what that leaves out); derived
        fields such as actor `code` are recomputed, not read."""
        tone = data.get("tone")
        return cls(
            article=Article.from_dict(data["article"]),
            entities=[_entity_from_dict(e) for e in data.get("entities") or []],
            events=[_event_from_dict(e) for e in data.get("events") or []],
            quotes=[Quote(text=q["text"], speaker=q.get("speaker"), kind=q["kind"],
                          start=q["start"], end=q["end"],
                          speaker_country=q.get("speaker_country"),
                          zone=q.get("zone") or "body")
                    for q in data.get("quotes") or []],
            attributions=[Attribution(a["outlet"], a["claim"], a["start"], a["end"])
                          for a in data.get("attributions") or []],
            timex=[Timex(t["text"], t["value"], t["precision"], t["start"], t["end"])
                   for t in data.get("timex") or []],
            tone=Tone(tone["score"], tone["positive"], tone["negative"],
                      tone["conflict_share"]) if tone else None,
            keypoints=list(data.get("keypoints") or []),
            tags=list(data.get("tags") or []),
            notes=list(data.get("notes") or []),
        )


def _entity_from_dict(data: dict[str, Any]) -> Entity:
    return Entity(
        id=data["id"], name=data["name"], type=data["type"], country=data.get("country"),
        sector=data.get("sector"), roles=[dict(r) for r in data.get("roles") or []],
        aliases=list(data.get("aliases") or []),
        mentions=[Mention(text=m["text"], start=m["start"], end=m["end"],
                          zone=m.get("zone") or "body", sentence=m.get("sentence"),
                          zone_index=m.get("zone_index") or 0)
                  for m in data.get("mentions") or []])


def _actor_from_dict(data: dict[str, Any]) -> ActorRef:
    return ActorRef(name=data["name"], country=data.get("country"), sector=data.get("sector"))


def _event_from_dict(data: dict[str, Any]) -> Event:
    loc = data.get("location")
    ev = data["evidence"]
    return Event(
        type=data["type"], source=[_actor_from_dict(a) for a in data.get("source") or []],
        target=[_actor_from_dict(a) for a in data.get("target") or []],
        evidence=Evidence(ev["sentence"], ev["start"], ev["end"]), mode=data.get("mode"),
        context=data.get("context"),
        location=Location(loc["name"], loc.get("country"), loc.get("lat"), loc.get("lon"))
        if loc else None,
        date=data.get("date"), date_precision=data.get("date_precision"),
        modality=data.get("modality") or "occurred", intensity=data.get("intensity"),
        quad=data.get("quad"), cameo_root=data.get("cameo_root"),
        confidence=data.get("confidence", 0.5),
        mentions=[Evidence(m["sentence"], m["start"], m["end"])
                  for m in data.get("mentions") or []],
        background=bool(data.get("background")), model_version=data.get("model_version"))


@dataclass
class FeedState:
    """What we remember about one polled feed: conditional-GET validators and its health."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_checked: datetime | None = None
    last_ok: datetime | None = None
    status: str = "new"  # new | ok | not_modified | error
    http_status: int | None = None
    error: str | None = None
    items_seen: int = 0
    articles_accepted: int = 0
