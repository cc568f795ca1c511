"""Event merging rules, on hand-built reports (the engine-level test is in test_link_stories)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from wirewatch.link.merge import (
    EventMerger,
    MergeConfig,
    Report,
    _side,
    date_interval,
    generic,
    report_words,
)

# Invented sentences: reports of one event share their content words, as real ones do.
VISIT = "The secretary arrived in Beijing for talks on trade and fentanyl controls"


def report(aid: str, when: datetime, modality: str = "occurred", *, type_: str = "CONSULT",
           src: str = "USA", tgt: str = "CHN", d: str | None = None, prec: str | None = None,
           outlet: str = "AP", names: tuple[str, str] | None = None,
           text: str = VISIT, background: bool = False, idx: int = 0,
           quad: str | None = None) -> Report:
    return Report(article_id=aid, idx=idx, outlet=outlet, source_key=outlet, reported_at=when,
                  type=type_, source=(src + "GOV",), target=(tgt,),
                  source_countries=frozenset({src}), target_countries=frozenset({tgt}),
                  date=d, date_precision=prec, modality=modality, evidence=text,
                  source_names=frozenset({names[0]}) if names else frozenset(),
                  target_names=frozenset({names[1]}) if names else frozenset(),
                  background=background, quad=quad)


def at(day: int) -> datetime:
    return datetime(2023, 6, day, 12, tzinfo=UTC)


def test_date_interval_by_precision() -> None:
    cfg = MergeConfig(date_slack_days=0)
    assert date_interval("2023-W25", "week", at(14), "planned", cfg) == (
        date(2023, 6, 19), date(2023, 6, 25))
    assert date_interval("2023-02", "month", at(14), "occurred", cfg) == (
        date(2023, 2, 1), date(2023, 2, 28))
    # A new (not background) event dated by season only is read as near its report.
    assert date_interval("2023-SU", "season", at(14), "occurred", cfg) == (
        date(2023, 6, 7), date(2023, 6, 14))
    assert date_interval("2023-SU", "season", at(14), "occurred", cfg, background=True) == (
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
    # The stale "planned" is kept as a report but is no change of state.
    assert [h["modality"] for h in c.modality_history] == ["planned", "occurred"]
    assert c.num_reports == 3
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
               target_names=frozenset({"wang yi", "sergei lavrov"}), evidence=VISIT)
    assert m.add(b) is c
    assert m.add(report("c", at(14), tgt="RUS", names=("antony blinken", "sergei lavrov"))
                 ) is not c


def test_open_side_of_the_key_is_fixed_once() -> None:
    m = EventMerger()
    no_target = Report(article_id="a", idx=0, outlet="AP", source_key="AP", reported_at=at(14),
                       type="ASSAULT", source=("USAMIL",), source_countries=frozenset({"USA"}),
                       evidence="US forces struck a drone base near the border overnight")
    c = m.add(no_target)  # "US forces struck" (no target named)
    struck = "US forces struck an Iranian drone base near the border overnight"
    assert m.add(report("b", at(14), type_="ASSAULT", tgt="IRN", text=struck)) is c  # Iran
    assert m.add(report("x", at(14), type_="ASSAULT", tgt="UKR", text=struck)) is not c


def test_candidates_found_across_weeks_of_a_wide_or_narrowed_date() -> None:
    """Clusters are indexed by the weeks their date may mean; a report must still find a
    cluster dated only by month, and one whose date a later report made more precise."""
    m = EventMerger()
    month = m.add(report("m", at(2), "planned", d="2023-06", prec="month"))  # "later in June"
    assert m.add(report("d", at(21), d="2023-06-20", prec="day", outlet="NYT")) is month
    assert month.date == "2023-06-20"  # the more precise date won and the interval narrowed
    assert m.add(report("e", at(21), d="2023-06-19", prec="day", outlet="BBC")) is month
    assert m.add(report("f", at(21), d="2023-06-05", prec="day", outlet="DW")) is not month
    assert m.add(report("d", at(21), d="2023-06-20", prec="day", outlet="NYT")) is month
    assert month.num_reports == 3


def test_refiled_report_returns_its_cluster_after_restore() -> None:
    m = EventMerger()
    c = m.add(report("a", at(14), d="2023-06-14", prec="day"))
    other = EventMerger()
    other.restore(c)
    assert other.add(report("a", at(14), d="2023-06-14", prec="day")) is c
    assert c.num_reports == 1


def test_history_follows_report_time_not_arrival_or_alphabet() -> None:
    """Articles dated by day only share a timestamp: a prospective report of that day still
    comes before the outcome, and a report that arrives late is placed by its time."""
    m = EventMerger()
    day = datetime(2023, 6, 18, tzinfo=UTC)
    c = m.add(report("o", day, "occurred", d="2023-06-18", prec="day"))
    assert m.add(report("p", day, "planned", outlet="Reuters")) is c
    assert m.add(report("early", at(14), "planned", outlet="NYT")) is c
    assert [(h["modality"], h["article_id"]) for h in c.modality_history] == [
        ("planned", "early"), ("occurred", "o")]
    assert c.modality == "occurred"


def test_an_outcome_after_an_outcome_changes_the_state() -> None:
    m = EventMerger()
    c = m.add(report("p", at(14), "planned"))
    m.add(report("x", at(16), "cancelled", outlet="Reuters"))
    m.add(report("y", at(17), "planned", outlet="Blog"))  # stale: the trip was called off
    assert c.modality == "cancelled"
    assert [h["modality"] for h in c.modality_history] == ["planned", "cancelled"]


def test_same_actors_doing_something_else_is_another_event() -> None:
    """The same dyad, type and week, but the sentences share no content: two events."""
    m = EventMerger()
    names = ("antony blinken", "wang yi")
    c = m.add(report("a", at(14), names=names))
    other = "The two ministers spoke by telephone about the detained journalists and visas"
    assert m.add(report("b", at(15), names=names, text=other, outlet="NYT")) is not c
    assert m.add(report("c", at(15), names=names, outlet="BBC",
                        text="Blinken arrived in Beijing for trade talks on fentanyl")) is c


def test_countries_alone_do_not_make_one_event() -> None:
    """Actors named only by their country ("Iran", "the United States") match on country,
    which is weak: the sentences must agree more than for named people."""
    m = EventMerger()
    places = ("iran", "united states")
    strike = "Missiles struck the air base housing troops overnight, officials reported"
    c = m.add(report("a", at(8), type_="ASSAULT", src="IRN", tgt="USA", names=places,
                     text=strike))
    assert m.add(report("b", at(8), type_="ASSAULT", src="IRN", tgt="USA", names=places,
                        outlet="NYT", text="Hackers attacked banks with malware for months"
                        )) is not c
    assert m.add(report("c", at(9), type_="ASSAULT", src="IRN", tgt="USA", names=places,
                        outlet="BBC", text="Missiles struck an air base housing troops, "
                        "damaging hangars overnight")) is c


def test_an_open_side_needs_more_agreement() -> None:
    """A report that names no target may be the same event as one that does, but only when
    its sentence says the same thing: "Trump accused" is not every accusation by Trump."""
    m = EventMerger()
    c = m.add(report("a", at(14), type_="ACCUSE", names=("donald trump", "john bolton"),
                     tgt="USA", text="Trump accused his former adviser of leaking the "
                     "manuscript to sell books"))
    vague = Report(article_id="b", idx=0, outlet="NYT", source_key="NYT", reported_at=at(14),
                   type="ACCUSE", source=("USAGOV",), source_countries=frozenset({"USA"}),
                   source_names=frozenset({"donald trump"}),
                   evidence="Trump accused Democrats of a hoax over the trial rules.")
    assert m.add(vague) is not c
    close = Report(article_id="c", idx=0, outlet="BBC", source_key="BBC", reported_at=at(15),
                   type="ACCUSE", source=("USAGOV",), source_countries=frozenset({"USA"}),
                   source_names=frozenset({"trump"}),
                   evidence="Trump accused the adviser of leaking his manuscript to sell books.")
    assert m.add(close) is c


def test_two_sentences_of_one_article_join_only_if_they_are_the_same_sentence() -> None:
    m = EventMerger()
    c = m.add(report("a", at(14), idx=0))
    assert m.add(report("a", at(14), idx=1, text="The secretary arrived in Beijing for talks "
                        "on trade and fentanyl controls, aides added")) is not c
    same = Report(article_id="a", idx=2, outlet="AP", source_key="AP", reported_at=at(14),
                  type="CONSULT", source=("USAGOV",), target=("CHN",),
                  source_countries=frozenset({"USA"}), target_countries=frozenset({"CHN"}),
                  evidence=VISIT)  # one sentence coded twice (another target list)
    assert m.add(same) is c


def test_background_and_hypothetical_reports_stay_apart() -> None:
    """A past event recalled for context neither seeds nor joins a cluster of the day's news;
    recollections of one past event may merge among themselves when dated finely enough;
    a hypothetical ("if they were to visit") never merges."""
    m = EventMerger()
    news = m.add(report("a", at(14), d="2023-06-14", prec="day"))
    old = m.add(report("b", at(14), d="2023-06-14", prec="day", background=True, outlet="NYT"))
    assert old is not news and old.background
    again = m.add(report("c", at(15), d="2023-06-14", prec="day", background=True,
                         outlet="BBC"))
    assert again is old
    loose = m.add(report("d", at(15), d="2022", prec="year", background=True, outlet="DW"))
    assert m.add(report("e", at(15), d="2022", prec="year", background=True,
                        outlet="FT")) is not loose
    assert m.add(report("f", at(14), "hypothetical", outlet="WSJ")) is not news
    assert m.add(report("g", at(14), outlet="WP")) is news


def test_a_loosely_dated_new_event_is_near_its_report() -> None:
    """"Earlier this year" in a new report does not reach back to an event months before."""
    m = EventMerger()
    feb = m.add(report("a", datetime(2023, 2, 10, tzinfo=UTC), d="2023-02-10", prec="day"))
    assert m.add(report("b", at(14), d="2023", prec="year", outlet="NYT")) is not feb


# Invented: a signing, and another plan of the same ministers that shares some of its words.
SIGNED = "The ministers signed a grain export agreement in Ankara after two days of talks"
ANOTHER_PLAN = "The ministers will sign a fertiliser export deal covering shipping insurance"


def test_a_plan_read_after_the_act_joins_only_when_it_says_the_same_thing() -> None:
    """History follows report time: a prospective report made days after the act is a stale
    copy (the same words) or another occasion of the same parties (a next agreement), which
    must not join and turn the history back to "planned"."""
    m = EventMerger()
    c = m.add(report("a", at(14), type_="AGREE", text=SIGNED))
    assert m.add(report("b", at(16), "planned", type_="AGREE", text=ANOTHER_PLAN,
                        outlet="NYT")) is not c
    assert m.add(report("c", at(16), "planned", type_="AGREE", text=SIGNED,
                        outlet="BBC")) is c  # a late copy of the same sentence
    # On the day of the act the same words are enough: the plan may precede it that day.
    d = m.add(report("d", at(20), type_="AGREE", text=SIGNED.replace("grain", "steel"),
                     d="2023-06-20", prec="day", outlet="DW"))
    assert d is not c
    assert m.add(report("e", at(20), "planned", type_="AGREE", text=ANOTHER_PLAN,
                        d="2023-06-20", prec="day", outlet="FT")) is d
    assert [h["modality"] for h in c.modality_history] == ["occurred"]


def test_a_negation_after_the_act_does_not_undo_it() -> None:
    """"Did not receive notice of the strike" is coded as a negated strike; read after the
    strike was reported, it must not flip the state to negated and back."""
    m = EventMerger()
    c = m.add(report("a", at(14), type_="ASSAULT"))
    m.add(report("b", at(15), "negated", type_="ASSAULT", outlet="NYT"))
    m.add(report("c", at(15), "cancelled", type_="ASSAULT", outlet="BBC"))
    m.add(report("d", at(16), type_="ASSAULT", outlet="DW"))
    assert c.num_reports == 4
    assert [h["modality"] for h in c.modality_history] == ["occurred"]
    m.add(report("e", at(17), "denied", type_="ASSAULT", outlet="FT"))  # a dispute still shows
    assert c.modality == "denied"


def test_another_sentence_of_the_article_does_not_join_through_its_mentions() -> None:
    """The coder may list a neighbouring sentence as a mention of an event ("Iran can keep
    attacking ..." beside "Iran could also stage attacks ..."); two events of one article are
    one only when coded from the same sentence."""
    m = EventMerger()
    first = Report(article_id="a", idx=0, outlet="AP", source_key="AP", reported_at=at(14),
                   type="ASSAULT", source=("IRN",), target=("USA",),
                   source_countries=frozenset({"IRN"}), target_countries=frozenset({"USA"}),
                   evidence="The militia can keep shelling the bases in the region.",
                   mentions=("The militia could also stage raids on embassies abroad.",))
    c = m.add(first)
    second = Report(article_id="a", idx=1, outlet="AP", source_key="AP", reported_at=at(14),
                    type="ASSAULT", source=("IRN",), target=("USA",),
                    source_countries=frozenset({"IRN"}), target_countries=frozenset({"USA"}),
                    evidence="The militia could also stage raids on embassies abroad.")
    assert m.add(second) is not c
    copy = Report(article_id="b", idx=0, outlet="NYT", source_key="NYT", reported_at=at(14),
                  type="ASSAULT", source=("IRN",), target=("USA",),
                  source_countries=frozenset({"IRN"}), target_countries=frozenset({"USA"}),
                  evidence="The militia can keep shelling the bases in the region.")
    assert m.add(copy) is c  # another article's verbatim copy still joins


def test_speculation_joins_only_speculation() -> None:
    """"The vote could slip to Monday" is neither the vote held on Friday nor a plan for it."""
    m = EventMerger()
    held = m.add(report("a", at(14), type_="REJECT", text=SIGNED))
    could = m.add(report("b", at(14), "possible", type_="REJECT", outlet="NYT",
                         text="The ministers could sign a grain export agreement in Ankara"))
    assert could is not held
    assert m.add(report("c", at(15), "possible", type_="REJECT", outlet="BBC",
                        text="The ministers might sign the grain export agreement in Ankara"
                        )) is could
    assert m.add(report("d", at(15), type_="REJECT", outlet="DW", text=SIGNED)) is held


def test_two_states_of_one_country_are_two_events() -> None:
    """Invented: two pastors charged in two states the same week share the country and the
    words, not the event; the same state, or a city, still joins."""
    m = EventMerger()
    text = "A pastor was charged for holding church services in violation of the ban"
    ohio = m.add(report("a", at(14), type_="COERCE", src="USA", tgt="USA", text=text,
                        names=("ohio", "united states")))
    assert m.add(report("b", at(15), type_="COERCE", src="USA", tgt="USA", text=text,
                        names=("united states", "kansas"), outlet="NYT")) is not ohio
    assert m.add(report("c", at(15), type_="COERCE", src="USA", tgt="USA", text=text,
                        names=("ohio", "united states"), outlet="BBC")) is ohio
    # a city and a state may be one place (the city may lie in the state)
    assert m.add(report("d", at(15), type_="COERCE", src="USA", tgt="USA", text=text,
                        names=("columbus", "united states"), outlet="DW")) is ohio


def test_a_statement_by_a_person_is_not_one_credited_to_the_country() -> None:
    """Invented: "the U.S." (a governor coded by her country) endorsing a candidate and a
    named senator endorsing him are two endorsements unless the sentences clearly agree;
    for acts (a strike) a country and its named forces stay compatible."""
    m = EventMerger()
    said = "The governor endorsed Biden at a rally, citing his record on health care and jobs"
    c = m.add(report("a", at(14), type_="SUPPORT", src="USA", tgt="USA", text=said,
                     names=("united states", "joe biden"), quad="verbal_cooperation"))
    harris = "Harris endorsed Biden at a rally and praised his campaign staff in Detroit"
    assert m.add(report("b", at(14), type_="SUPPORT", src="USA", tgt="USA", outlet="NYT",
                        names=("kamala harris", "joe biden"), text=harris,
                        quad="verbal_cooperation")) is not c
    assert m.add(report("e", at(14), type_="SUPPORT", src="USA", tgt="USA", outlet="BBC",
                        names=("michigan governor", "joe biden"), text=said,
                        quad="verbal_cooperation")) is c
    strike = "Forces struck a drone base near the border overnight, officials said"
    s = m.add(report("c", at(14), type_="ASSAULT", names=("united states", "drone base"),
                     quad="material_conflict",
                     text=strike))
    assert m.add(report("d", at(14), type_="ASSAULT", names=("u.s. forces", "drone base"),
                        text="Forces struck the drone base near the border overnight",
                        outlet="DW")) is s


def _group_report(aid: str, text: str, *, src: str = "officials", tgt: str = "united states",
                  loc: str | None = None, outlet: str = "AP", tgt_country: str = "USA"
                  ) -> Report:
    """A domestic act whose doer is an unnamed group and whose target the country."""
    return Report(article_id=aid, idx=0, outlet=outlet, source_key=outlet, reported_at=at(14),
                  type="COERCE", source=("USAGOV",), target=(tgt_country,),
                  source_countries=frozenset({"USA"}),
                  target_countries=frozenset({tgt_country}), location_name=loc,
                  evidence=text, source_names=frozenset({src}),
                  target_names=frozenset({tgt}), generic_names=frozenset({src}))


def test_unnamed_groups_are_generic() -> None:
    assert generic("officials") and generic("Four line prosecutors") and generic("U.S. troops")
    assert generic("Trump administration")
    assert not generic("Donald Trump") and not generic("Muqtada al-Sadr")
    assert not generic("Democratic Party")


def test_an_unnamed_group_carries_no_join() -> None:
    """Invented: officials of two towns ordering bars shut the same day read alike, but
    sharing "officials" and the country is no evidence of one event; a shared town is, and
    so is a near copy of the sentence."""
    m = EventMerger()
    c = m.add(_group_report("a", "Officials ordered bars, gyms and restaurants to close their "
                            "doors for thirty days"))
    assert m.add(_group_report("b", "Officials ordered bars and restaurants to stop indoor "
                               "dining and banned large gatherings", outlet="NYT")) is not c
    d = m.add(_group_report("d", "Officials in Springfield ordered bars and gyms to close "
                            "their doors for a month", loc="Springfield", outlet="DW"))
    assert m.add(_group_report("e", "Springfield officials ordered bars and restaurants to "
                               "close for a month", loc="Springfield", outlet="FT")) is d
    assert m.add(_group_report("f", "Officials ordered bars, gyms and restaurants to close "
                               "their doors for thirty days on Monday", outlet="WP")) is c


def test_a_group_and_a_named_actor_still_differ() -> None:
    """An unnamed group matched by name is no named actor (0); a statement by a group is
    not one by a particular person (None), while for an act the group may be the named doer
    described loosely (-1, as weak as an open side); a named actor matched is 1."""
    assert _side(frozenset({"police"}), frozenset({"police"}), groups={"police"}) == 0
    assert _side(frozenset({"officials"}), frozenset({"nancy pelosi"}), said=True,
                 groups={"officials"}) is None
    assert _side(frozenset({"police"}), frozenset({"derek chauvin"}),
                 groups={"police"}) == -1
    assert _side(frozenset({"jane roe"}), frozenset({"derek chauvin"})) is None
    assert _side(frozenset({"police", "derek chauvin"}), frozenset({"chauvin"}),
                 groups={"police"}) == 1


# Invented: like the strike in its words, not a copy of its sentence.
LIKE_STRIKE = "Rockets hit a military airport near the capital, damaging hangars and fuel tanks"


def test_a_foreign_dyad_anchors_a_join_without_names() -> None:
    """Two countries against each other are particular enough; one country's domestic act
    named only by the country is not."""
    m = EventMerger()
    strike = "Rockets hit the military airport overnight and wounded two guards"
    c = m.add(report("a", at(14), type_="ASSAULT", src="IRN", tgt="USA", text=strike,
                     names=("iran", "united states")))
    assert m.add(report("b", at(14), type_="ASSAULT", src="IRN", tgt="USA", outlet="NYT",
                        names=("iran", "united states"), text=LIKE_STRIKE)) is c
    home = m.add(report("c", at(14), type_="ASSAULT", src="USA", tgt="USA", text=strike,
                        names=("united states", "united states"), outlet="BBC"))
    assert m.add(report("d", at(14), type_="ASSAULT", src="USA", tgt="USA", outlet="DW",
                        names=("united states", "united states"), text=LIKE_STRIKE)
                 ) is not home


def test_another_form_of_an_actor_name_is_not_a_shared_word() -> None:
    """"Democrats" in the sentence is the actor "Democratic Party" named again: two acts
    of the party that share only its name and one other word are two events."""
    words = report_words(["Democrats and Russian diplomats met in Congress"],
                         {"democratic party", "russia", "u.s. congress"})
    assert words == frozenset({"diplomat", "met"})
    # Short stems are left alone: "police" does not take "policy" away.
    assert "policy" in report_words(["Police defended the policy"], {"police"})
    m = EventMerger()
    party = ("Democratic Party", "Donald Trump")
    c = m.add(report("a", at(14), type_="ACCUSE", tgt="USA", names=party,
                     text="Democrats pressed their case in the chamber"))
    assert m.add(report("b", at(14), type_="ACCUSE", tgt="USA", names=party, outlet="NYT",
                        text="He mocked the Democrats over the case at a rally")) is not c
    # Words of the act itself still join two reports of it.
    assert m.add(report("c", at(14), type_="ACCUSE", tgt="USA", names=party, outlet="BBC",
                        text="Democrats pressed their case in the chamber again")) is c


def test_a_join_needs_the_own_sentences_not_only_a_mention() -> None:
    """A mention is the coder's guess that another sentence of the article tells the same
    act: a report that agrees only with that mention (the shouting, not the accusation)
    is another event; one that agrees with the sentence itself joins."""
    m = EventMerger()
    names = ("Minister Vane", "Dora Quill")
    accused = replace(report("a", at(14), type_="ACCUSE", tgt="USA", names=names,
                             text="The minister accused the reporter of lying in a statement"),
                      mentions=("Earlier he shouted at her in his private office after the "
                                "interview",))
    c = m.add(accused)
    assert m.add(report("b", at(15), type_="ACCUSE", tgt="USA", names=names, outlet="NYT",
                        text="After the interview she was led to his private office, where "
                             "he shouted at her")) is not c
    assert m.add(report("c", at(15), type_="ACCUSE", tgt="USA", names=names, outlet="BBC",
                        text="The minister accused the reporter of lying about the "
                             "statement")) is c
