"""Source identity: which outlet a publication name is one independent source of.

Why: "Newsmax - News" and "Newsmax - Opinion", "New York Times (Online News)" and "New York
Times - Opinion" are sections of one newsroom; counting them as two sources makes a story or a
merged event look more widely reported than it is. `num_sources` (stories, merged events)
counts families: a name is looked up in `data/outlets.tsv` (outlet → family, owner, wire
service); a name the table does not know loses its section suffix by rule (" - News",
" (Opinion)", " Online News", " - Opinion/Editorial", ...) and is looked up again, else the
bare name is its own family. A byline made only of wire services ("Associated Press") is the
wire's copy, whichever outlet printed it. Owners are recorded, not merged: two newsrooms of one
company are still two sources.

`is_opinion` tells commentary from reporting by the publication name alone (an opinion section
such as "The Week - Opinion", or a magazine of opinion listed in `data/opinion_outlets.txt`):
stories use it so that a column on a topic does not join the news of one happening.
`is_commentary` adds what a name cannot see: a news outlet's column, explainer or preview,
told by its headline's shape (a question, the writer's "I"/"we", "Why ...", a genre label:
`data/commentary_headlines.txt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wirewatch import data

_SECTION_WORDS = (r"(?:(?:online|web|print|digital)\s+)?"
                  r"(?:news|opinions?|editorials?|commentary|analysis|online|web|"
                  r"opinion\s*/\s*editorial|op-?eds?)(?:\s+news)?")
# " - News", " – Opinion", " | Editorial", ": Opinion", " (Online News)", " (Opinion)"
_SECTION = re.compile(rf"\s*(?:[-–—|:]\s*{_SECTION_WORDS}|\(\s*{_SECTION_WORDS}\s*\))\s*$",
                      re.IGNORECASE)
# A section glued on without a separator: "NPR Online News", "NPR Editorial", "X Opinion".
# A bare trailing "News" is not one: "NBC News", "Fox News" are outlet names.
# The section words that name commentary, not reporting.
_OPINION_SECTION = re.compile(r"\b(?:opinions?|editorials?|commentary|op-?eds?)\b", re.IGNORECASE)
_BARE_SECTION = re.compile(r"\s+(?:(?:online|web)\s+news|editorials?|opinions?|commentary)\s*$",
                           re.IGNORECASE)


def strip_section(name: str) -> str:
    """A publication name without its section suffix ("Newsmax - Opinion" → "Newsmax")."""
    name = " ".join(name.split())
    while True:
        bare = _BARE_SECTION.sub("", _SECTION.sub("", name)).strip()
        if not bare or bare == name:
            return name
        name = bare


@lru_cache(maxsize=4096)
def family(outlet: str | None) -> str | None:
    """The outlet family a publication name belongs to (None for no name)."""
    if not outlet or not outlet.strip():
        return None
    table = data.outlets()
    name = " ".join(outlet.split())
    row = table.get(data.outlet_key(name))
    if row is None:
        name = strip_section(name)
        row = table.get(data.outlet_key(name))
    return row.family if row is not None else name


def wire(name: str | None) -> str | None:
    """The wire service's family when `name` is one (a news agency), else None."""
    fam = family(name)
    if fam is None:
        return None
    row = data.outlets().get(data.outlet_key(fam))
    return fam if row is not None and row.wire else None


def source_key(outlet: str | None, authors: Iterable[str] = ()) -> str | None:
    """The independent source of an article: the wire when its byline names only wire
    services ("Associated Press" printed by a newspaper), else its outlet's family."""
    wires = {wire(a) for a in authors if a and a.strip()}
    if wires and None not in wires and len(wires) == 1:
        return wires.pop()
    return family(outlet)


@lru_cache(maxsize=1)
def _opinion_outlets() -> frozenset[str]:
    lines = (ln.strip() for ln in data.text("opinion_outlets.txt").splitlines())
    return frozenset(data.outlet_key(ln) for ln in lines if ln and not ln.startswith("#"))


@lru_cache(maxsize=4096)
def is_opinion(outlet: str | None) -> bool:
    """Whether a publication name is commentary: an opinion section ("Newsmax - Opinion",
    "New York Times (Opinion)", "NPR Editorial") or a magazine of opinion (its name or its
    family in data/opinion_outlets.txt). A name alone cannot see a news site's column; a
    section or a magazine is what publishers say themselves."""
    if not outlet or not outlet.strip():
        return False
    name = " ".join(outlet.split())
    bare = strip_section(name)
    if bare != name and _OPINION_SECTION.search(name[len(bare):]):
        return True
    listed = _opinion_outlets()
    return any(data.outlet_key(n) in listed for n in (name, bare, family(name) or name))


# Quoted speech: a quote's "I", "you" or "?" belongs to the speaker, not to the writer.
_QUOTED = re.compile(r"[\"“”][^\"“”]*[\"“”]|(?<!\w)['‘][^'‘’]*['’](?!\w)")


@lru_cache(maxsize=1)
def _commentary_headlines() -> tuple[re.Pattern[str], ...]:
    lines = (ln.strip() for ln in data.text("commentary_headlines.txt").splitlines())
    return tuple(re.compile(ln) for ln in lines if ln and not ln.startswith("#"))


@lru_cache(maxsize=8192)
def is_commentary_title(title: str | None) -> bool:
    """Whether a headline has the shape of commentary, an explainer or a preview rather than
    the report of a happening (data/commentary_headlines.txt), quoted speech left out."""
    if not isinstance(title, str) or not title.strip():  # a missing title is NaN in a frame
        return False
    bare = _QUOTED.sub(" ", " ".join(title.split())).strip()
    return any(p.search(bare) for p in _commentary_headlines())


def is_commentary(outlet: str | None, title: str | None) -> bool:
    """Commentary by its publication (`is_opinion`) or by its headline (`is_commentary_title`):
    what stories keep apart from the news of one happening."""
    return is_opinion(outlet) or is_commentary_title(title)
