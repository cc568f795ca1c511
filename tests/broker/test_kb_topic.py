"""The KB snapshot on the `kb` topic: its messages rebuild the same snapshot (in any order,
never from a half-written newer one, never from a damaged part), and the service's publisher
and a worker's reader agree through a real broker."""

from __future__ import annotations

import dataclasses
from typing import Any

from wirewatch.link.kb import KnowledgeBase
from wirewatch.sources.broker import (
    KB_PART_HEADER,
    BrokerSettings,
    KbAssembler,
    KbPublisher,
    KbReader,
    ensure_topics,
    kb_messages,
)


def _kb(n: int, tag: str = "") -> KnowledgeBase:
    """A KB of `n` persons as the store's `kb_persons` rows give it back."""
    rows = []
    for i in range(n):
        rows.append({"name": f"Zoë Ñandú{tag} {i}", "country": "ARG" if i % 2 else None,
                     "sector": "GOV", "aliases": f"Ñandú{tag}{i}|Z{i}",
                     "role": "Foreign Minister" if i % 3 else None, "role_country": "ARG",
                     "first_seen": "2023-06-14", "last_seen": f"2023-07-{1 + i % 28:02d}",
                     "count": i})
    return KnowledgeBase.from_rows(rows)


def _add_all(assembler: KbAssembler, messages: list[Any]) -> list[bool]:
    return [assembler.add(value, headers) for _key, value, headers in messages]


def test_snapshot_messages_round_trip() -> None:
    snap = _kb(40).snapshot()
    version, messages = kb_messages(snap)
    assert len(messages) == 1 and messages[0][0] == b"kb/0"
    assembler = KbAssembler()
    assert _add_all(assembler, messages) == [True]
    assert assembler.snapshot == snap and assembler.version == version
    # the version is the content's: the same KB encodes the same, another KB differently
    assert kb_messages(_kb(40).snapshot())[0] == version
    assert kb_messages(_kb(41).snapshot())[0] != version
    # reading the same snapshot again is no news
    assert _add_all(assembler, messages) == [False]


def test_parts_in_any_order_and_only_whole_snapshots() -> None:
    old = _kb(40).snapshot()
    new = _kb(60, "x").snapshot()
    v_old, old_parts = kb_messages(old, part_bytes=100)
    v_new, new_parts = kb_messages(new, part_bytes=100)
    assert len(old_parts) > 2 and len(new_parts) > len(old_parts)
    assembler = KbAssembler()
    # the last part first: complete only when every part of the version is there
    assert _add_all(assembler, old_parts[::-1]) == [False] * (len(old_parts) - 1) + [True]
    assert (assembler.version, assembler.snapshot) == (v_old, old)
    # a newer snapshot half written (the service died mid-way) is never used
    assert not any(_add_all(assembler, new_parts[:-1]))
    assert (assembler.version, assembler.snapshot) == (v_old, old)
    assert _add_all(assembler, new_parts[-1:]) == [True]
    assert (assembler.version, assembler.snapshot) == (v_new, new)


def test_a_damaged_or_foreign_message_keeps_the_previous_snapshot() -> None:
    snap = _kb(5).snapshot()
    version, messages = kb_messages(snap)
    assembler = KbAssembler()
    _add_all(assembler, messages)
    other = _kb(6).snapshot()
    _, (( _key, value, headers),) = kb_messages(other)
    damaged = value[:-8] + bytes(8)
    assert not assembler.add(damaged, headers)  # fails the hash or zlib check
    # the same bytes claiming to be the first snapshot's version: the hash tells
    assert not assembler.add(kb_messages(other)[1][0][1],
                             [(k, version.encode() if k == "wirewatch-kb" else v)
                              for k, v in headers])
    assert not assembler.add(b"{}", [])  # not a kb/1 part at all
    assert not assembler.add(value, [(k, b"3/2" if k == KB_PART_HEADER else v)
                                     for k, v in headers])
    assert (assembler.version, assembler.snapshot) == (version, snap)


def test_publisher_to_reader_through_the_broker(broker_settings: BrokerSettings) -> None:
    settings = dataclasses.replace(broker_settings, kb_interval=0.0)
    ensure_topics(settings)
    empty = KbReader(settings)
    try:
        assert empty.refresh(10) is False and empty.snapshot is None  # nothing published yet
    finally:
        empty.close()

    kb = {"generation": 1, "kb": _kb(50)}

    def source() -> tuple[int, dict[str, Any]]:
        return kb["generation"], kb["kb"].snapshot()

    publisher = KbPublisher(settings, source, part_bytes=100)
    assert len(kb_messages(source()[1], 100)[1]) > 2  # several parts per snapshot
    reader = KbReader(settings)
    try:
        first = publisher.tick()
        assert first is not None and publisher.tick() is None  # unchanged: nothing sent
        assert reader.refresh(10) is True
        assert (reader.version, reader.snapshot) == (first, kb["kb"].snapshot())
        assert reader.refresh(10) is False  # nothing new: one offsets request, no change

        kb.update(generation=2, kb=_kb(80, "y"))
        second = publisher.tick()
        assert second not in (None, first)
        kb["generation"] = 3  # learnt, but the snapshot is the same: not sent again
        assert publisher.tick() is None and publisher.published == 2
        assert reader.refresh(10) is True and reader.version == second
        assert reader.snapshot == kb["kb"].snapshot()
    finally:
        reader.close()
        publisher.close()

    # A worker that starts later finds the newest snapshot, not the first.
    late = KbReader(settings)
    try:
        assert late.refresh(10) is True
        assert (late.version, late.snapshot) == (second, kb["kb"].snapshot())
    finally:
        late.close()
