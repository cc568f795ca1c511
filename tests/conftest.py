"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared folder (canonical example, corpus): the repo root's sibling."""
    return Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, started once per test module (tests/_browser.py)."""
    from _browser import chromium

    yield from chromium()
