"""Count the records of input files before ingesting them: the total of `wirewatch ingest`'s
progress bar, so that it can show how far along it is and an ETA instead of a spinner.

Why a cheap pass of its own: parsing is the slow part of an ingest, so the count reads the
bytes once without building articles — lines for JSON lines, rows for CSV, `<item>`/`<entry>`
tags for feeds, one for a page or a text file. It is an estimate (a record that turns out
empty or broken still counts: it becomes a reject, which the bar counts too); anything the
pass cannot read counts as one record (it will be one reject).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from wirewatch.sources.files import _walk, kind_for

_CHUNK = 1 << 20
_FEED_ITEM = re.compile(rb"<(?:[\w.\-]+:)?(?:item|entry)[\s>/]")
_JSON_CONTAINERS = ("articles", "items", "data", "results", "records", "entries", "documents")
# A JSON document is loaded to count its records; past this size it counts by its byte share
_JSON_LOAD_LIMIT = 256 * 1024 * 1024


def count_records(paths: Iterable[str | Path]) -> int:
    """About how many records (articles or rejects) ingesting `paths` will produce."""
    total = 0
    for entry in paths:
        path = Path(entry)
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            total += count_file(file)
    return total


def count_file(path: Path) -> int:
    """Records in one file (at least 1: an unreadable or unsupported file is one reject)."""
    kind, gz = kind_for(path)
    if kind not in ("json", "jsonl", "csv", "feed"):
        return 1
    try:
        with path.open("rb") as raw:
            gz = gz or raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if gz else raw
            if kind == "jsonl":
                return max(sum(1 for line in stream if line.strip()), 1)
            if kind == "csv":
                text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
                return max(sum(1 for row in csv.reader(text) if any(row)) - 1, 1)
            if kind == "feed":
                return max(_count_pattern(stream, _FEED_ITEM), 1)
            return _count_json(stream, path)
    except (OSError, EOFError, ValueError, csv.Error):
        return 1


def _count_pattern(stream: IO[bytes], pattern: re.Pattern[bytes]) -> int:
    n, tail = 0, b""
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        n += len(pattern.findall(data))
        tail = data[-64:]
        n -= len(pattern.findall(tail))  # matches in the overlap are counted with the next chunk
    return n + len(pattern.findall(tail))


def _count_json(stream: IO[bytes], path: Path) -> int:
    if path.stat().st_size > _JSON_LOAD_LIMIT:
        return 1
    data = json.loads(stream.read())
    if isinstance(data, dict):
        for key in _JSON_CONTAINERS:
            if isinstance(data.get(key), list):
                data = data[key]
                break
    return max(len(data), 1) if isinstance(data, list) else 1
