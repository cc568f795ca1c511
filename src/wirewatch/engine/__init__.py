"""Engines orchestrate the boxes: `local` is the embedded default (one machine), `commit` its
one writer thread, `distributed` the scale-out path.

`Engine` is the seam the service (serve/) and the broker consumer rely on, written down as a
`typing.Protocol` so that a second engine is checked against it rather than by `hasattr`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from wirewatch.model import Analysis, Article, FeedState, Reject
    from wirewatch.store.writer import Store

OnAck = Callable[[list[tuple[int, "Article"]]], None]
OnStored = Callable[[list["Analysis"]], None]


class Engine(Protocol):
    """What the service needs of an engine: a store to read, ways to hand it work (`ingest`,
    `submit`, `store_analyses` return once stored; `accept` once acknowledged in the inbox,
    which `replay` then stores), replay progress (`backlog`), and hooks after acknowledgement
    and after commit."""

    store: Store
    parse_options: Any
    on_ack: list[OnAck]  # after the inbox fsync, with [(seq, Article)]
    on_stored: list[OnStored]  # after each commit, on the writer thread

    def ingest(self, sources: Iterable[Any], progress: Callable[..., None] | None = None,
               on_ack: OnAck | None = None) -> Any: ...

    def submit(self, articles: Iterable[Article], on_ack: OnAck | None = None) -> Any: ...

    def accept(self, sources: Iterable[Any], on_ack: OnAck | None = None) -> Any: ...

    def replay(self) -> int: ...

    def backlog(self) -> dict[str, Any]: ...

    def store_analyses(self, analyses: list[Analysis], rejects: Iterable[Reject] = (),
                       timeout: float | None = None) -> list[str]: ...

    def record_rejects(self, rejects: Iterable[Reject], wait: bool = True) -> int: ...

    def put_feed_state(self, state: FeedState, wait: bool = True) -> None: ...

    def close(self) -> None: ...
