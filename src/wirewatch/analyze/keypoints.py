"""Key points: three extractive sentences that say what a body is about (`ww_keypoints`).

The small English model has no word vectors, so "central" is measured with words, not
embeddings: a sentence scores for (a) lemma centrality — how many of its content lemmas recur
in other sentences (a TF-IDF-like overlap; a word in every sentence adds little, see `_idf`),
(b) entity salience — how often the entities it names are mentioned in the article, and
(c) position — news is written lead first. Sentences are then picked greedily by score with a
redundancy penalty (maximal marginal relevance) and returned in reading order.

Only the body zone is summarised (never the title, dek, highlights or captions). Headings
(paragraphs without sentence-final punctuation), questions, fragments, very short or very long
sentences and site furniture (data/keypoint_skip.txt) are never chosen.

`highlight_similarity` scores our key points against an article's own highlight bullets with
ROUGE-n F1, so the assembly can report how close we come.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)

MIN_WORDS = 8
MAX_WORDS = 70
_TERMINAL = re.compile(r"[.!][\"'”’)\]]*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ROUGE_WORD = re.compile(r"\w+")
# A wire dateline opening the lead: "WASHINGTON (AP) — ", "NASHUA, N.H. - ", "BEIJING, June 5 (Reuters) - "
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:, [A-Z][A-Za-z. ]+)?(?:, [A-Z][a-z]+\.? \d{1,2})?"
                       r"\s*(?:\([A-Za-z .]+\))?\s*[-–—]+\s+")

# Score weights: centrality, entity salience, position; and the redundancy penalty.
W_CENTRAL, W_ENTITY, W_POSITION, W_REDUNDANCY = 0.4, 0.3, 0.3, 0.6
MAX_OVERLAP = 0.6


@lru_cache(maxsize=1)
def skip_patterns() -> re.Pattern[str]:
    text = resources.files("wirewatch.data").joinpath("keypoint_skip.txt").read_text(
        encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return re.compile("|".join(f"(?:{ln})" for ln in lines), re.IGNORECASE)


@dataclass
class _Unit:
    start: int  # character offsets in the doc
    end: int
    text: str
    lemmas: frozenset[str]
    words: int
    paragraph: int = 0
    entity_weight: float = 0.0


def _units(doc: Doc) -> list[_Unit]:
    """Sentences, cut again at paragraph breaks (the parser sometimes runs a heading into the
    next sentence), with their content lemmas — one pass over the tokens."""
    sent_starts = ({s.start for s in doc.sents} if doc.has_annotation("SENT_START")
                   else {0})
    units: list[_Unit] = []
    text = extensions.doc_text(doc)
    start, words, lemmas = 0, 0, set()

    def close(end: int) -> None:
        if end > start:
            first, last = doc[start], doc[end - 1]
            begin, stop = first.idx, last.idx + len(last.text)
            units.append(_Unit(begin, stop, text[begin:stop].strip(), frozenset(lemmas),
                               words))

    for tok in doc:
        i = tok.i
        if i in sent_starts and i > start:
            close(i)
            start, words, lemmas = i, 0, set()
        if tok.is_space:
            if "\n" in tok.text:
                close(i)
                start, words, lemmas = i + 1, 0, set()
            continue
        if tok.is_alpha:
            words += 1
            if not tok.is_stop and len(tok.text) > 2:
                lemmas.add(tok.lemma_.lower())
    close(len(doc))
    return units


def _is_candidate(unit: _Unit) -> bool:
    """Cheap shape checks; the site-furniture regexes run later, only on the winners."""
    text = unit.text
    if not text or not _TERMINAL.search(text):
        return False  # headings, fragments, questions ("?" is not terminal here)
    first = next((c for c in text if c.isalnum()), "")
    if not first or first.islower():
        return False  # a continuation the segmenter cut off
    return MIN_WORDS <= unit.words <= MAX_WORDS


def _entity_counts(doc: Doc) -> list[tuple[int, int, int]]:
    """(start_char, end_char, mentions of its entity in this doc) for every entity mention."""
    out: list[tuple[int, int, int]] = []
    entities = doc._.ww_entities
    if entities is not None:
        for entity in entities:
            spans = [(m.start, m.end) for m in entity.mentions if m.zone == doc._.ww_zone]
            out.extend((s, e, len(spans)) for s, e in spans)
        return out
    counts = Counter(ent.text.lower() for ent in doc.ents)  # no entities component: spaCy NER
    return [(ent.start_char, ent.end_char, counts[ent.text.lower()]) for ent in doc.ents]


def _idf(units: list[_Unit]) -> dict[str, float]:
    df = Counter(lemma for u in units for lemma in u.lemmas)
    n = len(units)
    # A lemma's centrality value: it recurs (df ≥ 2) but is not in every sentence.
    return {lemma: (c - 1) * math.log(1 + n / c) for lemma, c in df.items() if c > 1}


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def select_keypoints(doc: Doc, n: int = 3) -> list[str]:
    """The `n` best key-point sentences of a body doc, in reading order."""
    if not len(doc):
        return []
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(extensions.doc_text(doc))]
    mentions = sorted(_entity_counts(doc))
    starts = [m[0] for m in mentions]
    units: list[_Unit] = []
    for unit in _units(doc):
        unit.text = _DATELINE.sub("", unit.text, count=1)
        if not _is_candidate(unit):
            continue
        unit.paragraph = bisect.bisect_right(breaks, unit.start)
        lo = bisect.bisect_left(starts, unit.start)
        hi = bisect.bisect_left(starts, unit.end)
        unit.entity_weight = sum(math.log1p(c) for _, _, c in mentions[lo:hi])
        units.append(unit)
    if not units:
        return []
    idf = _idf(units)
    central = [sum(idf.get(lemma, 0.0) for lemma in u.lemmas) / math.sqrt(len(u.lemmas) or 1)
               for u in units]
    top_c = max(central) or 1.0
    top_e = max(u.entity_weight for u in units) or 1.0
    base = [W_CENTRAL * c / top_c + W_ENTITY * u.entity_weight / top_e
            + W_POSITION / math.sqrt(1 + i + u.paragraph)
            for i, (u, c) in enumerate(zip(units, central, strict=True))]
    skip = skip_patterns()
    chosen: list[int] = []
    rejected: set[int] = set()
    while len(chosen) < min(n, len(units) - len(rejected)):
        best, best_score = -1, -math.inf
        for i, u in enumerate(units):
            if i in chosen or i in rejected:
                continue
            redundancy = max((_overlap(u.lemmas, units[j].lemmas) for j in chosen), default=0.0)
            if redundancy > MAX_OVERLAP:
                continue
            value = base[i] - W_REDUNDANCY * redundancy
            if value > best_score:
                best, best_score = i, value
        if best < 0:
            break
        if skip.search(units[best].text):
            rejected.add(best)  # captions, credits, calls to action
            continue
        chosen.append(best)
    return [units[i].text for i in sorted(chosen)]


class KeypointsComponent:
    """Sets `doc._.ww_keypoints` on the body doc ([] on other zones)."""

    def __init__(self, n: int = 3) -> None:
        self.n = n
        skip_patterns()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_keypoints = select_keypoints(doc, self.n) if doc._.ww_zone == "body" else []
        return doc


@Language.factory("ww_keypoints", default_config={"n": 3})
def make_keypoints(nlp: Language, name: str, n: int) -> KeypointsComponent:
    return KeypointsComponent(n)


# --- how close are we to the article's own highlights -------------------------------------

def _ngrams(words: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def rouge_n(candidate: str, reference: str, n: int = 1) -> float:
    """ROUGE-n F1 between two texts (lower-cased word n-grams, clipped counts)."""
    cand = _ngrams(_ROUGE_WORD.findall(candidate.lower()), n)
    ref = _ngrams(_ROUGE_WORD.findall(reference.lower()), n)
    hits = sum((cand & ref).values())
    if not hits:
        return 0.0
    precision, recall = hits / sum(cand.values()), hits / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def highlight_similarity(keypoints: list[str], highlights: list[str], n: int = 1) -> float:
    """ROUGE-n F1 of all key points against all highlight bullets (0 when either is empty)."""
    if not keypoints or not highlights:
        return 0.0
    return round(rouge_n(" ".join(keypoints), " ".join(highlights), n), 4)
