"""The annotated corpora keep their promises: spans only, fixed samples, tune/check parts apart."""

from __future__ import annotations

import json

from wirewatch import annotations as A


def test_the_aeb_quotes_set_is_a_fixed_sample_of_quotes_only_files() -> None:
    sample = [r["ID"] for r in A.aeb_quotes_sample()]
    assert len(sample) == A.N_AEB_QUOTES == len(set(sample))
    assert sample == [r["ID"] for r in A.aeb_quotes_sample()]   # the order never changes
    stored = A.load("a", A.AEB_QUOTES_ANNOTATIONS)
    assert set(stored) <= set(sample)
    for record_id, ann in stored.items():
        assert ann["quotes_only"] and ann["events"] == []
        body = A.record(record_id)["content_original"]
        for q in ann["quotes"]:
            assert "text" not in q                                # offsets, never the words
            assert 0 <= q["span"]["start"] < q["span"]["end"] <= len(body)
    tune, check = A.aeb_quotes("tune"), A.aeb_quotes("check")
    assert {a["id"] for a in tune}.isdisjoint({a["id"] for a in check})
    assert all(q["text"] for a in tune for q in a["quotes"])      # the text comes back


def test_the_described_speakers_set_is_new_items_with_a_description_beside_a_verb_of_saying(
) -> None:
    sample = A.bbc_desc_quotes_sample()
    ids = [r["ID"] for r in sample]
    assert len(ids) == A.N_BBC_DESC_QUOTES == len(set(ids))
    assert set(ids).isdisjoint(r["ID"] for r in A.bbc_other_quotes_sample())
    assert all(r["topic"] in A.BBC_OTHER_CATEGORIES for r in sample)
    assert all(A._DESCRIBED_SAYING.search(r["content_original"]) for r in sample)
    assert A._DESCRIBED_SAYING.search('"It works," said the firm. Then')
    assert not A._DESCRIBED_SAYING.search('"It works," said Mr Smith. Then')
    stored = A.load("a", A.BBC_DESC_QUOTES_ANNOTATIONS)
    assert set(stored) <= set(ids) and all(a["quotes_only"] for a in stored.values())
    tune, check = A.bbc_desc_quotes("tune"), A.bbc_desc_quotes("check")
    assert {a["id"] for a in tune} == set(ids[:A.N_BBC_DESC_TUNE]) & set(stored)
    assert {a["id"] for a in tune}.isdisjoint({a["id"] for a in check})


def test_the_second_described_speakers_set_takes_capitalised_descriptions_and_new_items(
) -> None:
    sample = A.bbc_desc2_quotes_sample()
    ids = [r["ID"] for r in sample]
    assert len(ids) == A.N_BBC_DESC2_QUOTES == len(set(ids))
    earlier = [*A.bbc_other_quotes_sample(), *A.bbc_desc_quotes_sample()]
    assert set(ids).isdisjoint(r["ID"] for r in earlier)
    assert all(r["topic"] in A.BBC_DESC2_CATEGORIES for r in sample)
    assert all(A._DESCRIBED_SAYING_ANY.search(r["content_original"]) for r in sample)
    assert all(A.record(i)["ID"] == i for i in ids)       # `store` finds sport items too
    assert A._DESCRIBED_SAYING_ANY.search('"We won," said the Welshman. Then')
    assert not A._DESCRIBED_SAYING.search('"We won," said the Welshman. Then')
    stored = A.load("a", A.BBC_DESC2_QUOTES_ANNOTATIONS)
    assert set(stored) <= set(ids) and all(a["quotes_only"] for a in stored.values())
    tune, check = A.bbc_desc2_quotes("tune"), A.bbc_desc2_quotes("check")
    assert {a["id"] for a in tune} == set(ids[:A.N_BBC_DESC2_TUNE]) & set(stored)
    assert {a["id"] for a in tune}.isdisjoint({a["id"] for a in check})


def test_the_wikiref_quotes_set_is_the_files_the_full_annotation_left_out() -> None:
    sample = A.wikiref_quotes_sample()
    ids = [r["ID"] for r in sample]
    assert len(ids) == A.N_WIKIREF_QUOTES == len(set(ids))
    assert set(ids).isdisjoint(r["ID"] for r in A.wikiref_sample())
    assert all(A._quote_marks(r) >= 4 for r in sample)
    assert A._quote_marks({"content_original": '\u201cA,\u201d he said. "B"'}) == 4
    stored = A.load("a", A.WIKIREF_QUOTES_ANNOTATIONS)
    assert set(stored) <= set(ids) and all(a["quotes_only"] for a in stored.values())
    tune, check = A.wikiref_quotes("tune"), A.wikiref_quotes("check")
    assert {a["id"] for a in tune} == set(ids[:A.N_WIKIREF_QUOTES_TUNE]) & set(stored)
    assert {a["id"] for a in tune}.isdisjoint({a["id"] for a in check})


def test_no_annotation_file_holds_article_text() -> None:
    """Why: the corpora are the publishers'; the repository keeps offsets only."""
    for folder in (A.ANNOTATIONS, A.BBC_ANNOTATIONS, A.BBC_QUOTES_ANNOTATIONS,
                   A.AEB_QUOTES_ANNOTATIONS, A.AEB_ANNOTATIONS, A.WIKIREF_ANNOTATIONS,
                   A.BBC_OTHER_QUOTES_ANNOTATIONS, A.BBC_DESC_QUOTES_ANNOTATIONS,
                   A.WIKIREF_QUOTES_ANNOTATIONS, A.BBC_DESC2_QUOTES_ANNOTATIONS):
        for path in folder.glob("*/*.json"):
            ann = json.loads(path.read_text("utf-8"))
            for q in ann["quotes"]:
                assert set(q) >= {"span", "speaker"} and "text" not in q, path
            for e in ann["events"]:
                assert "evidence_text" not in e, path


def test_the_aeb_training_set_is_all_train_and_in_sample_order() -> None:
    order = [r["ID"] for r in A.aeb_sample()]
    assert len(order) == A.N_AEB_EVENTS
    train = A.aeb_split("train")
    assert [a["id"] for a in train] == [i for i in order if i in {a["id"] for a in train}]
    assert A.aeb_split("dev") == []
    assert all(e["evidence_text"] for a in train for e in a["events"])


def test_widening_the_bbc_sample_leaves_what_was_annotated_before_in_place() -> None:
    order = [r["ID"] for r in A.bbc_order()]
    assert order[:100] == [r["ID"] for r in A.bbc_sample()]
    widenings = (A.N_BBC_MORE, A.N_BBC_MORE2, A.N_BBC_MORE3, A.N_BBC_MORE4)
    assert len(order) == len(set(order)) == len(A.bbc_records()) - len(A.bbc_quotes_sample())
    before_the_rest = order[:100 + sum(widenings)]
    assert all((A.BBC_ANNOTATIONS / "a" / f"{i}.json").is_file() for i in before_the_rest)
    assert set(order).isdisjoint(r["ID"] for r in A.bbc_quotes_sample())
    dev = {r["ID"] for n, r in enumerate(A.bbc_sample()) if not A.bbc_is_train(n)}
    assert dev.isdisjoint(a["id"] for a in A.bbc_split("train"))


def test_the_wikiref_training_sample_leaves_out_sports_and_phones() -> None:
    sample = A.wikiref_sample()
    assert len(sample) == A.N_WIKIREF
    assert not any(r["topic"].startswith(("premier.league", "samsung.galaxy")) for r in sample)
    assert all(r["title"] and r["content_original"] for r in sample)
    assert A.wikiref_split("dev") == []
