"""The actor knowledge base: what the stream has taught us about people.

"Chinese foreign minister Qin Gang" in one article on 2023-06-14 lets a later article that
says only "Qin" resolve to Qin Gang (CHN, GOV, Foreign Minister). The KB grows here, in the one
process that owns the store; workers get a read-only `snapshot()` — plain JSON-able data —
because `analyze` never imports `link`. Persistence is a JSON file (`save`/`load`) or flat rows
(`to_rows`/`from_rows`) for whatever table the store keeps them in.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from wirewatch.model import Analysis

SNAPSHOT_VERSION = 1
ROW_FIELDS = ("name", "country", "sector", "aliases", "role", "role_country", "first_seen",
              "last_seen", "count")


class KnowledgeBase:
    """Persons → country, sector, roles (with first/last date seen) and aliases."""

    def __init__(self) -> None:
        self.persons: dict[str, dict[str, Any]] = {}  # casefolded name -> record
        self._dirty: set[str] = set()  # keys learned since the last take_changed_rows()
        # An analyst's word (corrections.py): key -> {"country", "sector"} or {"forget": True}.
        # It wins over what later articles suggest; rebuilt from the active corrections.
        self.pinned: dict[str, dict[str, Any]] = {}

    # -- learning ----------------------------------------------------------------------
    def learn(self, analysis: Analysis) -> int:
        """Remember every person of `analysis` that has a role or a country; returns how many."""
        learned = 0
        for ent in analysis.entities:
            if ent.type != "PERSON" or not (ent.roles or ent.country):
                continue
            if len(ent.name.split()) < 2:  # a bare surname is not an identity
                continue
            pins = self.pinned.get(ent.name.casefold(), {})
            if pins.get("forget"):
                continue
            rec = self.persons.setdefault(ent.name.casefold(), {
                "name": ent.name, "country": None, "sector": None, "roles": [], "aliases": []})
            rec["country"] = ent.country or rec["country"]
            rec["sector"] = ent.sector or rec["sector"]
            # the short form the stream actually used ("Qin", "Blinken"), else the surname
            short = {m.text for m in ent.mentions
                     if len(m.text.split()) == 1 and m.text[:1].isupper()}
            aliases = set(rec["aliases"]) | set(ent.aliases) | (short or {ent.name.split()[-1]})
            aliases.discard(ent.name)
            rec["aliases"] = sorted(aliases)
            for role in ent.roles:
                self._learn_role(rec, role, ent.country)
            self._pin(rec, pins)
            self._dirty.add(ent.name.casefold())
            learned += 1
        return learned

    @staticmethod
    def _learn_role(rec: dict[str, Any], role: dict[str, Any], country: str | None) -> None:
        title = role.get("role")
        if not title:
            return
        seen = role.get("seen")
        for r in rec["roles"]:
            if r["role"].casefold() == title.casefold():
                r["country"] = r.get("country") or role.get("country") or country
                r["count"] = r.get("count", 0) + 1
                if seen and (not r.get("first_seen") or seen < r["first_seen"]):
                    r["first_seen"] = seen
                if seen and (not r.get("last_seen") or seen > r["last_seen"]):
                    r["last_seen"] = seen
                break
        else:
            rec["roles"].append({"role": title, "country": role.get("country") or country,
                                 "first_seen": seen, "last_seen": seen, "count": 1})
        rec["roles"].sort(key=lambda r: r.get("last_seen") or "")

    def correct(self, name: str, *, aliases: list[str] | tuple[str, ...] = (),
                forget: bool = False, **fields: str | None) -> None:
        """An analyst's correction of a person (`country`, `sector`, more `aliases`, or
        `forget`: not an actor): applied now and pinned against later articles."""
        key = name.casefold()
        self._dirty.add(key)
        if forget:
            gone = self.persons.pop(key, None)
            self.pinned[key] = {"forget": True, "name": gone["name"] if gone else name}
            return
        pins = self.pinned.setdefault(key, {})
        pins.pop("forget", None)
        pins.pop("name", None)
        rec = self.persons.setdefault(key, {"name": name, "country": None, "sector": None,
                                            "roles": [], "aliases": []})
        for k in ("country", "sector"):
            if k in fields:
                pins[k] = fields[k]
        self._pin(rec, pins)
        rec["aliases"] = sorted(set(rec["aliases"]) | {a for a in aliases if a != rec["name"]})

    @staticmethod
    def _pin(rec: dict[str, Any], pins: dict[str, Any]) -> None:
        """The pinned country and sector win; a pinned country is also the country of the
        person's roles (a "trade minister" of the wrong country was the same mistake)."""
        for k in ("country", "sector"):
            if k in pins:
                rec[k] = pins[k]
        if "country" in pins:
            for role in rec["roles"]:
                role["country"] = pins["country"]

    def lookup(self, name: str) -> dict[str, Any] | None:
        key = name.casefold()
        if key in self.persons:
            return self.persons[key]
        hits = [p for p in self.persons.values()
                if key in {a.casefold() for a in p["aliases"]}]
        return hits[0] if len(hits) == 1 else None

    # -- handing to analyze ------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Plain data for `wirewatch.analyze.analyze(article, kb=...)` (roles newest last)."""
        return {"version": SNAPSHOT_VERSION, "persons": [
            {"name": p["name"], "country": p["country"], "sector": p["sector"],
             "aliases": list(p["aliases"]),
             "roles": [{"role": r["role"], "country": r.get("country"),
                        "seen": r.get("last_seen")} for r in p["roles"]]}
            for p in self.persons.values()]}

    # -- persistence -------------------------------------------------------------------
    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per (person, role); a person without roles gets one row, role None."""
        rows = []
        for p in self.persons.values():
            base = {"name": p["name"], "country": p["country"], "sector": p["sector"],
                    "aliases": "|".join(p["aliases"])}
            for r in p["roles"] or [{}]:
                rows.append({**base, "role": r.get("role"), "role_country": r.get("country"),
                             "first_seen": r.get("first_seen"), "last_seen": r.get("last_seen"),
                             "count": r.get("count", 0)})
        return rows

    def take_changed_rows(self) -> tuple[list[str], list[dict[str, Any]]]:
        """(names, rows) of the persons learned since the last call, so the store rewrites
        only those persons in the same transaction as the analyses that taught them."""
        keys, self._dirty = self._dirty, set()
        names = [self.persons[k]["name"] if k in self.persons else
                 self.pinned.get(k, {}).get("name", k) for k in keys]
        rows = [r for r in self.to_rows() if r["name"].casefold() in keys]
        return names, rows

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> KnowledgeBase:
        kb = cls()
        for row in rows:
            rec = kb.persons.setdefault(row["name"].casefold(), {
                "name": row["name"], "country": row.get("country"), "sector": row.get("sector"),
                "roles": [], "aliases": [a for a in (row.get("aliases") or "").split("|") if a]})
            if row.get("role"):
                rec["roles"].append({"role": row["role"], "country": row.get("role_country"),
                                     "first_seen": row.get("first_seen"),
                                     "last_seen": row.get("last_seen"),
                                     "count": row.get("count") or 0})
        for rec in kb.persons.values():
            rec["roles"].sort(key=lambda r: r.get("last_seen") or "")
        return kb

    def save(self, path: str | Path) -> None:
        """Atomic write (temp file + rename), so a crash never leaves half a KB."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": SNAPSHOT_VERSION, "rows": self.to_rows()}, fh,
                      ensure_ascii=False, indent=1)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeBase:
        path = Path(path)
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_rows(data.get("rows", []))
