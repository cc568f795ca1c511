"""NER on CoNLL-2003 eng.testb: bare en_core_web_sm vs. our `ww_entities` component.

Labels mapped as ../shared/corpus/README.md says: PERSON→PER, GPE/LOC/FAC→LOC, ORG→ORG,
NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC (dates and numbers are not entities). Both
systems see the same gold tokenisation: one spaCy Doc per CoNLL document, built from the gold
words, sentences separated by a newline token. Scores are exact entity-level matches.

Run: .venv/bin/python benchmarks/ner_conll.py [path/to/eng.testb]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ner" / "eng.testb"
MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG", "NORP": "MISC",
       "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
       "LANGUAGE": "MISC"}
TYPES = ("PER", "LOC", "ORG", "MISC")


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents → sentences → (word, IOB1 tag). The first -DOCSTART- may be missing."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sent: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line:
            if sent:
                docs[-1].append(sent)
                sent = []
            continue
        cols = line.split()
        if cols[0] == "-DOCSTART-":
            if sent:
                docs[-1].append(sent)
                sent = []
            if docs[-1]:
                docs.append([])
            continue
        sent.append((cols[0], cols[-1]))
    if sent:
        docs[-1].append(sent)
    return [d for d in docs if d]


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """IOB1 → (start, end, type) over the document's gold token positions."""
    spans, start, typ = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (tag == "O" or prefix == "B" or label != typ):
            spans.add((start, i, typ))
            start, typ = None, None
        if tag != "O" and start is None:
            start, typ = i, label
    return spans


def make_doc(vocab, doc_sents):  # noqa: ANN001, ANN201
    words, spaces, index = [], [], []  # index: gold position -> doc token index
    for s, sent in enumerate(doc_sents):
        if s:
            words.append("\n")
            spaces.append(False)
        for j, (word, _) in enumerate(sent):
            index.append(len(words))
            words.append(word)
            spaces.append(j < len(sent) - 1)
    return Doc(vocab, words=words, spaces=spaces), index


def predicted(doc: Doc, index: list[int]) -> set[tuple[int, int, str]]:
    back = {tok: gold for gold, tok in enumerate(index)}
    out = set()
    for ent in doc.ents:
        label = MAP.get(ent.label_)
        toks = [back[t] for t in range(ent.start, ent.end) if t in back]
        if label and toks:
            out.add((toks[0], toks[-1] + 1, label))
    return out


def score(gold: list[set], pred: list[set]) -> dict[str, dict[str, float]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        for span in p:
            (tp if span in g else fp)[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    out = {}
    for t in (*TYPES, "ALL"):
        a = sum(tp.values()) if t == "ALL" else tp[t]
        b = sum(fp.values()) if t == "ALL" else fp[t]
        c = sum(fn.values()) if t == "ALL" else fn[t]
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        out[t] = {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": a + c}
    return out


def run(nlp, docs) -> tuple[list[set], float]:  # noqa: ANN001
    made = [make_doc(nlp.vocab, d) for d in docs]
    t = time.perf_counter()
    out = [predicted(doc, idx) for doc, (_, idx) in
           zip(nlp.pipe((d for d, _ in made), batch_size=32), made, strict=True)]
    return out, time.perf_counter() - t


def main() -> None:
    from wirewatch.analyze.pipeline import build_pipeline, load_model

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    docs = read_conll(path)
    gold = []
    for d in docs:  # spans per sentence (an entity never crosses one), in document positions
        spans, offset = set(), 0
        for sent in d:
            spans |= {(a + offset, b + offset, t) for a, b, t in gold_spans([g for _, g in sent])}
            offset += len(sent)
        gold.append(spans)
    n_tokens = sum(len(s) for d in docs for s in d)
    print(f"{path.name}: {len(docs)} documents, {sum(len(d) for d in docs)} sentences, "
          f"{n_tokens} tokens, {sum(len(g) for g in gold)} gold entities")
    systems = {"en_core_web_sm (bare)": load_model(),
               "wirewatch ww_entities+ww_actors": build_pipeline(["ww_entities", "ww_actors"])}
    for name, nlp in systems.items():
        pred, secs = run(nlp, docs)
        res = score(gold, pred)
        print(f"\n{name}  ({secs:.1f} s, {n_tokens / secs:,.0f} tokens/s)")
        print(f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
        for t, v in res.items():
            print(f"{t:6} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['n']:6d}")


if __name__ == "__main__":
    main()
