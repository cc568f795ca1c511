"""Query parameters every surface shares (CLI, Python API, HTTP): one reading, one error.

Why here: a date typed by a user goes through the same check whether it arrives as
`--since`, `ww.articles(since=...)` or `?since=`, and a bad one is a `BadParameter` that the
HTTP layer answers with 400 and the CLI prints in one line (exit 2), never a 500 or an empty
answer that looks like "no data".
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime

MAX_OFFSET = 1_000_000_000


class BadParameter(ValueError):
    """A parameter a caller got wrong; `str()` names it and says what was expected."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


_ISO_START = re.compile(r"^\d{4}-\d{2}")
_PARTIAL_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def when(value: str | date | datetime | None, name: str = "time") -> datetime | None:
    """An ISO 8601 date or date-time (naive = UTC) as an aware datetime; None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    if not _ISO_START.match(text):
        raise BadParameter(name, f"{text[:40]!r} is not an ISO 8601 date (e.g. 2024-06-01)")
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as err:
        raise BadParameter(name, f"{text[:40]!r} is not a valid ISO 8601 date or time") from err
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day(value: str | date | datetime | None, name: str = "date") -> str | None:
    """A day, month or year as ISO text (`2024`, `2024-06`, `2024-06-01`, or a full
    date-time cut to its day), checked to be a real calendar date; None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    if _PARTIAL_DAY.match(text):
        full = (text + "-01-01")[:10] if len(text) < 10 else text
        try:
            date.fromisoformat(full)
        except ValueError as err:
            raise BadParameter(name, f"{text!r} is not a calendar date") from err
        return text
    return when(text, name).date().isoformat()  # type: ignore[union-attr]


def fraction(value: str | float | None, name: str = "value") -> float | None:
    """A number from 0 to 1 (a probability, as `min_confidence` takes it); None for empty.
    Text is read as a number, so `?min_confidence=0.8` and `--min-confidence 0.8` agree."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):  # True is an int to Python, not a probability
        raise BadParameter(name, f"{value!r} is not a number from 0 to 1 (e.g. 0.8)")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError) as err:
        raise BadParameter(name, f"{str(value)[:40]!r} is not a number from 0 to 1 (e.g. 0.8)"
                           ) from err
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        raise BadParameter(name, f"{number:g} is not from 0 to 1 (e.g. 0.8)")
    return number
