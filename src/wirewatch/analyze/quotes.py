"""Quotes (`ww_quotes`) and attributions (`ww_attributions`) in the body.

A quote is speech credited to a person or body: direct (between quote marks, straight or
curly, possibly running over several paragraphs) or indirect ("X said that ..."). The speaker
is whatever the entities component resolved the cue verb's subject to (so "the Chinese foreign
minister told ..." credits Qin Gang); "he"/"she" and descriptions go through the coreference
chains (`ww_coref`); a quote with no cue of its own goes on in the voice of the quote or the
reporting sentence just before it ("“A,” Reed said. “B.”"). An
attribution is a claim credited to another news outlet ("according to CNN", "said Reuters",
"state media reported"): those are the article's sources, not speakers, so a cue whose subject
is an outlet makes an attribution and never a quote. "X told the BBC" is an interview: X is
the speaker and the BBC is not credited with a claim. Some verbs report speech only as a
quote's tag (“…,” agrees X; X countered that “…”), and an opinion noun frames a quote for its
possessor ("In the SPLC's view, “…”", "His conclusion: “…”"). A quote with no speaker
found so far goes to the speaker of the next sentence when it stands alone (“…” But the
committee said …), and in an interview transcript to the labelled person whose turn it is
("REP. JOHN LEWIS: … I said, “…”", or a mixed-case label opening the paragraph, "Jane
Roe: I told him, “…”"); whom a film or recording shows speaking speaks ("showed
Mr X telling the meeting: “…”"). A speech participle hung on a clause about a thing speaks
for whoever reports that clause ("X laughed off suggestions that his seat was in danger
saying it was “…”").

Two apostrophes typed for a closing mark ("…,'' said Ford") close a double quote. The one
quoted "as saying" speaks, not the outlet quoting (“…,” Reuters quoted a bank official as
saying); an acronym spelled out in brackets ("the London Stock Exchange (LSE)") and a name an
entity has elsewhere ("Fosters said", a mention the entities missed) are that entity. A tag
whose verb the copy dropped (“…,” Mr Champion.) names the speaker; a thing that "suggests"
inside someone's report ("Polls suggest that “…”, Ms Roe says") leaves the quote to the
reporter; one sentence of background naming nobody does not end the voice of the report
before it; "It issued a statement that “…”" is the body the chains give "it".

Everything works on the parse spaCy already made; cue words and outlet names are data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)
from wirewatch.analyze.actors import actor_index
from wirewatch.analyze.coref import across_paragraphs, is_age_epithet, quoted_spans
from wirewatch.analyze.coref import knowledge as _coref_knowledge
from wirewatch.analyze.extensions import entity_at
from wirewatch.model import Attribution, Entity, Quote

# --------------------------------------------------------------------------- knowledge (data)


@dataclass(frozen=True)
class _Cues:
    speech: frozenset[str]
    indirect: frozenset[str]
    report: frozenset[str]
    sources: tuple[str, ...]
    media: frozenset[str]
    source_re: re.Pattern[str]
    media_re: re.Pattern[str]
    tag: frozenset[str] = frozenset()      # verbs that tag a direct quote only
    opinion: frozenset[str] = frozenset()  # "in X's view": nouns whose possessor speaks
    means: frozenset[str] = frozenset()    # "X used a speech to say": X speaks
    witness: frozenset[str] = frozenset()  # "the video showed X saying": X speaks
    judge: frozenset[str] = frozenset()    # "X branded it a “…”": the last resort's verbs
    writer: frozenset[str] = frozenset()   # "“…?” I ask.": the byline's first author
    house: frozenset[str] = frozenset()    # "we called it “…”": the outlet
    addressee: frozenset[str] = frozenset()  # "“…?” I asked the council.": a tag with an object


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("wirewatch.data").joinpath(name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """Speech verbs, outlet-reporting verbs and source phrases from data/speech_cues.tsv."""
    table: dict[str, list[str]] = {}
    for row in _read_tsv("speech_cues.tsv"):
        table.setdefault(row[0], []).append(row[1].strip().lower())
    sources = tuple(sorted(table.get("source", []), key=len, reverse=True))
    media = frozenset(table.get("media", []))
    source_re = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sources) + r")\s+",
                           re.IGNORECASE)
    media_re = re.compile(
        r"^(?:the\s+)?(?:[A-Z][\w.-]*\s+)*?(?:state|state-run|state-owned|state-controlled|official|"
        r"local|government|government-run|national|pro-government|independent|regional|"
        r"foreign|western|social)\s+(?:" + "|".join(re.escape(m) for m in sorted(media, key=len, reverse=True))
        + r")(?:\s+[A-Z][\w-]*)*$", re.IGNORECASE)
    return _Cues(speech=frozenset(table.get("speech", [])),
                 indirect=frozenset(table.get("indirect", [])),
                 report=frozenset(table.get("report", [])),
                 sources=sources, media=media, source_re=source_re, media_re=media_re,
                 tag=frozenset(table.get("tag", [])), opinion=frozenset(table.get("opinion", [])),
                 means=frozenset(table.get("means", [])),
                 witness=frozenset(table.get("witness", [])),
                 judge=frozenset(table.get("judge", [])),
                 writer=frozenset(table.get("writer", [])),
                 house=frozenset(table.get("house", [])),
                 addressee=frozenset(table.get("addressee", [])))


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Surface form → canonical outlet name, from the MED rows of data/organisations.tsv (the
    entities component's gazetteer), used when an outlet is not among the doc's entities."""
    names: dict[str, str] = {}
    try:
        rows = _read_tsv("organisations.tsv")
    except FileNotFoundError:
        return names
    for row in rows:
        if len(row) < 4 or row[0] == "name" or row[3].strip() != "MED":
            continue
        canonical = row[0].strip()
        for form in [canonical, *row[1].split("|")]:
            form = form.strip()
            if form:
                names[form] = canonical
                names[re.sub(r"^(?:the|The)\s+", "", form)] = canonical
    return names


# --------------------------------------------------------------------------- segments

_PARA_BREAK = re.compile(r"\n\s*\n")
_INNER_QUOTE = re.compile(r"\u2018[^\u2019]*\u2019|(?<!\w)'[^']*'(?!\w)")


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _segments(doc: Doc, text: str) -> list[Span]:
    """Sentences, cut at paragraph breaks (the small model runs a heading into the next
    paragraph's first sentence); each a non-empty token span. (`doc.text` is rebuilt from the
    tokens on every access, so callers pass the text around.)"""
    out: list[Span] = []
    for sent in doc.sents:
        starts = [sent.start_char]
        starts += [m.end() + sent.start_char for m in _PARA_BREAK.finditer(text[sent.start_char:sent.end_char])]
        ends = starts[1:] + [sent.end_char]
        for s, e in zip(starts, ends, strict=True):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None and len(span):
                    out.append(span)
    return out


def _segment_index(segments: list[Span], char: int) -> int:
    for i, seg in enumerate(segments):
        if seg.start_char <= char < seg.end_char:
            return i
        if seg.start_char > char:
            return max(i - 1, 0)
    return len(segments) - 1


# --------------------------------------------------------------------------- direct quotes

_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c", "\u2018": "\u2019", '"': '"'}
_CLOSE_ANY = {"\u201d", "\u00bb", '"', "\u2019", "\u201c"}
# every character `find_direct_quotes` acts on (an opener, a closer, an apostrophe pair): its
# scan jumps from one to the next
_MARK = re.compile("[" + re.escape("".join(sorted({*_OPEN, *_OPEN.values(), *_CLOSE_ANY,
                                                   "'", "\u2019"}))) + "]")


@dataclass
class _RawQuote:
    pieces: list[tuple[int, int]]  # content spans (without marks), one per paragraph

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def text(self, doc_text: str) -> str:
        return " ".join(doc_text[s:e].strip() for s, e in self.pieces if doc_text[s:e].strip())

    def trimmed(self, doc_text: str) -> _RawQuote:
        """Without the comma and spaces a quote usually ends with ("…,” she said)."""
        s, e = self.pieces[-1]
        while e > s and (doc_text[e - 1].isspace() or doc_text[e - 1] in ",;"):
            e -= 1
        s0, e0 = self.pieces[0]
        while s0 < e0 and doc_text[s0].isspace():
            s0 += 1
        pieces = [*self.pieces[:-1], (s, e)]
        pieces[0] = (s0, pieces[0][1]) if len(pieces) > 1 else (s0, e)
        return _RawQuote(pieces)


def _is_opener(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in _OPEN:
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in ("\u2018", '"'):
        # an opening mark follows a space/bracket/dash and precedes a word
        return (prev.isspace() or prev in "([{\u2014\u2013-:/") and not nxt.isspace()
    if ch == "\u201c":
        return True
    return not nxt.isspace()


def _is_closer(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    want = _OPEN[opener]
    if opener in ('"', "\u201c") and text[i:i + 2] in ("''", "\u2019\u2019"):
        return True  # "…,'' said Ford": two apostrophes typed for a closing double mark
    if opener == "\u2018":
        # ’ is also the apostrophe: only a closer when no letter follows ("China’s" is not)
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return ch == "\u2019" and not nxt.isalnum()
    if opener == '"':
        return ch in ('"', "\u201d")
    return ch == want or (ch in _CLOSE_ANY and ch != "\u2019")


def _closed(carry: _RawQuote | None, piece: tuple[int, int]) -> _RawQuote:
    """The quote a closing mark ends: the one carried over from earlier paragraphs with its
    last piece, else a quote of this one piece."""
    if carry is None:
        return _RawQuote([piece])
    carry.pieces.append(piece)
    return carry


def find_direct_quotes(text: str) -> list[_RawQuote]:
    """Quote-mark spans, paragraph by paragraph. A paragraph that leaves a quote open and a
    next paragraph that starts with an opening mark make one quote (the news convention for
    long quotes); an open quote not continued that way ends with its paragraph."""
    quotes: list[_RawQuote] = []
    carry: _RawQuote | None = None
    paragraphs = _paragraph_bounds(text)
    for p_index, (ps, pe) in enumerate(paragraphs):
        i = ps
        while i < pe and text[i].isspace():
            i += 1
        opener: str | None = None
        content_start = 0
        if carry is not None:
            # continuation paragraph: starts with an opening mark (checked below)
            opener, content_start = text[i], i + 1
            i += 1
        while i < pe:
            ch = text[i]
            if _MARK.match(ch) is None:  # no branch below acts on it: on to the next mark
                m = _MARK.search(text, i, pe)
                i = m.start() if m else pe
                continue
            if opener is None:
                if _is_opener(text, i):
                    opener, content_start = ch, i + 1
            elif ch == opener and ch in ('"', "\u201c") and i > content_start \
                    and text[i - 1] == " " and text[i - 2:i - 1] in (".", "?", "!") \
                    and i + 1 < pe and text[i + 1].isalnum():
                # 'said: "A. "B."': a paragraph that went on in quotes, its break lost (the
                # BBC opens each quoted paragraph and closes only the last): a new quote
                quotes.append(_closed(carry, (content_start, i)))
                carry = None
                content_start = i + 1
            elif _is_closer(text, i, opener):
                quotes.append(_closed(carry, (content_start, i)))
                carry = None
                opener = None
            i += 1
        if opener is not None:
            end = pe
            while end > content_start and text[end - 1].isspace():
                end -= 1
            piece = (content_start, end)
            nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            nxt_char = text[nxt[0]:nxt[1]].lstrip()[:1] if nxt else ""
            if carry is None:
                carry = _RawQuote([piece])
            else:
                carry.pieces.append(piece)
            if not nxt_char or nxt_char not in _OPEN or nxt_char == "\u2019":
                quotes.append(carry)
                carry = None
    if carry is not None:
        quotes.append(carry)
    quotes = [q.trimmed(text) for q in quotes]
    return [q for q in quotes if all(e > s for s, e in q.pieces)]


# --------------------------------------------------------------------------- speakers

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_DATELINE_AFTER = re.compile(r"\s*(?:,\s*[A-Z][\w.]*\.?\s*)*(?:\([^)\n]{1,40}\)\s*)?[—–-]")
_BRACKETS = re.compile(r"[\[\]{}()]")
_POSSESSIVE = re.compile(r"\s*(?:'s|’s|'|’)$")
_OWNER_MARK = re.compile(r"(?:'s|’s|'|’)(?!\w)")  # right after a name: its possessor


_DESCRIPTIVE = {"president", "governor", "mayor", "senator", "minister", "secretary",
                "officials", "official", "spokesman", "spokeswoman", "spokesperson", "police",
                "chairman", "director", "judge", "justice", "general", "king", "queen", "pope"}
_TO_VERBS = {"continue", "promise", "vow", "call", "urge", "ask"}
_HEADLINE = re.compile(r"(?:^|\n)\s*([A-Z][\w.'’\-\]\[]*(?:\s+[A-Z][\w.'’\-\]\[]*){0,3})\s*:\s*$")


def _after_quote(text: str, end: int) -> int | None:
    """Where the words after a quote's closing mark start, if in the same paragraph."""
    i = end
    while i < len(text) and (text[i] in "\"”’»'" or text[i] in ",.?!" or text[i] == " "):
        i += 1
    return i if i < len(text) and text[i] != "\n" and i - end < 8 else None


def _continues(text: str, prev_end: int, start: int, resolver: _Resolver) -> bool:
    """A quote with no speech verb that follows the previous quote closely (same paragraph
    or the next one, nobody else named between) goes on in the same voice."""
    gap = text[prev_end:start]
    if len(gap) > 200 or gap.count("\n\n") > 1:
        return False
    # names in the previous quote's own tag (“A,” Reed said on Twitter. “B.”) are no change
    # of voice; anyone else named between is
    segments = resolver.segments
    tag = segments[_segment_index(segments, prev_end)] if segments else None
    last = resolver.last_speaker
    if any(prev_end <= s and e <= start and (last is None or ent.name != last.name)
           and not (tag is not None and tag.start_char <= s < tag.end_char)
           for s, e, ent in resolver.persons):
        return False
    # '"…" EA said the games industry was now bigger than music. "Nobody queues …"': a
    # sentence between that reports another speaker's words (a body's too) ends the voice
    span = resolver.doc.char_span(prev_end, start, alignment_mode="contract")
    speech = cues().speech
    for t in span if span is not None and last is not None else []:
        if t.lemma_.lower() not in speech or t.pos_ not in ("VERB", "AUX") \
                or tag is not None and tag.start_char <= t.idx < tag.end_char \
                or _inside(t.idx, resolver.quoted):
            continue
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        other = resolver.entity(subj) if subj is not None and subj.pos_ == "PROPN" else None
        if other is not None and other.name != last.name:
            return False
    return True


def _resumed_voice(text: str, start: int, resolver: _Resolver) -> Entity | None:
    """'Jo Roe said: "It is a fair price.\n\nTicket prices\n\nAdults £20\n\n"Fans want …':
    the last quote left open at its paragraph's end (the British way to run a quote on) and
    resumed by a paragraph that opens with a quote mark, with only box lines between (a table,
    a sub-heading: no sentence ends there), goes on in the voice of the open one."""
    if not resolver.voices:
        return None
    end, voice = resolver.voices[-1]
    if text[end:end + 1] not in ("", "\n", " ") or text[end:start].count("\n\n") > 12:
        return None  # closed (a mark right at its end), or too far
    line = text[text.rfind("\n", 0, start) + 1:start]
    if line.strip() not in _OPEN:
        return None
    between = [p.strip() for p in _PARA_BREAK.split(text[end:text.rfind("\n", 0, start)])]
    return voice if all(p[-1:] not in ".!?:\"”’" for p in between if p) else None


def _voice_talking_of(text: str, q: _RawQuote, raw: list[_RawQuote], person: Entity,
                      resolver: _Resolver) -> Entity | None:
    """'… Roe said. And winger Al Poe looks certain to play. "I took lessons from 2001. "Poe
    is an outstanding player …': a quote with no cue whose run (it and the quotes reopened
    right after it) names the person just named is talk about them, not by them; it goes on
    in the voice of the last quote (a few paragraphs up, when only that person is named
    since), else None."""
    if not resolver.voices:
        return None
    end, voice = resolver.voices[-1]
    if voice.name == person.name or text[end:q.start].count("\n\n") > 3 \
            or q.start - end > 1200 or any(
                end <= s and e <= q.start and ent.name not in (voice.name, person.name)
                for s, e, ent in resolver.persons):
        return None
    run = [q]
    for nxt in raw:
        gap = text[run[-1].end:nxt.start] if nxt.start >= run[-1].end else None
        if gap is not None and nxt is not run[-1] and len(gap) <= 5 and "\n\n" not in gap:
            run.append(nxt)
    words = set(person.name.split())
    # (not inside a quote within it: "a headline said, ‘Jo Roe's running for what?’")
    named = any(w in words for r in run
                for w in re.findall(r"[A-Z][\w'-]+", _INNER_QUOTE.sub(" ", r.text(text)))
                if len(w) > 2)
    return voice if named else None


def _last_voice(text: str, start: int, resolver: _Resolver) -> Entity | None:
    """Last resort for a quote with no cue that nothing else gave a speaker ("“…,” Ms Roe
    added.\\n\\nAcme shares rose 3%.\\n\\n“This is the right plan.”"): the speaker of the last
    direct quote a few paragraphs up, when nobody else is named since; else the person named
    last in the three sentences before. A quote the article gives nobody is rare in news
    copy; the voice it last gave is the likeliest."""
    if resolver.voices:
        end, voice = resolver.voices[-1]
        if text[end:start].count("\n\n") <= 3 and start - end <= 1200 \
                and not any(end <= s and e <= start and ent.name != voice.name
                            for s, e, ent in resolver.persons):
            return voice
    return resolver.last_person_before(start) if resolver.segments else None


def _headline_speaker(doc: Doc, text: str, start: int, resolver: _Resolver) -> Entity | None:
    """“Trump: ‘We will win’” — a name and a colon before a quote that opens a line."""
    line_start = text.rfind("\n", 0, start) + 1
    m = _HEADLINE.search(text, line_start, max(start - 1, line_start))
    if m is None:
        return None
    s, e = m.span(1)
    named = _named_at(doc, s, e, whole=True)  # only a name the model reads as a person...
    if named is None:  # ...or one our knowledge holds ("Pelosi: …" in a headline)
        known = actor_index(doc._.ww_kb).lookup(text[s:e])
        if known is not None:
            named = Entity(id="", name=known.name, type="PERSON", country=known.country)
    return named


_DASH_CREDIT = re.compile(r"[—–][ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})")


def _dash_speaker(doc: Doc, text: str, end: int) -> Entity | None:
    """“…” — Walter Kimbrough, Dillard University: the name after a dash that follows the
    closing mark is the speaker (pull quotes, collected opinions, an epigraph credited on
    the line below)."""
    i = end
    while i < len(text) and text[i] in "\"”’'.,?! \t\n" and i - end < 8:
        i += 1
    m = _DASH_CREDIT.match(text, i)
    if m is None:
        return _credit_line(doc, text, end, i) or _bare_tag(doc, text, end, i)
    s, e = m.span(1)
    return _named_at(doc, s, e, whole=False)


def _bare_tag(doc: Doc, text: str, end: int, i: int) -> Entity | None:
    """“…,” Mr Champion. — a tag whose verb the copy dropped: after a comma that closes the
    quote, a name and a full stop, nothing else, on the same line, are the speaker ("…,”
    Acme Bank's Roe.")."""
    if "," not in text[end:i] or "\n" in text[end:i]:
        return None
    stop = text.find(".", i, i + 60)
    span = doc.char_span(i, stop, alignment_mode="expand") if stop > i else None
    if span is None or not len(span) or len(span) > 6 \
            or any(t.pos_ not in ("PROPN", "PART") for t in span) \
            or span[-1].pos_ != "PROPN" or text[stop + 1:stop + 2] not in ("", " ", "\n"):
        return None
    ent = entity_at(doc, span[-1].idx, span[-1].idx + len(span[-1].text))
    if ent is None:  # a surname the entities did not mark here: the one entity it ends
        ends = {e.id or e.name: e for e in doc._.ww_entities or []
                if e.name.split()[-1:] == [span[-1].text] and len(e.name.split()) > 1}
        ent = next(iter(ends.values())) if len(ends) == 1 else None
    if ent is not None and ent.type in _SPEAKER_TYPES:
        return ent  # (whatever type the entities gave the name: "Mr Champion")
    if span[-1].ent_type_ != "PERSON":
        return None
    first = span[-1]
    while first.i > span.start and doc[first.i - 1].ent_type_ == "PERSON":
        first = doc[first.i - 1]
    return _named_at(doc, first.idx, span[-1].idx + len(span[-1].text), whole=False)


def _credit_line(doc: Doc, text: str, end: int, i: int) -> Entity | None:
    """“…” Rachel Irwin, spokeswoman for Senate Majority PAC — a pull quote credited without
    a dash: a person's name right after the closing mark, then a comma and who they are (a
    bare name there is a byline), and no verb before the paragraph ends."""
    if i == end or i >= len(text) or "\n" in text[end:i] or text[end - 1:end] not in "\"”’'.?!":
        return None
    para_end = text.find("\n", i)
    para_end = len(text) if para_end == -1 else para_end
    span = doc.char_span(i, para_end, alignment_mode="expand")
    if span is None or not len(span) or span[0].ent_type_ != "PERSON" or any(
            t.pos_ in ("VERB", "AUX") for t in span):
        return None
    name_end = span[0]
    while name_end.i + 1 < span.end and doc[name_end.i + 1].ent_type_ == "PERSON":
        name_end = doc[name_end.i + 1]
    if name_end.i + 2 >= span.end or doc[name_end.i + 1].text != ",":
        return None
    return _named_at(doc, span[0].idx, name_end.idx + len(name_end.text), whole=True)


def _named_at(doc: Doc, s: int, e: int, whole: bool) -> Entity | None:
    """The speaker named at [s, e): its entity, else the words the model reads as a person
    (`whole`: every word must be; else the person words are the name)."""
    ent = entity_at(doc, s, e)
    if ent is not None and ent.type in _SPEAKER_TYPES:
        return ent
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None
    person = [t for t in span if t.ent_type_ == "PERSON"]
    if not person or whole and len(person) != len(span):
        return None
    return Entity(id="", name=_clean_name(" ".join(t.text for t in person)), type="PERSON")


def _outlet_speaker(doc: Doc, text: str, subj: Token, resolver: _Resolver) -> Entity | None:
    """The outlet a cue's subject names ("…," Reuters reports; the outlet reported): the
    evaluators credit a direct quote to the outlet that prints it."""
    name = _outlet_for(doc, text, subj)
    if name is None:
        ent = resolver.entity(subj) if subj.lower_ not in _PERSON_PRONOUNS else None
        return ent if _is_outlet_entity(ent) else None
    for ent in doc._.ww_entities or []:
        if ent.name == name:
            return ent
    return Entity(id="", name=name, type="ORG", sector="MED")


def _inverted_subject(cue: Token) -> Token | None:
    """“…,” said Joachim Fels, … / says writer Bianca Barratt: the name right after the cue
    (within a few words, no punctuation between), whatever the parse hung it on."""
    doc = cue.doc
    end = cue.i + 1
    while end < min(cue.i + 11, len(doc)) and not (
            doc[end].is_punct or doc[end].is_space or doc[end].pos_ in ("VERB", "AUX", "SCONJ")
            and doc[end].dep_ not in ("nsubj", "compound")  # ("said trades union official
            # Ann Roe" with "trades" read as a verb and the cue's subject: a noun)
            or doc[end].pos_ == "ADP" and doc[end].lower_ != "of"):  # "a spokesman for X"
        end += 1
    window = doc[cue.i + 1:end]
    # (not a name that only modifies a noun after it: "said the Acme manager")
    persons = [t for t in window if t.ent_type_ == "PERSON" and not (
        t.dep_ == "compound" and t.head.pos_ == "NOUN" and t.i < t.head.i < end)]
    if persons:
        last = persons[0]
        while last.i + 1 < end and doc[last.i + 1].ent_type_ == "PERSON":
            last = doc[last.i + 1]
        return None if last.i + 1 < len(doc) and doc[last.i + 1].dep_ == "case" else last
    if window and all(t.pos_ == "PROPN" for t in window):
        return window[-1]  # a name the model did not label
    known = _coref_knowledge()
    # “…,” read a commentary in Black Enterprise; “…?” asked the magazine (parsed as its object)
    # (“…,” whispered the Acme Party person: a person, parsed as its object)
    return next((t for t in window if t.pos_ == "NOUN" and t.head.i == cue.i
                 and (t.lower_ in known.documents or t.lower_ in known.org and t.tag_ == "NN"
                      or t.dep_ == "dobj" and known.known_noun(t, "spokes")
                      and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children))),
                None)


def _person_tag(cue: Token, quote_end: int) -> bool:
    """Whether a cue is an inverted tag right after the closing mark (“…,” said X) whose
    subject after it is a person's name."""
    if not 0 <= cue.idx - quote_end < 6 or cue.pos_ not in ("VERB", "AUX"):
        return False
    subj = _inverted_subject(cue)
    return subj is not None and subj.ent_type_ == "PERSON"


def _words_owner(cue: Token, quoted: list[tuple[int, int]], quote_end: int) -> Token | None:
    """"Fox News reported Reade's words: “…”": a cue whose object is someone's words (an
    opinion noun with a possessor, before the quote) credits their owner, not the reporter."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or _inside(obj.idx, quoted) or not cue.i < obj.i or obj.idx >= quote_end \
            or obj.lemma_.lower() not in cues().opinion:
        return None
    return next((c for c in obj.children if c.dep_ == "poss"), None)


def _cue_subject(cue: Token, quoted: list[tuple[int, int]], quote_end: int) -> Token | None:
    """The speaker phrase of a cue: the name right after it when it follows the quote
    (“…,” said X), else its subject outside the quoted words."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None) \
        if cue.lemma_.lower() == "quote" else None
    if obj is not None and not _inside(obj.idx, quoted) and (obj.ent_type_ == "PERSON" or any(
            c.dep_ == "prep" and c.lower_ == "as" and any(
                p.dep_ in ("pcomp", "pobj") and p.lemma_.lower() in cues().speech
                for p in c.children) for c in cue.children)):
        # "The company's statement quoted Dr. Mark Pimentel: “…”": the one quoted (also
        # anyone quoted "as saying": “…,” Reuters quoted a bank official as saying)
        return obj
    subj = _subject_of(cue)
    if subj is not None and _inside(subj.idx, quoted):
        subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")
                     and not _inside(c.idx, quoted)), None)
        if subj is not None and subj.lower_ == "who" and subj.i > 0 \
                and subj.doc[subj.i - 1].pos_ in ("PROPN", "NOUN") \
                and not _inside(subj.doc[subj.i - 1].idx, quoted):
            # "labelled a “big misjudgement” by the Tories who said …" with the relative
            # clause hung on the quoted words: "who" is the name right before it
            subj = subj.doc[subj.i - 1]
    if cue.i > 0 and cue.doc[cue.i - 1].text == "," and (subj is None or subj.i < cue.i) \
            and cue.lemma_ != "tell" and (subj is None or subj.ent_type_ != "PERSON"):
        # (not the host of "Rep. X, a Democrat of Y, told CNN's Z")
        # "China, said Czech Interior Minister Jan Hamacek, is …": an interjected cue's
        # speaker is the name after it, not the subject of the clause it interrupts
        inverted = _inverted_subject(cue)
        if inverted is not None and inverted.ent_type_ == "PERSON":
            return inverted
    if 0 <= cue.idx - quote_end < 6 and (subj is None or subj.idx < quote_end
                                         or subj.pos_ in ("NOUN", "VERB")):
        # “…,” said X with the subject found before the quote (a misparse: "Debt Worries"),
        # or a common noun before the name ("says writer and user Bianca Barratt")
        return _inverted_subject(cue) or subj
    if subj is None and cue.i > 0 and cue.doc[cue.i - 1].ent_type_ == "PERSON" \
            and not _inside(cue.doc[cue.i - 1].idx, quoted):
        # "…, the carmaker's chief executive Helmut Panke said:" with the name hung on an
        # earlier noun: the name right before the verb speaks
        return cue.doc[cue.i - 1]
    if subj is None:
        # "the 74-year-old said", parsed with the age hung on the verb: the age speaks
        age = next((c for c in cue.lefts if is_age_epithet(c)), None)
        if age is not None and not _inside(age.idx, quoted):
            return age
    root = cue.sent.root
    if subj is None and root.ent_type_ == "PERSON" and root.i < cue.i and cue.dep_ == "acl" \
            and not _inside(root.idx, quoted):
        # "Melissa Murray, a law professor at …, called Trump's messaging “…”" parsed with
        # the name as the root and the verb hung on a noun of her appositive: the name speaks
        return root
    return subj


def _governing_subject(doc: Doc, start: int, end: int, quoted: list[tuple[int, int]],
                       colon: bool = False) -> Token | None:
    """A quote with no speech verb that is an argument of a clause ("Sessions's memo
    instructed the department to “…”", "The Journal has called the race “…”"): the subject
    of the first verb outside the quote that governs it (with `colon`, of the clause that
    the colon before the quote ends)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    frame = span.root
    if colon:
        before = [t for t in doc[max(span.start - 4, 0):span.start] if t.text == ":"]
        if not before or before[-1].i == 0:
            return None
        frame = doc[before[-1].i - 1]
        if frame.pos_ in ("NOUN", "PROPN") and frame.dep_ in ("ROOT", "dep") \
                and not _inside(frame.idx, quoted):
            # "His conclusion: “…”", a fragment: the noun's possessor speaks
            poss = next((c for c in frame.children if c.dep_ == "poss"), None)
            if poss is not None:
                return poss
    k = _coref_knowledge()
    for tok in _heads_outside(frame, quoted, 8):
        if tok.pos_ == "NOUN" and not k.known_noun(tok):
            # "Gove's remark that people “…”" (but "accused Mr Blair's government of “…”"
            # is no words of Blair's: a body or person owned is not a saying)
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            if poss is not None:
                return poss
        if tok.pos_ in ("VERB", "AUX"):
            if tok.dep_ == "ccomp" and tok.head.pos_ in ("VERB", "AUX") \
                    and not _inside(tok.head.idx, quoted):
                continue  # "X found the system was “flawed”": whoever reports the clause
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.dep_ == "nsubjpass" \
                    and (agent := _subject_of(tok)) is not None and agent.dep_ == "pobj":
                subj = agent  # "The plan was called a “stunt” by X": X's words
            if subj is None and tok.dep_ == "conj":  # "Kemp issued … and activated …"
                subj = _subject_of(tok)
            if subj is not None and subj.lower_ in ("who", "that") and tok.dep_ == "relcl" \
                    and tok.head.pos_ in ("NOUN", "PROPN"):
                subj = tok.head  # "… quoted Dr. Mark Pimentel, who is leading the project: “…”"
            # "As a result, says the panel, the council may need to “…”": the clause is the
            # words of whoever the reporting clause set into it names, not of its own subject
            inset = next((c for c in tok.children if c.dep_ == "parataxis"
                          and c.lemma_.lower() in cues().speech and not _inside(c.idx, quoted)
                          and any(g.dep_ == "nsubj" for g in c.children)), None)
            if inset is not None and subj is not None and subj.i > inset.i:
                subj = next(g for g in inset.children if g.dep_ == "nsubj")
            if subj is not None:
                return None if _inside(subj.idx, quoted) else subj
    return None


def _heads_outside(tok: Token, quoted: list[tuple[int, int]], limit: int) -> Iterator[Token]:
    """The heads above `tok` up to the root (at most `limit` steps), leaving out those inside
    quoted words: where the speaker rules look for what frames a quote."""
    for _ in range(limit):
        if tok.head.i == tok.i:
            return
        tok = tok.head
        if not _inside(tok.idx, quoted):
            yield tok


def _responsible(doc: Doc, start: int, end: int, quoted: list[tuple[int, int]],
                 resolver: _Resolver) -> Entity | None:
    """The last resort for a quote no rule gave a speaker: up from the quoted words, the
    first verb of saying, naming or judging outside them (speech_cues.tsv: speech, tag,
    report, indirect, judge) whose subject stands for a named person or body ("Leaked papers
    suggest X branded the plan a “…”": X, though "papers" report it; "the ministries
    accused Y of running “…”"), or the owner of a saying noun on the way ("the minister's
    claim that it was fine “…” has …"). A subject no one stands for hands the quote up to
    the verb that reports its clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    k = _coref_knowledge()
    c = cues()
    verbs = c.speech | c.tag | c.report | c.indirect | c.judge
    for tok in _heads_outside(span.root, quoted, 10):
        word = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (word in k.documents or word in c.opinion):
            poss = next((ch for ch in tok.children if ch.dep_ == "poss"), None)
            if poss is not None:
                found = resolver.entity(poss)
                return found if found is not None and _named_speaker(found, poss) else None
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject_of(tok)
        if word not in verbs and not (subj is not None and subj.pos_ == "NOUN" and (
                subj.lemma_.lower() in k.documents or subj.lemma_.lower() in c.opinion)
                and any(ch.dep_ == "poss" for ch in subj.children)):
            # (not a verb of being or doing, "It was an “…” that X claimed", "X was becoming
            # “…”" reported by someone else; but "the minister's statement that it was okay to
            # get drunk “…” has diverted …" parsed with the quote on the main verb)
            continue
        if subj is None or _inside(subj.idx, quoted):
            continue
        writer = _writer(doc, subj, quoted)  # "We called it “…” in our review": the outlet
        if writer is not None:
            return writer
        if subj.lower_ in _EMPTY_SUBJECTS - {"it", "they"}:
            continue
        found = _outlet_speaker(doc, extensions.doc_text(doc), subj, resolver) \
            or resolver.entity(subj)
        if found is not None and found.type in _SPEAKER_TYPES and _named_speaker(found, subj):
            return found
    return None


def _writer(doc: Doc, subj: Token, quoted: list[tuple[int, int]]) -> Entity | None:
    """The piece's own voice: a first-person subject outside any quote speaks for whoever
    wrote it — "I" (speech_cues.tsv writer) for the first author of the byline ("“Why are
    they winning?” I ask." in a column), "we" (house) for the outlet ("We called it “a
    compelling option”" in a site's review) — when the article gives them (`ww_byline`).
    With no author in the byline (a blog), "I" is the person the writer names as themself
    outside any quote ("my name is Ann Lee"). Callers pass a subject outside the quoted
    words; inside them "I" is the quote's speaker."""
    byline = doc._.ww_byline
    if not byline:
        return None
    authors, outlet = byline
    c = cues()
    if subj.lower_ in c.writer and authors:
        return Entity(id="", name=authors[0], type="PERSON")
    if subj.lower_ in c.writer:
        return _self_introduced(doc, quoted)
    if subj.lower_ in c.house and outlet:
        return Entity(id="", name=outlet, type="ORG", sector="MED")
    return None


def _self_introduced(doc: Doc, quoted: list[tuple[int, int]]) -> Entity | None:
    """The person the writer's own voice names itself as, outside any quote ("If we haven't
    met, my name is Ann Lee"), when the article knows that person."""
    for m in _SELF_NAMED.finditer(extensions.doc_text(doc)):
        if _inside(m.start(), quoted):
            continue
        ent = entity_at(doc, *m.span(1))
        if ent is not None and ent.type == "PERSON":
            return ent
    return None


def _named_speaker(found: Entity, subj: Token) -> bool:
    """Whether a last-resort speaker is one the article names: an entity, or a proper noun
    as the subject; not a bare description ("the patient was diagnosed with “…”", "some
    states report tests as “…”"), nor a place reached from a word about its people ("many
    Britons believe …")."""
    if found.type in ("GPE", "NORP"):
        return subj.pos_ == "PROPN" and subj.ent_type_ in ("GPE", "NORP")
    return bool(found.id) or subj.pos_ == "PROPN" or _named_by_country(subj)


def _body_before(doc: Doc, segments: list[Span], cue: Token, quoted: list[tuple[int, int]],
                 resolver: _Resolver) -> Entity | None:
    """"The foreign ministry said …. It added that the envoy “…”": an "it" reporting speech
    that the chains left unresolved is the body that spoke in the sentence before, when a
    body word (coref.tsv org: ministry, office, company) is that verb's subject."""
    k = _segment_index(segments, cue.idx)
    if k == 0 or extensions.doc_text(doc)[segments[k - 1].end_char:cue.idx].count("\n\n") > 1:
        return None
    prev = segments[k - 1]
    c = cues()
    org = _coref_knowledge().org
    for t in prev:
        if t.lemma_.lower() not in c.speech | c.report or t.pos_ not in ("VERB", "AUX") \
                or _inside(t.idx, quoted):
            continue
        subj = _cue_subject(t, quoted, prev.end_char)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.lower_ in org \
                and not _inside(subj.idx, quoted):
            # (the voice it gave a quote there, when the body word is a bare description)
            return resolver.entity(subj) or next(
                (v for e, v in reversed(resolver.voices) if prev.start_char < e <= prev.end_char),
                None)
    return None


def _previous_speaker(doc: Doc, segments: list[Span], first: Span,
                      quoted: list[tuple[int, int]], resolver: _Resolver) -> Entity | None:
    """A quote with no cue of its own right after a sentence that reports speech ("Martin
    Bell … said politicians often failed to see themselves as others did. “We need …”")
    goes on in that speaker's voice: the subject of the previous sentence's speech verb,
    when the two sentences are in one paragraph or adjacent ones."""
    k = next((i for i, seg in enumerate(segments) if seg is first), 0)
    if k == 0:
        return None
    prev = segments[k - 1]
    if extensions.doc_text(doc)[prev.end_char:first.start_char].count("\n\n") > 1:
        return None
    speech = cues().speech

    def reporting(seg: Span) -> list[Token]:
        return [t for t in seg if t.lemma_.lower() in speech and t.pos_ in ("VERB", "AUX")
                and not _inside(t.idx, quoted) and t.dep_ != "amod"]

    def speaker_of(seg: Span) -> Entity | None:
        verbs = reporting(seg)
        # "The mayor had been saying …, a council spokesman said.": the reporting verb
        # outside every other one speaks, not a speech verb inside what it reports
        for tok in sorted(verbs, key=lambda t: any(v.is_ancestor(t) for v in verbs)):
            subj = _cue_subject(tok, quoted, seg.end_char)
            if subj is None or _inside(subj.idx, quoted) or subj.lower_ in _EMPTY_SUBJECTS:
                continue
            speaker = _outlet_speaker(doc, extensions.doc_text(doc), subj, resolver) \
                or resolver.entity(subj)
            if speaker is not None:
                return speaker
        return None

    speaker = speaker_of(prev)
    if speaker is None and k >= 2 \
            and "\n\n" not in extensions.doc_text(doc)[segments[k - 2].start_char:
                                                       first.start_char] \
            and first.text.lstrip()[:1] in "\"“‘'" \
            and not any(_inside(t.idx, quoted) for t in prev) \
            and not any(prev.start_char <= s < first.end_char for s, _, _ in resolver.persons):
        # "Mr Roe said that … he feared …. Since 1992, clubs have seen their income soar.
        # “…”": one sentence of background with nobody and no quoted words in it, in the
        # same paragraph, does not end the voice of the sentence before it (when the quote
        # opens its sentence and names nobody around it); nor does one whose only speech
        # verb has no speaker ("…, which suggests the show may move.")
        speaker = speaker_of(segments[k - 2])
    return speaker


def _subject_before(doc: Doc, segments: list[Span], first: Span,
                    quoted: list[tuple[int, int]], resolver: _Resolver) -> Entity | None:
    """A quote with no cue, opening its sentence right after a sentence about someone ("Jo
    Roe, 24, had to leave her flat near the home of Al Poe. “I am scared …”"): that
    sentence's subject, when it is a person (named, or a pronoun the chains resolve),
    speaks; not whoever the sentence names last."""
    k = next((i for i, seg in enumerate(segments) if seg is first), 0)
    if k == 0 or first.text.lstrip()[:1] not in "\"“‘'":
        return None
    prev = segments[k - 1]
    if extensions.doc_text(doc)[prev.end_char:first.start_char].count("\n\n") > 1 \
            or any(_inside(t.idx, quoted) for t in prev):
        return None
    root = prev.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in _EMPTY_SUBJECTS:
        return None
    speaker = resolver.entity(subj)
    return speaker if speaker is not None and speaker.type == "PERSON" else None


def _next_speaker(doc: Doc, segments: list[Span], first: Span, last: Span, q_start: int,
                  q_end: int, quoted: list[tuple[int, int]], resolver: _Resolver
                  ) -> Entity | None:
    """A quote that is a sentence of its own with no speaker before it ("… evidence from 51
    groups. “We accept that …” But the committee said …"): the subject of a speech verb in
    the next sentence (same or next paragraph), who goes on speaking there; else, for a
    quote that opens its paragraph, the first person that sentence names outside quotes."""
    text = extensions.doc_text(doc)
    k = next((i for i, seg in enumerate(segments) if seg is last), -1)
    if k < 0 or k + 1 >= len(segments) or any(
            ch.isalnum() for ch in text[first.start_char:q_start] + text[q_end:last.end_char]):
        return None  # words of the narrative around the quote: not a sentence of its own
    nxt = next((seg for seg in segments[k + 1:k + 3] if any(ch.isalnum() for ch in seg.text)),
               None)  # (the parser can leave the closing mark a sentence of its own)
    if nxt is None or text[q_end:nxt.start_char].count("\n\n") > 1:
        return None
    speech = cues().speech
    for tok in nxt:
        if tok.lemma_.lower() not in speech or tok.pos_ not in ("VERB", "AUX") \
                or _inside(tok.idx, quoted) or tok.dep_ == "amod":
            continue
        subj = _cue_subject(tok, quoted, nxt.end_char)
        if subj is None or _inside(subj.idx, quoted) or subj.lower_ in _EMPTY_SUBJECTS:
            continue
        speaker = _outlet_speaker(doc, text, subj, resolver) or resolver.entity(subj)
        if speaker is not None:
            return speaker
    para = text.rfind("\n", 0, q_start) + 1
    if text[para:q_start].strip(" \t\"“‘'"):
        return None
    return next((ent for s, e, ent in resolver.persons if nxt.start_char <= s
                 and e <= nxt.end_char and not _inside(s, quoted)), None)


_TURN = re.compile(r"(?:^|(?<=[.?!\"”’]\s))((?:[A-Z][A-Z.'’-]*\s){0,4}[A-Z][A-Z'’-]+\.?):\s",
                   re.MULTILINE)
_NAME_SUFFIXES = {"JR", "SR", "II", "III"}


def _turn_speaker(doc: Doc, text: str, pos: int) -> Entity | None:
    """In an interview transcript ("AMY GOODMAN: … REP. JOHN LEWIS: … I said, “…”") the
    words up to the next label are the labelled person's: the person whose surname ends the
    last label before `pos` (a transcript has at least two labels; one is no transcript)."""
    line = _line_turn_speaker(doc, text, pos)
    if line is not None:
        return line
    turns = list(_TURN.finditer(text, 0, pos))
    if not turns or len(turns) < 2 and _TURN.search(text, pos) is None:
        return None
    # (without titles, "REP.", and suffixes, "JR.")
    words = [w for w in turns[-1].group(1).split()
             if not w.endswith(".") and w.strip(".,") not in _NAME_SUFFIXES]
    if not words:
        return None
    found = {e.name: e for e in doc._.ww_entities or [] if e.type == "PERSON"
             and e.name.split() and e.name.split()[-1].upper() == words[-1]}
    whole = [e for e in found.values() if e.name.upper() == " ".join(words)]
    if len(found) == 1 or len(whole) == 1:
        return whole[0] if whole else next(iter(found.values()))
    label = turns[-1].group(1)
    if len(words) < 2 or found or sum(m.group(1) == label for m in _TURN.finditer(text)) < 2:
        return None  # (a name the entities missed takes turns; "EDITOR'S NOTE:" does not)
    return Entity(id="", name=" ".join(w.capitalize() for w in words), type="PERSON")


_LINE_TURN = re.compile(r"^((?:[A-Z][\w.'’-]*[ \t]){0,3}[A-Z][\w'’-]+):[ \t]", re.MULTILINE)


def _line_turn_speaker(doc: Doc, text: str, pos: int) -> Entity | None:
    """An interview printed in mixed case ("Jane Roe: I told him, “…”" after "The Herald:
    What …?"): the labels open paragraphs and the last one before `pos` names a person.
    (At least two labelled paragraphs, the last in the same paragraph as `pos`.)"""
    turns = list(_LINE_TURN.finditer(text))
    if len(turns) < 2:
        return None
    before = [m for m in turns if m.start() < pos]
    if not before or "\n" in text[before[-1].end():pos]:
        return None
    s, e = before[-1].span(1)
    entity = entity_at(doc, s, e)
    return entity if entity is not None and entity.type == "PERSON" else None


def _is_dateline(text: str, start: int, end: int) -> bool:
    """"WASHINGTON —", "BEIJING (Reuters) -": a place in capitals opening a paragraph."""
    word = text[start:end]
    if not word.isupper() or len(word) < 3:
        return False
    para = text.rfind("\n", 0, start) + 1
    prefix = text[para:start].strip()
    return (not prefix or prefix.isupper()) and bool(_DATELINE_AFTER.match(text, end))


def _clean_name(name: str) -> str:
    """"Vladimir] Putin" → "Vladimir Putin", "Obama's" → "Obama"."""
    name = _POSSESSIVE.sub("", _BRACKETS.sub("", name))
    return " ".join(name.split()).strip(" ,.;:-–—\"“”‘’")


def _proper_name(tok: Token) -> str:
    """A proper-noun subject with its compound name parts ("Sabrina Watkins")."""
    parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    start = parts[0].idx if parts else tok.idx
    return extensions.doc_text(tok.doc)[start:tok.idx + len(tok.text)]
# labels the small model gives a person's name by mistake ("Supervisor Bill Gates")
_NAME_LABELS = {"", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW"}
# labels of sums and counts the model gives a name with a number in it ("50 Cent")
_NUMBER_LABELS = {"MONEY", "CARDINAL", "QUANTITY", "PERCENT", "ORDINAL"}
_EMPTY_SUBJECTS = {"it", "there", "this", "that", "which", "who", "what", "i", "we", "you", "they"}
_SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}


def _is_outlet_entity(entity: Entity | None) -> bool:
    return entity is not None and entity.sector == "MED"


def _np_span(tok: Token) -> tuple[int, int]:
    """Character span of the noun phrase a token heads, up to the token itself (its left
    modifiers: "the Chinese foreign minister"), without relative clauses on the right and
    without a possessor ("Scholz's aides" are not Scholz)."""
    left = tok.left_edge
    for child in tok.lefts:
        if child.dep_ == "poss":
            after = child.right_edge.i + 1
            left = tok.doc[after] if after <= tok.i else tok
    return left.idx, tok.idx + len(tok.text)


def _stranded_subject(verb: Token) -> Token | None:
    """"… for £10m.\n\nJo Roe, the club's director, said: …" parsed as one sentence, with the
    name hung on the previous paragraph: the noun phrase that opens the verb's paragraph and
    whose head lies in an earlier one is the verb's subject."""
    doc = verb.doc
    start = verb.i
    while start > 0 and "\n\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while start < verb.i and doc[start].is_space:
        start += 1
    return next((t for t in doc[start:verb.i] if t.pos_ in ("PROPN", "NOUN")
                 and t.head.i < start and all(t.is_ancestor(d) for d in doc[start:t.i])),
                None)


def _name_in_subject(verb: Token, subj: Token) -> Token | None:
    """"… referred questions about testing to the app's maker, Shadow Inc. Mandy McClure, the
    party's spokeswoman, said …" parsed as one sentence whose subject is "questions" and the
    name an appositive deep inside it: when the subject is a thing (no person, body or text)
    and the verb follows right after a person's name and its appositive title, all inside
    that subject's phrase, the name is the speaker."""
    doc = verb.doc
    if subj.pos_ != "NOUN" or subj.ent_type_ or verb.i < 3 or doc[verb.i - 1].text != ",":
        return None
    k = _coref_knowledge()
    word = subj.lemma_.lower()
    if word in k.persons or word in k.org or word in k.groups or word in k.documents \
            or word in k.spokes or subj.lower_ in k.org:
        return None
    return next((p for p in reversed(doc[subj.i + 1:verb.i - 1]) if p.ent_type_ == "PERSON"
                 and subj.is_ancestor(p) and any(a.dep_ == "appos" and a.i > p.i
                                                 and a.right_edge.i == verb.i - 2
                                                 for a in p.children)), None)


def _titled_name(verb: Token, subj: Token) -> Token | None:
    """"Chairman of the Audit Committee Jo Roe MP said", "…," said Treasury Under Secretary
    Jo Roe": a title parsed as the subject with the name hung elsewhere (a "pobj", an
    "appos" of the body). When the subject is a capitalised word no person holds and the
    words from it run, all capitalised title words (or "of", "the", "for"), straight into a
    person's name that ends the phrase (before the verb, or the sentence when the subject
    follows the verb; letters like "MP" may follow), the name is the subject."""
    doc = subj.doc
    if subj.ent_type_ == "PERSON" or subj.pos_ not in ("PROPN", "NOUN") \
            or not subj.text[:1].isupper():
        return None
    i = subj.i + 1
    while i < len(doc) and doc[i].ent_type_ != "PERSON":
        t = doc[i]
        if not (t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADP")
                or t.lower_ in ("of", "the", "for")):
            return None
        i += 1
    if i >= len(doc):
        return None
    name = i
    while name + 1 < len(doc) and doc[name + 1].ent_type_ == "PERSON":
        name += 1
    j = name + 1
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text.isupper() \
            and not doc[j].ent_type_:
        j += 1  # "MP", "QC"
    if j < len(doc) and doc[j].text == ",":
        j += 1
    end = verb.i if verb.i > subj.i else len(doc)
    if j != end and not (verb.i < subj.i and (doc[j].is_punct or doc[j].is_sent_start)):
        return None
    return doc[name]


def _stray_auxiliary_subject(verb: Token) -> Token | None:
    """"He pointed to how Tony Blair had in 1997 complained about “…”" parsed with "Blair
    had" as a clause of its own and "complained", with no subject, hung on "pointed": the
    perfect or progressive auxiliary before the verb (only an adverbial phrase between), not
    the verb's own, holds the verb's subject."""
    if verb.tag_ not in ("VBN", "VBG", "VBD") or any(c.dep_ == "aux" for c in verb.children):
        return None
    doc = verb.doc
    i = verb.i - 1
    while i > 0 and doc[i].dep_ in ("prep", "pobj", "advmod", "npadvmod", "nummod", "det",
                                     "amod", "compound") and doc[i].pos_ != "AUX":
        i -= 1
    aux = doc[i]
    if aux.pos_ != "AUX" or aux.lemma_ not in ("have", "be") or aux.is_ancestor(verb) \
            or verb.is_ancestor(aux) or any(c.pos_ in ("VERB", "AUX") for c in aux.children):
        return None
    return next((c for c in aux.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _titled_person(noun: Token) -> Token | None:
    """"Jo Roe, the leader of the National Front party, who said …" with the relative clause
    hung on the last noun of the title ("party"): "who" is the person the title is in
    apposition to, when the noun is no person's word and lies in that appositive."""
    if noun.ent_type_ == "PERSON" or noun.lemma_.lower() in _coref_knowledge().persons:
        return None
    for up in (noun, *noun.ancestors):
        if up.dep_ == "appos" and up.head.ent_type_ == "PERSON":
            return up.head
        if up.dep_ not in ("pobj", "prep", "compound", "appos"):
            return None
    return None


def _first_of_joined(subj: Token) -> Token | None:
    """"JP Acme chief executive Jo Roe and chief operating officer Al Poe said" parsed with only
    the second name as the subject and the first hung elsewhere: the first of two titled
    names joined by "and" right before the verb is the subject, as it is when the parse
    joins them ("Jo Roe and Al Poe said" is Jo Roe's)."""
    doc = subj.doc
    if subj.ent_type_ != "PERSON":
        return None
    i = subj.left_edge.i - 1
    between = 0
    while i > 0 and doc[i].pos_ in ("NOUN", "ADJ", "PROPN") and not doc[i].ent_type_ \
            and between < 4:
        i -= 1
        between += 1
    if i < 1 or doc[i].lower_ != "and":
        return None
    first = doc[i - 1]
    if first.ent_type_ != "PERSON" or first.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj",
                                                       "poss", "conj"):
        return None
    return first


def _subject_of(verb: Token) -> Token | None:
    if any(c.dep_ == "auxpass" for c in verb.children):
        # "reports were described as “idle speculation” by Downing Street": the agent speaks
        # (or "by" hung on the quoted words by the parse: "described as “…” by X")
        quoted = quoted_spans(verb.doc)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None) or next(
            (t for t in verb.subtree if t.i > verb.i and t.lower_ == "by" and t.dep_ == "prep"
             and not _inside(t.idx, quoted) and (
                 t.head.dep_ == "pobj" and t.head.head.head.i == verb.i
                 # ("labelled a “big mistake” by X", "by" hung on the quoted label)
                 or t.head.dep_ == "oprd" and t.head.head.i == verb.i)), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if pobj is not None and not _inside(pobj.idx, quoted):
            return pobj
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for c in verb.children:
        if c in subjects and not c.whitespace_ and c.i + 1 < len(c.doc) \
                and c.doc[c.i + 1] in subjects:
            continue  # "the co-pilot said" split in three subjects: the word's last piece
        if c.dep_ in ("nsubj", "nsubjpass") and len(subjects) > 1 \
                and across_paragraphs(c, verb):
            continue  # of two subjects, not the one a paragraph away
        if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ != "PERSON" and c.pos_ != "PRON" \
                and any(o.i > c.i and (o.ent_type_ == "PERSON" or _named_as(o) is not None
                                       or c.pos_ == "NOUN" and o.pos_ == "PROPN")
                        for o in subjects):
            # "The charity's head of policy, Simon Wright said", "one of them, a man by the
            # name of Hosea Williams, said": the name, not the title (also a name the model
            # did not read as a person's: "The chairman of the Bar Council, Guy Mansfield QC
            # warned")
            continue
        if c.dep_ in ("nsubj", "nsubjpass") and across_paragraphs(c, verb) \
                and (stranded := _stranded_subject(verb)) is not None:
            return stranded
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in ("that", "which") and verb.dep_ == "relcl" \
                    and verb.head.lower_ in _coref_knowledge().documents:
                # "Greenwald responded with a sarcastic tweet that said, …": the text
                # speaks for whoever wrote or sent it
                sender = verb.head.head
                while sender.dep_ == "prep" and sender.head.i != sender.i:
                    sender = sender.head
                if sender.pos_ in ("VERB", "AUX") and sender.i != verb.head.i:
                    subj = next((s for s in sender.children if s.dep_ == "nsubj"), None)
                    if subj is not None:
                        return subj
            if c.lower_ in ("who", "that", "which") and verb.head.pos_ in ("NOUN", "PROPN") \
                    and verb.dep_ == "relcl":
                # ("welcomed by Beijing, which described the embargo as …": a named body;
                # "Acme's website, which said in a statement": the text, for its owner)
                if c.lower_ == "who" and (person := _titled_person(verb.head)) is not None:
                    return person
                return verb.head  # "the same woman who tweeted …", "Qin, who said …"
            return _name_in_subject(verb, c) or _first_of_joined(c) or _titled_name(verb, c) \
                or c
    stray = _stray_auxiliary_subject(verb)
    if stray is not None:
        return stray
    # "…, he paused and added": the subject of the first conjunct
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        first = verb.head
        doc = verb.doc
        if across_paragraphs(first, verb) and (stranded := _stranded_subject(verb)) is not None:
            return stranded
        # "Police claimed Jo was one of the leaders but his lawyer, Al Roe, told …" with
        # the second clause's subject read as joined to a noun of the first clause: the
        # noun phrase right before the verb, after the "but", is its subject
        near = next((t for t in doc[first.i + 1:verb.i] if t.dep_ == "conj"
                     and t.pos_ in ("NOUN", "PROPN") and t.head.i > first.i
                     and t.left_edge.i > 0 and doc[t.left_edge.i - 1].dep_ == "cc"
                     and (t.right_edge.i + 1 == verb.i or t.right_edge.i + 2 == verb.i
                          and doc[verb.i - 1].text == ",")), None)
        if near is not None:
            return near
        speech = cues().speech
        if verb.lemma_.lower() in speech and first.lemma_.lower() not in speech \
                and first.dep_ == "ccomp" and first.head.lemma_.lower() in speech \
                and first.head.pos_ in ("VERB", "AUX"):
            # "X admitted that the budget was tough but argued it was …", parsed with
            # "argued" joined to the reported "was": the two speech verbs share X
            first = first.head
        if first.dep_ == "acl" and first.tag_ in ("VBN", "VBD") and verb.tag_ == "VBD" \
                and first.head.dep_ == "ROOT" \
                and first.head.pos_ in ("NOUN", "PROPN"):
            # "The group, Acme Workers, formed last week and sent a letter stating …" with
            # the main verb read as a participle on the subject (the root): the subject
            return first.head
        subj = _subject_of(first)
        if subj is not None and subj.lower_ in ("what", "which", "that"):
            # "Bowser blasted Trump for what occurred, tweeting": not "what"
            for up in verb.head.ancestors:
                if up.pos_ in ("VERB", "AUX"):
                    return next((c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")),
                                subj)
        return subj
    # "prompting Kate Gallego to warn": the object of the verb that asks or makes
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.i < verb.i and verb.tag_ != "VBG" and not (
                obj.pos_ == "NOUN" and obj.lemma_.lower() in cues().means):
            # (but "X used a speech to say" and "X left UKIP saying": X says it)
            return obj
    # "The film showed Mr Hale, visibly angry, telling the meeting: …", "a video caught her
    # saying": whom a verb of seeing or hearing has speaking is its object, not its subject
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "ccomp"):
        up = verb
        while up.dep_ in ("advcl", "xcomp", "ccomp", "conj") and up.head.tag_ == "VBG" \
                and up.head.i != up.i:
            up = up.head
        witness = up.head
        if up.dep_ in ("advcl", "xcomp", "ccomp") and witness.pos_ == "VERB" \
                and witness.lemma_.lower() in cues().witness:
            obj = next((c for c in witness.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None:
                return obj
    # "Bowser blasted Trump, tweeting, …": the subject of the verb it modifies
    if verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP") \
            and any(c.dep_ == "mark" for c in verb.children):
        # "His comments come as the party's chairman, Jo Roe, called him “…”" with the
        # subject lost by the parse: a finite clause after "as" has a subject of its own,
        # never the main clause's
        return None
    if verb.dep_ in ("advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX") \
            and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > 0 \
                and verb.doc[verb.i - 1].text == ",":
            # "Bottoms told CNN that people should ignore the plan, saying, …": a participle
            # after a comma hung on a reported clause speaks for the reporting subject
            # (through the verbs of the reported clause: "he said the move is needed to
            # safeguard jobs and defend the country, calling it “…”")
            # (never up to a verb after the participle: "He denied X, insisting Y
            # appealed “…”" parsed with "appealed" as the root)
            # (nor past a joined clause with a named subject of its own: "X said it would
            # take too long and Y later climbed down, saying …" is Y's)
            while head.head.pos_ in ("VERB", "AUX") and head.head.i != head.i \
                    and head.head.i < verb.i and (
                    head.dep_ in ("ccomp", "xcomp")
                    or head.dep_ == "conj" and head.head.dep_ in ("ccomp", "xcomp", "conj")
                    and not any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in head.children)):
                head = head.head
        elif verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.lemma_.lower() in cues().speech:
            # "X laughed off suggestions that his seat had been in danger saying it was “…”":
            # a speech participle hung on a clause about a thing (no subject that can speak)
            # speaks for whoever the clause is reported by
            reporter = _reporter(head)
            if reporter is not None:
                return reporter
        return _subject_of(head)
    # "the decision, written by Roberts": a participle describing a noun says nothing
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and (
            verb.head.pos_ == "NOUN" and not verb.head.ent_type_
            and verb.head.lemma_.lower() not in _coref_knowledge().persons
            # ("Hockney left UKIP saying …": a body one acts on does not say it)
            or verb.head.ent_type_ in ("ORG", "GPE") and verb.head.dep_ in ("dobj", "pobj")):
        # "The Tory leader will call for tolerance arguing that …": a participle hung on a
        # thing (a misparse of "…, arguing") speaks for the subject of the clause
        up = verb.head
        while up.dep_ in ("pobj", "prep", "dobj", "attr") and up.head.i != up.i:
            up = up.head
        if up.pos_ in ("VERB", "AUX") and up.i != verb.i:
            return _subject_of(up)
    # "X resigned after admitting a “…”", "by calling it “…”": a participle after a
    # preposition on a main verb speaks for that verb's subject (not a "you" addressed)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" \
            and verb.head.head.pos_ in ("VERB", "AUX") and verb.head.head.i < verb.i \
            and verb.head.head.dep_ == "ROOT":
        subj = _subject_of(verb.head.head)
        k = _coref_knowledge()
        if subj is not None and "2" not in subj.morph.get("Person") and (
                subj.pos_ in ("PROPN", "PRON") or subj.lemma_.lower() in k.persons
                or subj.lemma_.lower() in k.org or subj.lemma_.lower() in k.groups):
            # (not a thing: "X's comments come a day after …, by claiming")
            return subj
    # "Qin, who said …": the noun the relative clause hangs on
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    # "As we have noted, a study by the Acme Institute, a think tank, concluded …" parsed
    # with the subject as the object of the clause before it: the object phrase that ends
    # right before the verb (a comma between) is its subject
    for clause in verb.lefts:
        if clause.dep_ != "advcl" or not any(c.dep_ == "mark" for c in clause.children):
            continue
        obj = next((c for c in clause.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if obj is not None and obj.i > clause.i and all(
                t.is_punct for t in verb.doc[obj.right_edge.i + 1:verb.i]):
            return obj
    return None


def _reporter(clause: Token) -> Token | None:
    """The subject of the verb a clause is reported by or hangs on ("X laughed off
    suggestions that his seat had been in danger"), when the clause's own subject is a
    common noun that no person or body is ("his re-election"); else None."""
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    k = _coref_knowledge()
    if subj is None or subj.pos_ != "NOUN" or subj.ent_type_ \
            or k.known_noun(subj, "documents") or clause.dep_ not in ("ccomp", "acl", "relcl"):
        return None
    up = clause.head
    for _ in range(4):
        if up.pos_ in ("VERB", "AUX"):
            found = next((c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if found is not None and (found.pos_ in ("PROPN", "PRON")
                                      or found.ent_type_ in ("PERSON", "ORG")):
                return found
            return None
        if up.head.i == up.i:
            return None
        up = up.head
    return None


def _named_as(tok: Token) -> Token | None:
    """"One of the marchers, a man by the name of Hosea Williams, said", "a woman named Ann
    Lee said": the name the subject phrase gives its person (within a few words of it)."""
    if tok.ent_type_ == "PERSON" or tok.pos_ not in ("NOUN", "NUM", "PRON"):
        return None
    for c in tok.subtree:
        if c.i > tok.i + 16:
            break
        name = None
        if c.lower_ == "name" and c.head.lower_ == "by":
            of = next((p for p in c.children if p.dep_ == "prep" and p.lower_ == "of"), None)
            name = next((p for p in of.children if p.dep_ == "pobj"), None) if of else None
        elif c.lower_ in ("named", "called") and c.dep_ == "acl":
            name = next((p for p in c.children if p.dep_ in ("oprd", "dobj", "attr")), None)
        if name is not None and name.ent_type_ == "PERSON":
            return name
    return None


def _first_of_joint_bodies(tok: Token) -> Entity | None:
    """"The Ruritanian and Freedonian interior ministries said": bodies of two countries
    speaking jointly, for whom the first named answers (as "X and Y said" is X's): "Ruritanian
    interior ministry", of the first demonym's country."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.lower_ not in _coref_knowledge().org:
        return None
    first = next((c for c in tok.lefts if c.dep_ in ("amod", "compound")
                  and c.ent_type_ in ("NORP", "GPE")
                  and any(j.dep_ == "conj" and j.ent_type_ == c.ent_type_ for j in c.children)),
                 None)
    if first is None:
        return None
    rest = [c.text for c in tok.lefts if c.i > first.right_edge.i and c.dep_ in ("amod", "compound")
            and not c.ent_type_]
    owner = entity_at(tok.doc, first.idx, first.idx + len(first.text))
    return Entity(id="", name=" ".join([first.text, *rest, tok.lemma_.lower()]), type="ORG",
                  country=owner.country if owner is not None else None)


def _named_by_country(subj: Token) -> bool:
    """Whether a body is named by the country it belongs to ("the Ruritanian ministry")."""
    return any(c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
               for c in subj.lefts)


class _Resolver:
    """Maps subject tokens to the doc's entities (needs ww_entities; degrades to None)."""

    def __init__(self, doc: Doc, segments: list[Span]):
        self.doc = doc
        self.text = extensions.doc_text(doc)
        self.segments = segments
        self.quoted: list[tuple[int, int]] = []
        self.last_speaker: Entity | None = None
        self.voices: list[tuple[int, Entity]] = []  # (end, speaker) of each direct quote so far
        zone = doc._.ww_zone
        self.persons: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in doc._.ww_entities or [] if e.type == "PERSON"
             for m in e.mentions if m.zone == zone
             and not _is_dateline(self.text, m.start, m.end)), key=lambda x: (x[0], x[1]))
        coref = doc._.ww_coref
        if coref is not None:
            # "One day, he learns he's been invited on a TV show. “And I said, …”": a pronoun
            # or description the chains gave a named person mentions that person too
            self.persons = sorted(self.persons + [
                (m.start, m.end, c.entity) for c in coref.chains
                if c.type == "PERSON" and c.entity is not None
                for m in c.mentions if m.kind in ("pronoun", "description")],
                key=lambda x: (x[0], x[1]))

    def entity(self, tok: Token) -> Entity | None:
        """The entity a subject token stands for. Only a mention covering the head word
        counts: in "the Chinese foreign minister" the demonym "Chinese" (China) is a modifier,
        the speaker is whoever the whole phrase was resolved to. Pronouns and descriptions
        go through the coreference chains (`ww_coref`); a description no entity stands for
        is its own speaker ("the Goldman associate"), a name no entity holds is its words."""
        if _is_dateline(self.text, tok.idx, tok.idx + len(tok.text)):
            return None
        if tok.ent_type_ != "PERSON" and (tok.pos_ == "NOUN" or tok.pos_ == "PROPN"
                                          and not tok.ent_type_):
            # ("The Shadow Secretary of State for the Family, Theresa May, said": a title
            # read as a proper noun, no entity's, with the name in apposition)
            # "Former FBI deputy head Andrew McCabe said", parsed with the name in apposition
            # to the title noun: the name speaks
            # (or hung on the noun's complement: "Sanders's deputy state director for Iowa,
            # Bill Neidhardt, told Vox")
            # (a name the model left unlabelled counts when the noun is no body's:
            # "his old friend, Baroness Anna Kline of Ruritania, who said")
            body_noun = tok.lemma_.lower() in _coref_knowledge().org
            named = next((c for c in tok.subtree if c.i > tok.i and (
                              c.dep_ == "appos" or c.dep_ == "npadvmod" and c.ent_type_ == "PERSON")
                          and (c.ent_type_ == "PERSON" or not body_noun and c.pos_ == "PROPN"
                               and not c.ent_type_)
                          and (c.i - tok.i <= 6 and c.dep_ == "appos" or c.i - tok.i <= 10 and (
                              c.head.i == tok.i or _on_complement(c.head, tok)
                              and tok.doc[c.left_edge.i - 1].text == ","))
                          # (an appositive of the noun itself may follow its complement or
                          # an age: "the head of the Acme Board, Jo Roe", "One donor,
                          # 29-year-old Jo Roe"; so may one the parse hung on the noun's
                          # complement: "director of the Acme Crime Trust, Jo Roe, said")
                          and (c.head.i == tok.i or c.head.dep_ == "pobj")), None)
            if named is not None:
                person = self.entity(named)
                if person is not None and person.type == "PERSON":
                    return person
            if tok.pos_ == "NOUN":
                # "Telecom analysts Ovum welcomed the move, saying …", "The group, Acme
                # Workers, said": a body named in apposition speaks (whatever type the model
                # gave its name)
                body = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                             and 0 < c.i - tok.i <= 3 and c.ent_type_ != "PERSON"), None)
                owner = entity_at(self.doc, body.idx, body.idx + len(body.text)) \
                    if body is not None else None
                if owner is not None and owner.type not in ("PERSON", "DATE", "TIME"):
                    return owner
        if tok.ent_type_ == "ORG" or tok.ent_type_ != "PERSON" and tok.pos_ in ("NOUN", "PROPN"):
            # "Teachers Union President X said" parsed with
            # the organisation as subject: the phrase ends in the person who speaks (so does
            # "War on Want's John Hilary said", the name after a possessive)
            tail = max(tok.subtree, key=lambda t: t.i)
            first = tail
            while first.i > tok.i and tok.doc[first.i - 1].ent_type_ == "PERSON":
                first = tok.doc[first.i - 1]
            owned = first.i > 0 and tok.doc[first.i - 1].tag_ == "POS"
            if tail.ent_type_ == "PERSON" and tail.i > tok.i and (
                    tok.ent_type_ == "ORG" or owned) and not any(
                    t.is_punct or t.pos_ in ("VERB", "AUX") for t in tok.doc[tok.i:tail.i]):
                person = entity_at(self.doc, tail.idx, tail.idx + len(tail.text))
                if person is not None and person.type == "PERSON":
                    return person
        named_as = _named_as(tok)
        if named_as is not None:
            person = self.entity(named_as)
            if person is not None and person.type == "PERSON":
                return person
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _coref_knowledge().partitives:
            # "a group of senior Democrats wrote": the members speak
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            members = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if members is not None and members.tag_ in ("NNS", "NNPS"):
                return self.entity(members)
            if of is None and tok.lemma_.lower() in _coref_knowledge().named_sets \
                    and any(c.lower_ == "the" for c in tok.children):
                # "Jo Roe and Al Poe wrote to the agency. The pair said …": the first of the
                # people last named together (as "Jo Roe and Al Poe said" is Jo Roe's)
                first = self.first_of_named_together(tok)
                if first is not None:
                    return first
        joint = _first_of_joint_bodies(tok)
        if joint is not None:
            return joint
        if tok.tag_ == "NNPS":
            # "Senate Republicans said": the members as a group, not the party the entities
            # component folds them into (the annotation guide's NORP "Democrats")
            ent = entity_at(self.doc, tok.idx, tok.idx + len(tok.text))
            if ent is not None and ent.type == "ORG" and tok.lower_ not in ent.name.lower():
                return Entity(id="", name=_clean_name(_proper_name(tok)), type="NORP",
                              country=ent.country, sector=ent.sector)
        coref = self.doc._.ww_coref
        if coref is not None:
            chain = coref.chain_at(tok.idx, tok.idx + len(tok.text))
            if chain is not None and chain.type in _SPEAKER_TYPES | {"GROUP"}:
                if chain.entity is not None:
                    return chain.entity
                body = next((c for c in tok.children if c.dep_ == "compound"
                             and c.ent_type_ == "ORG"), None) if chain.type == "PERSON" \
                    and tok.pos_ == "NOUN" and tok.lemma_.lower() in _coref_knowledge().insiders \
                    else None
                owner = entity_at(self.doc, body.idx, body.idx + len(body.text)) \
                    if body is not None else None
                if owner is not None and owner.type == "ORG":
                    # “…,” whispered the Acme Party person: someone no one names, of a body
                    # named on the noun, speaks for it (the guide's "a Labour source")
                    return owner
                return Entity(id="", name=chain.name, type=chain.type, country=chain.country)
        k = _coref_knowledge()
        owner = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
            (p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
             for p in c.children if p.dep_ == "pobj"), None)  # "a study by the Acme Trust"
        if owner is not None and tok.pos_ == "NOUN" and tok.tag_ == "NN" and not tok.ent_type_ \
                and not any(c.dep_ == "nsubj" and c.i != tok.i for c in tok.head.children) \
                and not k.known_noun(tok, "spokes", "epithets", "partitives", "principals"):
            # "His sales pitch adds: …", "Her new book says", "a study by the Acme Trust
            # concluded": a thing of someone's that speaks, which the chains gave no one,
            # speaks for its possessor or author (not so a person or body of theirs:
            # "Scholz's aides", "his party")
            found = self.entity(owner)
            if found is None and owner.lower_ in ("his", "her"):
                found = self.last_person_before(owner.idx, gender=_PRONOUN_GENDER[owner.lower_])
            return found
        if tok.lower_ in _PERSON_PRONOUNS:
            gender = _PRONOUN_GENDER[tok.lower_]
            return self.last_person_before(tok.idx, gender=gender) \
                or self.first_person_after(tok.idx, gender=gender)
        if tok.lower_ in _EMPTY_SUBJECTS:
            return None
        ent = entity_at(self.doc, tok.idx, tok.idx + len(tok.text))
        if ent is None and len(tok.text) > 2 and tok.text.endswith("."):
            # “…,” said Acme. — the full stop glued to the name, which the entities component
            # then missed here: the entity of that name elsewhere in the article
            ent = self.named(tok.text[:-1])
        if ent is None and tok.pos_ in ("NOUN", "PROPN") and tok.text[:1].isupper() \
                and len(tok.text) > 2:
            # "Fosters said …" where the entities component missed this mention (read as a
            # common noun opening the sentence): the entity of exactly that name elsewhere
            ent = self.named(tok.text)
        if ent is None and tok.text.isupper() and len(tok.text) > 1:
            ent = self.spelled_out(tok.text)
        if ent is None:
            ent = self.role_holder(tok)
        if ent is None and tok.pos_ == "NOUN":  # "the University of Sydney ecologists"
            for c in tok.children:
                if c.dep_ in ("compound", "nmod", "poss"):
                    owner = entity_at(self.doc, c.idx, c.idx + len(c.text))
                    if owner is not None and owner.type == "ORG":
                        return owner
        if ent is None and tok.dep_ == "nsubj" and tok.text.istitle() and (
                tok.pos_ == "PROPN" and tok.ent_type_ in _NUMBER_LABELS
                or tok.pos_ in ("INTJ", "X")):
            # "50 Cent said" read as a sum, "Oh said" as an interjection: a name all the
            # same (the entity whose name ends in it, if the article has one)
            lead = [c for c in tok.lefts if c.dep_ in ("compound", "nummod")]
            name = self.text[lead[0].idx if lead else tok.idx:tok.idx + len(tok.text)]
            holders = {e.name: e for e in self.doc._.ww_entities or []
                       if e.type in _SPEAKER_TYPES and (e.name == name
                                                         or e.name.endswith(" " + name))}
            return next(iter(holders.values())) if len(holders) == 1 \
                else Entity(id="", name=_clean_name(name), type="PERSON")
        if ent is None and (tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and tok.text.istitle()
                            and not tok.is_sent_start and tok.lower_ not in _DESCRIPTIVE):
            name = _clean_name(_proper_name(tok))
            if name and not name.isupper() and tok.ent_type_ in _NAME_LABELS \
                    and len(name.split()) <= 4:
                return Entity(id="", name=name, type="PERSON")
        if ent is not None and ent.type in _NAME_LABELS and tok.pos_ == "PROPN":
            return ent  # a name the model typed as a thing ("The Dallas Morning News claimed")
        return ent if ent is not None and ent.type in _SPEAKER_TYPES else None

    def first_of_named_together(self, tok: Token) -> Entity | None:
        """The first of the persons last named in one list ("A, B and C", "A and B") before
        `tok`, in its sentence or the two before (within one paragraph break)."""
        k = _segment_index(self.segments, tok.idx) if self.segments else 0
        lo = self.segments[max(k - 2, 0)].start_char if self.segments else 0
        if self.text[lo:tok.idx].count("\n\n") > 1:  # (no further than the paragraph before)
            lo = self.text.rfind("\n\n", 0, tok.idx)
        for t in reversed(self.doc[:tok.i]):
            if t.idx < lo:
                return None
            if t.dep_ == "conj" and t.ent_type_ == "PERSON" and t.head.pos_ == "PROPN" \
                    and not _inside(t.idx, self.quoted):
                # (up the list through names the model left untyped: "Gregor, Tom and Jo")
                head = t.head
                while head.dep_ == "conj" and head.head.pos_ == "PROPN" \
                        and head.head.ent_type_ in ("", "PERSON"):
                    head = head.head
                person = self.entity(head)
                return person if person is not None and person.type == "PERSON" else None
        return None

    def named(self, name: str) -> Entity | None:
        """The entity with this name, alias or mention text, if exactly one has it."""
        found = {id(e): e for e in self.doc._.ww_entities or []
                 if name in (e.name, *e.aliases, *(m.text for m in e.mentions))}
        return next(iter(found.values())) if len(found) == 1 else None

    def spelled_out(self, acronym: str) -> Entity | None:
        """"… the London Stock Exchange (LSE) …. “…,” LSE said": an acronym the article
        defined in brackets right after an entity's name (which the entities component did
        not take as a mention) is that entity."""
        for e in self.doc._.ww_entities or []:
            for m in e.mentions:
                if re.match(r"\s*\(" + re.escape(acronym) + r"\)", self.text[m.end:m.end + 20]):
                    return e
        return None

    def role_holder(self, tok: Token) -> Entity | None:
        """A role-only reference the entities component left unresolved in this doc
        (`doc._.ww_role_refs`): the one person here known to hold that role, if any."""
        refs = self.doc._.ww_role_refs if self.doc.has_extension("ww_role_refs") else None
        for ref in refs or []:
            if not ref.get("start", 0) <= tok.idx < ref.get("end", 0):
                continue
            role, country = (ref.get("role") or "").lower(), ref.get("country")
            holders = {e.name: e for e in self.doc._.ww_entities or [] if e.type == "PERSON"
                       and any((r.get("role") or "").lower() == role
                               and (not country or r.get("country") in (None, country))
                               for r in e.roles)}
            if len(holders) == 1:
                return next(iter(holders.values()))
        return None

    def last_person_before(self, char: int, same_or_previous_only: bool = False,
                           gender: str | None = None) -> Entity | None:
        """The most recently mentioned person (of the pronoun's gender, when the article shows
        theirs): same or previous sentence first, then up to three sentences back (a pronoun
        rarely reaches further in news copy)."""
        seg = _segment_index(self.segments, char)
        coref = self.doc._.ww_coref
        for back in ((1,) if same_or_previous_only else (1, 3)):
            floor = self.segments[max(seg - back, 0)].start_char if self.segments else 0
            best = None
            for start, end, ent in self.persons:
                if floor <= start and end <= char and not _inside(start, self.quoted):
                    if gender and coref is not None and coref.gender_of(ent) not in (None, gender):
                        continue
                    best = ent
            if best is not None:
                return best
        return None

    def first_person_after(self, char: int, gender: str | None = None) -> Entity | None:
        """A pronoun before any person is named (a lede: “It's not a crisis,” he says. …
        says Robert Wachter, who chairs …): the first person of its gender named in the next
        four sentences, outside quote marks."""
        if not self.segments or any(start < char for start, _, _ in self.persons):
            return None
        seg = _segment_index(self.segments, char)
        ceiling = self.segments[min(seg + 4, len(self.segments) - 1)].end_char
        coref = self.doc._.ww_coref
        for start, end, ent in self.persons:
            if char < start and end <= ceiling and not _inside(start, self.quoted):
                if gender and coref is not None and coref.gender_of(ent) not in (None, gender):
                    continue
                return ent
        return None

    def first_person_before(self, cue: Token) -> Entity | None:
        """The first person named in the cue's sentence before it, outside quote marks, and
        not as a possessor ("In response to Dr Lee's comments, Ann Roe, …, said:": Roe)."""
        # (from the paragraph's start at most: a sentence the parser ran across a break)
        floor = max(cue.sent.start_char, self.text.rfind("\n\n", 0, cue.idx) + 2)
        for ms, me, ent in self.persons:
            if floor <= ms and me <= cue.idx and not _inside(ms, self.quoted) \
                    and not _OWNER_MARK.match(self.text, me) \
                    and self.text[ms:me].lower() not in ("his", "her", "their", "its"):
                return ent
        return None

    def nearest_person(self, start: int, end: int, seg: Span) -> Entity | None:
        """Fallback speaker: the person mentioned nearest to the quote in its sentence (outside
        the quote), else the last one in the previous sentence."""
        best: tuple[int, Entity] | None = None
        for ms, me, ent in self.persons:
            if seg.start_char <= ms and me <= seg.end_char and (me <= start or ms >= end):
                dist = start - me if me <= start else ms - end
                if best is None or dist < best[0]:
                    best = (dist, ent)
        if best:
            return best[1]
        return self.last_person_before(seg.start_char, same_or_previous_only=True)


# --------------------------------------------------------------------------- quotes component

def _on_complement(t: Token, noun: Token) -> bool:
    """Whether `t` is the object of a preposition on `noun`, directly or through others
    ("director of the Victims of Crime Trust": Trust is on director)."""
    for _ in range(4):
        if t.dep_ != "pobj" or t.head.dep_ != "prep":
            return False
        if t.head.head.i == noun.i:
            return True
        t = t.head.head
    return False


def _inside(char: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= char < e for s, e in spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _outlet_for(doc: Doc, text: str, tok: Token) -> str | None:
    """The canonical outlet a noun phrase names (MED entity, gazetteer, or "state media")."""
    start, end = _np_span(tok)
    ent = entity_at(doc, tok.idx, tok.idx + len(tok.text)) or entity_at(doc, start, end)
    if _is_outlet_entity(ent):
        return ent.name  # type: ignore[union-attr]
    phrase = text[start:end]
    names = outlet_names()
    stripped = re.sub(r"^(?:the|The)\s+", "", phrase)
    for form in (phrase, stripped, tok.text):
        if form in names:
            return names[form]
    if cues().media_re.match(phrase):
        return re.sub(r"^(?:the|The)\s+", "", phrase)
    return None


def _opinion_holder(tok: Token) -> Token | None:
    """"In the SPLC's view, “…”", "in Biden's words": the possessor of an opinion noun after
    "in" speaks the quote it frames."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues().opinion or tok.dep_ != "pobj" \
            or tok.head.lower_ != "in":
        return None
    return next((c for c in tok.children if c.dep_ == "poss"), None)


def _tags_quote(verb: Token, quote_end: int, qroot: Token | None) -> bool:
    """Whether a verb that reports speech only as a quote's tag ("agree", "counter") tags this
    quote: it governs the quoted words ("Strzok countered that the bureau was “…”") or comes
    right after the closing mark with no other verb between (“…,” agrees Jeanne Ringel)."""
    if qroot is not None and verb.is_ancestor(qroot):
        # "Hale told MPs Ruritania had agreed to free them after “long … talks”": a tag
        # verb inside someone's reported clause is what they report, not the quote's tag
        speech = cues().speech
        return not any(a.lemma_.lower() in speech and a.pos_ in ("VERB", "AUX")
                       for a in verb.ancestors)
    doc = verb.doc
    if not 0 <= verb.idx - quote_end <= 40:
        return False
    first = doc.char_span(quote_end, verb.idx, alignment_mode="expand")
    between = doc[first.start:verb.i] if first is not None else doc[verb.i:verb.i]
    return not any(t.pos_ in ("VERB", "AUX") or "\n" in t.text_with_ws for t in between)


def _foreign_cue(cue: Token, qroot: Token | None, quoted: list[tuple[int, int]]) -> bool:
    """"The Audit Commission found the system was “fundamentally flawed” and the parties
    have said …": a cue that does not govern the quote but sits in a clause of the verb
    that does (itself no cue, with a subject of its own) is someone else's speech; the
    quote belongs to that verb's subject."""
    if qroot is None or cue.is_ancestor(qroot) or not (cue.dep_ == "pcomp" or any(
            ch.dep_ in ("nsubj", "nsubjpass") for ch in cue.children)):
        # (a participle is no clause of its own, "showed X telling the meeting: “…”", but
        # one after a preposition is: "branded Y “arrogant” for claiming …")
        return False
    if _opens_quote(cue, qroot, quoted):
        return False
    if cue.dep_ == "pcomp" and qroot.is_ancestor(cue):
        return True  # the quoted words govern it: "branded Howard “arrogant” for claiming …"
    c = cues()
    for up in qroot.ancestors:
        if _inside(up.idx, quoted) or up.pos_ not in ("VERB", "AUX"):
            continue
        if up.lemma_.lower() in c.speech | c.report | c.tag:
            return False
        if up.is_ancestor(cue):
            return any(ch.dep_ in ("nsubj", "nsubjpass") and not _inside(ch.idx, quoted)
                       and ch.lower_ not in _EMPTY_SUBJECTS for ch in up.children)
    return False


def _opens_quote(cue: Token, qroot: Token, quoted: list[tuple[int, int]]) -> bool:
    """"The crowd laughed when he urged voters, “Look at …”": a speech verb whose clause
    ends right where the quote opens (only a comma or colon between) introduces it, even
    when the parser hung the quoted words on the verb of the clause around it."""
    piece = next(((s, e) for s, e in quoted if s <= qroot.idx < e), None)
    if piece is None or cue.idx >= piece[0] or cue.lemma_.lower() not in cues().speech:
        return False
    text = extensions.doc_text(cue.doc)
    end = max(t.idx + len(t.text) for t in cue.subtree if t.idx < piece[0])
    gap = text[end:piece[0]]
    return "\n" not in gap and gap.strip(" ,:“\"‘'") == ""


_SELF_NAMED = re.compile(r"(?:I['’]m|I am|[Mm]y name is)\s+(?:[A-Z][a-z]+\.?\s+)?"
                         r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")


def _interview_answers(doc: Doc, text: str, raw: list[_RawQuote],
                       resolver: _Resolver) -> tuple[set[int], Entity | None]:
    """An interview laid out as questions and answers ("How do you balance work and family?"
    on a line of its own, then the answer in quote marks as the next paragraph): the answers
    carry no speech verb, and the nearest name is usually someone the interviewee talks
    about. Returns the starts of the answer quotes and the interviewee: the first person the
    article names outside the questions and answers (the intro or profile lines) who is never
    named inside them (one does not name oneself in the third person, and the questions call
    the interviewee "you"). At least two such pairs make the layout; else nothing."""
    paras = _paragraph_bounds(text)
    answers: set[int] = set()
    region: list[tuple[int, int]] = []
    for (qs, qe), (ps, pe) in zip(paras, paras[1:], strict=False):
        question = text[qs:qe].strip()
        opener = next((q for q in raw if ps <= q.start < pe), None)
        if opener is None or text[ps:opener.start].strip(" \t“\"‘'") \
                or not question.endswith("?") or question[:1] in "\"“‘'" \
                or _inside(qs, resolver.quoted):
            continue
        span = doc.char_span(qs, qe, alignment_mode="expand")
        if span is None or not any(t.pos_ == "PRON" and t.morph.get("Person") == ["2"]
                                   for t in span):
            continue  # a question to the reader or a rhetorical one is no interviewer's
        answers.add(opener.start)
        region += [(qs, qe), (ps, pe)]
    if len(answers) < 2:
        return set(), None
    inside = {ent.name for s, _, ent in resolver.persons if _inside(s, region)}
    for s, _, ent in resolver.persons:
        if not _inside(s, region) and not _inside(s, resolver.quoted) and ent.name not in inside:
            return answers, ent
    # a profile line the entities missed ("Jane's Family: husband Tom, 47"): a first name
    # of our list in the lines before the first question
    for tok in doc.char_span(0, region[0][0], alignment_mode="contract") or []:
        if tok.pos_ == "PROPN" and tok.lower_ in _coref_knowledge().first_names \
                and not _inside(tok.idx, resolver.quoted) and tok.text not in inside \
                and entity_at(doc, tok.idx, tok.idx + len(tok.text)) is None:
            names = [tok.text]
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.idx < region[0][0]:
                names.append(nxt.text)
            return answers, Entity(id="", name=" ".join(names), type="PERSON")
    return set(), None


def _self_named(doc: Doc, text: str, start: int) -> Entity | None:
    """The person a quote opens by naming as the speaker ("I'm Major John Cloud", "My name
    is Ann Lee"), when that name is a person the article knows."""
    m = _SELF_NAMED.match(text, start)
    if m is None:
        return None
    ent = entity_at(doc, *m.span(1))
    return ent if ent is not None and ent.type == "PERSON" else None


def _looks_like_title(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return bool(words) and sum(w[0].isupper() for w in words) >= max(2, int(0.8 * len(words)))


def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct quotes first (with speakers), then indirect speech that is not one of them."""
    c = cues()
    text = extensions.doc_text(doc)
    segments = _segments(doc, text)
    resolver = _Resolver(doc, segments)
    raw = find_direct_quotes(text)
    quoted = [piece for q in raw for piece in q.pieces]
    resolver.quoted = quoted
    answers, interviewee = _interview_answers(doc, text, raw, resolver)
    out: list[Quote] = []
    subjects: dict[tuple[int, str], tuple[int, int]] = {}  # (quote start, kind) → subject span

    for q in raw:
        content = q.text(text)
        if not content:
            continue
        first = segments[_segment_index(segments, q.start)] if segments else doc[:]
        last = segments[_segment_index(segments, max(q.end - 1, q.start))] if segments else doc[:]
        window = [first] if first is last else [first, last]
        after = _after_quote(text, q.end)
        tail: Span | None = None
        if segments and after is not None:  # “… done for what?” Sabrina Watkins said.
            seg = segments[_segment_index(segments, after)]
            if all(seg is not w for w in window):
                window.append(seg)
                tail = seg
        qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
        qroot = qspan.root if qspan is not None and len(qspan) else None
        cue_toks = [t for seg in window for t in seg
                    if (t.lemma_.lower() in c.speech | c.report
                        or t.lemma_.lower() in c.tag and _tags_quote(t, q.end, qroot))
                    and t.pos_ in ("VERB", "AUX")
                    and t.dep_ != "amod" and not _inside(t.idx, quoted)  # not "so-called"
                    and not (t.lemma_.lower() in _TO_VERBS  # "continuing to …" is no cue
                             and any(ch.dep_ == "xcomp" for ch in t.children))
                    # the next sentence is a tag (“…” Sabrina Watkins said.), not a report
                    # of its own (“…” Volkswagen, meanwhile, says it will focus on …)
                    # (nor a passive: “…” Details will be published on Monday.)
                    and not (seg is tail and (t.dep_ != "ROOT" or any(
                        ch.dep_ == "auxpass"
                        or (ch.dep_ in ("ccomp", "xcomp")
                            or ch.dep_ == "dobj" and t.lemma_.lower() not in c.addressee)
                        and not _inside(ch.idx, q.pieces)  # (this quote's words hung on it)
                        for ch in t.children)
                        # (“…” The girls answered with “…”: a verb before quoted words of
                        # its own sentence introduces those, not the quote before it)
                        or any(t.idx < s < seg.end_char for s, _ in quoted)))]
        if _looks_like_title(content) and len(content.split()) <= 8 \
                and content.rstrip()[-1:] not in ".!?":
            continue  # show titles and slogans: “Meet the Press”, “Black Lives Matter”
        according = [t for seg in window for t in seg
                     if (t.lower_ == "according" and t.i + 1 < len(doc)
                         and doc[t.i + 1].lower_ == "to" or _opinion_holder(t) is not None)
                     and not _inside(t.idx, quoted)
                     # (“…” according to X. is a tag; “…” If …, according to a report. is
                     # the next sentence's own source)
                     and not (seg is tail and t.idx - q.end >= 8)
                     # ("He had vowed to keep it “…,” and, according to X, once told …": the
                     # source of the clause the "and" opens)
                     and not (t.idx > q.end and any(
                         x.pos_ == "CCONJ" and q.end <= x.idx < t.idx for x in seg))]
        if not cue_toks and not according and (len(content.split()) < 4 or _looks_like_title(content)):
            continue  # scare quotes, titles, terms: "spy balloon"
        speaker: Entity | None = _dash_speaker(doc, text, q.end)
        resolved_cue = speaker is not None
        if not resolved_cue and not cue_toks \
                and text[:q.start].rstrip(" \t\n“\"‘'").endswith(":"):
            # “…the Senate parliamentarian issued an opinion: “…”: whoever the clause is about
            # ("Then he hurls this zinger: “…”": a pronoun through the coreference chains)
            subj = _governing_subject(doc, q.start, q.end, quoted, colon=True)
            if subj is not None and subj.lower_ not in _EMPTY_SUBJECTS:
                speaker = _outlet_speaker(doc, text, subj, resolver) or resolver.entity(subj)
                resolved_cue = speaker is not None
        # "Trump said Republicans should “fight very hard” … and suggested …": the verb whose
        # clause holds the quote beats a nearer one beside it
        # (a participle naming a thing, "a report called Rags To Riches", is no cue)
        candidates = sorted([t for t in cue_toks if not _foreign_cue(t, qroot, quoted)
                             and not (t.dep_ == "acl" and t.tag_ == "VBN"
                                      and t.head.pos_ == "NOUN")]
                            + according, key=lambda t: (
            # “…,” said Tom Hale right after the closing mark names the speaker even
            # when a verb before the quote governs it ("The survey adds “…,” said X")
            not _person_tag(t, q.end),
            not (qroot is not None and t.is_ancestor(qroot)),
            min(abs(t.idx - q.start), abs(t.idx - q.end))))
        for cue in [] if resolved_cue else candidates:
            if cue.lower_ == "according":
                pobj = [t for t in doc[cue.i + 1].children if t.dep_ == "pobj"]
                subj = pobj[0] if pobj else None
            elif cue.pos_ == "NOUN":  # "In the Southern Poverty Law Center's view, “…”"
                subj = _opinion_holder(cue)
            elif (owner := _words_owner(cue, quoted, q.start)) is not None:
                speaker = resolver.entity(owner)  # "Fox News reported Reade's words: “…”"
                if speaker is not None:
                    resolved_cue = True
                    break
                subj = _cue_subject(cue, quoted, q.end)
            else:
                subj = _cue_subject(cue, quoted, q.end)
            if subj is None and cue.pos_ != "NOUN" and cue.lower_ != "according" and qroot is not None \
                    and cue.is_ancestor(qroot) and cue.lemma_.lower() in c.speech | c.tag:
                # "Manke speaking inside his barbershop … told the Free Press that Whitmer
                # “is not my mother”": a cue that governs the quote but whose subject the
                # parse lost speaks for the first person named before it in its sentence
                speaker = resolver.first_person_before(cue)
                if speaker is not None:
                    resolved_cue = True
                    break
            if subj is None or _inside(subj.idx, quoted):
                continue
            outlet = _outlet_speaker(doc, text, subj, resolver)
            if outlet is not None:  # "…," Reuters reports: the outlet is credited
                speaker, resolved_cue = outlet, True
                break
            if cue.lower_ != "according" and cue.pos_ != "NOUN" \
                    and cue.lemma_.lower() not in c.speech | c.tag:
                continue  # a reporting verb only for outlets
            # "LEWIS: … I said, “…”": the turn's speaker; "“…?” I asked." in a column: its writer
            speaker = (_turn_speaker(doc, text, q.start) if subj.lower_ == "i" else None) \
                or _writer(doc, subj, quoted) or resolver.entity(subj)
            if speaker is None and subj.lower_ == "it" and segments:
                speaker = _body_before(doc, segments, cue, quoted, resolver)
            if speaker is None and subj.pos_ == "NOUN" and any(
                    o is not cue and o.pos_ in ("VERB", "AUX") and o.is_ancestor(cue)
                    for o in candidates):
                # "Opinion polls suggest that “…”, Ms Roe says": a thing that suggests,
                # inside what someone reports, leaves the quote to the one reporting it
                continue
            resolved_cue = subj.lower_ not in _PERSON_PRONOUNS
            if resolved_cue:
                subjects[(q.start, "direct")] = _np_span(subj)
            if speaker is not None or resolved_cue:
                break
        if speaker is None and not resolved_cue:
            speaker = _headline_speaker(doc, text, q.start, resolver)
        governed = None
        if speaker is None and not resolved_cue and not candidates:
            subj = _governing_subject(doc, q.start, q.end, quoted)
            if subj is not None and subj.lower_ not in _EMPTY_SUBJECTS:
                governed = _outlet_speaker(doc, text, subj, resolver) or resolver.entity(subj)
                if governed is not None and governed.type in ("GPE", "LOC") \
                        and subj.head.lemma_.lower() == "be":
                    # "Ruritania is a “fast-growing market”": words about a place, the topic
                    # of a copula, are someone else's (not "Ruritania said it was …")
                    governed = None
            elif subj is not None and subj.lower_ in ("it", "they"):
                # "South Korea moved to steady the markets. It issued a statement that “…”":
                # a body the coreference chains give the pronoun (never a thing's "it")
                governed = resolver.entity(subj)
                if governed is not None and governed.type not in ("ORG", "GPE"):
                    governed = None
            if any(ch.isalpha() for ch in text[first.start_char:q.start]):
                # a quote inside a clause of the narrative ("A Congressional Budget Office
                # study found that a pandemic “could …”") belongs to that clause's subject,
                # even right after someone else's quote
                speaker = governed
        if speaker is None and not resolved_cue and not candidates and q.start in answers:
            speaker = interviewee  # "How do you spend your weekends?\n\n“Outdoors, mostly.”"
        if speaker is None and not resolved_cue and not candidates and out \
                and out[-1].kind == "direct" and _continues(text, out[-1].end, q.start, resolver):
            speaker = resolver.last_speaker  # “…,” Schiff said. “Don't wait for the book.”
        if speaker is None and not resolved_cue and not candidates and governed is None:
            speaker = _resumed_voice(text, q.start, resolver)
        if speaker is None:
            speaker = governed
        if speaker is None and not resolved_cue and not candidates:
            speaker = _previous_speaker(doc, segments, first, quoted, resolver)
        if speaker is None and not resolved_cue and not candidates and segments:
            speaker = _subject_before(doc, segments, first, quoted, resolver)
            if speaker is not None:
                speaker = _voice_talking_of(text, q, raw, speaker, resolver) or speaker
        if speaker is None and not resolved_cue:
            speaker = resolver.nearest_person(q.start, q.end, first)
            if speaker is not None and not candidates:
                speaker = _voice_talking_of(text, q, raw, speaker, resolver) or speaker
        if speaker is None and not resolved_cue and not candidates and segments:
            speaker = _next_speaker(doc, segments, first, last, q.start, q.end, quoted, resolver)
        if speaker is None and not candidates:
            speaker = _turn_speaker(doc, text, q.start)  # "SMITH: … the sentence: “…”"
        if speaker is None and not resolved_cue and not candidates:
            speaker = _last_voice(text, q.start, resolver)
        if speaker is None:
            # the last resort, when every rule left the quote without a speaker: whoever
            # the sentence makes answer for the words ("X branded the plan a “…”")
            speaker = _responsible(doc, q.start, q.end, quoted, resolver)
        if speaker is None or not speaker.name[:1].isupper():
            # “I'm Major John Cloud of the state troopers,” a man said: the name he gives
            speaker = _self_named(doc, text, q.start) or speaker
        resolver.last_speaker = speaker
        if speaker is not None:
            resolver.voices.append((q.end, speaker))
        out.append(Quote(text=content, speaker=speaker.name if speaker else None, kind="direct",
                         start=q.start, end=q.end,
                         speaker_country=speaker.country if speaker else None))

    _between_one_voice(out, text)
    for tok in doc:
        if tok.lemma_.lower() not in c.indirect or tok.pos_ != "VERB" or _inside(tok.idx, quoted):
            continue
        if any(ch.dep_ == "auxpass" for ch in tok.children):
            continue  # "it was said that …"
        clauses = [ch for ch in tok.children if ch.dep_ == "ccomp"]
        if not clauses:
            continue
        subj = _subject_of(tok)
        if subj is None or subj.lower_ in _EMPTY_SUBJECTS - {"who", "which"}:
            continue
        if _outlet_for(doc, text, subj):
            continue
        for clause in clauses:
            toks = list(clause.subtree)
            while toks and (toks[0].dep_ == "mark" or toks[0].is_punct or toks[0].is_space):
                toks = toks[1:]
            if len(toks) < 3:
                continue
            start, end = _trim(text, toks[0].idx, toks[-1].idx + len(toks[-1].text))
            para_end = text.find("\n\n", tok.idx)
            if para_end != -1:  # a misparse can run a clause into the next paragraph
                end = min(end, _trim(text, start, para_end)[1])
            if end <= start or "\n\n" in text[start:tok.idx]:
                continue
            overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
            if overlap >= 0.5 * (end - start):
                continue  # the clause is a direct quote already ("…," he said)
            speaker = resolver.entity(subj)
            if subj.lower_ not in _PERSON_PRONOUNS:
                subjects[(start, "indirect")] = _np_span(subj)
            out.append(Quote(text=text[start:end], speaker=speaker.name if speaker else None,
                             kind="indirect", start=start, end=end,
                             speaker_country=speaker.country if speaker else None))
    out = _merge_split_quotes(out, text)
    out.sort(key=lambda q: (q.start, q.end))
    # for the assembler: the speaker phrase of each quote, so a speaker can be re-resolved
    # once role-only references are resolved across zones (None: pronoun or no cue)
    doc.user_data["ww_quote_subjects"] = [subjects.get((q.start, q.kind)) for q in out]
    return out


def _between_one_voice(quotes: list[Quote], text: str) -> None:
    """"“…,” he said. ¶ It was an irony and an “absurd paradox” that … ¶ “…,” he said.": a
    quote every rule left without a speaker, with the direct quotes right before and after it
    (no more than a paragraph break away on either side) spoken by one speaker, is in that
    speaker's run of words too."""
    for before, q, after in zip(quotes, quotes[1:], quotes[2:], strict=False):
        if q.speaker is not None or before.speaker is None or after.speaker != before.speaker:
            continue
        if text[before.end:q.start].count("\n\n") > 1 or text[q.end:after.start].count("\n\n") > 1:
            continue
        q.speaker, q.speaker_country = before.speaker, before.speaker_country


def _merge_split_quotes(quotes: list[Quote], text: str) -> list[Quote]:
    """“This is a turning point,” she said, “and we must act.” is one quote: join direct
    quotes of one speaker that only a short speech tag separates within a paragraph."""
    direct = sorted((q for q in quotes if q.kind == "direct"), key=lambda q: q.start)
    merged: list[Quote] = []
    for q in direct:
        prev = merged[-1] if merged else None
        gap = text[prev.end:q.start] if prev else ""
        if prev and prev.speaker and prev.speaker == q.speaker and 0 < len(gap) <= 40 and "\n" not in gap \
                and re.search(r"[,—–-]\s*[“‘\"]$", gap.rstrip()):
            merged[-1] = Quote(text=f"{prev.text} {q.text}", speaker=prev.speaker, kind="direct",
                               start=prev.start, end=q.end, speaker_country=prev.speaker_country)
        else:
            merged.append(q)
    return merged + [q for q in quotes if q.kind != "direct"]


# --------------------------------------------------------------------------- attributions

def _claim_around(text: str, seg: Span, cue_start: int, cue_end: int) -> tuple[int, int]:
    """The claim in a sentence with a source phrase: the sentence minus that phrase when it
    stands at the start ("According to CNN, …") or the end ("…, as per the Times.")."""
    s, e = seg.start_char, seg.end_char
    before = text[s:cue_start]
    after_comma = text.find(",", cue_end, e)
    if not before.strip() and after_comma != -1:
        return _trim(text, after_comma + 1, e)
    if not text[cue_end:e].strip(" .!?\"\u201d") or text.rfind(",", s, cue_start) != -1 and \
            text.find(",", cue_end, e) == -1:
        cut = text.rfind(",", s, cue_start)
        if cut != -1:
            return _trim(text, s, cut)
    return _trim(text, s, e)


def extract_attributions(doc: Doc) -> list[Attribution]:
    """Claims credited to outlets: source phrases and outlet subjects of reporting verbs."""
    c = cues()
    text = extensions.doc_text(doc)
    out: list[Attribution] = []
    seen: set[tuple[str, int, int]] = set()

    def add(outlet: str, start: int, end: int) -> None:
        key = (outlet, start, end)
        if end > start and key not in seen:
            seen.add(key)
            out.append(Attribution(outlet=outlet, claim=text[start:end], start=start, end=end))

    for seg in _segments(doc, text):
        seg_text = seg.text
        for m in c.source_re.finditer(seg_text):
            cue_start = seg.start_char + m.start()
            after = doc.char_span(seg.start_char + m.end(), seg.end_char, alignment_mode="expand")
            if after is None or not len(after):
                continue
            # the noun phrase after the cue: its head is the first token's head chain end
            head = after[0]
            while head.head.i != head.i and head.head.i < after.end and head.head.i >= after.start \
                    and head.dep_ in ("det", "compound", "amod", "poss", "case", "nmod"):
                head = head.head
            outlet = _outlet_for(doc, text, head)
            if outlet is None:
                # "according to a report by the Washington Post": look a few words further
                window_end = min(after.end, after.start + 8)
                for tok in doc[after.start:window_end]:
                    if tok.is_punct:
                        break
                    ent = entity_at(doc, tok.idx, tok.idx + len(tok.text))
                    if _is_outlet_entity(ent):
                        outlet = ent.name  # type: ignore[union-attr]
                        head = tok
                        break
                    if tok.text in outlet_names():
                        outlet = outlet_names()[tok.text]
                        head = tok
                        break
            if outlet is None:
                continue
            cue_end = head.idx + len(head.text)
            for tok in doc[head.i + 1:after.end]:  # rest of a multi-word name
                if tok.is_punct or tok.pos_ not in ("PROPN",):
                    break
                cue_end = tok.idx + len(tok.text)
            start, end = _claim_around(text, seg, cue_start, cue_end)
            add(outlet, start, end)
        for tok in seg:
            if tok.lemma_.lower() not in c.report or tok.pos_ != "VERB":
                continue
            subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
            if subj is None:
                agent = next((ch for ch in tok.children if ch.dep_ == "agent"), None)
                subj = next((ch for ch in agent.children if ch.dep_ == "pobj"), None) if agent else None
            if subj is None:
                continue
            outlet = _outlet_for(doc, text, subj)
            if outlet is None:
                continue
            clause = next((ch for ch in tok.children if ch.dep_ == "ccomp"), None)
            if clause is not None:
                toks = list(clause.subtree)
                while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
                    toks = toks[1:]
                if toks:
                    start, end = _trim(text, toks[0].idx, toks[-1].idx + len(toks[-1].text))
                    add(outlet, start, end)
                    continue
            start, end = _claim_around(text, seg, min(subj.left_edge.idx, tok.idx),
                                       max(subj.idx + len(subj.text), tok.idx + len(tok.text)))
            add(outlet, start, end)
    out.sort(key=lambda a: (a.start, a.end))
    return out


# --------------------------------------------------------------------------- components

class QuotesComponent:
    """Fills `doc._.ww_quotes` for the body zone, and for the title its headline quotes
    ("Pelosi: 'We will not back down'"): a title quote counts only when a speaker is found
    (a bare quoted phrase in a headline is a scare quote or a title, not speech)."""

    def __call__(self, doc: Doc) -> Doc:
        zone = doc._.ww_zone or "body"
        if zone == "body":
            doc._.ww_quotes = extract_quotes(doc)
        elif zone == "title":
            doc._.ww_quotes = [replace(q, zone="title") for q in extract_quotes(doc)
                               if q.kind == "direct" and q.speaker]
        else:
            doc._.ww_quotes = []
        return doc


class AttributionsComponent:
    """Fills `doc._.ww_attributions` for the body zone ([] elsewhere)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_attributions = extract_attributions(doc) if doc._.ww_zone == "body" else []
        return doc


@Language.factory("ww_quotes")
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent()


@Language.factory("ww_attributions")
def make_attributions(nlp: Language, name: str) -> AttributionsComponent:
    return AttributionsComponent()
