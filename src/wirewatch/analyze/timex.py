"""Time expressions (`ww_timex`): dates in the body, normalised against the publication date.

News text dates things relative to when it was written ("on Wednesday", "last week", "in
November"), so every value is resolved against `doc._.ww_published` and carries a precision
(model.PRECISIONS). Own regex rules run first because they are cheap and know news
conventions (a bare weekday is the most recent such day unless the clause is about the
future); dateparser, which is slow and over-eager ("two days" → two days ago), is only asked
about the rare spaCy DATE span those rules cannot read. Candidates come from spaCy's DATE
entities plus a regex scan for what the small model misses; ambiguous words ("May" the
modal, "March" the verb, "we") are checked against the tagger before they count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)
from wirewatch.model import Timex

PAST, NONE, FUTURE, PRESENT = -1, 0, 1, 2  # PRESENT: present tense, only weekdays look ahead


# --------------------------------------------------------------------------- lexicon (data)

@dataclass(frozen=True)
class _Lexicon:
    weekdays: dict[str, int]
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    seasons: dict[str, tuple[str, int, int]]
    parts: dict[str, str]
    numbers: dict[str, int]
    units: dict[str, str]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """Calendar words from data/timex_lexicon.tsv (knowledge is data, not code)."""
    text = resources.files("wirewatch.data").joinpath("timex_lexicon.tsv").read_text("utf-8")
    tables: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, word, value = (line.split("\t") + [""])[:3]
        tables.setdefault(category, {})[word] = value
    seasons = {}
    for word, value in tables.get("season", {}).items():
        code, first, last = value.split(":")
        seasons[word] = (code, int(first), int(last))
    return _Lexicon(
        weekdays={w: int(v) for w, v in tables["weekday"].items()},
        months={w: int(v) for w, v in tables["month"].items()},
        ambiguous_months=frozenset(tables.get("ambiguous_month", {})),
        seasons=seasons,
        parts=dict(tables.get("part", {})),
        numbers={w: int(v) for w, v in tables.get("number", {}).items()},
        units=dict(tables.get("unit", {})),
    )


@cache
def _words(category: str) -> frozenset[str]:
    """A word list of data/timex_lexicon.tsv (tense cues, date leads, clock words)."""
    text = resources.files("wirewatch.data").joinpath("timex_lexicon.tsv").read_text("utf-8")
    return frozenset(line.split("\t")[1] for line in text.splitlines()
                     if line.startswith(category + "\t"))


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class _Rules:
    """Compiled patterns; built once from the lexicon."""

    iso_day: re.Pattern[str]
    iso_month: re.Pattern[str]
    mdy: re.Pattern[str]
    dmy: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    deictic: re.Pattern[str]
    unit_rel: re.Pattern[str]
    unit_part: re.Pattern[str]
    weekend: re.Pattern[str]
    ago: re.Pattern[str]
    in_n: re.Pattern[str]
    season: re.Pattern[str]
    duration: re.Pattern[str]
    scan: re.Pattern[str]
    plausible: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lex = lexicon()
    wd = _alt(list(lex.weekdays))
    mo = _alt(list(lex.months))
    se = _alt(list(lex.seasons))
    num = _alt(list(lex.numbers))
    part = r"(?:(?P<part>early|mid|late)\s*|the (?P<part2>beginning|start|end|middle) of )"
    yr = r"(?P<year>1[89]\d\d|20\d\d|2100)"
    cap_wd = "|".join(w.capitalize() for w in lex.weekdays)
    cap_mo = "|".join(w.capitalize() for w in sorted(lex.months, key=len, reverse=True)
                      if len(w) > 3 or w == "may")
    cap_mo_abbr = "|".join(w.capitalize() for w in lex.months if len(w) <= 4)
    scan = re.compile(
        rf"\b(?P<x>(?:{cap_wd})(?:,? (?:{cap_mo}|{cap_mo_abbr})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?)?)\b"
        rf"|\b(?P<x2>(?:{cap_mo}|{cap_mo_abbr})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?)\b"
        rf"|\b(?P<x3>\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{cap_mo})(?:,? \d{{4}})?)\b"
        rf"|\b(?P<x4>(?:{cap_mo}) \d{{4}})\b"
        rf"|\b(?:in|since|until|till|by|during|from|through|before|after|of) (?P<x5>(?:(?:early|mid|late)[- ])?(?:{cap_mo}))\b"
        rf"|\b(?P<x6>(?:early|mid|late)[- ](?:{cap_mo}))\b"
        rf"|\b(?P<x7>(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight))\b"
        rf"|\b(?P<x8>(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this) (?:week|month|year|weekend))\b"
        rf"|\b(?P<x9>(?:[Tt]his|[Ll]ast|[Nn]ext|the) (?:spring|summer|autumn|winter|fall))\b(?! of (?!\d))"
        rf"|\b(?P<x10>(?:{num}|\d+) (?:days?|weeks?|months?|years?) ago)\b"
    )
    return _Rules(
        iso_day=re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
        iso_month=re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})"),
        mdy=re.compile(rf"(?:this |last |next )?(?:(?:{wd}),? )?(?P<mon>{mo})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? {yr})?"),
        dmy=re.compile(rf"(?:(?:{wd}),? )?(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{mo})\.?(?:,? {yr})?"),
        month=re.compile(rf"{part}?(?P<mon>{mo})\.?(?:,? (?:of )?{yr})?"),
        year=re.compile(rf"{part}?(?:the year )?{yr}"),
        weekday=re.compile(rf"(?:(?:early|late|earlier|later)(?: on)? )?"
                           rf"(?:(?P<rel>last|next|this|this past|this coming|coming|past) )?(?P<wd>{wd})"
                           r"(?: (?:morning|afternoon|evening|night))?"),
        deictic=re.compile(r"(?P<w>today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening))"
                           r"(?: (?:morning|afternoon|evening|night))?"),
        unit_rel=re.compile(r"(?:(?P<mod>earlier|later|early|late|mid) )?(?:the )?"
                            r"(?P<rel>last|previous|this|next|coming|current|same) (?P<unit>week|month|year)"),
        unit_part=re.compile(rf"{part}(?:(?P<rel>the|last|previous|this|next|coming|current) )(?P<unit>week|month|year)"),
        weekend=re.compile(r"(?:(?P<rel>last|next|this|the|this coming|this past|coming|past) )weekend"),
        ago=re.compile(rf"(?P<n>{num}|\d+) (?P<unit>days?|weeks?|months?|years?) ago"),
        in_n=re.compile(rf"in (?P<n>{num}|\d+) (?P<unit>days?|weeks?|months?|years?)(?: time)?"),
        season=re.compile(rf"(?:(?P<part>early|mid|late) )?(?:(?P<rel>this|last|next|the|this past|this coming|coming|past) )?"
                          rf"(?P<season>{se})(?:,? (?:of )?{yr})?"),
        duration=re.compile(r"(?:the )?(?:(?:past|last|next|coming|first|final|recent|few) )?"
                            rf"(?:{num}|\d+|few|several|many|some|recent|coming|couple of)\s*(?:-| )?"
                            r"(?:days?|weeks?|months?|years?|decades?|centuries|hours?)(?:-long| long| old)?"
                            r"|(?:the )?(?:(?:past|last|next|coming|recent|many|several) )?"
                            r"(?:days|weeks|months|years|decades|centuries|hours)(?:-long| long)?"
                            r"|the (?:past|last|coming) (?:day|week|month|year)"
                            r"|(?:the )?day|\d{4}s|the \d{4}s|the '?\d0s|\d{2}s"),
        scan=scan,
        # what is worth asking dateparser about: numeric dates and calendar names (relative
        # phrases with "week"/"year" are ours or durations; dateparser answers those wrongly)
        plausible=re.compile(rf"\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?|\b(?:{wd}|{mo})\b"),
    )


# --------------------------------------------------------------------------- normalisation

_LEAD = re.compile(r"^(?:on|in|at|since|over|during|until|till|by|through|throughout|from|for|of|"
                   r"before|after|around|about|as of|as early as|as late as|as recently as|"
                   r"sometime|some time|until|up to)\s+")


def _clean(text: str) -> str:
    """Lower case, plain punctuation, no ordinals, no leading prepositions."""
    t = _clean_keep_lead(text)
    prev = None
    while prev != t:
        prev = t
        t = _LEAD.sub("", t)
    return t


def _clean_keep_lead(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"[\s\u00a0]+", " ", t).strip(" .,;:!?()\"'")
    t = re.sub(r"\bmid-", "mid ", t)
    t = re.sub(r"'s$", "", t)  # "last year's"
    return re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", t)


def _iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for_month(anchor: date, month: int, direction: int) -> int:
    """Year of a bare month name: the past one in past context, the next one in future
    context, otherwise the nearest to the publication date (months are cheap to misplace by
    a year, so 'nearest' is the safest default)."""
    y = anchor.year
    if direction == PAST:
        return y if month <= anchor.month else y - 1
    if direction == FUTURE:
        return y if month >= anchor.month else y + 1
    return min((y - 1, y, y + 1), key=lambda c: (abs(c * 12 + month - (y * 12 + anchor.month)), c != y))


def _year_for_day(anchor: date, month: int, day: int, direction: int) -> date | None:
    y = anchor.year
    options = [d for d in (_safe_date(c, month, day) for c in (y - 1, y, y + 1)) if d]
    if not options:
        return None
    if direction == PAST:
        past = [d for d in options if d <= anchor]
        return max(past) if past else None
    if direction == FUTURE:
        future = [d for d in options if d >= anchor]
        return min(future) if future else None
    return min(options, key=lambda d: (abs((d - anchor).days), d.year != y))


def _shift(anchor: date, count: str, unit_word: str, sign: int) -> tuple[str, str] | None:
    """"three days ago" / "in two months": the anchor moved by n units, at that unit's precision."""
    n = _num(count)
    if n is None:
        return None
    unit = lexicon().units[unit_word]
    if unit == "day":
        return (anchor + timedelta(days=sign * n)).isoformat(), "day"
    if unit == "week":
        return _iso_week(anchor + timedelta(weeks=sign * n)), "week"
    if unit == "month":
        y, mon = _shift_month(anchor.year, anchor.month, sign * n)
        return f"{y}-{mon:02d}", "month"
    return str(anchor.year + sign * n), "year"


def _num(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return lexicon().numbers.get(token)


def normalise(text: str, anchor: date | None, direction: int = NONE) -> tuple[str, str] | None:
    """(value, precision) for a time expression, or None if it is not a resolvable point in
    time (durations such as "two days" or "years" are not). Own rules only: no dateparser."""
    rules, lex = _rules(), lexicon()
    t = _clean(text)
    if not t:
        return None
    if anchor is not None and (m := rules.in_n.fullmatch(_clean_keep_lead(text))):
        return _shift(anchor, m["n"], m["unit"], 1)
    if rules.duration.fullmatch(t):
        return None

    weekday_direction = direction
    direction = NONE if direction == PRESENT else direction
    if m := rules.iso_day.fullmatch(t):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return (d.isoformat(), "day") if d else None
    if m := rules.iso_month.fullmatch(t):
        mon = int(m["m"])
        return (f"{m['y']}-{mon:02d}", "month") if 1 <= mon <= 12 else None

    for pattern in (rules.mdy, rules.dmy):
        if m := pattern.fullmatch(t):
            mon, day = lex.months[m["mon"]], int(m["d"])
            if m["year"]:
                d = _safe_date(int(m["year"]), mon, day)
            elif anchor:
                d = _year_for_day(anchor, mon, day, direction)
            else:
                return None
            return (d.isoformat(), "day") if d else None

    if m := rules.month.fullmatch(t):
        mon = lex.months[m["mon"]]
        if m["year"]:
            return f"{m['year']}-{mon:02d}", "month"
        if anchor is None:
            return None
        return f"{_year_for_month(anchor, mon, direction)}-{mon:02d}", "month"

    if m := rules.year.fullmatch(t):
        return m["year"], "year"

    if anchor is None:
        return None

    if m := rules.weekday.fullmatch(t):
        wd = lex.weekdays[m["wd"]]
        rel = m["rel"] or ""
        back = (anchor.weekday() - wd) % 7   # days since the most recent such day (0 = today)
        ahead = (wd - anchor.weekday()) % 7  # days until the next such day (0 = today)
        if rel in ("last", "this past", "past"):
            d = anchor - timedelta(days=back or 7)
        elif rel in ("next", "this coming", "coming"):
            d = anchor + timedelta(days=ahead or 7)
        elif weekday_direction in (FUTURE, PRESENT) or (rel == "this" and direction != PAST):
            d = anchor + timedelta(days=ahead)
        else:
            d = anchor - timedelta(days=back)
        return d.isoformat(), "day"

    if m := rules.deictic.fullmatch(t):
        w = m["w"]
        delta = -1 if w.startswith("yesterday") else 1 if w.startswith("tomorrow") else 0
        return (anchor + timedelta(days=delta)).isoformat(), "day"

    for pattern in (rules.unit_rel, rules.unit_part):
        if m := pattern.fullmatch(t):
            rel = m["rel"]
            delta = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
            unit = m["unit"]
            if unit == "week":
                return _iso_week(anchor + timedelta(weeks=delta)), "week"
            if unit == "month":
                y, mon = _shift_month(anchor.year, anchor.month, delta)
                return f"{y}-{mon:02d}", "month"
            return str(anchor.year + delta), "year"

    if m := rules.weekend.fullmatch(t):
        rel = m["rel"]
        to_sat = (5 - anchor.weekday()) % 7
        if rel in ("last", "this past", "past") or (rel == "the" and direction == PAST):
            sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
        elif rel in ("next", "coming", "this coming") and to_sat == 0:
            sat = anchor + timedelta(days=7)
        else:
            sat = anchor + timedelta(days=to_sat)
        return _iso_week(sat), "week"

    if m := rules.ago.fullmatch(t):
        return _shift(anchor, m["n"], m["unit"], -1)

    if m := rules.season.fullmatch(t):
        code, first, last = lex.seasons[m["season"]]
        if m["year"]:
            return f"{m['year']}-{code}", "season"
        rel = m["rel"] or ""
        y, month = anchor.year, anchor.month
        # winter spans the year boundary: Jan/Feb belong to the winter that began in December
        if code == "WI" and month <= last:
            y_current = y - 1
            started, ended = True, False
        else:
            y_current = y
            started, ended = month >= first, month > last and code != "WI"
        if rel in ("last", "past", "this past") or (rel in ("", "the") and direction == PAST and not started):
            year = y_current if ended else y_current - 1
        elif rel in ("next", "coming", "this coming") or (rel in ("", "the") and direction == FUTURE and ended):
            year = y_current if not started else y_current + 1
        else:
            year = y_current
        return f"{year}-{code}", "season"

    return None


# --------------------------------------------------------------------------- dateparser fallback

@lru_cache(maxsize=16)
def _dateparser(anchor: datetime, prefer: str) -> Any:
    """One DateDataParser per (anchor, preference): building one costs more than a parse."""
    from dateparser.date import DateDataParser  # lazy: importing dateparser takes ~0.3 s

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": anchor,
        "PREFER_DATES_FROM": prefer,
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": ["relative-time", "absolute-time"],
    })


def parse_with_dateparser(text: str, anchor: date, direction: int) -> tuple[str, str] | None:
    """Last resort for a DATE span our rules do not read (e.g. "12/05/2023", "Sept. 11th")."""
    rules = _rules()
    t = _clean(text)
    if not t or rules.duration.fullmatch(t) or not rules.plausible.search(t):
        return None
    prefer = {PAST: "past", FUTURE: "future"}.get(direction, "current_period")
    base = datetime(anchor.year, anchor.month, anchor.day, 12)
    try:
        data = _dateparser(base, prefer).get_date_data(t)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is fine
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period
    if period == "day":
        return d.isoformat(), "day"
    if period == "week":
        return _iso_week(d), "week"
    if period == "month":
        return f"{d.year}-{d.month:02d}", "month"
    if period == "year":
        return str(d.year), "year"
    return None  # "time" comes back for garbage such as "the 1990s"


# --------------------------------------------------------------------------- context (tense)



def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _future_noun(tok: Token) -> bool:
    """A noun that names something still to come: "planned trip", "time to leave", "plan"."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nummod") and c.lower_ in _words("future_noun_mod"):
            return True
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and _has_to(c):
            return True
    return tok.lemma_.lower() in _words("future_noun")


def direction_of(span: Span) -> int:
    """Whether the clause around a date talks about the future or the past.

    Walks from the date up the dependency tree: a noun marked as planned ("planned time to
    leave, Friday") or a verb with will/shall/modal or an infinitive under plan/set/expect
    means future; a past-tense verb means past. A plain present says nothing.
    """
    doc = span.doc
    # an appended date: "Blinken's planned time to leave, Friday" (the parser attaches the
    # date to the main verb, but the phrase before the comma says what it dates)
    if span.start >= 2 and doc[span.start - 1].text in (",", ":", "\u2014", "-"):
        before = doc[span.start - 2]
        if before.pos_ == "VERB" and _has_to(before):
            return FUTURE
        if before.pos_ in ("NOUN", "PROPN") and _future_noun(before):
            return FUTURE
    tok = span.root
    for _ in range(10):
        if tok.pos_ in ("NOUN", "PROPN") and tok is not span.root and _future_noun(tok):
            return FUTURE
        if tok.pos_ in ("VERB", "AUX") and tok is not span.root:
            auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
            lowers = {a.lower_ for a in auxes}
            if lowers & _words("will") or any(a.lower_ == "going" for a in auxes):
                return FUTURE
            if lowers & _words("modal_future"):
                return FUTURE
            if _has_to(tok):
                head = tok.head
                if head.lemma_.lower() in _words("future_head") \
                        or head.lower_ in _words("future_head"):
                    return FUTURE
                if any(c.lower_ in _words("will") or c.lower_ in _words("modal_future")
                       for c in head.children):
                    return FUTURE
            if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
                return PAST
            if tok.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
                return PAST
            if tok.tag_ in ("VBZ", "VBP") and tok.lemma_.lower() in _words("future_head"):
                return FUTURE
            if tok.tag_ in ("VBZ", "VBP") and tok.lemma_.lower() not in _words("speech_present"):
                return PRESENT  # "the vote is on Thursday": a weekday ahead, nothing else
            if tok.tag_ in ("VBZ", "VBP", "VBD") or tok.dep_ == "ROOT":
                return NONE
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return NONE


# --------------------------------------------------------------------------- candidates

_NAME_ENTS = {"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "NORP", "GPE", "LOC", "LAW"}




def _false_hit(span: Span) -> bool:
    """Calendar words that are not dates here: "May" the modal, "March" the verb or "the
    march", "June" in a person's name, "Friday" in an organisation's name; "1700 GMT" is a
    clock time and "© 2020" a copyright line."""
    lex = lexicon()
    doc = span.doc
    if span.text.isdigit():
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        prev = doc[span.start - 1].lower_ if span.start > 0 else ""
        if nxt in _words("clock_word") or prev in ("©", "copyright", "(c)") or nxt == "©":
            return True
    has_number = any(t.like_num for t in span)
    for tok in span:
        low = tok.lower_.rstrip(".")
        if low in lex.months or low in lex.weekdays:
            if not tok.text[:1].isupper():
                return True
            if tok.ent_type_ in _NAME_ENTS and not has_number:
                return True
            if low in lex.ambiguous_months and not has_number:
                if tok.tag_ == "MD" or tok.pos_ in ("VERB", "AUX"):
                    return True
                if tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("the", "a", "this", "that") \
                        and low != "may":
                    return True
                prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
                if prev not in _words("month_lead") and not any(t.i < tok.i and t.lower_ in _words("month_lead")
                                                        for t in span):
                    return True  # a bare "March"/"May" only counts after "in", "since", "early" ...
    return False


def _candidates(doc: Doc) -> Iterator[Span]:
    """spaCy DATE (and day-naming TIME) entities, then regex finds the small model missed."""
    rules = _rules()
    out: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and rules.plausible.search(ent.text.lower())
                                     and re.search(r"day|tonight|today|yesterday|tomorrow", ent.text.lower())):
            out.append(ent)
    for m in rules.scan.finditer(extensions.doc_text(doc)):
        for g in ("x", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10"):
            if m.group(g):
                span = doc.char_span(m.start(g), m.end(g), alignment_mode="expand")
                if span is not None:
                    out.append(span)
                break
    out.sort(key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
    yield from out


def _display_span(span: Span) -> Span:
    """Widen a span to include a preceding part-of-period word ("early") or a preposition
    that changes what the expression means ("since", "over")."""
    doc, start = span.doc, span.start
    if start > 0 and doc[start - 1].lower_ in ("early", "mid", "late", "mid-"):
        start -= 1
    if start > 0 and doc[start - 1].lower_ in _words("display_prep"):
        start -= 1
    return doc[start:span.end]


def extract_timex(doc: Doc, published: datetime | None) -> list[Timex]:
    """All resolvable time expressions in `doc`, left to right, never overlapping.

    The anchor is `published`'s day in its own zone: the pipeline passes the publication time
    at the article's stated offset (`analyze.local_published`), so "yesterday" in a story
    filed at 21:24 -05:00 on 8 November is the 7th, not the 8th (the UTC day being the 9th)."""
    anchor = published.date() if published else None
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []
    for span in _candidates(doc):
        if any(span.start_char < e and s < span.end_char for s, e in taken):
            continue
        if _false_hit(span):
            continue
        direction = direction_of(span)
        result = normalise(span.text, anchor, direction)
        if result is None and anchor is not None and span.label_ == "DATE":
            result = parse_with_dateparser(span.text, anchor, direction)
        if result is None:
            continue
        shown = _display_span(span)
        if any(shown.start_char < e and s < shown.end_char for s, e in taken):
            shown = span
        value, precision = result
        found.append(Timex(text=shown.text, value=value, precision=precision,
                           start=shown.start_char, end=shown.end_char))
        taken.append((shown.start_char, shown.end_char))
    found.sort(key=lambda t: t.start)
    return found


class TimexComponent:
    """The pipeline component: fills `doc._.ww_timex` for the body zone ([] elsewhere)."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.ww_zone != "body":
            doc._.ww_timex = []
            return doc
        doc._.ww_timex = extract_timex(doc, doc._.ww_published)
        return doc


@Language.factory("ww_timex")
def make_timex(nlp: Language, name: str) -> TimexComponent:
    return TimexComponent()
