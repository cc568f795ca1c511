"""Topics: 3–8 tags for an article from its salient entities and a theme lexicon (`ww_topics`).

Entity tags: the canonical names the entities component gave (so "US", "U.S." and "the United
States" are one tag), of places, people and organisations (GPE, LOC, PERSON, ORG), never media
outlets (sector MED) — an article citing CNN is not about CNN. Salience = mentions, with a
bonus for mentions in the lead (the first paragraph or the first 500 characters, whichever is
longer), because news puts its subject first; a name mentioned once outside the lead is not a
tag, nor one below a tenth of the top entity's salience. A bare surname the entities component
left unmerged joins the most-mentioned full name that ends with it.

Theme tags: the number of theme terms (data/themes.tsv: single lemmas and multi-word phrases)
found in the body; a theme needs at least `MIN_THEME_HITS` hits and a third of the top theme's.

Only the body zone is tagged; other zones get []. Without the entities component (e.g. in a
bare pipeline) spaCy's own `doc.ents` stand in, grouped by their text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)

TAG_TYPES = frozenset({"GPE", "LOC", "PERSON", "ORG"})
EXCLUDED_SECTORS = frozenset({"MED"})
LEAD_CHARS = 500
LEAD_BONUS = 1.0
MIN_ENTITY_SHARE = 0.1     # of the top entity's salience
MAX_ENTITY_TAGS = 6
MIN_THEME_HITS = 3
MIN_THEME_SHARE = 0.34     # of the top theme's hits
MAX_THEME_TAGS = 3
MIN_TAGS, MAX_TAGS = 3, 8
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

Phrases = dict[str, list[tuple[tuple[str, ...], str]]]


@lru_cache(maxsize=1)
def theme_lexicon() -> Phrases:
    """first word → [(all words of the term, theme)], longest terms first."""
    text = resources.files("wirewatch.data").joinpath("themes.tsv").read_text(encoding="utf-8")
    index: defaultdict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("theme\t"):
            continue
        theme, term = line.split("\t", 1)
        words = tuple(term.strip().lower().split())
        if words:
            index[words[0]].append((words, theme.strip()))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return dict(index)


def theme_hits(doc: Doc) -> Counter[str]:
    """How many theme terms of each theme the doc contains (longest match wins at a position)."""
    lexicon = theme_lexicon()
    forms = [(t.lemma_.lower(), t.lower_) for t in doc if not t.is_space and not t.is_punct]
    hits: Counter[str] = Counter()
    i = 0
    while i < len(forms):
        lemma, lower = forms[i]
        entries = lexicon.get(lemma) or lexicon.get(lower)
        matched = 0
        for words, theme in entries or ():
            n = len(words)
            if i + n <= len(forms) and all(w in forms[i + k] for k, w in enumerate(words)):
                hits[theme] += 1
                matched = n
                break
        i += matched or 1
    return hits


def _lead_end(doc: Doc) -> int:
    text = extensions.doc_text(doc)
    first_break = _PARAGRAPH_BREAK.search(text)
    return max(first_break.start() if first_break else len(text), LEAD_CHARS)


def entity_salience(doc: Doc) -> list[tuple[str, float, int]]:
    """(canonical name, salience, mentions) of the taggable entities, most salient first."""
    lead = _lead_end(doc)
    zone = doc._.ww_zone
    if doc._.ww_entities is not None:
        found = [(e.name, e.type, [m.start for m in e.mentions if m.zone == zone])
                 for e in doc._.ww_entities
                 if e.type in TAG_TYPES and e.sector not in EXCLUDED_SECTORS and e.name]
    else:  # no entities component: spaCy's NER, grouped by text
        by_text: dict[tuple[str, str], list[int]] = defaultdict(list)
        for ent in doc.ents:
            if ent.label_ in TAG_TYPES:
                by_text[(ent.text, ent.label_)].append(ent.start_char)
        found = [(name, label, starts) for (name, label), starts in by_text.items()]
    # A bare surname left over ("Flynn" next to "Michael Flynn") joins the full name.
    full: dict[str, str] = {}  # surname → the most-mentioned full name with it
    for name, label, _starts in sorted(found, key=lambda f: len(f[2])):
        if label == "PERSON" and " " in name:
            full[name.split()[-1]] = name
    scores: dict[str, list[float]] = {}
    for name, label, starts in found:
        if not starts:
            continue
        if label == "PERSON":
            name = full.get(name, name)
        acc = scores.setdefault(name, [0.0, 0])
        acc[0] += len(starts) + LEAD_BONUS * sum(1 for s in starts if s < lead)
        acc[1] += len(starts)
    ranked = [(name, s, int(c)) for name, (s, c) in scores.items()]
    ranked.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return ranked


def select_tags(doc: Doc) -> list[str]:
    """Entity tags (most salient first), then theme tags; 3–8 when the text allows."""
    ranked = entity_salience(doc)
    themes = theme_hits(doc).most_common()
    top_e = ranked[0][1] if ranked else 0.0
    top_t = themes[0][1] if themes else 0
    theme_tags = [t for t, h in themes
                  if h >= MIN_THEME_HITS and h >= MIN_THEME_SHARE * top_t][:MAX_THEME_TAGS]
    room = min(MAX_ENTITY_TAGS, MAX_TAGS - len(theme_tags))
    entity_tags = [name for name, s, c in ranked
                   if (c >= 2 or s > c) and s >= MIN_ENTITY_SHARE * top_e][:room]
    tags = entity_tags + theme_tags
    if len(tags) < MIN_TAGS:  # a short text: relax, best remaining first
        extra = [t for t, _ in themes[:1] if t not in tags]
        extra += [name for name, _, _ in ranked if name not in tags]
        extra += [t for t, _ in themes if t not in tags and t not in extra]
        tags += extra[:MIN_TAGS - len(tags)]
    seen: set[str] = set()
    unique = [t for t in tags if not (t.lower() in seen or seen.add(t.lower()))]
    return unique[:MAX_TAGS]


class TopicsComponent:
    """Sets `doc._.ww_tags` on the body doc ([] on other zones)."""

    def __init__(self) -> None:
        theme_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_tags = select_tags(doc) if doc._.ww_zone == "body" else []
        return doc


@Language.factory("ww_topics")
def make_topics(nlp: Language, name: str) -> TopicsComponent:
    return TopicsComponent()

