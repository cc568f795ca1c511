"""The settings table (config.py) and its documentation (docs/settings.md) say the same thing,
and values come from defaults, then the environment, then what the caller gave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wirewatch import config
from wirewatch.config import DEFAULTS, Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
ROW = re.compile(r"^\| `(\w+)` \| (.+?) \| (.+?) \| (.+?) \|$")


def _documented() -> dict[str, tuple[str, str, str]]:
    rows = [ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines()]
    return {m[1]: (m[2], m[3], m[4]) for m in rows if m}


def _cell(value: object) -> str:
    return "—" if value is None else f"`{value}`"


def test_every_setting_is_documented_as_defined() -> None:
    documented = _documented()
    defined = config.table()
    assert list(documented) == [s["name"] for s in defined], \
        "docs/settings.md must list every setting of config.py, in the same order"
    for s in defined:
        default, env, help_text = documented[s["name"]]
        assert default == _cell(s["default"]), s["name"]
        assert env == (f"`${s['env']}`" if s["env"] else "—"), s["name"]
        assert help_text == s["help"], s["name"]


def test_environment_then_overrides() -> None:
    env = {"WIREWATCH_WORKERS": "5", "WIREWATCH_DATA": "store-x", "WIREWATCH_PORT": " 9000 ",
           "WIREWATCH_TOKEN": ""}
    s = Settings.from_env(env)
    assert (s.workers, s.data_dir, s.port, s.token) == (5, Path("store-x"), 9000, None)
    s = Settings.from_env(env, workers=1, port=None)  # None: not given
    assert (s.workers, s.port, s.max_body) == (1, 9000, DEFAULTS.max_body)
    with pytest.raises(ValueError, match="WIREWATCH_WORKERS"):
        Settings.from_env({"WIREWATCH_WORKERS": "many"})
    with pytest.raises(TypeError):
        DEFAULTS.with_(no_such_setting=1)
