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

# The section words that name commentary, not reporting.
_OPINION_SECTION = re.compile(r"\b(?:opinions?|editorials?|commentary|op-?eds?)\b", re.IGNORECASE)
# How a publication name loses its section suffix and finds its family lives in `data`
# (`strip_section`, `outlet_family`): the analysis reads an outlet's home country by it too.
strip_section = data.strip_section
family = data.outlet_family


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
