"""Component `ww_coref`: which entity each pronoun, description and metonym stands for.

Why: a news article names a person once and then says "he", "the minister", "the company" or
"the White House"; quotes ("…," she said), events and attributions need the entity behind
those words. Rules over the parse, in one left-to-right pass (fast enough for the worker
budget; a learned resolver would not be):

* types: a name the entities typed as a person is a body when the article gives it shares
  or a board ("Novartis' shares") or it ends like a company ("Dick Clark Productions"); one
  typed as a body is a person when a person's role stands beside it ("The foreign minister,
  Laurent Fabius") or it opens with a title of address ("Mr Cable"); a name right after a
  body noun ("football club Borussia Dortmund") or with a plural verb ("Big Machine have
  denied") is a body;
* names: the entities component's mentions, plus names it missed that speak ("Lord Browne
  said", then "he"), letters after a name ("Brian Monteith MSP"), bare surnames it missed
  ("Schiff said", and "…, Young says", a surname the parser read as an adverb of the speech verb, "Yates
  said" opening a sentence, read as a common noun);
* gender: titles and gendered nouns ("Mrs.", "spokeswoman"), first names (the 1990 US census
  lists, data/first_names.tsv), then the pronouns used where only one person is in reach
  ("Whitmer … She said");
* pronouns: the most salient compatible antecedent in the last few sentences (Lappin & Leass:
  a chain is as salient as its best recent mention — subject of the main clause, object, head
  of its phrase — halved per sentence; sentences wholly inside quote marks do not count),
  never one of another gender or number (nor, for "he"/"she", a plural noun that went to a
  name: "Reyes aides"), never a co-argument ("Trump told him") nor the object of its own
  participle ("After meeting Hollande, he said") or anywhere in its own participle phrase
  ("Asked if Mr Roe could return, he replied"), never a name in the clause its own verb
  reports (Principle C: "“Roe made the decisions,” he said") nor one its verb takes as
  object ("He urged Mr. Trump": no mention of Trump), never a demonym on a noun ("two
  Democratic politicians …. They"), never a name inside quoted
  words; "she" after "a spokeswoman for the ICO" is the ICO; a "he"/"she" with nobody in
  reach is the only person of that gender named before;
* descriptions: "the mayor" → the person holding or titled with that role, "the company" → the
  last organisation it fits, "a Mayo Clinic spokesman" → the Mayo Clinic (or the spokesperson,
  once named: "the spokeswoman, Jordan Abudayyeh"), "her publisher" → whoever the article put
  that noun beside ("Hachette, her publisher"), "the Minnesota Democrat" → the person just
  named; "the page" → the author of the page introduced before ("a page of its website"),
  "the correspondents' group" → the body whose name holds the possessor noun ("the
  production company" → Dick Clark Productions); "the two firms" → the first of the bodies
  last named together; "an executive spokesman" → the one body whose name ends in the word
  ("the Scottish Executive"); "the Pasok leader" → not the leader titled
  for another party but the person last named with Pasok; "analysts from
  Citigroup", "a source at the club" → the body named on the noun; an unresolved
  description is a chain of its own, named by its words ("Ethiopian health official"), and so
  is an unnamed body that speaks ("an all-party committee said …. It blamed …"); a nationality
  on a body noun ("the German exchange") keeps to that country's bodies; a spokesperson whose
  quote names one of the candidates speaks for that one; "The Making Decisions Alliance",
  capitalised and nobody's name, is a body of its own; "the chancellor" is never the shadow
  chancellor; a title never reaches back across a sentence end ("… to the actor. Bergeron");
  "American negotiators", a bare plural role noun, is a group;
* documents: "the statement said" → the most salient named actor of the last sentences
  (the one body its quoted words name, if one does: "“The IMF team stands ready …,” said the
  report"); "the letter signed by seven nurses", "the office released two reports" → who
  signed or released it (data/coref.tsv "author" verbs), "a statement issued on behalf of X"
  → X; "X said in a statement" → X;
* metonyms: "the White House", "the Kremlin" stand for their government.

The result is `doc._.ww_coref`: a `Coref` with the chains and a lookup by character span.
Word lists are data (data/coref.tsv, data/roles.tsv, data/first_names.tsv).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)
from wirewatch.data import country_words, name_words
from wirewatch.data import rows as data_rows
from wirewatch.model import Entity

# --------------------------------------------------------------------------- knowledge (data)


@dataclass(frozen=True)
class _Knowledge:
    pronouns: dict[str, tuple[str, str]]      # word → (m|f|n|p, subj|obj|poss|refl)
    gender: dict[str, str]                    # title or noun → m|f
    org: dict[str, frozenset[str]]            # head noun (singular or plural) → sectors
    org_plural: frozenset[str]
    groups: frozenset[str]
    spokes: frozenset[str]
    documents: frozenset[str]                 # "the statement", "the page": their author speaks
    metonyms: dict[str, tuple[str, str]]      # lower-case form → (ISO3, sector)
    titles: dict[str, str]                    # "gov." → "governor"
    persons: frozenset[str]                   # nouns for a person's role or part
    first_names: dict[str, str]               # "gretchen" → f (data/first_names.tsv)
    partitives: frozenset[str] = frozenset()  # "a group of Democrats": the members are meant
    principals: frozenset[str] = frozenset()  # "a spokeswoman said": whom the lines are about
    epithets: frozenset[str] = frozenset()    # "the comedian": the person just named
    voices: frozenset[str] = frozenset()      # "his office": the possessor speaks
    places: dict[str, bool] = field(default_factory=dict)  # "the city" → never a country?
    weak_gender: frozenset[str] = frozenset()  # "chairman": said of women too
    two_word_roles: frozenset[str] = frozenset()  # "prime minister": not any "minister"
    authoring: frozenset[str] = frozenset()   # "a letter signed by X": X wrote it
    body_words: frozenset[str] = frozenset()  # "Dick Clark Productions": a body's name
    body_has: frozenset[str] = frozenset()  # "Novartis' shares": what a body has
    address: frozenset[str] = frozenset()   # "Mr", "Lady": open only a person's name
    kin: frozenset[str] = frozenset()       # "daughters" (data/name_words.tsv kin_noun)
    general_documents: frozenset[str] = frozenset()  # "the document": any text named before

    def known_noun(self, tok: Token, *kinds: str) -> bool:
        """Whether a noun, as written or by its lemma, is a person, body or group word, or one
        of the extra `kinds` (fields of this class: "documents", "spokes", ...)."""
        words = (tok.lower_, tok.lemma_.lower())
        return any(w in known for known in (self.persons, self.org, self.groups,
                                            *(getattr(self, kind) for kind in kinds))
                   for w in words)
    family_first: frozenset[str] = frozenset()  # "Li Chengpeng": a family name, no given name
    lesser: frozenset[str] = frozenset()  # "the deputy secretary": not the secretary
    country_itself: frozenset[str] = frozenset()  # "China's government": China itself
    broader: dict[str, frozenset[str]] = field(default_factory=dict)  # senator → lawmaker
    named_sets: frozenset[str] = frozenset()  # "the pair": people named together before
    own_bodies: frozenset[str] = frozenset()  # "Dalton's campaign": the "Dalton campaign"
    own_body_kinds: frozenset[str] = frozenset()  # "re-election": "her re-election campaign"
    parties: dict[str, str] = field(default_factory=dict)  # "democrat" → "D" (as in "D-Ohio")
    legal_texts: frozenset[str] = frozenset()  # "the lawsuit": its filer's, not the accused's
    legal_acts: frozenset[str] = frozenset()   # "sue", "indict": the subject filed the text
    levels: dict[str, frozenset[str]] = field(default_factory=dict)  # "federal" → its sectors
    past: frozenset[str] = frozenset()  # "the former cabinet secretary": a role once held
    # "the meeting": speaks only for whom it is named with, never for the last one named
    linked_documents: frozenset[str] = frozenset()
    # "the Acme Party person": one of a body, no role holder, who speaks for it unnamed
    insiders: frozenset[str] = frozenset()


def _rows(name: str) -> list[list[str]]:
    text = resources.files("wirewatch.data").joinpath(name).read_text("utf-8")
    return [[c.strip() for c in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def knowledge() -> _Knowledge:
    """data/coref.tsv, with the role titles of data/roles.tsv as person nouns."""
    pronouns, gender, org, metonyms, titles = {}, {}, {}, {}, {}
    plural, groups, spokes, persons, documents = set(), set(), set(), set(), set()
    general_docs: set[str] = set()
    partitives: set[str] = set()
    named_sets: set[str] = set()
    own_bodies: set[str] = set()
    own_body_kinds: set[str] = set()
    parties: dict[str, str] = {}
    legal_texts: set[str] = set()
    legal_acts: set[str] = set()
    levels: dict[str, frozenset[str]] = {}
    principals: set[str] = set()
    epithets: set[str] = set()
    voices: set[str] = set()
    places: dict[str, bool] = {}
    weak: set[str] = set()
    authoring: set[str] = set()
    body_words: set[str] = set()
    body_has: set[str] = set()
    address: set[str] = set()
    family_first: set[str] = set()
    lesser: set[str] = set()
    past: set[str] = set()
    linked_docs: set[str] = set()
    insiders: set[str] = set()
    country_itself: set[str] = set()
    broader: dict[str, set[str]] = {}
    for row in _rows("coref.tsv"):
        row += [""] * (4 - len(row))
        kind, word, value, extra = row[:4]
        if kind == "pronoun":
            pronouns[word] = (value, extra)
        elif kind == "gender":
            gender[word] = value
            if extra == "weak":
                weak.add(word)
        elif kind == "org":
            sectors = frozenset(s for s in value.split("|") if s)
            org[word] = sectors
            if extra:
                org[extra] = sectors
                plural.add(extra)
        elif kind == "group":
            groups.add(word)
        elif kind == "spokes":
            spokes.add(word)
            if value == "principal":
                principals.add(word)
        elif kind == "document":
            documents.add(word)
            if value == "general":
                general_docs.add(word)
            if value == "linked":
                linked_docs.add(word)
        elif kind == "metonym":
            metonyms[word] = (value, extra)
        elif kind in ("title", "same"):
            titles[word] = value
            persons.add(value)
        elif kind == "person":
            persons.add(word)
            if value == "insider":
                insiders.add(word)
        elif kind == "partitive":
            partitives.add(word)
            if value == "named":
                named_sets.add(word)
        elif kind == "epithet":
            epithets.add(word)
            persons.add(word)
        elif kind == "voice":
            voices.add(word)
        elif kind == "place":
            places[word] = value == "local"
        elif kind == "author":
            authoring.add(word)
        elif kind == "body_word":
            body_words.add(word)
        elif kind == "body_has":
            body_has.add(word)
        elif kind == "address":
            address.add(word)
        elif kind == "family_first":
            family_first.add(word)
        elif kind == "lesser":
            lesser.add(word)
        elif kind == "past":
            past.add(word)
        elif kind == "country_itself":
            country_itself.add(word)
        elif kind == "broader":
            broader.setdefault(word, set()).add(value)
            persons.add(value)
        elif kind == "own_body":
            own_bodies.add(word)
        elif kind == "own_body_kind":
            own_body_kinds.add(word)
        elif kind == "party":
            parties[word] = value
        elif kind == "legal_text":
            legal_texts.add(word)
        elif kind == "legal_act":
            legal_acts.add(word)
        elif kind == "level":
            levels[word] = frozenset(s for s in value.split("|") if s)
    two_word: set[str] = set()
    for row in _rows("roles.tsv"):
        if len(row) >= 2 and row[1] in ("head", "generic"):
            persons.add(row[0].split()[-1].lower())
            if len(row[0].split()) == 2:
                two_word.add(row[0].lower())
    persons |= {w for w, g in gender.items() if not w.endswith(".") and " " not in w}
    first_names = {r["name"]: r["gender"] for r in data_rows("first_names.tsv")}
    kin = frozenset(name_words("kin_noun"))
    return _Knowledge(pronouns, gender, org, frozenset(plural), frozenset(groups),
                      frozenset(spokes), frozenset(documents), metonyms, titles,
                      frozenset(persons - set(org)), first_names, frozenset(partitives),
                      frozenset(principals), frozenset(epithets), frozenset(voices), places,
                      frozenset(weak), frozenset(two_word), frozenset(authoring),
                      frozenset(body_words), frozenset(body_has), frozenset(address), kin,
                      frozenset(general_docs), frozenset(family_first), frozenset(lesser),
                      frozenset(country_itself),
                      {w: frozenset(v) for w, v in broader.items()},
                      named_sets=frozenset(named_sets), own_bodies=frozenset(own_bodies),
                      own_body_kinds=frozenset(own_body_kinds),
                      parties=parties, legal_texts=frozenset(legal_texts),
                      legal_acts=frozenset(legal_acts), levels=levels, past=frozenset(past),
                      linked_documents=frozenset(linked_docs), insiders=frozenset(insiders))


def _plural_verb(t: Token) -> bool:
    """"Big Machine have denied it": a singular name, alone, as subject of a plural verb is a
    body (British usage), never a person."""
    verb = t.head
    if t.tag_ != "NNP" or t.dep_ not in _SUBJ or verb.i < t.i or verb.pos_ not in ("VERB", "AUX") \
            or any(c.dep_ in ("conj", "cc") for c in t.children) \
            or any(a.tag_ == "MD" or a.i < t.i for a in verb.children if a.dep_ == "aux") \
            or verb.i + 1 < len(t.doc) and t.doc[verb.i + 1].text in ("'s", "’s"):
        return False  # (not "Would Jo Roe have said", nor a typo: "Roe say's")
    # (a lower-case verb: not a name the tagger took for one, "Jo Roe, PASOK head"; right
    # after the name: not a verb the parse reached in the next paragraph)
    vbp = verb if verb.tag_ == "VBP" and verb.text.islower() else next(
        (a for a in verb.children if a.dep_ == "aux" and a.tag_ == "VBP" and a.i > t.i), None)
    return vbp is not None and vbp.i - t.i <= 3 \
        and not any(x.is_space or x.is_punct for x in t.doc[t.i + 1:vbp.i])


# --------------------------------------------------------------------------- chains


@dataclass(frozen=True)
class CorefMention:
    start: int   # character offsets in the doc
    end: int
    kind: str    # name | pronoun | description | metonym


@dataclass
class Chain:
    """Everything in one doc that refers to one entity (or to one unnamed description)."""

    name: str                       # the entity's canonical name, else the description
    entity: Entity | None
    type: str                       # PERSON | ORG | GPE | NORP | GROUP
    gender: str | None = None       # m | f for a person whose gender the article shows
    country: str | None = None
    mentions: list[CorefMention] = field(default_factory=list)
    plural: bool = False            # an unnamed "the men": never a "he" or "she"


class Coref:
    """The chains of one doc and a lookup from a character span to its chain."""

    def __init__(self, chains: list[Chain]):
        self.chains = chains
        items = sorted((m.start, m.end, c) for c in chains for m in c.mentions)
        self._starts = [s for s, _, _ in items]
        self._items = items

    def chain_at(self, start: int, end: int) -> Chain | None:
        """The chain of the mention that covers [start, end) most tightly (or overlaps it)."""
        i = bisect_right(self._starts, end - 1)
        best: tuple[int, Chain] | None = None
        for s, e, chain in reversed(self._items[max(0, i - 12):i]):
            if s <= start and end <= e:
                size = e - s
            elif min(end, e) > max(start, s):
                size = 10_000 + (e - s)
            else:
                continue
            if best is None or size < best[0]:
                best = (size, chain)
        return best[1] if best else None

    def entity_at(self, start: int, end: int) -> Entity | None:
        chain = self.chain_at(start, end)
        return chain.entity if chain else None

    def gender_of(self, entity: Entity) -> str | None:
        return next((c.gender for c in self.chains if c.entity is entity), None)


# --------------------------------------------------------------------------- resolution

_SUBJ = {"nsubj", "nsubjpass"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_INDEFINITE = {"a", "an", "one", "another", "some", "two", "three", "several", "many"}
_PERSONAL_TYPES = {"PERSON"}
_CORPORATE_TYPES = {"ORG", "NORP", "GPE"}
_GROUP_REACH = 12  # sentences "the ministers" looks back for the group named with the noun
_REACH = 4  # sentences a pronoun looks back (outside quotes): news copy rarely reaches further
_EMBEDDED = {"compound", "poss", "nmod", "amod"}
_CONJUNCTIONS = {"and", "or", "nor", "but", "&"}


@dataclass
class _Ref:
    """A mention seen so far in the left-to-right pass (for salience)."""

    tok: int          # root token index
    sent: int
    chain: Chain
    subject: bool
    weight: float = 0.0  # salience factors of the mention, before the distance halving


def _anchor(t: Token) -> Token:
    """The token whose role in the clause a name has: the subject it is in apposition to
    ("head X said"), also through a partitive ("One of the bidders, Acmeco, said": the
    name is who said it), else the name itself."""
    if t.dep_ != "appos":
        return t
    h = t.head
    if h.dep_ in _SUBJ:
        return h
    if h.dep_ == "pobj" and h.head.lower_ == "of" and h.head.head.dep_ in _SUBJ \
            and h.head.head.pos_ in ("NUM", "PRON", "DET", "ADJ"):
        return h.head.head
    return t


def _paragraph_main(t: Token, verb: Token) -> bool:
    """Whether the clause of a subject in the verb's own paragraph is one the parser hung on a
    clause of an earlier paragraph (a quote mark left open ran "But he said: “…”\n\nX,
    reporting from Athens, said …" into one sentence): such a clause is a main clause."""
    return verb.head.i < verb.i and across_paragraphs(verb.head, verb) \
        and not across_paragraphs(t, verb)


def across_paragraphs(a: Token, b: Token) -> bool:
    """Whether a paragraph break lies between two tokens (the parser ran a photo credit into
    the next paragraph's sentence: "Toby Talbot, AP Photo \n\n In 1978, Sanders compared")."""
    lo, hi = (a, b) if a.i < b.i else (b, a)
    return "\n\n" in "".join(t.text_with_ws for t in a.doc[lo.i:hi.i])


def _salience(t: Token, subject: bool = False, main: bool = False) -> float:
    """Lappin & Leass's salience factors of a mention: subject 80, direct object 50, indirect
    object 40, head of its noun phrase 80, not inside a prepositional phrase 50. A noun the
    parser left as the root of a sentence ("Secretary of State Mike Pompeo, who …, signed")
    is a misparsed subject (so is a name known to be one: `subject`), and the subject of a
    tag the parser hung on the quoted words ("“… do this,” Cook told Benioff") is the main
    clause's (`main`)."""
    anchor = _anchor(t)  # "head X said", "one of the bidders, X, said"
    dep = "nsubj" if subject else anchor.dep_
    w = 0.0
    if dep == "ROOT" and t.pos_ in ("PROPN", "NOUN", "PRON"):
        w += 80
    elif dep in _SUBJ:
        # the subject of the main clause outranks one of a clause inside it ("Schumer
        # suggested the president was …": the next "he said" is Schumer)
        # ("As a result, says the panel, the council may act": the words are the panel's,
        # so the subject of the reporting clause set into the main clause is its subject,
        # and the main clause's own subject is reported, as in a clause inside it)
        head = anchor.head
        main = main or _inset_cue(head)
        w += 80 if head.dep_ == "ROOT" and not any(_inset_cue(c) for c in head.children) \
            or main or _paragraph_main(t, head) else 40
    elif dep == "dobj":
        w += 50
    elif dep == "dative":
        w += 40
    if dep not in _EMBEDDED:
        w += 80
    if dep != "pobj":
        w += 50
    return w


def _inset_cue(verb: Token) -> bool:
    """Whether a verb is a reporting clause set into the main clause ("As a result, says
    the panel, the council may act"): a speech verb hung on the root as `parataxis`, with
    a subject of its own."""
    from wirewatch.analyze.quotes import cues

    return verb.dep_ == "parataxis" and verb.head.dep_ == "ROOT" and verb.pos_ == "VERB" \
        and verb.lemma_.lower() in cues().speech and any(c.dep_ == "nsubj" for c in verb.children)


def is_age_epithet(t: Token) -> bool:
    """"The 74-year-old said": the "old" of an age standing alone for a person (as the
    parser leaves it: a noun, or an adjective hung on the verb), not "a 30-year-old woman"."""
    doc = t.doc
    return t.lower_ == "old" and t.i >= 5 and doc[t.i - 2].lower_ in ("year", "years") \
        and doc[t.i - 5].lower_ == "the" and doc[t.i - 1].text == "-" \
        and (t.dep_ in _SUBJ or t.dep_ == "amod" and t.head.pos_ in ("VERB", "AUX"))


def _shadowed(words: list[str], i: int) -> bool:
    """"Shadow Chancellor Oliver Letwin": an opposition front-bencher's title, which is no
    holding of the office itself ("the chancellor said" is the real one), for the role word
    at `i` ("shadow foreign secretary": any word after "shadow")."""
    return "shadow" in words[:i]


def _shadow_phrase(text: str, role: str) -> bool:
    """`_shadowed` for a role phrase in a text: "shadow foreign secretary" in "Tory shadow
    foreign secretary" (whole words)."""
    return f" shadow {role} " in f" {' '.join(text.lower().split())} "


def quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans inside quote marks (cached on the doc for the quotes component)."""
    spans = doc.user_data.get("ww_quoted")
    if spans is None:
        from wirewatch.analyze.quotes import find_direct_quotes

        spans = [p for q in find_direct_quotes(extensions.doc_text(doc)) for p in q.pieces]
        doc.user_data["ww_quoted"] = spans
    return spans


class _Resolver:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.k = knowledge()
        self.text = extensions.doc_text(doc)
        n = len(doc)
        self.in_quote = [False] * n
        spans = quoted_spans(doc)
        if spans:
            starts = [s for s, _ in spans]
            for t in doc:
                j = bisect_right(starts, t.idx) - 1
                self.in_quote[t.i] = j >= 0 and t.idx < spans[j][1]
        # sentence numbers count only sentences with words outside quote marks: four quoted
        # sentences between "McCarthy said" and "he continued" put no distance between them
        self.sent = [0] * n
        if doc.has_annotation("SENT_START"):
            k = -1
            for s in doc.sents:
                k += any(not self.in_quote[i] and not doc[i].is_punct and not doc[i].is_space
                         for i in range(s.start, s.end)) or k < 0
                for i in range(s.start, s.end):
                    self.sent[i] = k
        self.chains: list[Chain] = []
        self.by_entity: dict[int, Chain] = {}
        self.owner: dict[int, Chain] = {}     # token index → chain of a name covering it
        self.roots: dict[int, Chain] = {}     # root token of a name mention → chain
        self.refs: list[_Ref] = []
        # chain → genders of the "he"/"she" already resolved to it (for a person of unknown
        # gender: once "she", never "he")
        self.pron_genders: dict[int, set[str]] = {}
        # (sentence, chain) of the last spokesperson described: "the spokesman" goes back to it
        self.spoken_for: tuple[int, Chain] | None = None
        # (sentence, chain, mention) of each spokesperson description, in order
        self.spokes_seen: list[tuple[int, Chain, CorefMention, str]] = []
        self.body_nouns: dict[int, str] = {}  # a missed body name → the noun it was named with
        # noun → (token, chain) where the article put it beside a name ("Hachette, her publisher")
        self.described: dict[str, list[tuple[int, Chain]]] = {}
        # document noun → (sentence, chain) of its author, once linked ("a page of its website")
        self.documents_seen: dict[str, tuple[int, Chain]] = {}
        # subject token → the text it speaks in, named before it ("In a statement, X said")
        self.issued_later: dict[int, str] = {}
        # chains of bodies the entities took for persons (`_bodies_taken_for_persons`)
        self.retyped: set[int] = set()
        # chain id → (party letters, states) the article gives a person ("Sen. Jo Roe, R-Ohio")
        self.affiliations: dict[int, tuple[set[str], set[str]]] = {}
        # (sentence, chain) of the last body a person runs for himself ("Dalton's campaign")
        self.own_body_seen: tuple[int, Chain] | None = None
        # (start, end) of a name mention → its `_title_words` (asked once per chain per role)
        self.title_words: dict[tuple[int, int], list[str]] = {}
        self.title_forms: dict[tuple[int, int], list[tuple[str, str]]] = {}

    # ---------------------------------------------------------------- names
    def names(self) -> None:
        doc, zone, zi = self.doc, self.doc._.ww_zone, self.doc._.ww_zone_index
        for ent in doc._.ww_entities or []:
            chain = Chain(ent.name, ent, ent.type, country=ent.country)
            for m in ent.mentions:
                if m.zone != zone or m.zone_index != zi or self._misread(ent, m.start, m.end):
                    continue
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                self._claim(chain, span, CorefMention(m.start, m.end, "name"))
            if chain.mentions:
                self.chains.append(chain)
                self.by_entity[id(ent)] = chain
        self._missed_surnames()
        self._missed_speakers()
        self._missed_named_bodies()
        self._metonyms()

    def _missed_named_bodies(self) -> None:
        """"… by US magazine Acme Monthly." where the entities component missed the name: a
        name of capitalised words that no entity holds, in apposition right after a body noun
        of data/coref.tsv ("magazine", "firm"), is that body, a chain of its own (quoted under
        the name), which "the magazine said" later means."""
        k, doc = self.k, self.doc
        for t in doc:
            if t.pos_ != "NOUN" or t.lower_ not in k.org or t.lower_ in k.persons \
                    or self.in_quote[t.i] or t.i in self.owner:
                continue
            # ("by US magazine Acme Monthly": its appositive; "copy protection firm Acmevision":
            # the name it is a compound of)
            names = [c for c in t.children if c.dep_ == "appos"]
            if t.dep_ == "compound" and t.head.i > t.i:
                names.append(t.head)
            for c in names:
                if c.pos_ != "PROPN" or c.i <= t.i or c.dep_ == "appos" and c.left_edge.i != t.i + 1:
                    continue
                toks = doc[t.i + 1:c.i + 1]
                words = tuple(x.text for x in toks)
                if len(words) > 4 or any(
                        x.i in self.owner or x.pos_ != "PROPN" or not x.text[:1].isupper()
                        or self.in_quote[x.i] or x.ent_type_ not in ("", "ORG", "PRODUCT",
                                                                     "WORK_OF_ART")
                        for x in toks):
                    continue
                chain = Chain(" ".join(words), None, "ORG")
                n = len(words)
                for x in doc:
                    if x.text == words[0] and x.i + n <= len(doc) and not self.in_quote[x.i] \
                            and tuple(y.text for y in doc[x.i:x.i + n]) == words \
                            and not any(y.i in self.owner for y in doc[x.i:x.i + n]):
                        span = doc[x.i:x.i + n]
                        self._claim(chain, span,
                                    CorefMention(span.start_char, span.end_char, "name"))
                if chain.mentions:
                    self.chains.append(chain)
                    self.body_nouns[id(chain)] = t.lower_

    def _claim(self, chain: Chain, span: Span, mention: CorefMention) -> None:
        """A mention of `chain`: its tokens are the chain's, its root stands for it."""
        chain.mentions.append(mention)
        for t in span:
            self.owner[t.i] = chain
        self.roots[span.root.i] = chain

    def _misread(self, ent: Entity, start: int, end: int) -> bool:
        """"the official", "the spokesman", "the agency" given to a named person as a
        role-only mention: whoever spoke for someone last, or the organisation, is meant,
        which the description pass decides."""
        phrase = self.text[start:end]
        words = phrase.lower().split()
        if len(words) < 2 or words[0] not in _DEFINITE:
            return False
        if ent.type == "PERSON" and any(
                _shadow_phrase(r.get("role") or "", " ".join(words[1:])) for r in ent.roles):
            return True  # "The Foreign Secretary" given to the shadow foreign secretary
        if phrase[1:] != phrase[1:].lower():
            return False
        k, head = self.k, words[-1]
        if len(words) == 2 and (head in k.spokes or head in k.documents):
            return True
        if ent.type != "PERSON":
            return False
        if head in k.org and head not in k.persons:
            return True
        # "Trump, the chief justice then declared": the role belongs to someone else here

        def holds(e: Entity) -> bool:
            return any(w == head and not _shadowed(ws, i) for r in e.roles
                       for ws in [(r.get("role") or "").lower().split()]
                       for i, w in enumerate(ws))

        if head not in k.persons:
            return False
        if not holds(ent) and any(head in (r.get("role") or "").lower().split()
                                  for r in ent.roles):
            return True  # "the chancellor" given to the shadow chancellor: not his title
        others = [e for e in self.doc._.ww_entities or [] if e is not ent and e.type == "PERSON"
                  and holds(e)]
        if not holds(ent):
            return bool(others)

        # "New York City Mayor Bill de Blasio … The mayor said" given to a mayor named only
        # later: the holder named before it is meant
        zone = self.doc._.ww_zone

        def named_before(e: Entity) -> bool:
            return any(m.end <= start and m.zone == zone and
                       self.text[m.start:m.end].lower().split()[:1] not in (["the"], ["a"])
                       for m in e.mentions)

        if not named_before(ent):
            return any(named_before(e) for e in others)
        return self._other_holder_nearer(ent, words[1:], start, others)

    def _other_holder_nearer(self, ent: Entity, title: list[str], start: int,
                             others: list[Entity]) -> bool:
        """"President Trump … Obama urged graduates … The president also said" given to
        Trump: when another holder of exactly this title ("Former President" counts, "Vice
        President" does not) was named nearer before it, the description pass (most recent
        holder) decides."""
        title = [w for w in title if w != "former"]

        def exact(e: Entity) -> bool:
            return any([w for w in (r.get("role") or "").lower().split() if w != "former"]
                       == title for r in e.roles)

        def last_named(e: Entity) -> int:
            return max((m.end for m in e.mentions if m.end <= start and m.zone == zone
                        and self.text[m.start:m.end].lower().split()[:1] not in (["the"], ["a"])),
                       default=-1)

        if not exact(ent):
            return False
        zone = self.doc._.ww_zone
        mine = last_named(ent)
        return any(exact(e) and last_named(e) > mine for e in others)

    def _missed_surnames(self) -> None:
        """"Schiff said" where the model found "Adam Schiff" elsewhere but not here."""
        by_word: dict[str, set[int]] = {}
        for c in self.chains:
            if c.type == "PERSON" and c.entity is not None:
                for form in [c.name, *c.entity.aliases]:
                    words = form.split()
                    while len(words) > 2 and words[-1].isupper():
                        words = words[:-1]  # ("Tom McCabe MSP": McCabe, not the letters)
                    if len(words) > 1:
                        by_word.setdefault(words[-1], set()).add(id(c))
        if not by_word:
            return
        chains = {id(c): c for c in self.chains}
        for t in self.doc:
            if t.i in self.owner or t.text not in by_word or t.pos_ == "PRON":
                continue  # (a pronoun is never a surname: "He urged …" with Liu He named)
            if t.pos_ != "PROPN" and not (t.dep_ in _SUBJ and not t.is_sent_start) \
                    and not self._misread_speaker(t) and not self._surname_says(t):
                continue  # the tagger reads some surnames as adjectives ("said Allred")
            ids = by_word[t.text]
            if len(ids) != 1:
                continue
            chain = chains[next(iter(ids))]
            chain.mentions.append(CorefMention(t.idx, t.idx + len(t.text), "name"))
            self.owner[t.i] = chain
            self.roots[t.i] = chain

    def _missed_body_names(self) -> None:
        """"Acmeco is based in Leeds." where the model found the body Acmeco elsewhere but
        tagged this one-word name a common noun: it is the body again (so "the company"
        after it means it, not a body named before). Only a name that cannot be an ordinary
        word there: with a capital inside ("AcmeCo") or capitalised mid-sentence."""
        by_name: dict[str, set[int]] = {}
        for c in self.chains:
            if c.type == "ORG" and c.entity is not None:
                for form in {c.name, *c.entity.aliases}:
                    if " " not in form and len(form) > 2 and form[0].isupper():
                        by_name.setdefault(form, set()).add(id(c))
        if not by_name:
            return
        chains = {id(c): c for c in self.chains}
        for t in self.doc:
            if t.i in self.owner or t.text not in by_name or len(by_name[t.text]) != 1 \
                    or t.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            if t.is_sent_start and not any(ch.isupper() for ch in t.text[1:]):
                continue  # ("Apple sales rose" opening a sentence may be the fruit)
            chain = chains[next(iter(by_name[t.text]))]
            self._claim(chain, self.doc[t.i:t.i + 1],
                        CorefMention(t.idx, t.idx + len(t.text), "name"))

    def _missed_speakers(self) -> None:
        """"Lord Browne said …. “…,” he said": a name of two to four capitalised words that
        no entity holds, subject of a speech verb, is a person the entities component
        missed (the quotes component credits the name as written); a chain of its own, so a
        later "he" and the same name again are that person."""
        k, doc = self.k, self.doc
        found: dict[tuple[str, ...], Chain] = {}
        for t in doc:
            if t.pos_ != "PROPN" or t.dep_ not in _SUBJ \
                    or t.ent_type_ not in ("", "PERSON", "WORK_OF_ART") or self.in_quote[t.i]:
                continue
            # ("Jo Roe is senior benefit officer at the site. He said: “…”": the subject of
            # a role noun is a person too, whose first name the tagger may read as a noun)
            role = t.head.lemma_ == "be" and any(
                c.dep_ == "attr" and c.lemma_.lower() in k.persons for c in t.head.children)
            if not role and not self._speaks(t.head):
                continue
            parts = [c for c in t.lefts if c.dep_ == "compound" and (
                c.pos_ == "PROPN" or role and c.pos_ == "NOUN" and c.text.istitle())]
            toks = doc[parts[0].i if parts else t.i:t.i + 1]
            words = tuple(x.text for x in toks)
            # ("…,” Simon Yates, an analyst, said": a name the model took for a title, when
            # it opens with a known first name)
            labels = ("", "PERSON", "WORK_OF_ART") if words[0].lower() in k.first_names \
                else ("", "PERSON")
            if not 2 <= len(words) <= 4 or words in found \
                    or any(x.i in self.owner or not x.text[:1].isupper() or x.text.isupper()
                           or x.ent_type_ not in labels or x.lower_ in k.org
                           or x.lower_ in k.body_words or x.lower_ == "shadow"
                           or x.lower_ in k.persons and x.lower_ not in k.gender
                           for x in toks) or toks[-1].lower_ in k.persons:
                continue  # (not a title read as a name: "Shadow Secretary")
            # "Big Machine have denied it": a singular name with a plural verb is a body
            # (British usage), never a person
            found[words] = Chain(" ".join(words), None,
                                 "ORG" if _plural_verb(t) else "PERSON")
        for words, chain in found.items():
            n = len(words)
            for t in doc:
                if t.text != words[0] or t.i + n > len(doc) or self.in_quote[t.i] \
                        or tuple(x.text for x in doc[t.i:t.i + n]) != words \
                        or any(x.i in self.owner for x in doc[t.i:t.i + n]):
                    continue
                span = doc[t.i:t.i + n]
                self._claim(chain, span, CorefMention(span.start_char, span.end_char, "name"))
            if chain.mentions:
                self.chains.append(chain)

    @staticmethod
    def _missed_name(chain: Chain) -> bool:
        """Whether a chain with no entity is a person's name (`_missed_speakers`), not a
        description ("a mother"): as much someone as an entity's name."""
        return chain.entity is None and any(m.kind == "name" for m in chain.mentions)

    def _misread_speaker(self, t: Token) -> bool:
        """"…, Young says the plan …": a capitalised surname that is also a common word,
        parsed as a modifier of the speech verb right after it, which has no subject of its
        own, is that verb's speaker (not at a sentence start, where any word is capitalised)."""
        return not t.is_sent_start and self._before_speech_verb(
            t, ("advmod", "npadvmod", "amod", "dep"))

    def _surname_says(self, t: Token) -> bool:
        """"Yates said that …", "Oh said.": a known surname the tagger read as a common noun
        or an interjection, right before the speech verb it is the only subject of, is the
        name even where it opens a sentence."""
        return self._before_speech_verb(t, (*_SUBJ, "intj", "advmod", "npadvmod", "dep"))

    def _before_speech_verb(self, t: Token, deps: tuple[str, ...]) -> bool:
        """Whether capitalised `t`, attached to the speech verb right after it by one of
        `deps`, is the only word that verb could have as its subject."""
        verb = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        return verb is not None and t.text[:1].isupper() and t.head.i == verb.i \
            and t.dep_ in deps and self._speaks(verb) \
            and not any(c.dep_ in _SUBJ and c.i != t.i for c in verb.children)

    def _metonyms(self) -> None:
        """"The White House said": the building stands for its government."""
        text = self.text.lower()
        for form, (iso3, _sector) in self.k.metonyms.items():
            pos = text.find(form)
            while pos != -1:
                end = pos + len(form)
                if (pos == 0 or not text[pos - 1].isalnum()) and \
                        (end == len(text) or not text[end].isalnum()):
                    span = self.doc.char_span(pos, end, alignment_mode="expand")
                    if span is not None and len(span) and span.root.dep_ not in ("compound",
                                                                                 "amod"):
                        chain = self.owner.get(span.root.i)
                        if chain is None:
                            chain = Chain(self.text[pos:end], None, "ORG", country=iso3)
                            self.chains.append(chain)
                            self._claim(chain, span, CorefMention(pos, end, "metonym"))
                        else:
                            chain.country = chain.country or iso3
                pos = text.find(form, end)

    # ---------------------------------------------------------------- gender
    def genders(self) -> None:
        """Titles, gendered nouns and first names first (strong), then unambiguous pronouns
        (votes)."""
        votes: dict[int, list[int]] = {}
        weak: dict[int, list[int]] = {}  # "chairman": only when nothing else tells
        k = self.k
        for c in self.chains:
            # (a name the entities component missed, `_missed_speakers`, has a first name too)
            if c.type != "PERSON" or c.entity is None and not self._missed_name(c):
                continue
            words = c.name.split()
            if len(words) >= 2 and words[0][:1].isupper():  # "Gretchen Whitmer" → f
                # ("Li Chengpeng": a family name first, which tells no sex)
                g = None if len(words) == 2 and words[0].lower() in k.family_first \
                    else k.first_names.get(words[0].lower())
                if g is not None:
                    votes.setdefault(id(c), [0, 0])[g == "f"] += 3
            for r in c.entity.roles if c.entity is not None else []:
                for w in (r.get("role") or "").lower().split():
                    if w in k.gender:
                        (weak if w in k.weak_gender else votes).setdefault(
                            id(c), [0, 0])[k.gender[w] == "f"] += 3
        for i, chain in self.roots.items():
            if chain.type != "PERSON":
                continue
            first = i
            while first > 0 and self.owner.get(first - 1) is chain:
                first -= 1
            for j in (first - 1, first - 2):
                w = self.doc[j].lower_ if j >= 0 else ""
                if w in k.gender and self.doc[j].pos_ != "VERB":
                    (weak if w in k.weak_gender else votes).setdefault(
                        id(chain), [0, 0])[k.gender[w] == "f"] += 3
                    break
            tok = self.doc[i]
            kin = self._kin_noun(tok)  # "her daughters Malia and Sasha": both girls
            g = k.gender.get(kin.lemma_.lower()) if kin is not None else None
            if g in ("m", "f"):
                votes.setdefault(id(chain), [0, 0])[g == "f"] += 3
            for other in [*tok.children, tok.head]:
                if other.dep_ == "appos" or tok.dep_ == "appos" or other.dep_ == "compound":
                    w = other.lower_
                    if w in k.gender and w not in ("man", "woman"):
                        (weak if w in k.weak_gender else votes).setdefault(
                            id(chain), [0, 0])[k.gender[w] == "f"] += 3
        # pronouns with one person in reach
        person_roots = sorted((i, c) for i, c in self.roots.items()
                              if c.type == "PERSON" and not self.in_quote[i])
        idx = [i for i, _ in person_roots]
        # "Jo Roe, producer of TV show Later... With Ann Lee, booked the band.": a sentence
        # whose verb has no subject is the tail of the one before (a split at an ellipsis),
        # so the person there is in reach too
        last_root: dict[int, Token] = {}
        for s in self.doc.sents:
            if not self.in_quote[s.root.i]:
                last_root[self.sent[s.start]] = s.root
        subjectless = {n for n, r in last_root.items() if r.pos_ in ("VERB", "AUX")
                       and r.tag_ != "VB" and not any(c.dep_ in _SUBJ or c.dep_ == "expl"
                                                      for c in r.children)}
        for t in self.doc:
            g = k.pronouns.get(t.lower_)
            if g is None or g[0] not in "mf" or self.in_quote[t.i]:
                continue
            lo = self.sent[t.i] - 1
            if lo in subjectless:
                lo -= 1
            j = bisect_right(idx, t.i) - 1
            seen: set[int] = set()
            while j >= 0 and self.sent[person_roots[j][0]] >= lo:
                seen.add(id(person_roots[j][1]))
                j -= 1
            if len(seen) == 1:
                votes.setdefault(seen.pop(), [0, 0])[g[0] == "f"] += 1
        for c in self.chains:
            v = votes.get(id(c)) or weak.get(id(c))
            if v and v[0] != v[1]:
                c.gender = "f" if v[1] > v[0] else "m"

    def _families(self) -> None:
        """"the Obamas", "the Roes": a one-word person name that is another person's surname
        plus "s" is the family, a plural: never a "he" or "she"."""
        surnames = {c.name.split()[-1] for c in self.chains
                    if c.type == "PERSON" and c.entity is not None and len(c.name.split()) >= 2}
        for c in self.chains:
            words = c.name.split()
            if c.type == "PERSON" and c.entity is not None and len(words) == 1 \
                    and words[0].endswith("s") and words[0][:-1] in surnames:
                c.plural = True

    def _kin_noun(self, t: Token) -> Token | None:
        """The kin noun that introduces a name ("her son, Tom,", "daughter Ann", "her
        daughters Malia and Sasha": a plural one for every conjunct), else None. Such a
        person is given by someone else's family: of the kin noun's gender, and in the
        background of what is said about that someone."""
        first = t
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        for x in [*first.children, first.head]:
            if x.i == first.i or x.pos_ != "NOUN" or x.lower_ not in self.k.kin:
                continue
            if x.head.i == first.i and x.dep_ in ("compound", "appos") \
                    or first.dep_ == "appos" and x.i == first.head.i:
                return x if first.i == t.i or x.tag_ == "NNS" else None
        return None

    def _bodies_taken_for_persons(self) -> None:
        """"Novartis' shares rose", "Dick Clark Productions": a name the entities typed as a
        person but that the article treats as a body (it has shares, a board) or that ends
        like a company's is a body for the pronouns and descriptions ("the firm said").
        ("X said that it would …" is no sign: "it" is often the matter.)"""
        k = self.k
        for i, chain in self.roots.items():
            tok = self.doc[i]
            if chain.type == "ORG" and chain.entity is not None and not self.in_quote[i] \
                    and len(chain.name.split()) in (1, 2, 3) \
                    and all(w[:1].isupper() and w.lower() not in k.body_words
                            and w.lower() not in k.org for w in chain.name.split()) \
                    and any(self._person_noun(n) for n in (
                        [tok.head] if tok.dep_ == "appos" else []) + [
                        c for c in tok.children if c.dep_ == "appos"]):
                # "The French foreign minister, Laurent Fabius": a person's role beside a name
                # of up to three words, none a body's, makes a person of what the entities
                # typed as a body ("Another spectator, Nordine,": a one-word one too)
                chain.type = "PERSON"
        for i, chain in self.roots.items():
            # "Mr Cable", typed as a body: a title of address opens only a person's name
            words = chain.name.split()
            first = i
            while first > 0 and self.owner.get(first - 1) is chain:
                first -= 1
            if chain.type == "ORG" and chain.entity is not None and len(words) <= 3 \
                    and (words[0].lower() in k.address and len(words) > 1
                         or first > 0 and self.doc[first - 1].lower_ in k.address
                         and self.doc[first - 1].text[:1].isupper()) \
                    and all(w[:1].isupper() and w.lower() not in k.body_words for w in words):
                chain.type = "PERSON"
        for i, chain in self.roots.items():
            if chain.type != "PERSON" or chain.entity is None or self.in_quote[i]:
                continue
            words = chain.name.split()
            tok = self.doc[i]
            if len(words) >= 2 and words[-1].lower() in k.body_words \
                    or not (len(words) >= 2 and words[0].lower() in k.first_names) \
                    and (tok.dep_ == "poss" and tok.head.lemma_.lower() in k.body_has
                         or self._after_body_noun(i, chain)) \
                    or _plural_verb(tok):
                chain.type = "ORG"
                self.retyped.add(id(chain))

    def _after_body_noun(self, i: int, chain: Chain) -> bool:
        """Whether the name rooted at `i` follows a body noun right before it ("German
        football club Borussia Dortmund", "campaign group Pure Air"): a body's name."""
        first = i
        while first > 0 and self.owner.get(first - 1) is chain:
            first -= 1
        prev = self.doc[first - 1] if first > 0 else None
        # (not "state schools Superintendent Jo Roe": a name holding a role word is a person's)
        return prev is not None and prev.tag_ == "NN" and prev.text.islower() \
            and prev.lower_ in self.k.org and prev.lower_ not in self.k.persons \
            and not any(w.lower() in self.k.persons or w.lower() in self.k.address
                        for w in chain.name.split())

    # ---------------------------------------------------------------- the pass
    def run(self) -> list[Chain]:
        self.names()
        self._bodies_taken_for_persons()
        self._missed_body_names()  # (after: a body taken for a person is one again)
        self.genders()
        self._families()
        self._appositives()
        k = self.k
        for t in self.doc:
            chain = self.roots.get(t.i)
            # (a nationality word the entities linked to its country is one too: "said the
            # American" is the player just named, not the United States)
            if chain is not None and (chain.type == "NORP" or chain.type == "GPE"
                                      and t.ent_type_ == "NORP") \
                    and t.pos_ in ("NOUN", "PROPN") \
                    and t.tag_ in ("NN", "NNP") and not self.in_quote[t.i]:
                # "the Minnesota Democrat added"; "said the German" (of Germany's people)
                person = self._epithet(t, country=chain.entity.country if chain.type == "GPE"
                                       and chain.entity is not None else None)
                if person is None and chain.type == "NORP":
                    person = self._called_so(t, chain)
                if person is not None:
                    chain.mentions = [m for m in chain.mentions if not m.start <= t.idx < m.end]
                    s, e = self._np(t)
                    person.mentions.append(CorefMention(s, e, "description"))
                    self._add(t, person)
                    continue
            if chain is not None:
                if not self.in_quote[t.i]:
                    self._add(t, chain)
                continue
            if self.in_quote[t.i] or t.i in self.owner:
                continue
            low = t.lower_
            if t.text.isupper() and t.i > 0 and self.doc[t.i - 1].head.i == t.i \
                    and self.owner.get(t.i - 1) is not None \
                    and self.owner[t.i - 1].type == "PERSON":
                # "Brian Monteith MSP said": letters after a person's name are theirs, no
                # description of someone else ("the MSP")
                chain = self.owner[t.i - 1]
                self.owner[t.i] = chain
                chain.mentions.append(CorefMention(t.idx, t.idx + len(t.text), "name"))
                self._add(t, chain)
                continue
            if is_age_epithet(t):
                # "the 74-year-old said": someone the article is about, who may have been
                # named two sentences back ("Bellini's agents … The Italian coach had
                # been … The 61-year-old said")
                person = self._epithet(t, definite=True, reach=2, age=t.doc[t.i - 4].text)
                if person is not None:
                    s, e = t.doc[t.i - 5].idx, t.idx + len(t.text)
                    person.mentions.append(CorefMention(s, e, "description"))
                    self._add(t, person)
                continue
            if low in k.pronouns and t.pos_ == "PRON" or low in ("his", "her", "its", "their") \
                    and t.dep_ == "poss":
                chain = self._pronoun(t)
                if chain is not None:
                    chain.mentions.append(CorefMention(t.idx, t.idx + len(t.text), "pronoun"))
                    self._add(t, chain)
                    g = k.pronouns.get(low, ("", ""))[0]
                    if g in ("m", "f"):
                        self.pron_genders.setdefault(id(chain), set()).add(g)
            elif (t.pos_ in ("NOUN", "PROPN") or t.pos_ == "ADJ" and t.dep_ in _SUBJ
                  and low in k.persons) and (t.dep_ not in ("compound", "amod", "poss")
                                             or self._role_owner(t)) \
                    and (low in k.persons or low in k.org or low in k.groups or low in k.spokes
                         or self._document(t) or t.lemma_.lower() in k.persons
                         or low in k.places
                         or self._appositive(t) is not None):
                chain = self._appositive(t) or self._description(t)
                if chain is not None:
                    s, e = self._np(t)
                    mention = CorefMention(s, e, "description")
                    chain.mentions.append(mention)
                    self._add(t, chain)
                    if low in k.spokes or t.lemma_.lower() in k.spokes:
                        self._spokes_named(t, chain, mention)
                    elif low in k.persons or t.lemma_.lower() in k.persons:
                        self._described_then_named(t, chain)
        return self.chains

    def _called_so(self, t: Token, norp: Chain) -> Chain | None:
        """"Gov. Jo Roe, a Democrat, vetoed the bill. Republicans vowed …. “…,” the Democrat
        said": with nobody in reach, the one named person the article put the word beside
        before (in apposition, or on the name: "Democratic Gov. Jo Roe"). Only a definite
        noun of its own ("the Democrat", not "Liberal Democrat leader X")."""
        if self._det(t) != "definite" or t.dep_ in ("compound", "amod", "poss", "nmod"):
            return None
        found = {id(c): c for u in self.doc[:t.i] if self.owner.get(u.i) is norp
                 and not self.in_quote[u.i]
                 and (c := self.owner.get(u.head.i)) is not None and c is not norp
                 and c.type == "PERSON" and c.entity is not None
                 and u.dep_ in ("appos", "amod", "compound")}
        return next(iter(found.values())) if len(found) == 1 else None

    def _role_owner(self, t: Token) -> bool:
        """"the prime minister's plan to …": a definite role noun as a possessor is a
        person mentioned like any other (whose words a quote there may be)."""
        return t.dep_ == "poss" and t.tag_ == "NN" and self._det(t) == "definite" \
            and (t.lower_ in self.k.persons or t.lemma_.lower() in self.k.persons) \
            and t.lower_ not in self.k.spokes

    def _spokes_named(self, t: Token, chain: Chain, mention: CorefMention) -> None:
        """"A spokesperson for Pritzker's office told the Times …" … "the spokeswoman, Jordan
        Abudayyeh, said": once the spokesperson is named, the unnamed mentions of the last few
        sentences that went to the body they speak for are that person's."""
        cur = self.sent[t.i]
        kind = self._spokes_kind(t.lemma_.lower())
        if chain.type == "PERSON" and chain.entity is not None and any(
                c.dep_ == "appos" and self.owner.get(c.i) is chain for c in t.children):
            for sent, other, m, was in self.spokes_seen:
                # (only one of the same kind: "the rapper's spokesman said …" is not "her
                # lawyer, Perry Wander" named later)
                if other is not chain and cur - sent <= 6 and was == kind \
                        and m in other.mentions:
                    other.mentions.remove(m)
                    chain.mentions.append(m)
        self.spokes_seen.append((cur, chain, mention, kind))

    def _spokes_kind(self, lemma: str) -> str:
        """"spokesman", "spokeswoman", "spokesperson" are one kind; each other spokes
        word ("lawyer", "aide") is a kind of its own."""
        return "principal" if lemma in self.k.principals else lemma

    def _described_then_named(self, t: Token, chain: Chain) -> None:
        """"A federal judge said to Flynn, “…” That judge, Emmet Sullivan, could …": a person
        first described, then named beside the same noun, is one person. The unnamed chain of
        the noun from the last few sentences joins the named one."""
        noun = t.lemma_.lower()
        if chain.type != "PERSON" or chain.entity is None or self._det(t) != "definite" \
                or not any(c.dep_ == "appos" and self.owner.get(c.i) is chain
                           for c in t.children):
            return
        cur = self.sent[t.i]
        for ref in reversed(self.refs):
            if cur - ref.sent > 3:
                break
            other = ref.chain
            if other is chain or other.entity is not None or other.type != "PERSON" \
                    or other.name.lower().split()[-1:] != [noun]:
                continue
            chain.mentions.extend(other.mentions)
            other.mentions = []
            for r in self.refs:
                if r.chain is other:
                    r.chain = chain
            self.chains.remove(other)
            return

    def _appositives(self) -> None:
        """Nouns this article puts beside a name ("Hachette, her publisher", "the comedian,
        Jimmy Kimmel"): later "her publisher" or "the comedian" is that entity again."""
        for i, chain in self.roots.items():
            tok = self.doc[i]
            for c in tok.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    self.described.setdefault(c.lemma_.lower(), []).append((c.i, chain))
            if self._no_role_of(tok.head, tok, chain):
                continue
            if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and tok.head.i < tok.i:
                self.described.setdefault(tok.head.lemma_.lower(), []).append((tok.head.i, chain))

    def _no_role_of(self, t: Token, name: Token, chain: Chain) -> bool:
        """Whether a person's role noun cannot be the name the parser put in apposition to
        it: "The Oscar-nominated actor, whose films include … The Phantom Menace, said" (the
        last title of the relative clause between them) — a name the entities typed as
        neither person nor nationality, after a clause on the noun."""
        low = t.lemma_.lower()
        typed = chain.entity.type if chain.entity is not None else chain.type
        return typed not in ("PERSON", "NORP") and low in self.k.persons \
            and low not in self.k.org and low not in self.k.spokes \
            and any(c.dep_ in ("relcl", "acl") and t.i < c.i < name.i for c in t.children)

    def _appositive(self, t: Token) -> Chain | None:
        """The entity a definite or possessive description was put beside earlier (the last
        one, if the article used the noun for several), else None."""
        seen = self.described.get(t.lemma_.lower())
        if not seen or t.tag_ in ("NNS", "NNPS") or self._det(t) not in ("definite", "poss"):
            return None
        role = self._two_word_role(t)
        # ("Jane Orme, a Home Office minister … The prime minister said": another minister)
        before = [chain for i, chain in seen if i <= t.i
                  and (role is None or self._two_word_role(self.doc[i]) == role)
                  and self._same_owner(self.doc[i], t)]
        if not before:
            return None
        return before[-1]

    def _same_owner(self, earlier: Token, t: Token) -> bool:
        """Whether a possessive description can be one put beside a name far back: "his
        mother, Ann Roe" names one man's mother, and "their mother" many lines on (another
        family's story) is someone else. Beyond the pronoun reach, possessive pronouns of
        another gender or number mean another possessor."""
        if self.sent[t.i] - self.sent[earlier.i] < _REACH:
            return True
        was = next((c for c in earlier.children if c.dep_ == "poss"), None)
        now = next((c for c in t.children if c.dep_ == "poss"), None)
        if was is None or now is None:
            return True
        g_was = self.k.pronouns.get(was.lower_, ("", ""))[0]
        g_now = self.k.pronouns.get(now.lower_, ("", ""))[0]
        return not (g_was and g_now and g_was != g_now)

    def _two_word_role(self, t: Token) -> str | None:
        """"prime minister" for the "minister" of "the prime minister" (roles.tsv), else
        None."""
        mod = next((c for c in t.lefts if c.i == t.i - 1 and c.dep_ in ("amod", "compound")
                    and c.i not in self.owner), None)
        phrase = f"{mod.lower_} {t.lemma_.lower()}" if mod is not None else ""
        if t.i > 1 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_ \
                and not t.doc[t.i - 2].whitespace_:
            # "the co-pilot" (split by the tokenizer) is no "pilot": the hyphened role
            # (data/coref.tsv person rows), titled so before a name ("co-pilot Jo Roe")
            hyphened = f"{t.doc[t.i - 2].lower_}-{t.lemma_.lower()}"
            if hyphened in self.k.persons:
                return hyphened
        return phrase if phrase in self.k.two_word_roles else None

    def _add(self, t: Token, chain: Chain) -> None:
        tag = self._final_tag_subject(t)  # ("…, her lawyer, Jo Roe, said.")
        subject = t.dep_ in _SUBJ or self._misread_speaker(t) or tag  # ("…, Young says")
        verb = t.head
        main = tag or t.dep_ in _SUBJ and not self.in_quote[verb.i] and verb.head.i != verb.i \
            and self.in_quote[verb.head.i] and self._speaks(verb)
        self.refs.append(_Ref(t.i, self.sent[t.i], chain, subject, _salience(t, subject, main)))
        if t.i in self.issued_later and chain.type in ("PERSON", "ORG", "GPE", "NORP", "GROUP"):
            self.documents_seen[self.issued_later.pop(t.i)] = (self.sent[t.i], chain)

    def _final_tag_subject(self, t: Token) -> bool:
        """"The woman waited two years to sue, her lawyer, Jo Roe, said.": a phrase after a
        comma right before a sentence-final speech verb that has no subject of its own (the
        parser hung the phrase on the clause before) is the speaker of the whole sentence;
        so is one read as the last of a list, with no comma before the verb ("Targets
        include Jo Roe, Al Poe and Di Lee, party chief Ed Fry said.")."""
        doc = self.doc
        end = t.right_edge.i
        while end > t.i and doc[end].text == ",":
            end -= 1
        j = end + 1
        while j < len(doc) and doc[j].text == ",":
            j += 1
        if j >= len(doc) or j == end + 1 and t.dep_ != "conj" or self.in_quote[t.i] \
                or t.left_edge.i == 0:
            return False
        verb = doc[j]
        if verb.pos_ != "VERB" or self.in_quote[verb.i] or not self._speaks(verb) \
                or any(c.dep_ in _SUBJ for c in verb.children) \
                or doc[t.left_edge.i - 1].text != "," and not (
                    t.dep_ == "appos" and doc[t.head.left_edge.i - 1].text == ","):
            return False
        k = j + 1
        while k < len(doc) and doc[k].is_space:
            k += 1
        return k >= len(doc) or doc[k].text in (".", "!") or doc[k].is_sent_start

    def _np(self, t: Token) -> tuple[int, int]:
        left = t.left_edge
        return left.idx, t.idx + len(t.text)

    # ---------------------------------------------------------------- pronouns
    def _pronoun(self, t: Token) -> Chain | None:
        g, case = self.k.pronouns.get(t.lower_, ("", ""))
        if t.lower_ == "her" and t.dep_ == "poss":
            case = "poss"
        want_types = _PERSONAL_TYPES if g in "mf" else {"ORG", "GPE", "NORP", "GROUP"}
        if g == "p":
            want_types = {"ORG", "NORP", "GROUP"}
        same = self._same_as_clause_before(t) if case == "subj" else None
        if same is not None:
            return same
        cur = self.sent[t.i]
        scores: dict[int, float] = {}
        chains: dict[int, Chain] = {}
        clause = t.head
        # "He urged Mr. Trump to …": a name the pronoun's own verb takes as object, later
        # in the clause, is someone else (binding theory: the subject is above it), so no
        # earlier mention of that name's chain is the pronoun either
        others = {id(self.owner[o.i]) for o in self._co_arguments(t) if o.i in self.owner} \
            if case == "subj" else set()
        for ref in reversed(self.refs):
            dist = cur - ref.sent
            if dist >= _REACH:
                break
            c = ref.chain
            if id(c) in others:
                continue
            # ("A spokeswoman for the ICO said …. “…,” she said": the ICO speaks)
            spokes = g in "mf" and c.type not in want_types and self._spoke_as(ref, g)
            # ("Mr Roe's statement said: “…” It added: “…”": the text, a person's, speaks on)
            spokes = spokes or case == "subj" and g == "n" and c.type == "PERSON" \
                and self._text_spoke(ref, t)
            if not spokes and (c.type not in want_types
                               or g in "mf" and (c.gender not in (None, g) or c.plural)):
                continue
            if g == "n" and c.type == "GROUP":
                continue
            if c.type == "NORP" and self.doc[ref.tok].dep_ in ("amod", "compound"):
                continue  # ("two Democratic politicians …. They said": not "Democratic")
            if g in "mf" and self.doc[ref.tok].tag_ == "NNS" \
                    and not self._surname_as_plural(self.doc[ref.tok], c):
                # "Reyes aides “say …,” he said": a plural noun that went to a name on it
                # is no mention "he" can go back to (a name the tagger read as plural,
                # "Mr. Rivers" NNPS, still is)
                continue
            if case in ("subj", "obj") and dist == 0 and self.doc[ref.tok].head.i == clause.i:
                continue  # "Trump told him": him is not Trump
            if case == "subj" and dist == 0 and self._object_of_own_participle(ref.tok, t):
                continue  # "After meeting Hollande, he said": he is not Hollande
            if case == "subj" and dist == 0 and self._in_own_complement(ref.tok, t):
                continue  # "“Smith made the decisions,” he said": he is not Smith
            w = (100 + ref.weight) * 0.5 ** dist
            # the "he"/"she" a person already took (a body speaks through many spokespeople)
            said = self.pron_genders.get(id(c), set()) if c.type == "PERSON" else set()
            if g in "mf" and c.gender is None and said - {g}:
                continue
            if g in "mf" and c.type == "PERSON" and self._kin_noun(self.doc[ref.tok]) is not None:
                # "… the activities of her daughters Malia and Sasha …. She said": a person
                # given only by a kin noun is in the background of the one the lines are about
                w *= 0.25
            if g in "mf" and c.gender is None and g not in said and not (
                    ref.subject and dist == 1 and c.entity is not None and c.type == "PERSON"):
                # (the named subject of the sentence before, gender unknown, keeps its weight:
                # "Figgins declined to say whether Epstein …. “…,” he said")
                w *= 0.5
            if c.entity is None and (c.name.lower().split() or [""])[-1] not in self.k.spokes \
                    and not self._missed_name(c) and not self._capital_title(ref):
                # a named antecedent beats "a mother"; "an Ethiopian health official, who
                # asked not to be named" is as much someone as a name
                w *= 0.5
            scores[id(c)] = max(scores.get(id(c), 0.0), w)
            chains[id(c)] = c
        if not scores:
            return self._only_one_of_gender(t, g) if g in ("m", "f") else None
        return chains[max(scores, key=lambda key: scores[key])]

    def _text_spoke(self, ref: _Ref, t: Token) -> bool:
        """Whether a mention is a singular text of a person's, subject of a speech verb, that
        an "it" speaking in turn can stand for ("Mr Roe's statement said …. It added …")."""
        tok = self.doc[ref.tok]
        return self._document(tok) and tok.tag_ == "NN" and tok.dep_ in _SUBJ \
            and self._speaks(tok.head) and self._speaks(t.head) and t.dep_ in _SUBJ

    def _same_as_clause_before(self, t: Token) -> Chain | None:
        """"When he refused to back Harold Wilson …, he said": a subject pronoun whose clause
        opens with an adverbial clause that has the same pronoun as its subject is that
        pronoun's referent (not a name the adverbial clause put last)."""
        verb = t.head
        if t.dep_ not in _SUBJ or verb.pos_ not in ("VERB", "AUX"):
            return None
        for c in verb.children:
            if c.dep_ != "advcl" or c.i > t.i:
                continue
            first = next((s for s in c.children if s.dep_ in _SUBJ), None)
            if first is None or first.lower_ != t.lower_:
                continue
            return next((ref.chain for ref in reversed(self.refs) if ref.tok == first.i), None)
        return None

    def _capital_title(self, ref: _Ref) -> bool:
        """"the First Lady toured …": a person's title written with capitals after "the" is
        one known person, as much someone as a name (not "a mother")."""
        tok = self.doc[ref.tok]
        return ref.chain.type == "PERSON" and tok.pos_ == "PROPN" and tok.is_title \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)

    def _co_arguments(self, t: Token) -> list[Token]:
        """The objects of the verb whose subject is `t`, after it and outside quote marks
        ("He urged Mr. Trump", "she met with Ann Roe"): direct, indirect, and those of its
        prepositions."""
        verb = t.head
        if t.dep_ not in _SUBJ or verb.pos_ not in ("VERB", "AUX"):
            return []
        out = []
        for c in verb.children:
            if c.i < t.i or self.in_quote[c.i]:
                continue
            if c.dep_ in ("dobj", "dative"):
                out.append(c)
            elif c.dep_ == "prep":
                out.extend(p for p in c.children if p.dep_ == "pobj")
        return out

    def _in_own_complement(self, i: int, t: Token) -> bool:
        """Whether token `i` is a name inside the clause that the verb of the subject pronoun
        `t` reports or takes as complement ("“Smith made the decisions,” he said", "he said
        Smith would win"): the pronoun is above the name in the sentence (binding theory's
        Principle C), so it is someone else. (Not an adjunct: "After Smith arrived, he
        said" may well be Smith.)"""
        if i not in self.owner:
            return False
        verb, tok = t.head, self.doc[i]
        lo, hi = sorted((tok.idx, t.idx))
        if "\n\n" in self.text[lo:hi]:
            return False  # (a sentence the parser ran across a paragraph break)
        while tok.head.i != tok.i and tok.head.i != verb.i:
            if tok.dep_ == "parataxis":  # ("…, said X, “…,” she said": X's own tag)
                return False
            tok = tok.head
        return tok.head.i == verb.i and tok.i != verb.i and tok.dep_ in ("ccomp", "xcomp")

    def _object_of_own_participle(self, i: int, t: Token) -> bool:
        """Whether token `i` is the object of a participle with no subject of its own that
        hangs on the verb of the subject pronoun `t` ("After meeting Hollande, he said",
        "Visiting the troops, she told them"): the participle's doer is the pronoun, so the
        pronoun is not its object."""
        tok = self.doc[i]
        if tok.i > t.i:
            return False
        top = tok
        while top.head.i != t.head.i and top.head.i != top.i:
            top = top.head
        if top.head.i == t.head.i and top.dep_ == "advcl" and top.tag_ in ("VBG", "VBN") \
                and top.i < t.i and not any(c.dep_ in _SUBJ for c in top.children):
            return True  # anywhere in it: "Asked if Mr Roe could return, he replied"
        if tok.dep_ not in ("dobj", "pobj", "dative", "poss", "compound"):
            return False
        up = tok.head
        # "after talks with X", "Speaking on Radio 4's Breakfast with Frost", "Commenting
        # on Mr Roe's case", "Speaking ahead of the board meeting"
        while (up.dep_ in ("prep", "pobj", "compound")
               or up.dep_ == "advmod" and up.pos_ == "ADV") and up.head.i != up.i:
            up = up.head
        if up.tag_ not in ("VBG", "VBN") or any(c.dep_ in _SUBJ for c in up.children):
            return False
        if up.dep_ == "pcomp" and up.head.dep_ == "prep":  # "after meeting X"
            up = up.head
        return up.dep_ in ("advcl", "prep") and up.head.i == t.head.i

    def _passive_speaker(self, t: Token) -> bool:
        """Whether a name is the agent of a passive speech verb outside quotes ("… were
        described as “…” by the Acme Agency"): it spoke, as a subject of "said" does (the
        parser may hang "by" on the quoted words: up to three steps to the verb)."""
        if t.dep_ != "pobj" or t.head.lower_ != "by" or self.in_quote[t.i]:
            return False
        verb = t.head.head
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
                break
            verb = verb.head
        return self._speaks(verb) and not self.in_quote[verb.i] \
            and any(c.dep_ == "auxpass" for c in verb.children)

    @staticmethod
    def _content_of_noun(verb: Token) -> bool:
        """Whether a verb heads the content clause of a noun ("reports that Jo Roe will
        call an election"): what its subject does there is reported, not said."""
        return verb.dep_ == "acl" and verb.head.pos_ == "NOUN" \
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)

    @staticmethod
    def _speaks(verb: Token) -> bool:
        """Whether a verb reports speech (the quotes component's speech cues)."""
        from wirewatch.analyze.quotes import cues

        return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in cues().speech

    def _spoke_as(self, ref: _Ref, g: str) -> bool:
        """Whether a mention is a singular spokesperson noun of a body's chain that a
        "he"/"she" of gender `g` can stand for ("a spokeswoman", not "a spokesman")."""
        tok = self.doc[ref.tok]
        # (any spokesperson noun with its body named on it: "said a Juventus official …. “…,”
        # he added" is the club speaking again, not the player the quote was about)
        named_on = (tok.lower_ in self.k.spokes or tok.lemma_.lower() in self.k.spokes) \
            and any(c.dep_ in ("compound", "poss") and self.owner.get(c.i) is ref.chain
                    for c in tok.children)
        return ref.chain.type in ("ORG", "GPE") and tok.tag_ == "NN" \
            and (tok.lower_ in self.k.principals or tok.lemma_.lower() in self.k.principals
                 or named_on) \
            and self.k.gender.get(tok.lower_) in (None, g)

    def _only_one_of_gender(self, t: Token, g: str) -> Chain | None:
        """"Finance Minister Ann Lee said … [four sentences on figures] … She said …": a
        "he"/"she" with nobody in reach is the one named person of that gender the article
        has named before it, if only one is, and no person of unknown gender was named
        after that one's last mention (who might be meant)."""
        named = [c for c in self.chains if c.type == "PERSON" and c.entity is not None
                 and any(m.kind == "name" and m.end <= t.idx for m in c.mentions)]
        mine = [c for c in named if c.gender == g]
        if len(mine) != 1:
            return None
        last = max(m.end for m in mine[0].mentions if m.end <= t.idx)
        if any(c.gender is None and any(m.kind == "name" and last <= m.start and m.end <= t.idx
                                        for m in c.mentions) for c in named):
            return None
        return mine[0]

    @staticmethod
    def _surname_as_plural(tok: Token, chain: Chain) -> bool:
        """Whether a capitalised token the tagger read as a plural noun is a person's name
        ("Figgins declined …", "Collins said": a surname ending in s), not a plural noun the
        name rides on ("Reyes aides"): it is the last word of the person's name."""
        return chain.type == "PERSON" and chain.entity is not None and tok.is_title \
            and not chain.plural and tok.text == (chain.name.split() or [""])[-1]

    # ---------------------------------------------------------------- descriptions
    def _det(self, t: Token) -> str:
        for c in t.children:
            if c.dep_ in ("det", "predet") or c.dep_ == "nummod" and c.lower_ == "one":
                return "definite" if c.lower_ in _DEFINITE else "indefinite"
            if c.dep_ == "poss":
                return "poss"
        return "none"

    def _linked(self, t: Token) -> Chain | None:
        """An entity named right on the noun: its appositive, a compound or possessor, or a
        "for/of/at X" complement ("the spokeswoman, Jordan Abudayyeh", "a Lee spokesman")."""
        for c in t.children:
            if c.dep_ == "appos":
                chain = self.owner.get(c.i) or self._chain_of_token(c)
                if chain is not None and not self._no_role_of(t, c, chain):
                    return chain
        named = self._named_after_clause(t)
        if named is not None:
            return named
        k = self.k
        document = self._document(t)
        if t.lower_ not in k.spokes and t.lemma_.lower() not in k.spokes and not document:
            return None
        children = sorted(t.children, key=lambda c: c.dep_ != "prep") \
            if document else list(t.children)  # "Rizvi's biography on X's site"
        for c in children:
            if c.dep_ in ("compound", "poss", "nmod"):
                chain = self._own_body(c, self._det(c)) if c.lemma_.lower() in k.own_bodies \
                    else None
                chain = chain or self._chain_ahead(c) or self._described_principal(c)
                if chain is not None:
                    return chain
            if c.dep_ == "amod" and c.pos_ == "ADJ" and not document:
                chain = self._body_ending_in(c)
                if chain is not None:
                    return chain
            if c.dep_ == "prep" and (c.lower_ in ("for", "of", "at", "with", "from", "by", "on")
                                     or c.lower_ == "in" and document) and not (
                    # ("a meeting at the White House", "with Roe": a place, one met; "of": who met)
                    c.lower_ not in ("of", "in") and t.lemma_.lower() in k.linked_documents):
                # ("a commentary in Black Enterprise": the outlet that printed it)
                for p in c.children:
                    if p.dep_ == "pobj":
                        chain = self._chain_ahead(p) or self._described_principal(p)
                        if chain is None and document and self._document(p):
                            chain = self._linked(p)  # "the latest edition of the X report"
                        if chain is None and document and c.lower_ == "of":
                            chain = self._members(p)  # "a meeting of EU ministers"
                        if chain is not None and document and c.lower_ in ("in", "from") \
                                and (chain.type in ("GPE", "LOC")
                                     or t.lemma_.lower() in k.linked_documents):
                            # "in a statement in Brussels": where it was issued, not who
                            # (nor where a meeting was held); but "a meeting in Brussels of
                            # EU ministers" (the parse hangs the "of" on the place): theirs
                            chain = next((x for o in p.children if o.dep_ == "prep"
                                          and o.lower_ == "of" for x in (
                                              self._members(q) for q in o.children
                                              if q.dep_ == "pobj") if x is not None), None)
                            if chain is None:
                                continue
                        if chain is not None:
                            return chain
        return (self._authored(t) or self._issued_in(t)) if document else None

    def _members(self, t: Token) -> Chain | None:
        """"a meeting of EU interior ministers": the people a text or meeting is "of" speak
        through it, as a group of their own when nobody named stands for them (the pass has
        not reached them yet)."""
        chain = self._chain_ahead(t)
        if chain is None and t.tag_ == "NNS" and not self.in_quote[t.i] and (
                t.lemma_.lower() in self.k.persons or t.lower_ in self.k.groups):
            chain = self._group(t)
        return chain

    def _named_after_clause(self, t: Token) -> Chain | None:
        """"The company that runs the awards, Acme Productions, denies …" parsed with the name
        in apposition to the last noun of the relative clause: a definite singular noun whose
        relative clause is closed by ", Name," is that name, when the name is of the noun's
        kind (a body for a body noun, a person for a person's)."""
        if self._det(t) != "definite" or t.tag_ in ("NNS", "NNPS"):
            return None
        low = t.lemma_.lower()
        want = ("PERSON",) if low in self.k.persons else ("ORG", "GROUP") \
            if low in self.k.org else ()
        doc = self.doc
        for r in t.children:
            if r.dep_ != "relcl" or r.i < t.i:
                continue
            for c in r.subtree:
                if c.dep_ == "appos" and c.pos_ == "PROPN" and r.i < c.head.i < c.i \
                        and doc[c.left_edge.i - 1].text == "," \
                        and c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text == ",":
                    chain = self.owner.get(c.i) or self._chain_of_token(c)
                    if chain is not None and chain.type in want:
                        return chain
        return None

    def _described_principal(self, t: Token) -> Chain | None:
        """"The rapper's spokesperson said", "a spokesman for the author": a definite singular
        epithet noun (data/coref.tsv "epithet") that a spokesperson or text speaks for is the
        person it describes — the named person the last lines are about — not whoever else
        those lines name."""
        if t.pos_ != "NOUN" or t.tag_ != "NN" or self.in_quote[t.i] \
                or t.lower_ not in self.k.epithets or self._det(t) != "definite":
            return None
        return self._epithet(t, named_only=True, reach=2)

    def _issued_in(self, t: Token) -> Chain | None:
        """"Belgium's federal prosecutor said in a statement": a text the subject speaks in
        is the subject's ("the statement said" a few lines on is it again)."""
        prep = t.head
        if t.dep_ != "pobj" or prep.lower_ not in ("in", "via", "through") \
                or prep.head.pos_ != "VERB" or not self._speaks(prep.head):
            return None
        subj = next((c for c in prep.head.children if c.dep_ in _SUBJ), None)
        if subj is not None and subj.i > t.i and not self.in_quote[subj.i]:
            # "In a statement, the party said": not resolved yet; the text is the subject's
            # once it is (`_add`), so "the statement said" later is theirs
            self.issued_later[subj.i] = t.lemma_.lower()
        if subj is None or self.in_quote[subj.i] or subj.i > t.i:
            return None
        chain = self.owner.get(subj.i) or self._chain_of_token(subj)
        if chain is None and subj.lower_ in ("who", "which", "that") \
                and prep.head.dep_ == "relcl":
            chain = self._antecedent(prep.head.head, subj.lower_ == "who")
        # (a group nobody named stands for too: "safety officials said in a report")
        return chain if chain is not None \
            and chain.type in ("PERSON", "ORG", "GPE", "NORP", "GROUP") else None

    def _antecedent(self, noun: Token, who: bool) -> Chain | None:
        """"the ministers of the euro zone countries, who in a statement said": the chain of
        the noun a relative clause hangs on; the parse may hang it on the last noun of an
        "of" phrase, and a "who" is then the people the phrase belongs to (a "which" the
        thing it names: "the spokesman of Acme, which said")."""
        nouns = [noun]
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" \
                and noun.head.head.pos_ in ("NOUN", "PROPN"):
            nouns.insert(0 if who else 1, noun.head.head)
        return next((c for c in (self.owner.get(n.i) or self._chain_of_token(n) for n in nouns)
                     if c is not None), None)

    def _document(self, t: Token) -> bool:
        """A text that speaks for its author: "the statement", "two reports"."""
        return t.lower_ in self.k.documents \
            or t.tag_ == "NNS" and t.lemma_.lower() in self.k.documents

    def _authored(self, t: Token) -> Chain | None:
        """Who a verb of authorship (data/coref.tsv "author") says wrote a text: "the letter
        signed by seven nurses" (the nurses, as a group of their own when nobody named
        stands for them), "the audit office released two reports" (its subject). Not an
        aside on a text already known ("according to the memo, signed by Ann Kolb, the
        agency's enforcement chief": the agency's memo, as before)."""
        k = self.k
        for b in t.subtree:
            # "a statement issued on behalf of Jo Roe, the trade representative, said": the
            # one it speaks on behalf of (on the noun or on its participle)
            if b.lower_ == "behalf" and b.head.lower_ == "on" and not self.in_quote[b.i] \
                    and (b.head.head.i == t.i or b.head.head.head.i == t.i
                         and b.head.head.dep_ == "acl"):
                for p in (p for o in b.children if o.lower_ == "of"
                          for p in o.children if p.dep_ == "pobj"):
                    chain = self._chain_ahead(p)
                    if chain is not None:
                        return chain
        for c in t.children:
            if c.dep_ != "acl" or c.tag_ != "VBN" or c.lemma_.lower() not in k.authoring \
                    or t.doc[c.i - 1].text == ",":
                continue
            for p in (p for a in c.children if a.dep_ == "agent" for p in a.children):
                if p.dep_ != "pobj" or self.in_quote[p.i]:
                    continue
                chain = self._chain_ahead(p)
                if chain is None and p.tag_ == "NNS" and (
                        p.lemma_.lower() in k.persons or p.lower_ in k.groups):
                    chain = self._group(p)
                return chain
        # "a statement shared to its website", "a post on their page": the body whose own
        # site or page carries the text wrote it (the parse may lose the verb's subject)
        for c in t.children:
            preps = [c] if c.dep_ == "prep" else [
                p for p in c.children if p.dep_ == "prep"] if c.dep_ == "acl" else []
            for p in (p for prep in preps for p in prep.children if p.dep_ == "pobj"):
                poss = next((x for x in p.children if x.dep_ == "poss"
                             and k.pronouns.get(x.lower_, ("", ""))[0] in ("n", "p")), None)
                if poss is None or self.in_quote[poss.i]:
                    continue
                chain = self.owner.get(poss.i) or self._chain_of_token(poss) or self._pronoun(poss)
                if chain is not None and chain.type in ("ORG", "PERSON"):
                    return chain
        verb = t.head
        if t.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() in k.authoring:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and not self.in_quote[subj.i]:
                return self.owner.get(subj.i) or self._chain_of_token(subj)
        return None

    def _body_noun(self, t: Token) -> bool:
        """"the organisation's website": a definite singular body noun as a possessor, which
        names the body the last lines are about (as "its website" does)."""
        return t.pos_ == "NOUN" and t.tag_ == "NN" and t.lower_ in self.k.org \
            and t.lower_ not in self.k.persons and self._det(t) == "definite"

    def _chain_ahead(self, t: Token) -> Chain | None:
        """The chain of a token the pass may not have reached yet ("a spokesperson for the
        Secret Service", "the agency spokesperson"): a name, a resolved token, an organisation
        noun, or a proper noun that ends an entity's name."""
        chain = self.owner.get(t.i) or self._chain_of_token(t)
        if chain is not None:
            return chain
        if t.pos_ == "NOUN":
            # "a report published by research consultancy Acme": the name beside the noun
            named = next((self.owner[c.i] for c in t.children if c.dep_ == "appos"
                          and c.i in self.owner and not self.in_quote[c.i]
                          and self.owner[c.i].type in ("ORG", "PERSON", "GPE", "NORP")), None)
            if named is not None:
                return named
        noun = t.pos_ == "NOUN" or t.pos_ == "PROPN" and t.text.islower()  # (tagger slip)
        if noun and t.lower_ in self.k.org and t.lower_ not in self.k.persons:
            for c in t.children:  # "Pritzker's office", "the Senate committee"
                if c.dep_ in ("poss", "compound") and c.i in self.owner and not (
                        self.owner[c.i].type == "GPE" and t.lower_ not in self.k.country_itself):
                    return self.owner[c.i]
                if c.dep_ == "poss" and c.lower_ in ("its", "their") and not self.in_quote[c.i]:
                    chain = self._pronoun(c)  # "a page of its website": whoever "its" is
                    if chain is not None:
                        return chain
                if c.dep_ == "poss" and self._body_noun(c) and not self.in_quote[c.i]:
                    # "a statement on the organisation's website": the body "the
                    # organisation" is (not the last body named, which "the website" alone is)
                    chain = self._org(c, c.lower_, "definite")
                    if chain is not None:
                        return chain
            if t.tag_ == "NNS" and self._det(t) not in ("definite", "poss"):
                return self._group(t)  # "a letter from groups including X and Y": all of them
            last = self.spoken_for
            if last is not None and self.sent[t.i] - last[0] <= 6 and last[1].type == "ORG":
                return last[1]  # "a spokesperson for the Secret Service" … "the agency spokesperson"
            chain = self._org(t, t.lower_, "definite")
            # (the country word may sit on the noun the body noun modifies: "a Chinese
            # foreign ministry spokesman")
            mods = [*t.children, *(c for c in t.head.children if c.i < t.i
                                   and t.dep_ == "compound")]
            if chain is None and any(c.dep_ in ("amod", "compound", "poss") and c.i in self.owner
                                     and self.owner[c.i].type in ("GPE", "NORP")
                                     and not self.in_quote[c.i] for c in mods):
                # "a Chinese foreign ministry spokesman", "a spokesman for Ruritania's
                # interior ministry": a country's body that no entity names is a body of its
                # own, which the spokesperson speaks for (and "the ministry" later is)
                chain = self._new(t, "ORG")
            return chain
        if t.pos_ == "NOUN" and t.dep_ == "compound" and t.tag_ == "NN":
            chain = self._body_ending_in(t)
            if chain is not None:
                return chain
        if t.pos_ == "NOUN" and self._role_owner(t):
            # "the prime minister's official spokesman": whoever holds the role (its own
            # description when nobody named does), not whom the last lines are about
            return self._person(t, t.lemma_.lower(), "definite")
        if t.pos_ == "PROPN":
            parts = [c.text for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            phrase = " ".join([*parts, t.text])
            for c in self.chains:
                if c.entity is not None and c.type in ("ORG", "PERSON", "GPE", "NORP") and any(
                        f == phrase or f.endswith(" " + phrase)
                        for f in (c.name, *c.entity.aliases)):
                    return c
        return None

    def _body_ending_in(self, t: Token) -> Chain | None:
        """"an executive spokesman" with the Scottish Executive named (the word read as a
        noun or an adjective): the one body whose name of several words ends in the word."""
        if not t.text.islower():
            return None
        ends = {id(c): c for c in self.chains if c.type == "ORG" and c.entity is not None
                and c.name.lower().split()[-1:] == [t.lower_] and len(c.name.split()) > 1}
        return next(iter(ends.values())) if len(ends) == 1 else None

    def _chain_of_token(self, t: Token) -> Chain | None:
        """The chain a token already resolved to (name, pronoun or description)."""
        for ref in reversed(self.refs):
            if ref.tok == t.i:
                return ref.chain
        return None

    def _description(self, t: Token) -> Chain | None:
        k = self.k
        low, lemma = t.lower_, t.lemma_.lower()
        det = self._det(t)
        if t.dep_ == "appos" and t.head.i in self.owner:  # "Zinn, a mother of two"
            return self.owner[t.head.i]
        linked = self._linked(t)
        # "the former high-ranking officials" are a group, not the last spokesperson's employer
        spokes = (low in k.spokes or lemma in k.spokes) and not (
            t.tag_ in ("NNS", "NNPS") and (low in k.groups or lemma in k.groups))
        if linked is not None:
            if spokes:
                self.spoken_for = (self.sent[t.i], linked)
            if self._document(t):
                self.documents_seen[lemma] = (self.sent[t.i], linked)
            return linked
        if spokes and det == "definite" and self.spoken_for is not None \
                and self.sent[t.i] - self.spoken_for[0] <= 6:
            return self.spoken_for[1]  # "A Doane spokesman said …" … "the spokesman said"
        if spokes and (low in k.principals or lemma in k.principals) \
                and t.tag_ not in ("NNS", "NNPS"):
            # "a spokeswoman said", named nowhere and speaking for nobody named on the noun:
            # for whoever the last lines are about (a spokesperson named before is herself)
            chain = (self._holder(lemma if lemma in k.persons else low)
                     if det == "definite" else None) or self._principal(t)
            if chain is not None:
                self.spoken_for = (self.sent[t.i], chain)
                return chain
        if spokes and det != "definite":
            chain = self._new(t, "PERSON")
            self.spoken_for = (self.sent[t.i], chain)
            return chain
        if self._document(t):
            seen = self.documents_seen.get(lemma)
            if det == "definite" and seen is not None and self.sent[t.i] - seen[0] <= 6:
                return seen[1]  # "a page of the CDC's website said …" … "the page said"
            if lemma in k.linked_documents:
                return None  # "the meeting" (of whom, not said): nobody's
            recent = max(self.documents_seen.values(), key=lambda x: x[0], default=None)
            if det == "definite" and recent is not None and self.sent[t.i] - recent[0] <= 1:
                # "… to debunk a Times article. The news story claimed …": another word for
                # the text just introduced with its author
                return recent[1]
            if det == "definite" and recent is not None and self.sent[t.i] - recent[0] <= 6 \
                    and lemma in k.general_documents:
                # "officials said in a report …. It added …. “…,” the document said": a
                # word for any text is the last one named with its author
                return recent[1]
            if det == "indefinite":
                # "… in a statement shared to its website": a new one, which a later "the
                # statement" means rather than one introduced before it
                self.documents_seen.pop(lemma, None)
                summed = self._summed_up_by(t)
                if summed is not None:
                    self.documents_seen[lemma] = (self.sent[t.i], summed)
                    return summed
            return self._author(t, det)
        if low in k.places:
            return self._place(t, low, det)
        if lemma in k.own_bodies:
            chain = self._own_body(t, det)
            if chain is not None:
                return chain
        if low in k.org and low not in k.persons:
            if self._missed_body_name(t):
                return self._new(t, "ORG")  # "The Making Decisions Alliance said"
            # "police said" with no police force named: the police as a group, not nobody
            chain = self._org(t, low, det) or (self._group(t) if low in k.groups else None)
            # (a lower-case noun the tagger took for a name: "Russia's foreign ministry")
            if chain is None and (t.tag_ == "NN" or t.tag_ == "NNP" and t.text.islower()) \
                    and any(c.dep_ in ("compound", "amod") and det == "definite"
                    and c.pos_ in ("PROPN", "ADJ", "NOUN")
                    or c.dep_ == "poss" and det == "poss" and c.pos_ == "NOUN"
                    and c.i not in self.owner and len(c.text) > 3
                    or c.dep_ == "poss" and det == "poss" and not self.in_quote[c.i]
                    and self.owner.get(c.i) is not None and self.owner[c.i].type == "GPE"
                    for c in t.children):
                # "the Ruritanian embassy", "the correspondents' group", "Ruritania's foreign
                # ministry" (a country's), named nowhere: a body of its own, as a
                # description ("the embassy said" later is it again)
                chain = self._new(t, "ORG")
            if chain is None and t.tag_ == "NN" and det == "indefinite" and t.dep_ in _SUBJ \
                    and self._speaks(t.head):
                # "An all-party committee said …. It blamed …": a body the article does not
                # name, speaking, is one of its own (its words name it), which a later "it"
                # or "the committee" can be (not "it is vital for a party to have …")
                chain = self._new(t, "ORG")
            return chain
        if low in k.groups or lemma in k.groups and t.tag_ in ("NNS", "NNPS"):
            return self._group(t)
        if low in ("man", "woman") and det == "definite":
            # "This is the same woman who tweeted …": the woman the last lines are about
            person = self._epithet(t)
            if person is not None:
                return person
        if (low in k.persons or lemma in k.persons) and t.tag_ in ("NNS", "NNPS"):
            # "the Acme campaigners said", "Ruritania Party MPs said": people of a body named
            # on the noun speak for it (as "Pentagon officials"), not as a group of their own
            # (but "Smith's Senate colleagues" are hers)
            held = det == "poss" or t.dep_ == "conj" and self._det(t.head) == "poss"
            body = None if held else next(
                (self.owner[c.i] for c in t.children if c.dep_ == "compound"
                 and c.i in self.owner and self.owner[c.i].type in ("ORG", "NORP")
                 and self.owner[c.i].entity is not None), None)
            if body is not None:
                return body
        if (low in k.persons or lemma in k.persons) and t.tag_ == "NNS" and det == "none" \
                and low != lemma:
            # "American negotiators are now left with …": people of that role, a group,
            # not the one person last titled with it
            return self._group(t)
        if (low in k.persons or lemma in k.persons) and t.tag_ in ("NNS", "NNPS") \
                and det == "definite":
            # "Acme farm ministers met …. The ministers agreed": a plural role noun is the
            # group last named with that noun, not the one person last titled with its role
            # (one named in full first: not a bare "Ministers are under pressure" between)
            groups = [ref.chain for ref in reversed(self.refs)
                      if self.sent[t.i] - ref.sent <= _GROUP_REACH and ref.chain.type == "GROUP"
                      and ref.chain.name.lower().split()[-1:] == [low]]
            group = next((g for g in groups if " " in g.name), groups[0] if groups else None)
            if group is not None:
                return group
        if low in k.persons or lemma in k.persons:
            return self._person(t, lemma if lemma in k.persons else low, det)
        return None

    def _missed_body_name(self, t: Token) -> bool:
        """"The Making Decisions Alliance, which includes …, said": a capitalised body noun
        after capitalised name words that no entity's name holds is a body's name the
        entities component missed, a body of its own (named by its words; "the alliance
        said" later is it again), not the last organisation named."""
        if self._det(t) != "definite" or t.tag_ not in ("NN", "NNP") \
                or not t.text[:1].isupper():
            return False
        mods = [c for c in t.lefts if c.dep_ in ("compound", "amod")]
        if not mods or mods[-1].i != t.i - 1 or any(
                c.i in self.owner or not c.text[:1].isupper() or c.pos_ != "PROPN"
                or self.in_quote[c.i] for c in mods):
            return False
        words = {c.lower_ for c in mods}
        return not any(c.entity is not None and words & set(re.findall(r"[\w-]+", c.name.lower()))
                       for c in self.chains)

    def _author(self, t: Token, det: str) -> Chain | None:
        """"The statement said", "the page said": the named organisation or person most
        salient in the last sentences wrote it; "a letter" is left unresolved."""
        if det != "definite":
            return None
        writer = self._wrote_just_before(t) or self._filer(t)
        if writer is not None:
            return writer

        def named(ref: _Ref) -> bool:
            return ref.chain.type in ("ORG", "PERSON") and ref.chain.entity is not None

        # "“The Acme board stands ready to …,” the statement said": a body's text names it
        # in the third person; the one candidate the quoted words of this sentence name
        # wrote it
        cur = self.sent[t.i]
        first = t.sent.start  # (the parser may cut “…,” said the report. after the quote)
        while first > 0 and (self.in_quote[first - 1] or self.doc[first - 1].is_punct) \
                and "\n" not in self.doc[first - 1].text_with_ws:
            first -= 1
        quoted = " ".join(self.doc[i].text for i in range(first, t.sent.end)
                          if self.in_quote[i])
        if quoted:
            found = {id(r.chain): r.chain for r in self.refs if cur - r.sent <= 2 and named(r)
                     and r.chain.type == "ORG" and any(
                         (len(form) > 3 or form.isupper() and len(form) > 1) and re.search(
                             r"(?<!\w)" + re.escape(form) + r"(?!\w)", quoted) is not None
                         for form in (r.chain.name, *r.chain.entity.aliases,
                                      *(self.text[m.start:m.end] for m in r.chain.mentions
                                        if m.kind == "name")))}
            if len(found) == 1:
                return next(iter(found.values()))
        # (the most salient, not the last organisation: "UKIP suspended a candidate … Mr
        # Houston is alleged to have said … The document said" is his; but not a person its
        # quoted words name by surname: "“Roe took bribes,” the indictment says" is not Roe's)
        words = set(re.findall(r"[^\W\d_]+", quoted))
        return self._most_salient(t, 2, lambda ref: named(ref) and not (
            ref.chain.type == "PERSON" and self._named_in(ref.chain, quoted, words)))

    def _summed_up_by(self, t: Token) -> Chain | None:
        """"Investigators have found no sign of …. “…,” said an interim report": a text with
        no author named, quoted right after a sentence whose subject states or finds what it
        says (a speech or judging verb), is that subject's (the guide's summary and its quote),
        and so is "the report" after it."""
        from wirewatch.analyze.quotes import cues

        if t.dep_ not in _SUBJ or not self._speaks(t.head) or any(
                c.lower_ == "by" and c.dep_ in ("prep", "agent") for c in t.subtree):
            return None  # (not "a motion by Roe's lawyers stated": the author is named)
        first = t.sent.start
        while first > 0 and (self.in_quote[first - 1] or self.doc[first - 1].is_punct
                             or self.doc[first - 1].is_space):
            first -= 1  # (the quote the text speaks may open its sentence)
        if first == 0:
            return None
        prev = self.doc[first - 1].sent
        verb = prev.root
        if self.in_quote[verb.i] or verb.lemma_.lower() not in cues().speech | cues().judge:
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or self.in_quote[subj.i]:
            return None
        chain = self.owner.get(subj.i) or self._chain_of_token(subj)
        return chain if chain is not None and chain.type in ("ORG", "GROUP", "PERSON") else None

    def _filer(self, t: Token) -> Chain | None:
        """"The Justice Department indicted Acme Corp. “…,” the indictment says": a lawsuit,
        complaint or indictment (coref.tsv legal_text) is by the one who sued or charged
        (coref.tsv legal_act: its subject, or its "by" agent in the passive "Acme was sued by
        Ohio") in this or the two sentences before, never by the accused its words name."""
        k = self.k
        if t.lemma_.lower() not in k.legal_texts and t.lower_ not in k.legal_texts:
            return None
        for v in self._verbs_just_before(t, k.legal_acts):
            agent = next((p for a in v.children if a.dep_ == "agent" for p in a.children
                          if p.dep_ == "pobj"), None)
            subj = agent if agent is not None else next(
                (c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is None or self.in_quote[subj.i]:
                continue
            chain = self.owner.get(subj.i) or self._chain_of_token(subj)
            if chain is None and subj.tag_ == "NNS" and (
                    subj.lemma_.lower() in k.persons or subj.lower_ in k.groups):
                chain = self._group(subj)
            if chain is not None and chain.type in ("ORG", "PERSON", "GROUP", "NORP", "GPE"):
                return chain
        return None

    def _verbs_just_before(self, t: Token, lemmas: frozenset[str]) -> Iterator[Token]:
        """Verbs of `lemmas` outside quotes before `t`, in its sentence or the two before, the
        nearest first: where the author of a text named after them is looked for."""
        cur = self.sent[t.i]
        for v in reversed(self.doc[:t.i]):
            if cur - self.sent[v.i] > 2:
                return
            if v.pos_ == "VERB" and v.lemma_.lower() in lemmas and not self.in_quote[v.i]:
                yield v

    def _wrote_just_before(self, t: Token) -> Chain | None:
        """"Twelve senators wrote to Secretary Jo Roe on Friday. “…,” the letter reads": the
        subject of the last verb of authorship (data/coref.tsv author) in this or the two
        sentences before, outside quotes, with no object or a text as its object, wrote the
        text (a group too), not the most salient name (the addressee)."""
        for v in self._verbs_just_before(t, self.k.authoring):
            if v.dep_ in ("acl", "amod"):
                continue
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is None or self.in_quote[subj.i] or obj is not None and not self._document(obj):
                continue
            chain = self.owner.get(subj.i) or self._chain_of_token(subj)
            if chain is not None and chain.type in ("ORG", "PERSON", "GROUP", "NORP"):
                return chain
        return None

    def _described_name(self, t: Token) -> str:
        toks = [x for x in t.subtree if x.i <= t.i and x.i >= t.left_edge.i]
        while toks and (toks[0].dep_ in ("det", "predet", "poss", "case", "nummod", "punct")
                        or toks[0].lower_ in _INDEFINITE | _DEFINITE):
            toks = toks[1:]
        # the words as written ("former high-ranking officials", not "high - ranking")
        return self.doc[toks[0].i:t.i + 1].text.replace("\n", " ") if toks else t.text

    def _titled(self, chain: Chain, role: str) -> bool:
        """Whether the person holds `role`: a role of the entity, or a title before a name
        (words naming one role are one: "attorney" is "lawyer", "CEO" is "executive"; a
        broader word fits its narrower roles: "the lawmaker" is "Sen. Jo Roe")."""
        titles, broader = self.k.titles, self.k.broader
        role = titles.get(role, role)
        if " " in role:  # "prime minister": the two words together
            return self._titled_as(chain, role)

        def fits(w: str) -> bool:
            return w == role or role in broader.get(w, ())

        ent = chain.entity
        if ent is not None:
            for r in ent.roles:
                words = (r.get("role") or "").lower().split()
                if any(fits(titles.get(w, w)) and not _shadowed(words, i)
                       for i, w in enumerate(words)):
                    return True
        for m in chain.mentions:
            if m.kind != "name":
                continue
            if any(fits(w) or fits(bare) for w, bare in self._title_forms(m)):
                return True
        return chain.entity is None and [titles.get(w, w) for w in
                                         chain.name.lower().split()[-1:]] == [role]

    def _title_words(self, m: CorefMention) -> list[str]:
        """The words that may title a name: up to three before it ("Prime Minister Tony
        Blair") and its own but the last ("Mayor Bill de Blasio"). Cached: they depend only
        on the mention's offsets (callers do not change the list)."""
        key = (m.start, m.end)
        words = self.title_words.get(key)
        if words is None:
            words = self.title_words[key] = self._title_words_at(m.start, m.end)
        return words

    def _title_forms(self, m: CorefMention) -> list[tuple[str, str]]:
        """`_titled`'s reading of a mention's title words, cached like them: each word not
        shadowed (`_shadowed`), as its title and as its title without a trailing "." or ","."""
        key = (m.start, m.end)
        forms = self.title_forms.get(key)
        if forms is None:
            titles, words = self.k.titles, self._title_words(m)
            forms = self.title_forms[key] = [
                (w, titles.get(w.rstrip(".,"), w.rstrip(".,")))
                for i, w in ((i, titles.get(w, w)) for i, w in enumerate(words))
                if not _shadowed(words, i)]
        return forms

    def _title_words_at(self, start: int, end: int) -> list[str]:
        before = self.text[max(0, start - 40):start].lower()
        # not across a paragraph or a sentence end ("apologizing to the actor.\n\nBergeron
        # chimed in"), which an abbreviated title ("Sen.", "Dr.") is not
        before = before[before.rfind("\n") + 1:].split()[-3:]
        ends = [i for i, w in enumerate(before) if w[-1:] in ".!?:;\"”" and w not in self.k.titles
                and w not in self.k.gender and not re.fullmatch(r"\w\.|dr\.|prof\.", w)]
        before = before[ends[-1] + 1:] if ends else before
        # "accused the prime minister and Mr Hale": a title before a conjunction is
        # someone else's
        cut = max((i for i, w in enumerate(before) if w in _CONJUNCTIONS), default=-1)
        return before[cut + 1:] + self.text[start:end].lower().split()[:-1]

    def _titled_as(self, chain: Chain, role: str) -> bool:
        """`_titled` for a two-word role ("prime minister", "vice president"): the words
        together in a role of the entity or right before one of its names."""
        ent = chain.entity
        if ent is not None and any(role in " ".join((r.get("role") or "").lower().split())
                                   and not _shadow_phrase(r.get("role") or "", role)
                                   for r in ent.roles):
            return True
        for m in chain.mentions:
            if m.kind != "name":
                continue
            words = " ".join(self._title_words(m))
            if f" {role} " in f" {words} " and not _shadow_phrase(words, role):
                return True
        return chain.entity is None and chain.name.lower().endswith(role)

    def _principal(self, t: Token) -> Chain | None:
        """The named person or body the last lines are about (for an unattached "a
        spokesperson said"): the most salient named chain of this and the previous two
        sentences, never an outlet (“…,” a spokesman told CNN), a co-argument or a person
        the article gives no office or sector."""
        cur = self.sent[t.i]
        # "The show will not return, the BBC has said. … “…,” a spokeswoman said": a media
        # body that itself spoke in these lines (subject of a speech verb) is no outlet
        # merely told, and has a spokesperson
        spoke = {id(r.chain) for r in self.refs if cur - r.sent <= 2
                 and ((a := _anchor(self.doc[r.tok])).dep_ in _SUBJ
                      and self._speaks(a.head) and not self.in_quote[a.head.i]
                      and not self._content_of_noun(a.head)
                      or self._passive_speaker(a))}

        def speaks_for(ref: _Ref) -> bool:
            c = ref.chain
            if c.entity is None or c.type not in ("PERSON", "ORG", "NORP") \
                    or c.entity.sector == "MED" and id(c) not in spoke:
                return False
            if c.type == "NORP":  # "the Tories insisted …", a party named as its members
                return c.entity.sector in ("PTY", "GOV", "LEG")
            # "police arrested John Doe": a person with no office has no spokesman (but a
            # body the entities took for a person, "environmental group Transport 2000",
            # which the article calls a body, has)
            return c.type == "ORG" or bool(c.entity.roles or c.entity.sector) \
                or self._called_a_body(c)

        # "“The congresswoman has called for full transparency,” a spokesperson said": one
        # speaking for someone names them in the third person; a candidate the quoted words
        # of this sentence name is the one spoken for
        quoted = " ".join(self.doc[i].text for i in range(t.sent.start, t.sent.end)
                          if self.in_quote[i]).replace(" - ", "-")  # ("anti-Labour")
        words = set(re.findall(r"[^\W\d_]+", quoted))
        def keep(ref: _Ref) -> bool:
            # ("Speaking ahead of the Army Board meeting, a spokesman said": not that board)
            return speaks_for(ref) and not (
                ref.sent == cur and self._object_of_own_participle(ref.tok, t))

        roles = {w for w in re.findall(r"\bthe ([a-z]+)\b", quoted.lower())
                 if w in self.k.persons and w not in self.k.spokes}
        named = {id(r.chain): r.chain for r in self.refs if cur - r.sent <= 2
                 and keep(r) and (self._named_in(r.chain, quoted, words) or (
                     # (or by a role it holds: "“The mayor was disappointed,” a spokesman
                     # said" after the governor and the mayor are named)
                     r.chain.type == "PERSON" and any(self._titled(r.chain, w) for w in roles)))}
        if len(named) == 1:
            person = next(iter(named.values()))
            # "The Department for Education would not comment. A spokeswoman said: “… Ms
            # Kelly is …”": a body that itself spoke in the last sentence has the
            # spokesperson; the person the quote names is whom it is about
            # (or "declined to comment")
            voiced = {id(r.chain): r.chain for r in self.refs if cur - r.sent <= 1
                      and r.chain.type == "ORG" and keep(r) and (id(r.chain) in spoke or (
                          a := _anchor(self.doc[r.tok])).dep_ in _SUBJ
                          and not self.in_quote[a.head.i] and any(
                              x.dep_ == "xcomp" and self._speaks(x) for x in a.head.children))}
            if person.type == "PERSON" and id(person) not in spoke and len(voiced) == 1:
                return next(iter(voiced.values()))
            return person
        return self._most_salient(t, 2, keep, spoke)

    def _called_a_body(self, chain: Chain) -> bool:
        """Whether the article calls a chain's entity by a body noun ("environmental group
        Transport 2000", "Acme, the company"): its description mentions end in one."""
        k = self.k

        def body_noun(words: list[str]) -> bool:
            return bool(words) and words[-1] in k.org and words[-1] not in k.persons

        return any(m.kind == "description" and body_noun(self.text[m.start:m.end].lower().split())
                   or m.kind == "name" and body_noun(self.text[max(0, m.start - 20):m.start].split())
                   for m in chain.mentions)

    @staticmethod
    def _named_in(chain: Chain, quoted: str, words: set[str]) -> bool:
        """Whether quoted words name the chain's entity: a person by surname (however
        hyphenated: "Mucarsel-Powell" is "Mucarsel Powell"), a body by its whole name."""
        if chain.type == "PERSON":
            parts = re.findall(r"[^\W\d_]+", chain.name)
            return len(parts) > 1 and parts[-1] in words
        # (not "anti-Labour", "pro-Acme": a stance on the body, no naming of it)
        return len(chain.name) > 3 and re.search(
            r"(?<![\w-])" + re.escape(chain.name) + r"(?!\w)", quoted) is not None

    def _most_salient(self, t: Token, reach: int, keep: Callable[[_Ref], bool],
                      boost: set[int] | None = None) -> Chain | None:
        """The chain of the most salient kept mention in `t`'s sentence and the `reach`
        sentences before it (salience halves with each sentence back), never a co-argument
        of `t`'s own verb; chains in `boost` (ids) count double."""
        cur = self.sent[t.i]
        scores: dict[int, float] = {}
        chains: dict[int, Chain] = {}
        for ref in reversed(self.refs):
            dist = cur - ref.sent
            if dist > reach:
                break
            if not keep(ref) or dist == 0 and self.doc[ref.tok].head.i == t.head.i:
                continue
            c = ref.chain
            w = (100 + ref.weight) * 0.5 ** dist * (2 if boost and id(c) in boost else 1)
            scores[id(c)] = max(scores.get(id(c), 0.0), w)
            chains[id(c)] = c
        return chains[max(scores, key=lambda key: scores[key])] if scores else None

    def _holder(self, role: str) -> Chain | None:
        """The person last mentioned who holds `role` (any in the article if none is in the
        pass yet), else None."""
        for ref in reversed(self.refs):
            c = ref.chain
            if c.type == "PERSON" and self._titled(c, role):
                return c
        for c in self.chains:
            if c.type == "PERSON" and c.entity is not None and self._titled(c, role):
                return c
        return None

    def _person(self, t: Token, role: str, det: str) -> Chain | None:
        role = self._two_word_role(t) or role  # "the prime minister" is no other minister
        if det in ("indefinite", "poss"):  # "a spokesperson", "his lawyer": someone new
            return self._new(t, "PERSON")
        lesser = self._lesser_role(t, role)
        if lesser is not None:
            return lesser
        best: tuple[int, Chain] | None = None
        epithet = role in self.k.epithets or t.lower_ in self.k.epithets
        for ref in reversed(self.refs):
            c = ref.chain
            if c.type == "PERSON" and self._titled(c, role):
                best = (ref.tok, c)
                break
        if best is not None:
            other = self._member_named_with(t, best[1], role)
            if other is not None:
                return other
        if best is None:
            named = self._named_next(t)
            if named is not None:
                return named
        if best is None and epithet:
            # "host Jimmy Kimmel slammed … The comedian said", with "comedian Amy Schumer"
            # named only pages on: the person just named, if any, before a later holder
            person = self._epithet(t, named_only=True)
            if person is not None:
                return person
        if best is None and t.tag_ in ("NNS", "NNPS") and det == "definite":
            # "The authors of the study argued …", with "lead author Jo Roe" named only
            # later: a plural role named before any holder is those people as a group, not
            # the one holder the article names afterwards
            return self._group(t)
        if best is None and any(c.dep_ == "amod" and c.lower_ in self.k.past
                                for c in t.children):
            # "Lord Roe said …. The former cabinet secretary said": a role once held, which
            # the article gives nobody before, is an epithet for the person just named, not
            # a holder named only later ("Lord Poe, cabinet secretary before him")
            person = self._epithet(t, named_only=True)
            if person is not None:
                return person
        if best is None:
            for c in self.chains:
                if c.type == "PERSON" and c.entity is not None and self._titled(c, role):
                    best = (0, c)
                    break
            # (a holder named only later may be another body's: "the Acme manager")
            other = self._member_named_with(t, best[1], role) if best is not None else None
            if other is not None:
                return other
        if best is not None:
            return best[1]
        return self._new(t, "PERSON")

    def _named_next(self, t: Token) -> Chain | None:
        """"The party's chief executive said it was “…” …. “…,” Lord Roe told reporters": a
        role held by nobody before, that speaks, is the person first named as the one who
        speaks the quote opening the next sentence (the subject of the first speech verb
        outside quotes after it), not the person just named or a holder named later."""
        if t.dep_ not in _SUBJ or not self._speaks(t.head) or self.in_quote[t.i]:
            return None
        doc, cur = self.doc, self.sent[t.i]
        nxt = next((i for i in range(t.sent.end, len(doc)) if not doc[i].is_space), None)
        last = next((doc[i] for i in range(t.sent.end - 1, t.i, -1) if not doc[i].is_space), t)
        if nxt is None or not (self.in_quote[nxt] or doc[nxt].is_quote) \
                or last.text not in (".", "!", "?") or self.in_quote[last.i]:
            # (only a quote that opens the next sentence goes on with it; not the quote a
            # "said:" cut off from its sentence introduces)
            return None
        for i in range(t.sent.end, len(doc)):
            if self.sent[i] - cur > 2:
                return None
            v = doc[i]
            if self.in_quote[i] or not self._speaks(v):
                continue
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is None or self.in_quote[subj.i]:
                continue
            chain = self.owner.get(subj.i)
            if chain is None or chain.type != "PERSON" \
                    or not any(m.kind == "name" for m in chain.mentions) \
                    or any(m.start < t.idx for m in chain.mentions):
                return None
            return chain
        return None

    def _lesser_role(self, t: Token, role: str) -> Chain | None:
        """"The shadow chancellor said", "the deputy secretary said": a role noun under a
        word of a lesser rank (data/coref.tsv lesser) is never the holder of the role itself
        but the one titled with both words, else the named person the last lines are about
        who does not hold the role itself, else someone new. None: no such word."""
        word = next((c.lower_ for c in self.doc[t.left_edge.i:t.i]
                     if c.lower_ in self.k.lesser and not self.in_quote[c.i]), None)
        if word is None or word in role.split():  # ("vice president" is the role itself)
            return None
        phrase = f"{word} {role}"
        for ref in reversed(self.refs):
            if ref.chain.type == "PERSON" and self._titled_as(ref.chain, phrase):
                return ref.chain
        for c in self.chains:
            if c.type == "PERSON" and c.entity is not None and self._titled_as(c, phrase):
                return c
        person = self._most_salient(t, 1, lambda ref: ref.chain.type == "PERSON"
                                    and ref.chain.entity is not None
                                    and self.roots.get(ref.tok) is ref.chain
                                    and not self._titled(ref.chain, role))
        return person or self._new(t, "PERSON")

    def _person_noun(self, t: Token) -> bool:
        """Whether a noun names a person's role or kind ("minister", "spokeswoman")."""
        return t.pos_ == "NOUN" and (t.lower_ in self.k.persons or t.lemma_.lower() in self.k.persons)

    def _member_named_with(self, t: Token, holder: Chain, role: str) -> Chain | None:
        """"Mr Samaras met Evangelos Venizelos, whose Pasok party came third. … the Pasok
        leader said": a role noun with a body's name on it ("Pasok") is not the holder of the
        role found for another body ("Syriza leader Alexis Tsipras") but the person last
        named in a sentence that names that body (of the last few sentences)."""
        mods = {c.lower_ for c in t.children if c.dep_ in ("compound", "amod")
                and c.pos_ == "PROPN" and not (c.i in self.owner
                                               and self.owner[c.i].type == "PERSON")}
        if not mods:
            return None
        held = {w for m in holder.mentions if m.kind == "name" for w in self._title_words(m)}
        held |= {w for r in (holder.entity.roles if holder.entity else [])
                 for w in (r.get("role") or "").lower().split()}
        if held & mods or not any(w[:1].isalpha() and w not in self.k.persons
                                  and w not in self.k.titles and w not in self.k.gender
                                  and w != role for w in held):
            return None  # the holder is titled for that body, or for no body at all
        cur = self.sent[t.i]
        for ref in reversed(self.refs):
            if cur - ref.sent >= _REACH:
                break
            c = ref.chain
            if c is holder or c.type != "PERSON" or c.entity is None or ref.sent == cur:
                continue
            sent = self.doc[ref.tok].sent
            if any(w.lower_ in mods for w in sent):
                return c
        # "… left Jo Roe disconsolate. “…,” he said. “…,” said the Acme manager": with no
        # sentence naming that body, the named person the last lines are about (not the
        # holder titled for another body, when named only further on)
        if any(m.start < t.idx for m in holder.mentions):
            return None
        return self._most_salient(t, 1, lambda ref: ref.chain is not holder
                                  and ref.chain.type == "PERSON" and ref.chain.entity is not None)

    def _epithet(self, t: Token, named_only: bool = False,
                 definite: bool = False, reach: int = 1,
                 country: str | None = None, age: str | None = None) -> Chain | None:
        """"The Minnesota Democrat added", "the same woman who tweeted": a party word or
        "man"/"woman" as a definite singular noun is an epithet for the person the last lines
        are about — the most salient named person of this or the previous sentence (or the
        `reach` sentences before; of the noun's gender), never a co-argument. (Role nouns
        are not: "the parliamentarian" with no holder named is someone else.) With
        `named_only` (an epithet noun of data/coref.tsv that nobody named holds: "the
        comedian", "the sustainability director"), only a person named by name in reach
        counts, and not when the noun names an organisation's office ("the Senate
        parliamentarian"). With `country` (a nationality word: "the German"), never a person
        the entities place in another country (and one they place in it, a little further back,
        when nobody else is in reach). With `age` ("the 22-year-old"), never a person the
        article gives another age ("Jo Roe, 25,", "34-year-old Al Poe"), and the one it gives
        that age, if nobody in reach has it."""
        if not definite and self._det(t) != "definite" or t.tag_ in ("NNS", "NNPS"):
            return None
        if named_only and any(c.dep_ in ("compound", "nmod", "poss", "amod")
                              and self.owner.get(c.i) is not None
                              and self.owner[c.i].type == "ORG" for c in t.children):
            return None
        g = self.k.gender.get(t.lower_)
        ages = self._ages() if age else {}
        # "the Texas Democrat": never a person the article gives another party or state
        party = self.k.parties.get(t.lower_)
        state = next((self.owner[c.i].name.lower() for c in t.children
                      if c.dep_ in ("compound", "amod", "nmod") and self.owner.get(c.i) is not None
                      and self.owner[c.i].type == "GPE"), None) if party else None

        def the_person(ref: _Ref) -> bool:
            c = ref.chain
            if c.type != "PERSON" or c.entity is None or g in ("m", "f") and c.gender not in (None, g):
                return False
            if t.left_edge.i <= ref.tok < t.i:
                return False  # "the Oscar-nominated actor" is not the "Oscar" on the noun
            if country and c.entity.country and c.entity.country != country:
                return False  # "the German" is not the Spaniard just named
            if age and ages.get(id(c), age) != age:
                return False  # "the 22-year-old" is not "Roe, 25,"
            if party:
                parties, states = self._affiliation(c)
                if parties and party not in parties or state and states and not any(
                        x in state or state in x for x in states):
                    return False  # "the Texas Democrat" is not "Sen. Al Poe, R-Ohio"
            return not named_only or self.roots.get(ref.tok) is c

        person = self._most_salient(t, reach, the_person)
        aged = [c for c in self.chains if ages.get(id(c)) == age] if age else []
        if age and (person is None or ages.get(id(person)) != age) and len(aged) == 1 \
                and any(m.start < t.idx for m in aged[0].mentions):
            person = aged[0]  # "… beat Mena. Isinbayeva, 22, … the 22-year-old told …"
        if person is None and country:
            # (else one of that country named a little further back: "Kessler of Germany beat
            # Mena of Spain. Mena was left frustrated. “…,” said the German")
            person = self._most_salient(t, reach + 2, lambda ref: the_person(ref)
                                        and ref.chain.entity is not None
                                        and ref.chain.entity.country == country)
        return person

    def _affiliation(self, chain: Chain) -> tuple[set[str], set[str]]:
        """The party letters and states the article puts on a person's name: "Sen. Jo Roe,
        R-Ohio" / "(D-Texas)", "Republican Sen. Jo Roe", "Ohio Sen. Jo Roe", "Jo Roe of Ohio",
        "Jo Roe, a Democrat" (party words: coref.tsv party)."""
        known = self.affiliations.get(id(chain))
        if known is not None:
            return known
        parties: set[str] = set()
        states: set[str] = set()
        letters = set(self.k.parties.values())
        for m in chain.mentions:
            if m.kind != "name":
                continue
            after = self.text[m.end:m.end + 40]
            tag = re.match(r"\s*[,(]\s*([A-Z])\s*[-\u2013.]\s*([A-Z][\w.]*(?: [A-Z][a-z]+)?)", after)
            if tag and tag.group(1) in letters:
                parties.add(tag.group(1))
                states.add(tag.group(2).lower())
            of = re.match(r"\s*,?\s*of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", after)
            if of:
                states.add(of.group(1).lower())
            called = re.match(r"\s*,\s*an? ([A-Z][a-z]+)\b", after)
            if called and called.group(1).lower() in self.k.parties:
                parties.add(self.k.parties[called.group(1).lower()])
            before = self.text[max(0, m.start - 40):m.start]
            words = re.findall(r"[\w.]+", before)[-3:]
            for w in words:
                if w.lower() in self.k.parties and w[0].isupper():
                    parties.add(self.k.parties[w.lower()])
            # ("Ohio Sen. Jo Roe": a place word right before the person's title)
            if len(words) >= 2 and (words[-1].lower() in self.k.titles
                                    or words[-1].lower().rstrip(".") in self.k.persons) \
                    and words[-2][:1].isupper() and words[-2].lower() not in self.k.parties:
                states.add(words[-2].lower())
        self.affiliations[id(chain)] = (parties, states)
        return parties, states

    def _ages(self) -> dict[int, str]:
        """Chain id → the age the article gives a named person: "Jo Roe, 25, said",
        "34-year-old Al Poe" (the number)."""
        ages: dict[int, str] = {}
        doc = self.doc
        for i, c in self.roots.items():
            if c.type != "PERSON" or c.entity is None:
                continue
            first = i
            while first > 0 and self.owner.get(first - 1) is c:
                first -= 1
            last = i
            while last + 1 < len(doc) and self.owner.get(last + 1) is c:
                last += 1
            after = doc[last + 1:last + 4]
            if len(after) == 3 and after[0].text == "," and after[1].like_num \
                    and after[2].text in (",", ")", "."):
                ages.setdefault(id(c), after[1].text)
            before = doc[max(0, first - 5):first]
            if len(before) == 5 and before[0].like_num and before[2].lower_ in ("year", "years") \
                    and before[4].lower_ == "old":
                ages.setdefault(id(c), before[0].text)
        return ages

    def _new(self, t: Token, type_: str) -> Chain:
        name = self._described_name(t)
        g = self.k.gender.get(t.lower_)
        country = None
        for c in t.children:
            chain = self.owner.get(c.i)
            if chain is not None and c.dep_ in ("amod", "compound", "nmod"):
                country = chain.country
        chain = Chain(name, None, type_, gender=g if g in ("m", "f") else None, country=country,
                      plural=t.tag_ in ("NNS", "NNPS"))
        self.chains.append(chain)
        return chain

    def _voiced(self, t: Token) -> Chain | None:
        """"The governor's office said", "his office said": the person the possessor is (a
        name, a pronoun, or a role noun whose holder the article names), else None."""
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        if owner is None or self.in_quote[owner.i]:
            return None
        if owner.i in self.owner:
            chain: Chain | None = self.owner[owner.i]
        elif owner.lower_ in ("his", "her"):
            chain = self._pronoun(owner)
        elif owner.pos_ == "NOUN" and owner.lemma_.lower() in self.k.persons \
                and self._det(owner) == "definite":
            chain = self._holder(owner.lemma_.lower())
        else:
            chain = None
        return chain if chain is not None and chain.type == "PERSON" else None

    def _org(self, t: Token, low: str, det: str) -> Chain | None:
        if det == "poss" and (low in self.k.voices or t.lemma_.lower() in self.k.voices):
            person = self._voiced(t)
            if person is not None:
                return person
        if det not in ("definite", "poss") and not (det == "none" and low in ("police",)):
            return None
        if low == "board":
            # "the Times editorial board", "the Sina board": a board is its named body's
            # (and "the board" alone, the body the last lines are about, below)
            owner = next((self.owner[c.i] for c in t.children if c.dep_ in ("compound", "poss")
                          and c.i in self.owner and self.owner[c.i].type == "ORG"), None)
            if owner is not None:
                return owner
        # "the correspondents' group": a common-noun possessor is a modifier naming the body,
        # which must then be one whose name holds it (the State Department Correspondents'
        # Association); a named or pronoun possessor ("Trump's campaign") is someone else's
        classifier = [c for c in t.children if c.dep_ == "poss" and c.pos_ == "NOUN"
                      and c.i not in self.owner and len(c.text) > 3]
        if det == "poss" and not classifier:
            return None
        if det == "definite" and t.tag_ == "NNS" and low in self.k.org_plural:
            pair = self._conjoined_bodies(t)
            if pair is not None:
                return pair
        sectors = self.k.org[low]
        # "the German exchange", "the US carmaker": a body of that country, not the last one
        nation = next((self.owner[c.i].country for c in t.children if c.dep_ in ("amod", "compound")
                       and c.i in self.owner and self.owner[c.i].type in ("GPE", "NORP")
                       and self.owner[c.i].country), None)
        head = low if low not in self.k.org_plural else low.rstrip("s")
        mods = [c.lower_ for c in t.children if c.dep_ in ("compound", "amod") and c.i not in self.owner
                and c.pos_ in ("NOUN", "PROPN") and len(c.text) > 3]
        if det == "poss":
            mods = [c.lower_ for c in classifier]
        tiers: list[Chain | None] = [None, None, None, None, None]
        first: _Ref | None = None  # the mention that gave tier 1
        voice: Chain | None = None  # a fitting body, subject of a speech verb just before
        for ref in reversed(self.refs):
            c = ref.chain
            if c.type == "ORG" and c.entity is None and det == "definite" \
                    and (c.name.lower().split()[-1:] == [low] or self.body_nouns.get(id(c)) == low):
                # "the Ruritanian embassy … the embassy said" ("magazine Acme Monthly … the
                # magazine said")
                tiers[0] = tiers[0] or c
                break
            if c.type == "NORP" and c.entity is not None and sectors and det == "definite" \
                    and c.entity.sector in sectors and not self.in_quote[ref.tok]:
                # "the Conservative cause …. the party said": with no body of the noun's
                # sector named, the party a party word named (the last one), as a last resort
                tiers[4] = tiers[4] or c
                continue
            if (c.type != "ORG" or c.entity is None) and not (
                    c.type == "GPE" and low in self.k.country_itself):
                continue
            if nation is not None and c.country not in (None, nation):
                continue
            name = c.name.lower()
            name_words = set(re.findall(r"[\w-]+", name))
            if det == "poss":  # only a body the possessor names
                if any(m in name_words for m in mods):
                    return c
                continue
            if head in name.split() or head in name \
                    or any(m in name_words or m + "s" in name_words for m in mods):
                if voice is not None and not any(
                        m in name_words or m + "s" in name_words for m in mods):
                    # "Acme said …. The bank said": the fitting body that just spoke, not
                    # an older one whose name merely holds the noun ("Bank of Ruritania")
                    return voice
                tier = 0  # ("the production company": Dick Clark Productions)
            elif not sectors or c.entity is not None and c.entity.sector in sectors \
                    or id(c) in self.retyped:  # (a body typed as a person has no sector)
                # a fitting sector; a name only modifying another noun ("a TERF forum") is
                # not what the article is about: only if no head mention fits
                tier = 2 if self.doc[ref.tok].dep_ == "compound" else 1
                tok = self.doc[ref.tok]
                if tier == 1 and voice is None and det == "definite" and ref.subject \
                        and self.sent[t.i] - ref.sent <= 1 and self._speaks(tok.head) \
                        and not self.in_quote[tok.head.i]:
                    voice = c
            elif c.entity is not None and not c.entity.sector:
                tier = 3  # one the entities component does not know: only if nothing fits
            else:
                continue
            if tiers[tier] is None:
                tiers[tier] = c
                if tier == 1:
                    first = ref
            elif tier == 1 and first is not None and ref.sent == first.sent and ref.subject \
                    and not first.subject and not self.in_quote[ref.tok] and det == "definite":
                # "Google has bought mapping firm Keyhole. … the search giant said": of two
                # fitting bodies of one sentence, the subject is what it is about
                tiers[1] = c
                first = ref
            if tier == 0:
                break
        return next((c for c in tiers if c is not None), None)

    def _own_body(self, t: Token, det: str) -> Chain | None:
        """"Senator Dalton's campaign", "his campaign", "the Dalton campaign": a body a person
        runs for himself speaks as "<surname> campaign" (the annotations' name for it), not as
        the candidate; "the campaign" (or "a campaign spokesman") later is the last such body
        named in the last few sentences. None when no person is named on it."""
        # (not a campaign of another kind the words on it describe: "Trump's pressure
        # campaign on Ukraine", "her campaign to combat obesity"; coref.tsv own_body_kind)
        if any(c.dep_ in ("prep", "acl", "relcl", "advcl", "xcomp") for c in t.rights) or any(
                c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ")
                and c.lower_ not in self.k.own_body_kinds for c in t.children):
            return None
        person: Chain | None = None
        # (the possessor may hang on a word of the noun's own phrase the parser cut off:
        # "her re-election campaign")
        near = list(t.children)
        for j in range(t.i - 1, max(t.i - 6, -1), -1):
            w = self.doc[j]
            if w.dep_ == "poss":
                near.append(w)
                break
            if w.pos_ not in ("NOUN", "PROPN", "ADJ", "PART", "NUM") and w.text != "-":
                break
        for c in near:
            if c.dep_ not in ("poss", "compound") or self.in_quote[c.i]:
                continue
            chain = self.owner.get(c.i)
            if chain is None and c.lower_ in ("his", "her") and c.dep_ == "poss":
                chain = self._pronoun(c)
            if chain is not None and chain.type == "PERSON":
                person = chain
            elif chain is not None and chain.type == "ORG" and chain.name.lower().endswith(
                    " " + t.lemma_.lower()):
                self.own_body_seen = (self.sent[t.i], chain)  # "the Dalton campaign" as named
                return chain
        if person is not None and person.name.split()[-1][:1].isupper():
            name = f"{person.name.split()[-1]} {t.lemma_.lower()}"
            body = next((c for c in self.chains if c.type == "ORG"
                         and c.name.lower() == name.lower()), None)
            if body is None:
                body = Chain(name, None, "ORG", country=person.country)
                self.chains.append(body)
            self.own_body_seen = (self.sent[t.i], body)
            return body
        seen = self.own_body_seen
        # (not one the words on it describe anew: "the campaign to reopen schools")
        after = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
        if det in ("definite", "none") and seen is not None and self.sent[t.i] - seen[0] <= 6 \
                and t.text.islower() and all(c.dep_ in ("det", "case", "punct")
                                             for c in t.children) \
                and not (after is not None and after.tag_ == "TO"):  # ("the campaign to …")
            return seen[1]
        return None

    def _conjoined_bodies(self, t: Token) -> Chain | None:
        """"Elan and Biogen Idec suspended sales …. “…,” the two firms said": a plural body
        noun stands for the bodies last named together, and the one named first speaks for
        them (a quote has one speaker), not the body named last on its own."""
        cur = self.sent[t.i]
        for ref in reversed(self.refs):
            if cur - ref.sent > 6:
                break
            c, tok = ref.chain, self.doc[ref.tok]
            if c.type == "ORG" and c.entity is not None and tok.dep_ != "conj" and any(
                    x.dep_ == "conj" and self.owner.get(x.i) not in (None, c)
                    and self.owner[x.i].type in ("ORG", "PERSON") for x in tok.children):
                # (the other may be a body the entities took for a person: "Biogen Idec")
                return c
        return None

    def _place(self, t: Token, low: str, det: str) -> Chain | None:
        """"The city said", "the state said": the place of that kind named last in the
        last few sentences (a city, county or town is never a country), else None."""
        if det != "definite" or t.tag_ != "NN":
            return None
        local = self.k.places.get(low, False)
        cur = self.sent[t.i]
        for ref in reversed(self.refs):
            if cur - ref.sent > 6:
                break
            c = ref.chain
            if c.type == "GPE" and c.entity is not None \
                    and not (local and c.name.lower() in country_words()):
                return c
        return None

    def _group(self, t: Token) -> Chain | None:
        """"Pentagon officials", "analysts from Citigroup", "officials at the ministry": the
        body named on the noun speaks; else the group, as its description."""
        for c in t.children:
            chain = self.owner.get(c.i)
            if chain is not None and chain.type in ("ORG", "NORP") and c.dep_ == "compound":
                return chain
            if c.dep_ == "prep" and c.lower_ in ("from", "at", "of", "with"):
                for p in c.children:
                    if p.dep_ != "pobj" or self.in_quote[p.i]:
                        continue
                    chain = self.owner.get(p.i)
                    if chain is not None and chain.type == "ORG" and chain.entity is not None:
                        return chain
        place = self._officials_in(t)
        if place is not None:
            return place
        body = self._officials_of(t)
        return body if body is not None else self._new(t, "GROUP")

    def _officials_in(self, t: Token) -> Chain | None:
        """People of a named place speak for it (the annotations give the place, or its
        government, for "Ohio officials"): "officials in Ohio"; "state officials" / "city
        officials" (a place noun of coref.tsv on the group) after a state or city was named
        (a state is never a country); "the officials" when "Ohio officials" came just before."""
        # (only people who speak for a body, coref.tsv spokes: "workers in Ohio" are not Ohio)
        if t.tag_ not in ("NNS", "NNPS") or t.lemma_.lower() not in self.k.spokes:
            return None
        mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for p in c.children:
                    chain = self.owner.get(p.i)
                    if p.dep_ == "pobj" and chain is not None and chain.type == "GPE" \
                            and chain.entity is not None and not self.in_quote[p.i]:
                        return chain
        cur = self.sent[t.i]
        if len(mods) == 1 and mods[0].lower_ in self.k.places and mods[0].tag_ == "NN" \
                and not any(c.dep_ == "conj" for c in mods[0].children):  # ("state and local")
            for ref in reversed(self.refs):
                if cur - ref.sent > 6:
                    break
                c = ref.chain
                if c.type == "GPE" and c.entity is not None \
                        and c.name.lower() not in country_words():
                    return c
            return None
        if not mods and self._det(t) == "definite":
            for ref in reversed(self.refs):
                if cur - ref.sent > 3:
                    break
                if self.doc[ref.tok].lower_ == t.lower_ and ref.chain.type == "GPE" \
                        and ref.chain.entity is not None:
                    return ref.chain
        return None

    def _officials_of(self, t: Token) -> Chain | None:
        """"The State Department condemned the attack. “…,” officials said": bare plural
        spokesperson nouns ("officials", "aides"), with nothing on them, saying something,
        before (not when two bodies were, nor an outlet: it reports). A word of the level of
        government (coref.tsv level: "federal officials said") may stand on them; the body
        must then be a government one."""
        k = self.k
        level = [c for c in t.children if c.dep_ in ("amod", "compound") and c.lower_ in k.levels]
        if t.tag_ != "NNS" or t.lemma_.lower() not in k.spokes or t.dep_ not in _SUBJ \
                or not self._speaks(t.head) or any(
                    c.dep_ in ("det", "compound", "amod", "poss", "nummod", "prep", "acl",
                               "relcl", "appos") and c not in level for c in t.children):
            return None
        cur = self.sent[t.i]
        bodies = {id(r.chain): r.chain for r in self.refs if cur - r.sent <= 1 and r.subject
                  and r.chain.type == "ORG" and r.chain.entity is not None
                  and not self.in_quote[r.tok]}
        body = next(iter(bodies.values())) if len(bodies) == 1 else None
        if level and body is not None and body.entity is not None \
                and body.entity.sector not in k.levels[level[0].lower_]:
            return None
        return None if body is None or body.entity is None or body.entity.sector == "MED" \
            else body


def resolve(doc: Doc) -> Coref:
    """The coreference chains of one doc (needs `ww_entities`; names only without a parse)."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return Coref([])
    chains = _Resolver(doc).run()
    return Coref(chains)


class CorefComponent:
    """Fills `doc._.ww_coref` (a `Coref`) for every zone."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_coref = resolve(doc)
        return doc


@Language.factory("ww_coref")
def make_coref(nlp: Language, name: str) -> CorefComponent:
    return CorefComponent()
