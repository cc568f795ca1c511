"""The CAMEO dictionaries (data/cameo_*.tsv) and the shared data loader, and what entity
resolution makes of them and of the actor's own phrase."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wirewatch import data
from wirewatch.analyze import analyze
from wirewatch.model import Analysis, Article, Section

ROOT = Path(__file__).resolve().parents[2]


def _analyze(text: str, when: datetime = datetime(2020, 1, 5, tzinfo=UTC)) -> dict:
    art = Article.build(sections=[Section(None, [text])], title="News", published_at=when)
    result: Analysis = analyze(art)
    return {e.name: e for e in result.entities}


@pytest.mark.parametrize(("code", "expected"), [
    ("IRNGOV", ("IRN", "GOV")), ("USAGOVLEG", ("USA", "LEG")), ("USAMIL", ("USA", "MIL")),
    ("IGOUNO", (None, "IGO")), ("MNCUSA", ("USA", "BUS")), ("MNCUSAMED", ("USA", "MED")),
    ("NGOUSAEDU", ("USA", "NGO")), ("ELI", (None, "ELI")), ("KSVGOV", ("XKX", "GOV")),
    ("LBNREB", ("LBN", "REB")), ("AFR", (None, None)),
])
def test_cameo_codes_become_country_and_sector(code: str, expected: tuple) -> None:
    assert data.cameo_code(code) == expected


def test_the_code_valid_on_the_articles_day_then_the_fallbacks() -> None:
    actors = data.cameo_actors()
    zarif = actors.lookup("Mohammad Javad Zarif")
    assert zarif is not None
    assert zarif.code_on("2014-06-01", actors.end) == ("IRNGOV", True)       # dated range
    assert zarif.code_on("2010-06-01", actors.end) == ("IRNGOV", False)      # latest code
    assert zarif.code_on("2020-01-05", actors.end) == ("IRNGOV", False)      # past the end
    biden = actors.lookup("joe biden")
    assert biden is not None
    assert biden.code_on("2010-01-01", actors.end) == ("USAGOV", True)
    assert biden.code_on("1985-01-01", actors.end) == ("USAELI", True)
    assert actors.end >= 20150101
    assert actors.lookup("Zalmay_Khalilzad") is not None
    assert actors.lookup("no such person at all") is None


def test_an_undated_article_takes_the_code_of_most_of_the_career() -> None:
    """Issue 14: without a day, the code covering most of a career, not the last one (the
    foreign secretary of four years, not the justice secretary of one)."""
    actors = data.cameo_actors()
    straw = actors.lookup("jack straw")
    assert straw is not None
    assert straw.code_on(None, actors.end) == ("GBRGOV", False)
    assert straw.code_on("2008-01-01", actors.end) == ("GBRGOVJUD", True)


def test_agents_give_sectors_to_role_nouns() -> None:
    assert data.cameo_agent_sector("professor") == "EDU"
    assert data.cameo_agent_sector("Civilians") == "CVL"
    assert data.cameo_agent_sector("Buddhist") == "REL"   # MUS/BUD here are religions
    assert data.cameo_agent_sector("nonsense-word") is None


def test_one_loader_for_countries() -> None:
    from wirewatch.exports import _country_names
    from wirewatch.queries.geo import capitals

    countries = data.countries()
    assert countries["IRN"].name == _country_names()["IRN"] == capitals()["IRN"][0]
    assert capitals()["FRA"][1:] == (countries["FRA"].lat, countries["FRA"].lon)
    assert data.rows("countries.tsv") is data.rows("countries.tsv")  # parsed once


def test_converter_reproduces_the_data_files() -> None:
    script = ROOT / "scripts" / "convert_petrarch.py"
    spec = importlib.util.spec_from_file_location("convert_petrarch", script)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if not mod.SOURCE.is_dir():
        pytest.skip("../shared PETRARCH2 dictionaries not available")
    on_disk = (ROOT / "src" / "wirewatch" / "data" / "cameo_actors.tsv").read_text("utf-8")
    assert on_disk.endswith("\n".join(mod.actor_rows()) + "\n")
    agents = (ROOT / "src" / "wirewatch" / "data" / "cameo_agents.tsv").read_text("utf-8")
    assert agents.endswith("\n".join(mod.agent_rows()) + "\n")
    assert "MIT" in (ROOT / "src" / "wirewatch" / "data" / "LICENSE-petrarch2").read_text()


def test_dictionary_actors_get_country_and_sector() -> None:
    a = _analyze("Zalmay Khalilzad met Taliban negotiators in Doha, while Boeing and the "
                 "Quds Force were mentioned by Hezbollah.")
    assert (a["Zalmay Khalilzad"].country, a["Zalmay Khalilzad"].sector) == ("USA", "GOV")
    assert a["Boeing"].code == "USABUS"
    assert a["Quds Force"].code == "IRNMIL"


def test_country_and_sector_from_the_actors_own_phrase() -> None:
    a = _analyze("Abbas Araghchi, Iran's deputy foreign minister, spoke first. Wolf Blitzer, a "
                 "CNN anchor, then asked Rep. Michael McCaul (R-Texas) about China. The U.S. "
                 "Embassy in Baghdad was closed.")
    assert a["Abbas Araghchi"].code == "IRNGOV"
    assert a["Wolf Blitzer"].code == "USAMED"
    assert a["Michael McCaul"].country == "USA"
    assert a["U.S. Embassy"].code == "USAGOV"   # where it sits (Baghdad) is no membership


def test_no_country_from_a_neighbouring_mention() -> None:
    a = _analyze("McCaul and Lighthizer criticised China on Tuesday.")
    for name in ("McCaul", "Lighthizer"):
        hit = next(e for n, e in a.items() if name in n)
        assert hit.country != "CHN"


def test_georgia_is_the_state_in_us_politics() -> None:
    a = _analyze("Georgia Gov. Brian Kemp and Sen. Kelly Loeffler of Georgia spoke in Atlanta "
                 "about the Texas primary.")
    assert a["Brian Kemp"].country == "USA"
    assert a["Kelly Loeffler"].code == "USALEG"
    assert a["Georgia"].country == "USA"
    b = _analyze("Georgia and Armenia signed a border deal in Tbilisi.")
    assert b["Georgia"].country == "GEO"
