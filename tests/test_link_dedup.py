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
