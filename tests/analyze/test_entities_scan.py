"""The fast text scans of analyze/entities.py find exactly what the regular expressions they
replace find (invented sentences)."""

import re

from wirewatch.analyze.entities import (
    _FIRM_BEFORE,
    EntitiesComponent,
    _kind_word_before,
    _whole_word,
    _whole_words,
)

TEXTS = [
    "Ann Lee met Lee-Ann Ward and Ann Leeds; Ann Lee said Ann Lee_2 left.",
    "A A A A, B A A and x-A A A_A.",
    "Éric Roe met éric roe and Roe-Smith, then Roe.",
    "",
    "Lee",
]


def _regex(text: str, words: list[str]) -> list[tuple[int, int]]:
    pattern = r"(?<![\w\-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w\-])"
    return [m.span() for m in re.finditer(pattern, text)]


def test_whole_word_is_the_bounded_regex() -> None:
    for text in TEXTS:
        for word in ("Ann Lee", "Lee", "A A", "A", "Roe", "éric", "Ann"):
            assert [(m.start(), m.end()) for m in _whole_word(text, word)] == \
                _regex(text, [word]), (text, word)


def test_whole_words_takes_the_longest_at_each_place() -> None:
    for text in TEXTS:
        for words in (["Ann Lee", "Lee", "Ann"], ["A A", "B A", "A"], ["Roe", "Éric Roe"]):
            words = sorted(words, key=len, reverse=True)
            assert [(m.start(), m.end()) for m in _whole_words(text, words)] == \
                _regex(text, words), (text, words)


def test_kind_word_before_is_needed_by_firm_before() -> None:
    text = "the law firm Harlow Pike and engineering firm \nVexlo and the bank  Quibo Ltd"
    for start in range(len(text) + 1):
        if _FIRM_BEFORE.search(text, max(0, start - 60), start):
            assert _kind_word_before(text, start), start


def test_role_matches_are_role_re_finditer() -> None:
    component = EntitiesComponent()
    assert component.role_openers is not None
    for text in ("Secretary of State Jo Roe met the deputy prime minister and Vice-President "
                 "Ann Lee; SENIOR ADVISER Tom Ward, ex-Foreign Secretary, and the ſecretary.",
                 "The minister's aide said Minister Jo Roe and a spokesman for the Ministry."):
        assert [(m.span(), m.groupdict()) for m in component._role_matches(text)] == \
            [(m.span(), m.groupdict()) for m in component.gz.role_re.finditer(text)]
