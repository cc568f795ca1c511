"""Alert rules (YAML data) evaluated on each stored batch; fired alerts are stored in the
`alerts` table, published on the SSE stream and optionally POSTed to a webhook.

Why after the commit (the engine's on_stored hook), not inside the batch transaction: a broken
rule or webhook must never roll back stored articles. Each alert has a deterministic id (rule +
event, or rule + key + time block), so one spike or one event fires once, however often the
rule is evaluated.

Rule kinds:
- `event`: a stored event whose `types`/`modality` match and whose actors are `between` the two
  given countries or entity names (either direction).
- `spike`: a key of `dim` (entity, country, event_type, dyad) whose trend z ≥ `z` with at least
  `min_support` in the current block (analytics/trends.py).
- `lifecycle`: an event with modality `to` (e.g. cancelled) whose earlier report with modality
  `from` (e.g. planned) — same type, same actors — was stored within `within_days`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import queue
import threading
import time
import urllib.request
from collections import deque
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wirewatch.config import env_value

log = logging.getLogger("wirewatch.alerts")

DEFAULT_RULES = resources.files("wirewatch") / "data" / "alerts.default.yaml"
KINDS = ("event", "spike", "lifecycle")


class RuleError(ValueError):
    """An alert rule file that cannot be used (said at start-up, not at the first event)."""


def load_config(path: Path | str | None = None) -> dict[str, Any]:
    """The rules file as data: `path`, else $WIREWATCH_ALERTS, else the packaged default."""
    path = path or env_value("alerts")
    text = (Path(path).read_text(encoding="utf-8") if path
            else DEFAULT_RULES.read_text(encoding="utf-8"))
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("rules") or [], list):
        raise RuleError("an alerts file is a mapping with a `rules:` list")
    for i, rule in enumerate(data.get("rules") or []):
        if not isinstance(rule, dict) or not rule.get("name"):
            raise RuleError(f"rule {i + 1}: needs a name")
        if rule.get("kind", "event") not in KINDS:
            raise RuleError(f"rule {rule['name']!r}: kind must be one of {KINDS}")
        between = rule.get("between")
        if between is not None and (not isinstance(between, list) or len(between) != 2):
            raise RuleError(f"rule {rule['name']!r}: between takes two actors")
    return data


def load_rules(path: Path | str | None = None) -> list[dict[str, Any]]:
    return list(load_config(path).get("rules") or [])


def _actor_keys(actors: Any) -> set[str]:
    out: set[str] = set()
    for a in actors or []:
        get = a.get if isinstance(a, dict) else (lambda k, a=a: getattr(a, k, None))
        for k in ("country", "name", "code"):
            if get(k):
                out.add(str(get(k)))
    return out


def match_event(rule: dict[str, Any], article_id: str, ev: dict[str, Any]) -> dict[str, Any] | None:
    """The alert for `ev` under an `event` rule, or None."""
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
        src, tgt = _actor_keys(ev.get("source")), _actor_keys(ev.get("target"))
        if not ((a in src and b in tgt) or (b in src and a in tgt)):
            return None
    return _event_alert(rule, article_id, ev)


def _event_alert(rule: dict[str, Any], article_id: str, ev: dict[str, Any]) -> dict[str, Any]:
    evidence = ev.get("evidence")
    if isinstance(evidence, dict):
        evidence = evidence.get("sentence")
    return {"rule": rule.get("name"), "kind": rule.get("kind", "event"),
            "article_id": article_id, "idx": ev.get("idx"), "type": ev.get("type"),
            "modality": ev.get("modality"), "date": ev.get("date"), "evidence": evidence,
            "source": sorted(_countries(ev.get("source"))),
            "target": sorted(_countries(ev.get("target"))), "at": time.time()}


def _countries(actors: Any) -> set[str]:
    out = set()
    for a in actors or []:
        c = a.get("country") if isinstance(a, dict) else getattr(a, "country", None)
        if c:
            out.add(c)
    return out


def _alert_id(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]


class Alerts:
    """Evaluates rules, stores and remembers fired alerts, and POSTs each to a webhook from
    one background thread (2 s timeout; a dead webhook never slows the writer)."""

    def __init__(self, rules: list[dict[str, Any]], webhook: str | None = None,
                 keep: int = 10_000) -> None:
        self.rules = rules
        self.webhook = webhook
        self.recent: deque[dict[str, Any]] = deque(maxlen=keep)
        self.delivered = 0
        self.failed = 0
        self._outbox: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=1000)
        self._sender: threading.Thread | None = None
        self._spike_names: dict[str, set[str]] = {}
        self._spike_last: dict[str, float] = {}

    @classmethod
    def from_config(cls, path: Path | str | None = None, webhook: str | None = None) -> Alerts:
        cfg = load_config(path)
        hook = webhook or env_value("alert_webhook") or cfg.get("webhook")
        return cls(list(cfg.get("rules") or []), webhook=hook or None)

    # -- pure matching (one event) ------------------------------------------------------------

    def check(self, article_id: str, ev: dict[str, Any]) -> list[dict[str, Any]]:
        """Event-rule alerts for one event (kept in memory and sent; not stored)."""
        fired = [al for r in self.rules if (al := match_event(r, article_id, ev))]
        for al in fired:
            self._fired(al)
        return fired

    # -- a stored batch ----------------------------------------------------------------------

    def on_stored(self, con: Any, batch: list[tuple[str, list[dict[str, Any]]]],
                  names: set[str] | None = None) -> list[dict[str, Any]]:
        """Every rule over one stored batch: `batch` = [(article_id, [event dicts with idx])],
        `names` = entity names the batch mentions. Returns the alerts fired for the first time
        (stored in the `alerts` table)."""
        found: list[tuple[str, dict[str, Any]]] = []
        for rule in self.rules:
            kind = rule.get("kind", "event")
            try:
                if kind == "event":
                    for aid, evs in batch:
                        for ev in evs:
                            if (al := match_event(rule, aid, ev)) is not None:
                                found.append((_alert_id(rule["name"], aid, ev.get("idx")), al))
                elif kind == "lifecycle":
                    found += self._lifecycle(con, rule, batch)
                elif kind == "spike":
                    found += self._spikes(con, rule, names)
            except Exception:  # noqa: BLE001 - one broken rule must not silence the others
                log.exception("alert rule %r failed", rule.get("name"))
        fresh = _store(con, found)
        for al in fresh:
            self._fired(al)
        return fresh

    def _lifecycle(self, con: Any, rule: dict[str, Any],
                   batch: list[tuple[str, list[dict[str, Any]]]]) -> list[tuple[str, dict]]:
        to, frm = rule.get("to", "cancelled"), rule.get("from", "planned")
        types = {t.upper() for t in rule.get("types") or []}
        out = []
        for aid, evs in batch:
            for ev in evs:
                if ev.get("modality") != to or (types and str(ev.get("type")).upper()
                                                 not in types):
                    continue
                src, tgt = _actor_keys(ev.get("source")), _actor_keys(ev.get("target"))
                rows = con.execute("""
                    SELECT e.article_id, e.idx, e.source, e.target, e.date
                    FROM events e JOIN articles a ON a.id = e.article_id
                    WHERE e.type = ? AND e.modality = ?
                      AND coalesce(a.published_at, a.fetched_at) >= (
                          SELECT coalesce(published_at, fetched_at) FROM articles
                          WHERE id = ?) - to_days(?)
                    ORDER BY coalesce(a.published_at, a.fetched_at) DESC LIMIT 500""",
                                   [ev.get("type"), frm, aid, int(rule.get("within_days", 30))]
                                   ).fetchall()
                for p_aid, p_idx, p_src, p_tgt, p_date in rows:
                    ps, pt = _actor_keys(p_src), _actor_keys(p_tgt)
                    if (src & ps and tgt & pt) or (src & pt and tgt & ps):
                        al = _event_alert(rule, aid, ev)
                        al.update(planned={"article_id": p_aid, "idx": p_idx, "date": p_date})
                        out.append((_alert_id(rule["name"], aid, ev.get("idx")), al))
                        break
        return out

    def _spikes(self, con: Any, rule: dict[str, Any],
                names: set[str] | None) -> list[tuple[str, dict]]:
        from wirewatch.analytics.trends import spikes

        dim = rule.get("dim", "entity")
        # judged at most every `every_s` seconds, over all names seen since: a trend query per
        # stored batch would cost the stream more than it tells
        pending = self._spike_names.setdefault(rule["name"], set())
        pending.update(names or ())
        every = float(rule.get("every_s", 5.0))
        last = self._spike_last.get(rule["name"], 0.0)
        if time.monotonic() - last < every:
            return []
        self._spike_last[rule["name"]] = time.monotonic()
        keys = sorted(pending) if dim == "entity" and names is not None else None
        pending.clear()
        if keys == []:
            return []
        res = spikes(con, dim=dim, hours=int(rule.get("hours", 24)),
                     min_support=int(rule.get("min_support", 5)),
                     min_history=int(rule.get("min_history", 3)),
                     min_z=float(rule.get("z", 4.0)), keys=keys, limit=50)
        win = res["window"]
        out = []
        for t in res["trends"]:
            al = {"rule": rule["name"], "kind": "spike", "subject": t["name"], "dim": dim,
                  "current": t["current"], "baseline": t["baseline"], "z": round(t["z"], 2),
                  "block": win["current"].isoformat(), "at": time.time()}
            out.append((_alert_id(rule["name"], dim, t["name"], win["current"].isoformat()),
                        al))
        return out

    # -- delivery ----------------------------------------------------------------------------

    def _fired(self, alert: dict[str, Any]) -> None:
        self.recent.appendleft(alert)
        if not self.webhook:
            return
        if self._sender is None:
            self._sender = threading.Thread(target=self._send_loop, name="wirewatch-webhook",
                                            daemon=True)
            self._sender.start()
        with contextlib.suppress(queue.Full):  # a flood drops webhook copies, not alerts
            self._outbox.put_nowait(alert)

    def _send_loop(self) -> None:
        while True:
            alert = self._outbox.get()
            req = urllib.request.Request(
                self.webhook or "", data=json.dumps(alert, default=str).encode(),
                headers={"Content-Type": "application/json"}, method="POST")
            try:
                urllib.request.urlopen(req, timeout=2).close()  # noqa: S310 - configured URL
                self.delivered += 1
            except Exception as exc:  # noqa: BLE001 - a dead webhook must not matter
                self.failed += 1
                log.warning("alert webhook %s failed: %s", self.webhook, exc)


def _store(con: Any, found: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Insert alerts not stored before; returns those (with id and fired_at)."""
    if not found:
        return []
    unique = dict(found)
    ids = list(unique)
    known = {r[0] for r in con.execute("SELECT id FROM alerts WHERE list_contains(?, id)",
                                       [ids]).fetchall()}
    fresh = []
    now = datetime.now(UTC)
    for aid in ids:
        if aid in known:
            continue
        al = {"id": aid, **unique[aid], "fired_at": now.isoformat()}
        con.execute("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [aid, al["rule"], al.get("kind", "event"), now, al.get("article_id"),
                     al.get("subject") or al.get("type"), json.dumps(al, default=str)])
        fresh.append(al)
    return fresh

