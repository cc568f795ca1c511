"""One converter from every value DuckDB, pandas or numpy hands back to plain JSON values.

Why one: every route and the SQL sandbox answer in JSON, and an unconvertible value (a decimal,
a blob, an interval) used to surface as a 500. The rules, chosen so a client can always read the
value back: decimals are numbers when a float holds them exactly, else strings; blobs are base64;
dates and times are ISO 8601, intervals ISO 8601 durations; NaN/±inf and NaT are null; UUIDs,
bit strings and anything else unknown are their text.
"""

from __future__ import annotations

import base64
import math
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

_PLAIN = (str, bool, int, type(None))


def iso_duration(value: timedelta) -> str:
    """`timedelta(days=1, seconds=5)` → "P1DT5S"; negative spans get a leading minus."""
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    days, rest = value.days, value.seconds
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    frac = f".{value.microseconds:06d}".rstrip("0") if value.microseconds else ""
    out = f"{sign}P{days}D" if days else f"{sign}P"
    clock = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M")) if n)
    if seconds or frac:
        clock += f"{seconds}{frac}S"
    if clock:
        out += "T" + clock
    return out if out not in ("P", "-P") else "PT0S"


def _decimal(value: Decimal) -> float | int | str | None:
    if not value.is_finite():
        return None
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


def jsonable(value: Any) -> Any:
    """`value` with every part turned into a JSON-serialisable plain value."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if type(value).__name__ in ("NaTType", "NAType"):  # before datetime: NaT is a datetime
        return None
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(jsonable(k)): jsonable(v)
                for k, v in value.items()}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "item") and hasattr(value, "dtype"):  # numpy scalar
        if getattr(value, "ndim", 0) == 0:
            return jsonable(value.item())
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):  # pandas Timestamp and friends
        return value.isoformat()
    return str(value)
