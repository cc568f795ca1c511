"""Copy the dashboard's front-end packages from frontend/node_modules into
src/wirewatch/serve/static/vendor/ (gitignored), and write the ISO 3166 numeric → alpha-3 table
the map needs to join world-atlas shapes (numeric ids) with the store's countries (alpha-3).

Run by `make assets` after `npm ci`; the code table comes from pycountry (ISO 3166-1).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "frontend" / "node_modules"
VENDOR = ROOT / "src" / "wirewatch" / "serve" / "static" / "vendor"


UNNUMBERED = ROOT / "src" / "wirewatch" / "data" / "map_unnumbered_countries.tsv"


def unnumbered_shapes() -> dict[str, str]:
    """Natural Earth shapes without an ISO number, keyed by their name in world-atlas."""
    rows = (line.split("\t") for line in UNNUMBERED.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {name.strip(): code.strip() for name, code in rows}


def main() -> int:
    if not MODULES.is_dir():
        print(f"{MODULES} is missing: run `npm ci` in frontend/ first", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    shutil.copytree(MODULES / "topojson-client" / "src", VENDOR / "topojson-client")
    shutil.copy2(MODULES / "topojson-client" / "LICENSE", VENDOR / "topojson-client" / "LICENSE")
    shutil.copy2(MODULES / "world-atlas" / "countries-110m.json", VENDOR / "countries-110m.json")
    shutil.copy2(MODULES / "world-atlas" / "LICENSE", VENDOR / "world-atlas.LICENSE")
    codes: dict[str, str] = {c.numeric: c.alpha_3 for c in pycountry.countries}
    codes.update(unnumbered_shapes())
    (VENDOR / "iso-numeric.json").write_text(json.dumps(codes, sort_keys=True), encoding="utf-8")
    print(f"dashboard assets in {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
