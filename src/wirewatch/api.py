"""The public Python API (work in progress: being filled in by the engine/store work)."""

from __future__ import annotations


class Wirewatch:
    pass


def open(data_dir: str = "./wirewatch-data") -> Wirewatch:  # noqa: A001
    raise NotImplementedError
