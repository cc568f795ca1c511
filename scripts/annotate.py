"""Annotating the AllSides sample (docs/annotation-guide.md): show a record, store an annotation.

    python scripts/annotate.py show 17            # the 18th record of the annotation order
    python scripts/annotate.py store FILE --pass a  # verbatim JSON → annotations/…/a/<ID>.json
    python scripts/annotate.py status             # how many records each pass holds
    python scripts/annotate.py both 17            # passes a and b of a record, as verbatim JSON
    python scripts/annotate.py --corpus bbc show 3  # the BBC sample (annotations/bbc-2005)
    python scripts/annotate.py --corpus bbc store FILE --pass a
    python scripts/annotate.py --corpus bbc-quotes show 3  # the quotes-only BBC tuning set
    python scripts/annotate.py --corpus aeb-quotes show 3  # the quotes-only 2019 web news set
    python scripts/annotate.py --corpus bbc-other-quotes show 3  # quotes-only BBC tech/entertainment
    python scripts/annotate.py --corpus bbc-desc-quotes show 3  # quotes-only, described speakers
    python scripts/annotate.py --corpus bbc-desc2-quotes show 3  # the same, BBC sport too
    python scripts/annotate.py --corpus wikiref-quotes show 3  # quotes-only, WikiRef's other files
    python scripts/annotate.py --corpus aeb show 3  # 2019 web news, annotated in full (train)
    python scripts/annotate.py --corpus wikiref show 3  # WikiRef220 news, in full (train)

`--corpus bbc-quotes` (annotations/bbc-2005-quotes), `--corpus aeb-quotes`
(annotations/aeb-2019-quotes; positions 0-29 tune, 30-59 check), `--corpus bbc-other-quotes`
(annotations/bbc-2005-other-quotes; likewise) and `--corpus bbc-desc-quotes`
(annotations/bbc-2005-desc-quotes; likewise), `--corpus bbc-desc2-quotes`
(annotations/bbc-2005-desc-quotes-2; likewise) and `--corpus wikiref-quotes`
(annotations/wikiref-quotes; likewise): quotes and their speakers only;
`store` marks the file `"quotes_only": true` and refuses events.

`store` writes spans, never text, and refuses (exit 1, listing the problems) an annotation whose
evidence, quotes or claims are not verbatim in the record, or whose actors are not listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import _annotations as A  # noqa: E402


@dataclass(frozen=True)
class AnnotatedSet:
    """One annotated set: its records in annotation order, where its passes live, what a
    position is for, and whether it holds quotes only."""

    sample: Callable[[], list[dict]]
    folder: Path
    part: Callable[[int], str]
    quotes_only: bool = False


def _quotes_set(sample: Callable[[], list[dict]], folder: Path, n_tune: int) -> AnnotatedSet:
    """A quotes-only set whose first `n_tune` positions tune the speaker rules, the rest check."""
    return AnnotatedSet(sample, folder,
                        lambda n: "quotes tuning" if n < n_tune else "quotes check",
                        quotes_only=True)


SETS = {
    "allsides": AnnotatedSet(lambda: [A.records()[i] for i in A.sample_order()], A.ANNOTATIONS,
                             lambda n: "train" if n < A.N_TRAIN else "dev"),
    "bbc": AnnotatedSet(A.bbc_order, A.BBC_ANNOTATIONS,
                        lambda n: "train" if A.bbc_is_train(n) else "dev"),
    "bbc-quotes": AnnotatedSet(A.bbc_quotes_sample, A.BBC_QUOTES_ANNOTATIONS,
                               lambda n: "quotes tuning", quotes_only=True),
    "aeb-quotes": _quotes_set(A.aeb_quotes_sample, A.AEB_QUOTES_ANNOTATIONS, A.N_AEB_TUNE),
    "bbc-other-quotes": _quotes_set(A.bbc_other_quotes_sample, A.BBC_OTHER_QUOTES_ANNOTATIONS,
                                    A.N_BBC_OTHER_TUNE),
    "bbc-desc-quotes": _quotes_set(A.bbc_desc_quotes_sample, A.BBC_DESC_QUOTES_ANNOTATIONS,
                                   A.N_BBC_DESC_TUNE),
    "bbc-desc2-quotes": _quotes_set(A.bbc_desc2_quotes_sample, A.BBC_DESC2_QUOTES_ANNOTATIONS,
                                    A.N_BBC_DESC2_TUNE),
    "wikiref-quotes": _quotes_set(A.wikiref_quotes_sample, A.WIKIREF_QUOTES_ANNOTATIONS,
                                  A.N_WIKIREF_QUOTES_TUNE),
    "aeb": AnnotatedSet(A.aeb_sample, A.AEB_ANNOTATIONS, lambda n: "train"),
    "wikiref": AnnotatedSet(A.wikiref_sample, A.WIKIREF_ANNOTATIONS, lambda n: "train"),
}
chosen = SETS["allsides"]


def _record_at(position: int) -> dict:
    return chosen.sample()[position]


def _folder() -> Path:
    return chosen.folder


def show(position: int) -> None:
    rec = _record_at(position)
    print(f"position {position} ({chosen.part(position)})  ID {rec['ID']}  published {rec.get('date')}")
    print(f"outlet {rec.get('source')}  authors {rec.get('authors')}  topic {rec.get('topic')}")
    print(f"title: {rec.get('title')}")
    print("-" * 72)
    print(rec.get("content_original") or "")


def store(path: Path, pass_name: str, force: bool) -> int:
    ann = json.loads(path.read_text(encoding="utf-8"))
    rec = A.record(ann["id"])
    stored, problems = A.to_offsets(ann, rec)
    if chosen.quotes_only:
        if stored["events"]:
            problems.append("a quotes-only file holds no events")
        stored["quotes_only"] = True
    for p in problems:
        print(f"problem: {p}")
    if problems and not force:
        print("not stored: fix the problems (or --force to store what was found)")
        return 1
    out = _folder() / pass_name / f"{rec['ID']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"stored {out.relative_to(A.ROOT)}: {len(stored['entities'])} entities, "
          f"{len(stored['events'])} events, {len(stored['quotes'])} quotes")
    return 0


def both(position: int) -> None:
    """Both passes of a record with their text put back: what an adjudicator compares."""
    rec = _record_at(position)
    for name in ("a", "b"):
        path = _folder() / name / f"{rec['ID']}.json"
        if not path.exists():
            print(f"== pass {name}: none")
            continue
        ann = A.with_text(json.loads(path.read_text(encoding="utf-8")))
        print(f"== pass {name} ({ann.get('annotator')})")
        for e in ann["entities"]:
            print(f"  entity {e['name']} {e['type']} {e['country']} {e['sector']} {e['role']}")
        for e in ann["events"]:
            print(f"  event {e['type']}/{e.get('mode')} {e['source']} -> {e['target']} "
                  f"{e['modality']} bg={e['background']} date={e['date']}\n"
                  f"        > {e['evidence_text']}")
        for q in ann["quotes"]:
            print(f"  quote [{q['speaker']} {q.get('speaker_form')}] {q['text'][:90]}")


def status() -> None:
    ids = [r["ID"] for r in chosen.sample()]
    for folder in sorted(p for p in _folder().glob("*") if p.is_dir()):
        have = {p.stem for p in folder.glob("*.json")}
        done = [k for k, i in enumerate(ids) if i in have]
        print(f"{folder.name}: {len(have)} records; positions {done[:5]}…")


def main() -> int:
    global chosen
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=tuple(SETS), default="allsides")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("position", type=int)
    t = sub.add_parser("store")
    t.add_argument("file", type=Path)
    t.add_argument("--pass", dest="pass_name", default="a")
    t.add_argument("--force", action="store_true")
    sub.add_parser("status")
    b = sub.add_parser("both")
    b.add_argument("position", type=int)
    args = ap.parse_args()
    chosen = SETS[args.corpus]
    if args.cmd == "show":
        show(args.position)
    elif args.cmd == "store":
        return store(args.file, args.pass_name, args.force)
    elif args.cmd == "both":
        both(args.position)
    else:
        status()
    return 0


if __name__ == "__main__":
    sys.exit(main())
