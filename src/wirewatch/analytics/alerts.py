"""Alert rules (YAML data) evaluated on each stored batch.

Why in the writer's on_stored hook: every event is seen exactly once, right when it is stored,
so alerts reach the SSE stream with the event itself. Only `kind: event` rules exist so far.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.request
from collections import deque
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RULES = resources.files("wirewatch") / "data" / "alerts.default.yaml"


def load_rules(path: Path | None = None) -> list[dict[str, Any]]:
    text = Path(path).read_text(encoding="utf-8") if path else DEFAULT_RULES.read_text(
        encoding="utf-8")
    return list((yaml.safe_load(text) or {}).get("rules") or [])


def _countries(actors: Any) -> set[str]:
    out: set[str] = set()
    for a in actors or []:
        c = a.get("country") if isinstance(a, dict) else getattr(a, "country", None)
        if c:
            out.add(c)
    return out


def match_event(rule: dict[str, Any], article_id: str, ev: dict[str, Any]) -> dict[str, Any] | None:
    """The alert for `ev` under `rule`, or None."""
    if rule.get("kind", "event") != "event":
        return None
    types = {t.upper() for t in rule.get("types") or []}
    if types and str(ev.get("type", "")).upper() not in types:
        return None
    modality = set(rule.get("modality") or [])
    if modality and ev.get("modality") not in modality:
        return None
    between = rule.get("between")
    if between:
        a, b = between
        src, tgt = _countries(ev.get("source")), _countries(ev.get("target"))
        if not ((a in src and b in tgt) or (b in src and a in tgt)):
            return None
    return {"rule": rule.get("name"), "article_id": article_id, "type": ev.get("type"),
            "modality": ev.get("modality"), "date": ev.get("date"),
            "evidence": ev.get("evidence"), "at": time.time()}


class Alerts:
    """Evaluates rules, keeps the recent alerts, and POSTs each to a webhook (2 s timeout, in a
    background thread so the writer never waits)."""

    def __init__(self, rules: list[dict[str, Any]], webhook: str | None = None,
                 keep: int = 10_000) -> None:
        self.rules = rules
        self.webhook = webhook
        self.recent: deque[dict[str, Any]] = deque(maxlen=keep)

    def check(self, article_id: str, ev: dict[str, Any]) -> list[dict[str, Any]]:
        fired = [al for r in self.rules if (al := match_event(r, article_id, ev))]
        for al in fired:
            self.recent.appendleft(al)
            if self.webhook:
                threading.Thread(target=self._post, args=(al,), daemon=True).start()
        return fired

    def _post(self, alert: dict[str, Any]) -> None:
        req = urllib.request.Request(self.webhook or "", data=json.dumps(alert, default=str)
                                     .encode(), headers={"Content-Type": "application/json"})
        with contextlib.suppress(Exception):  # a dead webhook must not matter
            urllib.request.urlopen(req, timeout=2).close()  # noqa: S310 - configured URL
