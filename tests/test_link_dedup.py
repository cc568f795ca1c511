from wirewatch.link.dedup import NearDuplicateIndex

BODY = " ".join(f"word{i} alpha beta gamma" for i in range(60))


def test_near_copy_linked_to_original() -> None:
    idx = NearDuplicateIndex()
    assert idx.check_and_add("a", BODY) is None
    assert idx.check_and_add("b", BODY.replace("word3 ", "word3x ") + " (Reuters)") == "a"
    assert idx.check_and_add("c", " ".join(f"other{i} text here now" for i in range(60))) is None


def test_idempotent() -> None:
    idx = NearDuplicateIndex()
    assert idx.check_and_add("a", BODY) is None
    assert idx.check_and_add("a", BODY) is None


def test_signature_survives_storage() -> None:
    idx = NearDuplicateIndex()
    m = idx.signature(BODY)
    assert m is not None
    again = idx.from_bytes(idx.to_bytes(m))
    assert again.jaccard(m) == 1.0
    fresh = NearDuplicateIndex()
    fresh.add("a", again)
    assert fresh.check_and_add("b", BODY + " (AP)") == "a"
