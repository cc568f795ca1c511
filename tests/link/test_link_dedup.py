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


def test_signatures_of_another_scheme_are_skipped() -> None:
    """A blob without our scheme tag (the earlier sha1-per-shingle signatures) is not
    comparable: it is skipped, never matched."""
    idx = NearDuplicateIndex()
    m = idx.signature(BODY)
    assert idx.from_bytes(idx.to_bytes(m)[4:]) is None
    assert idx.from_bytes(idx.to_bytes(m)[:-4]) is None


def test_short_and_reordered_texts() -> None:
    idx = NearDuplicateIndex()
    assert idx.signature("too short to judge") is None
    words = BODY.split()
    shuffled = " ".join(words[i] for i in range(0, len(words), 2)) + " " + " ".join(
        words[i] for i in range(1, len(words), 2))
    assert idx.check_and_add("a", BODY) is None
    assert idx.check_and_add("b", shuffled) is None  # same words, other shingles: not a copy
