"""Quote speakers only, fast: for tuning the coreference and quotes components.

Why: `annotated_news.py` runs the whole analysis of 160 articles (minutes) for one figure.
Here the bodies are parsed once up to the components that feed quotes (spaCy, entities,
actors, timex) and cached in /tmp (per corpus, split and set of records); each run then only re-runs `ww_coref` (if present) and
`ww_quotes` and scores speakers the way `annotated_news.py` does (named / pronoun /
description). The cache is keyed by split; delete it when entities.py changes.

    .venv/bin/python benchmarks/quote_speakers.py --split train
    .venv/bin/python benchmarks/quote_speakers.py --split train --errors pronoun
    .venv/bin/python benchmarks/quote_speakers.py --corpus bbc --split train
    .venv/bin/python benchmarks/quote_speakers.py --corpus bbc-quotes

`--corpus bbc-quotes` is the quotes-only BBC set (annotations/bbc-2005-quotes): a TUNING set
for the speaker rules, all of it, with no dev part (`--split` is ignored). Why it exists: the
train splits had too few speaker errors left to learn from; the dev splits stay unseen.
`--corpus aeb-quotes` is the quotes-only set of 2019 web news (annotations/aeb-2019-quotes):
`--split train` reads its tuning part (positions 0-29), `--split dev` its check part (30-59).
`--corpus bbc-other-quotes` is the quotes-only set of BBC technology and entertainment news
(annotations/bbc-2005-other-quotes), split the same way: subjects no rule was tuned on.
`--corpus bbc-desc-quotes` is the quotes-only set of BBC technology and entertainment items chosen
for speakers given by a description (annotations/bbc-2005-desc-quotes), split the same way, and
`--corpus bbc-desc2-quotes` a second such set (annotations/bbc-2005-desc-quotes-2: BBC technology,
entertainment and sport, capitalised descriptions too: "the Welshman said"), likewise, and
`--corpus wikiref-quotes` the quotes-only set of the WikiRef220 files not annotated in full
(annotations/wikiref-quotes: football, phones, MH370, Paris attacks), likewise.
`--corpus aeb` is the 2019 web news annotated in full (annotations/aeb-2019), `--corpus wikiref`
the WikiRef220 articles annotated in full (annotations/wikiref): all train.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import _annotations as A
from _news import news_article
from _scoring import paired_quote, same_name

UPSTREAM = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
            "ww_entities", "ww_actors", "ww_timex")
DOWNSTREAM = ("ww_coref", "ww_quotes")


def _gold(split: str, corpus: str = "allsides") -> list[dict[str, Any]]:
    """The split's annotations, adjudicated where they are (as annotated_news.py reads them)."""
    if corpus == "bbc-quotes":
        return A.bbc_quotes()
    if corpus == "aeb-quotes":
        return A.aeb_quotes("tune" if split == "train" else "check")
    if corpus == "bbc-other-quotes":
        return A.bbc_other_quotes("tune" if split == "train" else "check")
    if corpus == "bbc-desc-quotes":
        return A.bbc_desc_quotes("tune" if split == "train" else "check")
    if corpus == "bbc-desc2-quotes":
        return A.bbc_desc2_quotes("tune" if split == "train" else "check")
    if corpus == "wikiref-quotes":
        return A.wikiref_quotes("tune" if split == "train" else "check")
    if corpus == "aeb":
        return A.aeb_split(split)
    if corpus == "wikiref":
        return A.wikiref_split(split)
    return A.bbc_split(split) if corpus == "bbc" else A.split(split)


def _docs(nlp: Any, golds: list[dict[str, Any]], split: str, corpus: str = "allsides"
          ) -> list[Any]:
    from spacy.tokens import Doc

    from wirewatch.analyze import mask_markup

    if corpus == "bbc-quotes":
        key = "bbc_quotes"  # one set, no splits
    else:
        key = split if corpus == "allsides" else f"{corpus}_{split}"
    # keyed by the records too: a set that grows (more annotations) gets a cache of its own
    ids = hashlib.sha1(" ".join(g["id"] for g in golds).encode()).hexdigest()[:8]
    cache = Path(tempfile.gettempdir()) / f"ww_quote_speakers_{key}_{ids}.pkl"
    if cache.exists():
        blobs = pickle.loads(cache.read_bytes())
        docs = []
        for data, user in blobs:
            doc = Doc(nlp.vocab).from_bytes(data, exclude=["user_data"])
            doc.user_data.update(user)
            docs.append(doc)
        return docs
    made = []
    for g in golds:
        article = news_article(A.record(g["id"]))
        doc = nlp.make_doc(mask_markup(article.body if article else ""))
        doc._.ww_zone = "body"
        doc._.ww_published = article.published_at if article else None
        doc._.ww_byline = (tuple(article.authors), article.outlet) if article else None
        made.append(doc)
    with nlp.select_pipes(enable=[p for p in UPSTREAM if p in nlp.pipe_names]):
        docs = list(nlp.pipe(made, batch_size=16))
    cache.write_bytes(pickle.dumps([(d.to_bytes(exclude=["user_data"]), dict(d.user_data))
                                    for d in docs]))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="train")
    ap.add_argument("--corpus", choices=("allsides", "bbc", "bbc-quotes", "aeb-quotes",
                                         "bbc-other-quotes", "bbc-desc-quotes", "bbc-desc2-quotes",
                                         "wikiref-quotes", "aeb", "wikiref"),
                    default="allsides", help="the AllSides sample, the BBC one "
                    "(annotations/bbc-2005), the quotes-only BBC tuning set (no splits), the "
                    "quotes-only 2019 web news set or BBC tech and entertainment set (train = "
                    "tune, dev = check), or the 2019 web news or the WikiRef articles annotated "
                    "in full (all train)")
    ap.add_argument("--errors", default="", help="print errors of this form (or 'all')")
    args = ap.parse_args()

    from wirewatch.analyze.pipeline import get_pipeline

    nlp = get_pipeline()
    golds = _gold(args.split, args.corpus)
    docs = _docs(nlp, golds, args.split, args.corpus)
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    unmatched: Counter[str] = Counter()
    for g, doc in zip(golds, docs, strict=True):
        for name in DOWNSTREAM:
            if name in nlp.pipe_names:
                doc = nlp.get_pipe(name)(doc)
        names = {e["name"]: e for e in g["entities"]}
        preds = doc._.ww_quotes or []
        for q in g["quotes"]:
            if not q.get("speaker"):
                continue
            form = q.get("speaker_form") or "named"
            pred = paired_quote(q["text"], preds)
            if pred is None:
                unmatched[form] += 1
                continue
            total[form] += 1
            gold = names.get(q["speaker"], {"name": q["speaker"], "mentions": []})
            ok = bool(pred.speaker) and any(same_name(pred.speaker, n) for n in
                                            [gold["name"], *(gold.get("mentions") or [])])
            right[form] += ok
            missing[form] += not pred.speaker
            if not ok and args.errors in (form, "all"):
                s = q["span"]["start"]
                ctx = doc.text[max(0, s - 200):q["span"]["end"] + 120].replace("\n", " ")
                print(f"--- {g['id']} [{form}] gold={q['speaker']!r} pred={pred.speaker!r} "
                      f"quote={pred.text[:40]!r}\n"
                      f"    {ctx}")
    for form in ("named", "pronoun", "description", "none"):
        if total[form]:
            print(f"quote speaker ({form}): right {right[form] / total[form]:.1%} of "
                  f"{total[form]} found quotes; no speaker {missing[form]}; "
                  f"gold not found {unmatched[form]}")


if __name__ == "__main__":
    main()
