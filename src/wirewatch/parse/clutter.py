"""In-body clutter: related-link teasers, headline lists and newsletter plugs inside article text.

Pages flatten their widgets into the body: a linked name's hover card ("Sen. Jane Roe Jane Ann
RoeHeadline one Headline two MORE (D-Ore.) said ..."), related headlines joined by "|",
"MORE FROM ..." link blocks, newsletter and app plugs. Left in, they become story terms,
events and even actors, so they go before the article is built (its body, and every offset
into it, is the cleaned text). The rules are site-independent and conservative: a wrong cut
loses real reporting, a miss only leaves noise. The knowledge is in data/body_clutter.tsv.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from wirewatch.model import Section
from wirewatch.parse.clean import data_text, is_boilerplate

MAX_PLUG_CHARS = 400  # a plug is a sentence or two; longer paragraphs are reporting
MAX_CARD_CHARS = 1_500  # a hover card: a name and three or four headlines
MAX_TAIL_CHARS = 600  # a "MORE FROM" run at the end of a paragraph
MAX_LEAD_CHARS = 250  # a paragraph opening with a related-link cue is a link line
MAX_HEADLINE_CHARS = 200


@dataclass(frozen=True)
class _Rules:
    plugs: tuple[tuple[str, re.Pattern[str]], ...]  # (key, pattern), tried when key is present
    line: re.Pattern[str] | None
    cue: re.Pattern[str] | None
    tail: re.Pattern[str] | None


def _join(patterns: list[str], flags: int = 0) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags) if patterns else None


@cache
def _rules() -> _Rules:
    found: dict[str, list[str]] = {"line": [], "cue": [], "tail": []}
    plugs: list[tuple[str, re.Pattern[str]]] = []
    rows = [r for r in data_text("body_clutter.tsv").splitlines() if r and not r.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["kind"] == "plug":
            plugs.append((row["key"], re.compile(row["pattern"])))
        else:
            found[row["kind"]].append(row["pattern"])
    return _Rules(plugs=tuple(plugs), line=_join(found["line"], re.IGNORECASE),
                  cue=_join(found["cue"]), tail=_join(found["tail"]))


# ---------------------------------------------------------------- hover cards ("… MORE")

# "MORE" as a word of its own, or glued to a name when a card has no headlines: the link
# that closes a hover card.
_MORE = re.compile(r"(?<![A-Z0-9'’-])MORE(?![\w-])")
_CAPS_WORD = re.compile(r"[A-Z][A-Z'’-]+")
_NAME_SUFFIXES = frozenset({"II", "III", "IV"})  # "Joe Kennedy ...MORE III (D-Mass.)"
# A name word of the expanded name: "Donald", "(Dick)", "J.", "Ocasio-Cortez", "de".
_NAME_WORD = r"(?:\(?[A-Z][\w'’.-]*\)?|de|da|di|du|del|der|van|von|la|le|al|bin|ibn)"
# A card starts where the display name's last word comes back, maybe glued to it and maybe
# expanded ("Trump Donald John Trump", "WolfChad Wolf"), and runs into its first headline
# with no space ("TrumpTrump signs ..."); a lookahead, so that overlapping starts are all seen.
_CARD_NAME = rf"(?<![\w'’-])(?P<last>[A-Z][\w'’-]*\w)(?P<run> ?(?P<names>(?:{_NAME_WORD} ){{0,5}}?)(?P=last))"
_GLUED_CARD = re.compile(rf"(?={_CARD_NAME}[A-Z0-9'‘\"“$(])")
# ... or, with a space before the headline, only as an exact repeat ("Joe Biden Joe Biden ...").
_SPACED_CARD = re.compile(rf"(?={_CARD_NAME}\s\S)")


def _closes_card(text: str, more: re.Match[str]) -> bool:
    """The MORE link of a card, not a word of an all-capitals line ("IS IT MORE FATAL?")."""
    after = text[more.end():more.end() + 30].split()
    word = after[0].strip("\"“”‘’:,.?!") if after else ""
    return not _CAPS_WORD.fullmatch(word) or word in _NAME_SUFFIXES


def _exact_repeat(text: str, found: re.Match[str]) -> bool:
    names = found.group("names").split()
    before = text[:found.start("last")].split()
    return not names or before[-len(names):] == names


def _card_start(text: str, start: int, end: int) -> int | None:
    """Where the card closed by a MORE at `end` starts: the last name repeat before it that
    runs into a headline (glued, else spaced and exact), searched from `start`."""
    # The lookahead must see the character after the name, which may be MORE's M.
    glued = [m.start("run") for m in _GLUED_CARD.finditer(text, start, end + 1)
             if m.end("run") <= end]
    if glued:
        return glued[-1]
    spaced = [m.start("run") for m in _SPACED_CARD.finditer(text, start, end + 2)
              if m.end("run") < end and _exact_repeat(text, m)]
    return spaced[-1] if spaced else None


def strip_hover_cards(text: str) -> str:
    """Cut flattened hover cards: the repeated (expanded) name, its headlines and the MORE."""
    if "MORE" not in text:
        return text
    out: list[str] = []
    kept = 0
    for more in _MORE.finditer(text):
        if more.start() < kept or not _closes_card(text, more):
            continue
        cut = _card_start(text, max(kept, more.start() - MAX_CARD_CHARS), more.start())
        if cut is None:
            continue
        out.append(text[kept:cut])
        kept = more.end()
    if not out:
        return text
    out.append(text[kept:])
    return re.sub(r" {2,}", " ", "".join(out)).strip()


# ---------------------------------------------------------------- link runs and plugs

_SENTENCE_END = re.compile(r"[.!?\"”’)]\s+$")
_WORDS = re.compile(r"[^\W_][\w'’.-]*")


def _title_case_share(text: str) -> float:
    words = _WORDS.findall(text)
    if not words:
        return 0.0
    return sum(w[0].isupper() or w[0].isdigit() for w in words) / len(words)


def strip_link_tail(text: str) -> str | None:
    """A related-links run: a paragraph opening with a cue ("READ MORE: ...") goes (None); a
    title-case run from a cue after a sentence end to the paragraph end is cut."""
    tail = _rules().tail
    if tail is None:
        return text
    for found in tail.finditer(text):
        start = found.start()
        if start == 0:
            return None if len(text) <= MAX_LEAD_CHARS else text
        if not _SENTENCE_END.search(text[:start]):
            continue
        rest = text[found.end():]
        if len(rest) <= MAX_TAIL_CHARS and _title_case_share(rest) >= 0.6:
            return text[:start].rstrip()
    return text


_PIPE = re.compile(r"\s+\|\s+")
_READ_MORE_END = re.compile(r"\s(?:Read more|READ MORE|Read More)$")


_INNER_SENTENCE_END = re.compile(r"[.!?] [A-Z]")


def _headline_shaped(part: str) -> bool:
    """One headline: short, two words or more, no sentence end (a caption or a credit is not)."""
    part = part.strip()
    return (0 < len(part) <= MAX_HEADLINE_CHARS and len(part.split()) >= 2
            and not part.endswith((".", ",", ";", ":")) and not _INNER_SENTENCE_END.search(part)
            and (part[0].isupper() or part[0].isdigit() or part[0] in "\"“‘'#"))


def is_headline_list(text: str) -> bool:
    """Related headlines run together: three or more headline-shaped fragments joined by "|",
    or a related-story card ending in "Read more"."""
    if _READ_MORE_END.search(text) and len(text) <= 300:
        return _headline_shaped(_READ_MORE_END.sub("", text))
    if " | " not in text:
        return False
    parts = _PIPE.split(text)
    return len(parts) >= 3 and all(_headline_shaped(p) for p in parts)


def is_plug(text: str) -> bool:
    """A newsletter, app or support plug, a slideshow label or a lone "AD"."""
    rules = _rules()
    if rules.line is not None and rules.line.fullmatch(text.strip()):
        return True
    if len(text) > MAX_PLUG_CHARS:
        return False
    lowered = text.lower()
    return any(key in lowered and pattern.search(lowered) for key, pattern in rules.plugs)


def _all_caps(text: str) -> bool:
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def _caps_headline(text: str) -> bool:
    return _all_caps(text) and len(text) <= MAX_HEADLINE_CHARS and len(text.split()) >= 3


# ---------------------------------------------------------------- sections


def clean_paragraph(text: str) -> str | None:
    """One paragraph without its inline clutter; None when all of it is clutter."""
    text = strip_hover_cards(text)
    if not text or is_plug(text) or is_headline_list(text):
        return None
    return strip_link_tail(text) or None


def clean_sections(sections: list[Section]) -> list[Section]:
    """The sections with in-body clutter removed (a new list; the input is left as it was).

    Headings and paragraphs are read as one sequence, because the layout parser may turn one
    line of an all-capitals link block ("MORE FROM ...", headlines) into a heading.
    """
    units: list[tuple[bool, str]] = []  # (is_heading, text)
    for section in sections:
        if section.heading:
            units.append((True, section.heading))
        units.extend((False, p) for p in section.paragraphs)
    drop = link_blocks([text for _, text in units])
    out = [Section(sections[0].heading if sections and not units else None, [])]
    for i, (is_heading, text) in enumerate(units):
        if i in drop:
            continue
        cleaned = clean_paragraph(text)
        if cleaned is None:
            continue
        if is_heading:
            out.append(Section(cleaned, []))
        else:
            out[-1].paragraphs.append(cleaned)
    return [s for s in out if s.paragraphs or s.heading]


def link_blocks(texts: list[str]) -> set[int]:
    """Indices of all-capitals link blocks: a cue line and the all-capitals headlines after it."""
    cue = _rules().cue
    drop: set[int] = set()
    if cue is None:
        return drop
    for i, text in enumerate(texts):
        if i in drop or not _all_caps(text) or len(text) > 100 or not cue.fullmatch(text):
            continue
        j, headlines = i + 1, 0
        while j < len(texts) and (_caps_headline(texts[j]) or is_boilerplate(texts[j])):
            headlines += _caps_headline(texts[j])
            j += 1
        if headlines:
            drop.update(range(i, j))
    return drop
