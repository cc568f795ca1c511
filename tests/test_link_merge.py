"""Event merging rules, on hand-built reports (the engine-level test is in test_link_stories)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from wirewatch.link.merge import EventMerger, MergeConfig, Report, date_interval


def report(aid: str, when: datetime, modality: str = "occurred", *, type_: str = "CONSULT",
           src: str = "USA", tgt: str = "CHN", d: str | None = None, prec: str | None = None,
           outlet: str = "AP", names: tuple[str, str] | None = None) -> Report:
    return Report(article_id=aid, idx=0, outlet=outlet, source_key=outlet, reported_at=when,
                  type=type_, source=(src + "GOV",), target=(tgt,),
                  source_countries=frozenset({src}), target_countries=frozenset({tgt}),
                  date=d, date_precision=prec, modality=modality,
                  source_names=frozenset({names[0]}) if names else frozenset(),
                  target_names=frozenset({names[1]}) if names else frozenset())


def at(day: int) -> datetime:
    return datetime(2023, 6, day, 12, tzinfo=UTC)


def test_date_interval_by_precision() -> None:
    cfg = MergeConfig(date_slack_days=0)
    assert date_interval("2023-W25", "week", at(14), "planned", cfg) == (
        date(2023, 6, 19), date(2023, 6, 25))
    assert date_interval("2023-02", "month", at(14), "occurred", cfg) == (
        date(2023, 2, 1), date(2023, 2, 28))
    assert date_interval("2023-SU", "season", at(14), "occurred", cfg) == (
        date(2023, 6, 1), date(2023, 8, 31))
    # No date: an occurred event happened just before its report, a planned one after it.
    assert date_interval(None, None, at(14), "occurred", cfg)[1] == date(2023, 6, 14)
    assert date_interval(None, None, at(14), "planned", cfg)[0] == date(2023, 6, 14)


def test_merge_needs_same_type_actors_and_date() -> None:
    m = EventMerger()
    first = m.add(report("a", at(14), d="2023-06-14", prec="day"))
    assert m.add(report("b", at(14), d="2023-06-14", prec="day", outlet="NYT")) is first
    assert m.add(report("c", at(14), type_="ACCUSE", d="2023-06-14", prec="day")) is not first
    assert m.add(report("d", at(14), tgt="RUS", d="2023-06-14", prec="day")) is not first
    assert m.add(report("e", at(14), d="2023-03-01", prec="day")) is not first
    assert len(first.articles) == 2 and len(first.sources) == 2


def test_stale_planned_report_does_not_undo_occurred() -> None:
    m = EventMerger()
    c = m.add(report("p", at(14), "planned", d="2023-W25", prec="week"))
    m.add(report("o", at(19), "occurred", d="2023-06-19", prec="day", outlet="Reuters"))
    m.add(report("late", at(20), "planned", outlet="Blog"))
    assert c.modality == "occurred"
    assert [h["modality"] for h in c.modality_history] == ["planned", "occurred", "planned"]
    assert (c.date, c.date_precision) == ("2023-06-19", "day")


def test_cancelled_after_planned() -> None:
    m = EventMerger()
    c = m.add(report("p", at(14), "planned"))
    assert m.add(report("x", at(16), "cancelled", outlet="Reuters")) is c
    assert c.modality == "cancelled"


def test_old_clusters_leave_memory() -> None:
    m = EventMerger(MergeConfig(horizon_days=10))
    m.add(report("a", at(1)))
    m.add(report("b", at(28), type_="ACCUSE"))
    assert m.evict() == 1 and list(m.clusters) == ["b:0"]


def test_other_actors_of_the_same_countries_are_another_event() -> None:
    m = EventMerger()
    c = m.add(report("a", at(14), names=("antony blinken", "wang yi")))
    assert m.add(report("b", at(14), names=("antony blinken", "wang yi"), outlet="NYT")) is c
    assert m.add(report("x", at(14), names=("gina raimondo", "wang wentao"))) is not c


def test_clusters_do_not_snowball() -> None:
    # b overlaps a's key; c overlaps only what b added, never a's key: c is another event.
    m = EventMerger()
    c = m.add(report("a", at(14), tgt="CHN", names=("antony blinken", "wang yi")))
    b = Report(article_id="b", idx=0, outlet="NYT", source_key="NYT", reported_at=at(14),
               type="CONSULT", source=("USAGOV",), target=("CHN", "RUS"),
               source_countries=frozenset({"USA"}), target_countries=frozenset({"CHN", "RUS"}),
               source_names=frozenset({"antony blinken"}),
               target_names=frozenset({"wang yi", "sergei lavrov"}))
    assert m.add(b) is c
    assert m.add(report("c", at(14), tgt="RUS", names=("antony blinken", "sergei lavrov"))
                 ) is not c


def test_open_side_of_the_key_is_fixed_once() -> None:
    m = EventMerger()
    no_target = Report(article_id="a", idx=0, outlet="AP", source_key="AP", reported_at=at(14),
                       type="ASSAULT", source=("USAMIL",), source_countries=frozenset({"USA"}))
    c = m.add(no_target)  # "US forces struck" (no target named)
    assert m.add(report("b", at(14), type_="ASSAULT", tgt="IRN")) is c  # now: Iran
    assert m.add(report("x", at(14), type_="ASSAULT", tgt="UKR")) is not c


def test_candidates_found_across_weeks_of_a_wide_or_narrowed_date() -> None:
    """Clusters are indexed by the weeks their date may mean; a report must still find a
    cluster dated only by month, and one whose date a later report made more precise."""
    m = EventMerger()
    month = m.add(report("m", at(2), d="2023-06", prec="month"))
    assert m.add(report("d", at(28), d="2023-06-27", prec="day", outlet="NYT")) is month
    assert month.date == "2023-06-27"  # the more precise date won and the interval narrowed
    assert m.add(report("e", at(28), d="2023-06-26", prec="day", outlet="BBC")) is month
    assert m.add(report("f", at(28), d="2023-06-05", prec="day", outlet="DW")) is not month
    assert m.add(report("d", at(28), d="2023-06-27", prec="day", outlet="NYT")) is month
    assert month.num_reports == 3


def test_refiled_report_returns_its_cluster_after_restore() -> None:
    m = EventMerger()
    c = m.add(report("a", at(14), d="2023-06-14", prec="day"))
    other = EventMerger()
    other.restore(c)
    assert other.add(report("a", at(14), d="2023-06-14", prec="day")) is c
    assert c.num_reports == 1
