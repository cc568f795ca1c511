"""The events component (`ww_events`, issue 4).

Unit sentences run the bare model + timex + events with hand-made entities (so they test the
event rules, not entity recognition) and take the rules' candidates as they are (`"rules"`):
they pin what the rules propose; what the learned model keeps of it is tested in
test_event_model.py. The integration test runs the real pipeline, learned model included, on
the canonical example and checks every non-optional event of its .expected.json.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import wirewatch.analyze.events  # noqa: F401  (registers ww_events)
from wirewatch.model import (
    ActorRef,
    Article,
    Entity,
    Event,
    Evidence,
    Mention,
    Quote,
    RawDocument,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
PUBLISHED = datetime(2023, 6, 14, 22, 0, tzinfo=UTC)

# surface form -> (canonical name, type, country, sector)
KNOWN: dict[str, tuple[str, str, str | None, str | None]] = {
    "Antony Blinken": ("Antony Blinken", "PERSON", "USA", "GOV"),
    "Blinken": ("Antony Blinken", "PERSON", "USA", "GOV"),
    "Qin Gang": ("Qin Gang", "PERSON", "CHN", "GOV"),
    "the Chinese foreign minister": ("Qin Gang", "PERSON", "CHN", "GOV"),
    "Janet Yellen": ("Janet Yellen", "PERSON", "USA", "GOV"),
    "Yellen": ("Janet Yellen", "PERSON", "USA", "GOV"),
    "Raimondo": ("Gina M. Raimondo", "PERSON", "USA", "GOV"),
    "Kerry": ("John Kerry", "PERSON", "USA", "GOV"),
    "China": ("China", "GPE", "CHN", None),
    "Beijing": ("Beijing", "GPE", "CHN", None),
    "United States": ("United States", "GPE", "USA", None),
    "US": ("United States", "GPE", "USA", None),
    "Russia": ("Russia", "GPE", "RUS", None),
    "Ukraine": ("Ukraine", "GPE", "UKR", None),
    "Turkish": ("Turkey", "NORP", "TUR", None),
    "Iraqi": ("Iraq", "NORP", "IRQ", None),
    "Rwanda": ("Rwanda", "GPE", "RWA", None),
    "Burundi": ("Burundi", "GPE", "BDI", None),
    "North Korea": ("North Korea", "GPE", "PRK", None),
    "South Korea": ("South Korea", "GPE", "KOR", None),
    "Serbia": ("Serbia", "GPE", "SRB", None),
    "Kosovo": ("Kosovo", "GPE", "XKX", None),
    "Brussels": ("Brussels", "GPE", "BEL", None),
    "Win McNamee": ("Win McNamee", "PERSON", None, None),
    "Hassan Nasrallah": ("Hassan Nasrallah", "PERSON", "LBN", "REB"),
    "Nasrallah": ("Hassan Nasrallah", "PERSON", "LBN", "REB"),
    "Qassem Soleimani": ("Qassem Soleimani", "PERSON", "IRN", "MIL"),
    "Donald Trump": ("Donald Trump", "PERSON", "USA", "GOV"),
    "Trump": ("Donald Trump", "PERSON", "USA", "GOV"),
    "Muriel Bowser": ("Muriel Bowser", "PERSON", "USA", "GOV"),
    "Bowser": ("Muriel Bowser", "PERSON", "USA", "GOV"),
    "Carrie Cordero": ("Carrie Cordero", "PERSON", "USA", None),
    "Alan Dershowitz": ("Alan Dershowitz", "PERSON", "USA", None),
    "Dershowitz": ("Alan Dershowitz", "PERSON", "USA", None),
    "Republicans": ("Republican Party", "ORG", "USA", "PTY"),
    "Democrats": ("Democratic Party", "ORG", "USA", "PTY"),
    "Chinese": ("China", "NORP", "CHN", None),
    "World Health Organization": ("World Health Organization", "ORG", None, "IGO"),
    "Israel": ("Israel", "GPE", "ISR", None),
    "Justice Department": ("United States Department of Justice", "ORG", "USA", "GOV"),
    "Acme Foods": ("Acme Foods", "ORG", "USA", "BUS"),
    "Borealis Bank": ("Borealis Bank", "ORG", "USA", "BUS"),
    "High Court": ("High Court", "ORG", "USA", "JUD"),
}

_UNIT_NLP: Language | None = None


def unit_nlp() -> Language:
    """Bare model + timex + events, built once (entities come from KNOWN, not a component)."""
    global _UNIT_NLP
    if _UNIT_NLP is None:
        import wirewatch.analyze.timex  # noqa: F401
        from wirewatch.analyze.pipeline import load_model

        nlp = load_model()
        nlp.add_pipe("ww_timex")
        _UNIT_NLP = nlp
    return _UNIT_NLP


def hand_entities(text: str) -> list[Entity]:
    """Entities for every KNOWN surface form in `text` (longest forms win overlaps)."""
    taken: list[tuple[int, int]] = []
    by_name: dict[str, Entity] = {}
    for form in sorted(KNOWN, key=len, reverse=True):
        name, kind, country, sector = KNOWN[form]
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags=re.IGNORECASE
                             if form.startswith("the ") else 0):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            entity = by_name.setdefault(name, Entity(id=name, name=name, type=kind,
                                                     country=country, sector=sector))
            entity.mentions.append(Mention(m.group(0), m.start(), m.end()))
    return list(by_name.values())


def events_of(text: str, zone: str = "body", quotes: list[Quote] | None = None) -> list[Event]:
    nlp = unit_nlp()
    doc = nlp.make_doc(text)
    doc._.ww_zone = zone
    doc._.ww_published = PUBLISHED
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    doc._.ww_entities = hand_entities(text)
    doc._.ww_quotes = quotes
    from wirewatch.analyze.events import EventsComponent

    return EventsComponent("rules")(doc)._.ww_events  # what the rules propose (see below)


def names(actors: list) -> list[str]:  # noqa: ANN001
    return [a.name for a in actors]


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} event in {[(e.type, names(e.source)) for e in events]}"
    return found[0]


# --------------------------------------------------------------------------- unit sentences

def test_verb_visit_planned_with_place_and_tables() -> None:
    ev = only(events_of("Blinken is set to visit China and meet with top officials in "
                        "Beijing next week."), "CONSULT")
    assert (names(ev.source), names(ev.target)) == (["Antony Blinken"], ["China"])
    assert ev.mode == "visit" and ev.modality == "planned"
    assert ev.location is not None and ev.location.name == "Beijing"
    assert ev.location.country == "CHN" and ev.location.lat is not None
    assert ev.intensity == 4 and ev.quad == "verbal_cooperation" and ev.cameo_root == "04"
    assert ev.source[0].country == "USA" and ev.source[0].sector == "GOV"


def test_passive_voice_swaps_roles() -> None:
    ev = only(events_of("Iraqi troops were attacked by Turkish forces on Monday."), "ASSAULT")
    assert names(ev.source) == ["Turkey"] and names(ev.target) == ["Iraq"]
    assert ev.source[0].sector == "MIL" and ev.modality == "occurred"
    assert ev.date == "2023-06-12" and ev.date_precision == "day"


def test_coordinated_sources() -> None:
    ev = only(events_of("Yellen, Raimondo and Kerry will visit China over the summer."),
              "CONSULT")
    assert names(ev.source) == ["Janet Yellen", "Gina M. Raimondo", "John Kerry"]
    assert names(ev.target) == ["China"] and ev.modality == "planned"


def test_possessive_noun_event_and_pronoun() -> None:
    events = events_of("Blinken met Qin Gang in Beijing. He later cancelled his visit to "
                       "Russia.")
    met = [e for e in events if e.mode == "meet"][0]
    assert (names(met.source), names(met.target)) == (["Antony Blinken"], ["Qin Gang"])
    visit = [e for e in events if e.mode == "visit"][0]
    assert names(visit.target) == ["Russia"] and visit.modality == "cancelled"
    assert names(visit.source) in (["Qin Gang"], ["Antony Blinken"])  # "his": nearest person


def test_negation() -> None:
    ev = only(events_of("Russia did not attack Ukraine on Tuesday."), "ASSAULT")
    assert (names(ev.source), names(ev.target)) == (["Russia"], ["Ukraine"])
    assert ev.modality == "negated"


def test_denial() -> None:
    ev = only(events_of("Rwanda denied attacking Burundi."), "ASSAULT")
    assert (names(ev.source), names(ev.target)) == (["Rwanda"], ["Burundi"])
    assert ev.modality == "denied"
    assert not [e for e in events_of("Rwanda denied attacking Burundi.") if e.type == "REJECT"]


def test_a_denial_of_no_act_is_no_event() -> None:
    """"Denied the group was seeking to ..." denies a state of affairs, not an act: no REJECT
    (the guide: a denial of a charge with no act is no event); denying a claim stays one."""
    assert not [e for e in events_of("Rwanda denied the group was seeking to shield Burundi.")
                if e.type == "REJECT"]
    assert not [e for e in events_of("Rwanda denied Burundi was planning a sell-off.")
                if e.type == "REJECT"]
    assert only(events_of("Rwanda denied the claims by Burundi."), "REJECT")


def test_a_place_that_qualifies_a_noun_is_no_side() -> None:
    # "the Russia investigation": Russia is what is investigated, not who investigates
    found = events_of("The Russia investigation hurt Israel.")
    assert not any(e.type == "ACCUSE" and names(e.source) == ["Russia"] for e in found)


def test_a_resignation_is_not_aimed_at_the_sentences_country() -> None:
    """The domestic fill aims a protest at the country the sentence names, but a resignation
    leaves a body the text names or none (`unfilled` cues): no "Rwanda → Rwanda"."""
    ev = only(events_of("Rwanda's president resigned on Monday."), "RETREAT")
    assert names(ev.source) == ["Rwanda"] and ev.target == []
    ev = only(events_of("Protesters marched in Kigali."), "PROTEST")
    assert names(ev.target) == ["Rwanda"]


def test_postponed_talks_between() -> None:
    ev = only(events_of("Talks between Serbia and Kosovo in Brussels were postponed."),
              "CONSULT")
    assert (names(ev.source), names(ev.target)) == (["Serbia"], ["Kosovo"])
    assert ev.modality == "postponed" and ev.location and ev.location.name == "Brussels"


def test_conditional_threat_is_an_occurred_threat() -> None:
    events = events_of("North Korea threatened to attack South Korea if the drills continue.")
    ev = only(events, "THREATEN")
    assert (names(ev.source), names(ev.target)) == (["North Korea"], ["South Korea"])
    assert ev.modality == "occurred" and ev.mode == "violence"
    assert not [e for e in events if e.type == "ASSAULT"]  # the threatened attack is not one


def test_hypothetical_and_possible() -> None:
    ev = only(events_of("If talks fail, Russia would attack Ukraine."), "ASSAULT")
    assert ev.modality == "hypothetical"
    ev = only(events_of("Russia could attack Ukraine."), "ASSAULT")
    assert ev.modality == "possible"


def test_request_through_reported_should() -> None:
    ev = only(events_of('The Chinese foreign minister told Blinken that the US should "show '
                        'respect" over China\'s core concerns.'), "REQUEST")
    assert names(ev.source) == ["Qin Gang"] and names(ev.target) == ["United States"]
    assert ev.date == "2023-06-14" and ev.date_precision == "article"


def test_no_events_outside_the_body_and_no_actorless_events() -> None:
    text = "Blinken is set to visit China. Win McNamee/Getty Images"
    assert events_of(text, zone="caption") == []
    assert events_of("The meeting was postponed.") == []


# --------------------------------------------------------------------------- the canonical example

def _norm(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip().lower())


def _date_ok(expected: dict, event: Event) -> bool:
    want = expected.get("date")
    if not want:
        return True
    got = event.date or ""
    if "summer" in want:
        return got.endswith("SU") or got[5:7] in ("06", "07", "08")
    if len(want) == 7:  # month precision
        return got[:7] == want
    ok = {want}
    if "announcement day" in expected.get("date_note", ""):
        ok.add(PUBLISHED.date().isoformat())
    return got[:10] in ok


def _matches(expected: dict, event: Event) -> bool:
    types = {expected["type"], *expected.get("optional_types", [])}
    sources = {_norm(n) for n in [expected["source"], *expected.get("source_alt", [])]}
    targets = {_norm(n) for n in [expected["target"], *expected.get("target_alt", [])]}
    return (event.type in types
            and any(_norm(a.name) in sources for a in event.source)
            and any(_norm(a.name) in targets for a in event.target)
            and event.modality == expected["modality"]
            and _date_ok(expected, event))


@pytest.fixture(scope="module")
def example_doc() -> Doc:
    from wirewatch.analyze.pipeline import COMPONENTS, build_pipeline
    from wirewatch.parse import parse_document

    path = EXAMPLES / "blinken-china-visit.json"
    article = next(a for a in parse_document(RawDocument(data=path.read_bytes(),
                                                         origin=str(path), kind="json"))
                   if isinstance(a, Article))
    names_ = [n for n, _ in COMPONENTS]
    assert "ww_entities" in names_
    nlp = build_pipeline(names_[:names_.index("ww_events")])  # what analysis runs first
    assert "ww_entities" in nlp.pipe_names, "the entities component is not importable yet"
    if "ww_events" not in nlp.pipe_names:
        nlp.add_pipe("ww_events")
    doc = nlp.make_doc(article.body)
    doc._.ww_zone = "body"
    doc._.ww_published = article.published_at
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


EXPECTED = json.loads((EXAMPLES / "blinken-china-visit.expected.json").read_text("utf-8"))


def _reports(expected: dict, event: Event) -> bool:
    """The expected event is said in one of the event's sentences (its evidence or a mention),
    so a demand is not found by a neighbouring demand of the same dyad. The expected evidence
    is an analyst's excerpt, sometimes reworded: most of its words must be in the sentence."""
    want = set(re.findall(r"\w+", expected["evidence"].lower()))
    return any(len(want & set(re.findall(r"\w+", m.sentence.lower()))) >= 0.8 * len(want)
               for m in [event.evidence, *event.mentions])


@pytest.mark.parametrize("expected", [e for e in EXPECTED["events"] if not e.get("optional")],
                         ids=lambda e: e["id"])
def test_example_event_found(example_doc: Doc, expected: dict) -> None:
    events = example_doc._.ww_events
    assert any(_matches(expected, ev) and _reports(expected, ev) for ev in events), [
        (e.type, names(e.source), names(e.target), e.modality, e.date) for e in events]


def test_example_events_are_one_record_each(example_doc: Doc) -> None:
    """Each expected event is its own record: one coded event may not stand for two (the
    example's three demands by Qin Gang are three events, its visit one)."""
    events = example_doc._.ww_events
    wanted = [e for e in EXPECTED["events"] if not e.get("optional")]
    used: set[int] = set()
    for expected in wanted:
        hit = next((i for i, ev in enumerate(events) if i not in used
                    and _matches(expected, ev) and _reports(expected, ev)), None)
        assert hit is not None, expected["id"]
        used.add(hit)


def test_example_not_actors_and_evidence(example_doc: Doc) -> None:
    banned = {_norm(n) for n in EXPECTED["not_actors"]}
    body = example_doc.text
    for ev in example_doc._.ww_events:
        assert not {_norm(a.name) for a in ev.source + ev.target} & banned
        assert body[ev.evidence.start:ev.evidence.end] == ev.evidence.sentence
        assert ev.source or ev.target
        assert "Tags" not in ev.evidence.sentence and "Getty" not in ev.evidence.sentence


def test_coordinated_parties_agree_with_each_other() -> None:
    ev = only(events_of("Rwanda and Burundi reached a consensus on border security on Monday."),
              "AGREE")
    assert (names(ev.source), names(ev.target)) == (["Rwanda"], ["Burundi"])


def test_unattributed_attack_takes_the_country_where_it_happens() -> None:
    ev = only(events_of("Two Turkish soldiers were killed in Brussels on Monday."), "ASSAULT")
    assert names(ev.target) == ["Turkey"] and ev.target[0].sector == "MIL"
    assert ev.location is not None and ev.location.name == "Brussels"
    assert [a.country for a in ev.source] == ["BEL"]  # not "no source"


def test_push_back_is_a_rejection() -> None:
    ev = only(events_of("Russia pushed back on the plan by the United States."), "REJECT")
    assert names(ev.source) == ["Russia"]


def test_place_named_by_the_city_of() -> None:
    ev = only(events_of("Two Turkish soldiers were killed outside the city of Brussels."),
              "ASSAULT")
    assert ev.location is not None and ev.location.name == "Brussels"
    assert ev.location.country == "BEL"


def test_demonym_inside_a_mislabelled_group_name() -> None:
    """spaCy tags "Bosnian Serbs" PERSON; its demonym still gives the country."""
    nlp = unit_nlp()
    text = "Bosnian Serbs demanded a truce with the United States on Monday."
    doc = nlp(text)
    doc._.ww_zone = "body"
    doc._.ww_published = PUBLISHED
    doc._.ww_entities = [Entity(id="bs", name="Bosnian Serbs", type="PERSON",
                                mentions=[Mention("Bosnian Serbs", 0, 13)]),
                         *hand_entities(text)]
    from wirewatch.analyze.events import EventsComponent

    ev = only(EventsComponent()(doc)._.ww_events, "REQUEST")
    assert [a.country for a in ev.source] == ["BIH"]
    assert names(ev.target) == ["United States"]


# --------------------------------------------------------------------------- full pipeline

_FULL_NLP: Language | None = None


def pipeline_events(text: str) -> list[Event]:
    """Events with the real entities and actors components (gazetteers of data/)."""
    global _FULL_NLP
    if _FULL_NLP is None:
        from wirewatch.analyze.pipeline import build_pipeline

        _FULL_NLP = build_pipeline(["ww_entities", "ww_actors", "ww_timex"])
    doc = _FULL_NLP(text)
    doc._.ww_zone = "body"
    from wirewatch.analyze.events import extract_events

    return extract_events(doc, model=None)


def countries(actors: list) -> set[str | None]:  # noqa: ANN001
    return {a.country for a in actors}


def test_regions_and_compass_places_have_a_country() -> None:
    from wirewatch.analyze.gazetteer import gazetteer

    gz = gazetteer()
    assert gz.place_country("Darfur") == "SDN"
    assert gz.place_country("Northern Ireland") == "GBR"  # a region, not "northern Ireland"
    assert gz.place_country("Western Cambodia") == "KHM"
    assert gz.place_country("North Africa") is None
    ev = only(pipeline_events("Sudanese troops attacked rebels in Darfur on Monday."),
              "ASSAULT")
    assert countries(ev.source) == {"SDN"} and countries(ev.target) == {"SDN"}


def test_demonym_modifier_beats_the_place_of_residence() -> None:
    ev = only(pipeline_events("France sent weapons to Albanian rebels in Macedonia."), "AID")
    assert countries(ev.source) == {"FRA"} and countries(ev.target) == {"ALB"}
    ev = only(pipeline_events("The Albanians of southern Serbia demanded autonomy from Belgrade."),
              "REQUEST")
    assert countries(ev.source) == {"SRB"}


def test_that_clause_subject_is_the_one_asked() -> None:
    ev = only(pipeline_events("Russia demanded that Ukraine withdraw its troops from Belarus."),
              "REQUEST")
    assert countries(ev.source) == {"RUS"} and countries(ev.target) == {"UKR"}
    ev = only(pipeline_events("China reiterated that the United States must stop arms sales "
                              "to Japan."), "REQUEST")
    assert countries(ev.source) == {"CHN"} and countries(ev.target) == {"USA"}
    ev = only(pipeline_events("The United States repeated its demand that North Korea halt "
                              "missile tests near Japan."), "REQUEST")
    assert countries(ev.source) == {"USA"} and countries(ev.target) == {"PRK"}


def test_threat_is_aimed_at_the_party_of_its_condition() -> None:
    ev = only(pipeline_events("Serbian farmers threatened to block the roads unless Hungary "
                              "lifted the ban."), "THREATEN")
    assert countries(ev.source) == {"SRB"} and countries(ev.target) == {"HUN"}


def test_complaint_over_an_act_accuses_its_doer() -> None:
    ev = only(pipeline_events("Ukraine complained to the United Nations over Russian air "
                              "strikes on Monday."), "ACCUSE")
    assert countries(ev.source) == {"UKR"} and countries(ev.target) == {"RUS"}


def test_region_is_matched_whole_and_secretary_general_is_an_igo_title() -> None:
    ev = only(pipeline_events("The British government banned a militant group in Northern "
                              "Ireland on Monday."), "COERCE")
    assert countries(ev.target) == {"GBR"}  # not Ireland
    ev = only(pipeline_events("Arab League Secretary General Omar Haddad visited Syria on "
                              "Monday."), "CONSULT")
    assert [a.sector for a in ev.source] == ["IGO"] and countries(ev.target) == {"SYR"}


def test_mediator_is_the_source_and_both_parties_the_targets() -> None:
    ev = only(pipeline_events("Norway launched a mediation effort between Serbia and Kosovo "
                              "on Monday."), "CONSULT")
    assert countries(ev.source) == {"NOR"} and countries(ev.target) == {"SRB", "XKX"}


def test_protest_is_aimed_at_what_its_purpose_clause_opposes() -> None:
    ev = only(pipeline_events("Greek farmers began a hunger strike to protest against "
                              "Germany's decision on Monday."), "PROTEST")
    assert countries(ev.source) == {"GRC"} and countries(ev.target) == {"DEU"}
    ev = only(pipeline_events("Thousands of Kenyan students marched in Nairobi in defiance of "
                              "Ugandan authorities."), "PROTEST")
    assert countries(ev.target) == {"UGA"}


def test_investigating_crimes_by_a_group_of_the_own_country() -> None:
    ev = only(pipeline_events("Serbia is investigating alleged crimes by Serbian militiamen "
                              "against Bosnian civilians."), "ACCUSE")
    assert countries(ev.source) == {"SRB"} and countries(ev.target) == {"SRB"}


def test_anti_and_pro_names_are_no_nationality() -> None:
    ev = only(pipeline_events("A prominent anti-Iran journalist was killed in Baghdad on "
                              "Monday."), "ASSAULT")
    assert countries(ev.target) == {"IRQ"} and ev.target[0].sector == "MED"


def test_official_protest_is_an_accusation() -> None:
    ev = only(pipeline_events("Serbia lodged an official protest with Hungary on Monday."),
              "ACCUSE")
    assert countries(ev.source) == {"SRB"} and countries(ev.target) == {"HUN"}


def test_announced_must_clause_is_a_request() -> None:
    ev = only(pipeline_events("Kenyan rebels announced that Uganda must withdraw its troops."),
              "REQUEST")
    assert countries(ev.source) == {"KEN"} and countries(ev.target) == {"UGA"}


def test_group_named_by_its_affiliation_and_work_stoppage() -> None:
    ev = only(pipeline_events("Militants loyal to Hamas attacked Israel on Monday."), "ASSAULT")
    assert countries(ev.source) == {"PSE"} and countries(ev.target) == {"ISR"}
    ev = only(pipeline_events("Greek dockers stopped work on Monday."), "PROTEST")
    assert countries(ev.source) == {"GRC"}


def test_intent_stated_by_a_trailing_attribution() -> None:
    events = pipeline_events("The United Nations will provide food aid to refugees in Kenya, "
                             "the World Food Programme said on Monday.")
    ev = only(events, "AGREE")
    assert [a.sector for a in ev.source] == ["IGO"]


def test_english_city_spelling_places_an_unattributed_attack() -> None:
    ev = only(pipeline_events("A roadside bomb near Basra killed two Dutch soldiers on Monday."),
              "ASSAULT")
    assert countries(ev.source) == {"IRQ"} and countries(ev.target) == {"NLD"}


def test_country_qualifier_beats_an_organisation_default() -> None:
    ev = only(pipeline_events("Kenya's Supreme Court criticised Uganda on Monday."), "ACCUSE")
    assert countries(ev.source) == {"KEN"} and countries(ev.target) == {"UGA"}


def test_pronoun_takes_the_country_of_its_antecedent_phrase() -> None:
    events = pipeline_events("President Ali Haddad of Tunisia said he would welcome talks with "
                             "Israel.")
    ev = only(events, "AGREE")
    assert countries(ev.source) == {"TUN"} and countries(ev.target) == {"ISR"}


def test_cancelling_or_lifting_restrictions_is_a_concession_to_their_target() -> None:
    ev = only(pipeline_events("Kenya cancelled restrictions on Ugandan traders on Monday."),
              "CONCEDE")
    assert countries(ev.source) == {"KEN"} and countries(ev.target) == {"UGA"}
    ev = only(pipeline_events("Japan lifted the sanctions on Iran on Monday."), "CONCEDE")
    assert countries(ev.source) == {"JPN"} and countries(ev.target) == {"IRN"}


def test_war_games_are_military_cooperation() -> None:
    events = pipeline_events("Chinese and Russian warships began war games on Monday.")
    ev = only(events, "COOPERATE")
    assert countries(ev.source) | countries(ev.target) == {"CHN", "RUS"}
    assert not [e for e in events if e.type == "ASSAULT"]


def test_travel_for_talks_is_the_talks() -> None:
    events = pipeline_events("Iranian negotiators returned to Vienna for talks with France.")
    ev = only(events, "CONSULT")
    assert countries(ev.source) == {"IRN"} and countries(ev.target) == {"FRA"}
    assert not [e for e in events if e.type == "RETREAT"]


def test_former_us_president_is_american_whoever_he_meets() -> None:
    ev = only(pipeline_events("Moroccan diplomats held a meeting with President Obama on "
                              "Monday."), "CONSULT")
    assert countries(ev.source) == {"MAR"} and countries(ev.target) == {"USA"}


def test_demonym_of_a_country_ending_in_a_vowel() -> None:
    from wirewatch.analyze.events_fallback import demonym_country

    assert demonym_country("Panamanian") == "PAN" and demonym_country("Albanian") == "ALB"
    ev = only(pipeline_events("Peru granted asylum to five Panamanian officers on Monday."),
              "AID")
    assert countries(ev.source) == {"PER"} and countries(ev.target) == {"PAN"}


def test_attack_on_a_place_for_people_targets_those_people() -> None:
    ev = only(pipeline_events("A camp for Sudanese refugees was attacked by Chadian gunmen."),
              "ASSAULT")
    assert countries(ev.source) == {"TCD"} and countries(ev.target) == {"SDN"}


# --------------------------------------------------------------------------- speech acts (issue 13)

def test_calling_an_act_a_crime_accuses_its_doer_not_codes_the_act() -> None:
    events = events_of("Hassan Nasrallah called the assassination of Qassem Soleimani by the "
                       "United States a clear, blatant crime.")
    ev = only(events, "ACCUSE")
    assert names(ev.source) == ["Hassan Nasrallah"] and names(ev.target) == ["United States"]
    assert ev.modality == "occurred"
    assert not [e for e in events if e.type == "ASSAULT"]  # the speech act, not its content


def test_saying_someones_arguments_were_nonsensical_is_an_accusation() -> None:
    ev = only(events_of("Carrie Cordero said that Dershowitz's arguments were nonsensical."),
              "ACCUSE")
    assert names(ev.source) == ["Carrie Cordero"] and names(ev.target) == ["Alan Dershowitz"]


def test_naming_someone_is_no_phone_call_and_no_event() -> None:
    assert not events_of("Trump called Bowser a veteran of city politics.")
    ev = only(events_of("President Trump has called Bowser incompetent."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])


def test_a_judgement_of_no_actor_is_no_event() -> None:
    assert not [e for e in events_of("Trump said the disruption of daily life might be severe.")
                if e.type == "ACCUSE"]


def test_attacks_between_politicians_are_words() -> None:
    ev = only(events_of("Trump attacked Bowser on Friday."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])
    assert ev.mode == "disapprove"
    ev = only(events_of("Trump attacked the World Health Organization on Friday."), "ACCUSE")
    assert names(ev.target) == ["World Health Organization"]
    ev = only(events_of("Turkish forces attacked Iraqi troops on Monday."), "ASSAULT")
    assert names(ev.target) == ["Iraq"]


def test_releasing_a_statement_is_no_retreat() -> None:
    assert not [e for e in events_of("Trump released a statement on Monday.")
                if e.type == "RETREAT"]
    assert not [e for e in events_of("Trump criticized the release of a 2014 study.")
                if e.type == "RETREAT"]
    ev = only(events_of("Israel released 20 prisoners on Monday."), "RETREAT")
    assert names(ev.source) == ["Israel"]


def test_blocking_or_voting_against_a_measure_is_a_rejection() -> None:
    ev = only(events_of("Republicans blocked the bill on Thursday."), "REJECT")
    assert names(ev.source) == ["Republican Party"]
    ev = only(events_of("Republicans voted against the bill on Thursday."), "REJECT")
    assert names(ev.source) == ["Republican Party"]
    ev = only(events_of("Republicans opposed a demand from Democrats."), "REJECT")
    assert names(ev.target) == ["Democratic Party"]


def test_no_self_dyad_for_a_country_that_refuses() -> None:
    """A statement by a country is not aimed at itself; material domestic acts keep the
    CAMEO reading (a curfew by China's government aimed at China)."""
    ev = only(events_of("Regulators complained about China's refusal to grant access to "
                        "audit records."), "REJECT")
    assert names(ev.source) == ["China"] and names(ev.target) == []


def test_no_fill_makes_a_bare_country_act_on_itself() -> None:
    """A country named as a bare side is not made its own target or doer by the domestic
    fill; its police (a body with a sector) still acts at home, as CAMEO codes it."""
    ev = only(events_of("Rwanda imposed a curfew on Monday."), "COERCE")
    assert names(ev.source) == ["Rwanda"] and names(ev.target) == []
    ev = only(events_of("Rwanda's police arrested dozens on Monday."), "COERCE")
    assert names(ev.target) == ["Rwanda"]


def test_a_group_in_a_city_is_the_group_not_the_city() -> None:
    ev = only(pipeline_events("Protesters in Minneapolis demanded that Governor Tim Walz "
                              "resign."), "REQUEST")
    assert names(ev.source) == ["Protesters"] and countries(ev.source) == {"USA"}
    assert not [e for e in pipeline_events("Protesters in Minneapolis demanded that Governor "
                                           "Tim Walz resign.") if e.type == "RETREAT"]


# --------------------------------------------------------------------------- candidates (issue 13)

def test_claiming_that_someone_did_wrong_is_an_accusation() -> None:
    ev = only(events_of("Carrie Cordero claimed that Dershowitz had tried to mislead the "
                        "senators."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Carrie Cordero"], ["Alan Dershowitz"])
    ev = only(events_of("Carrie Cordero suggested that Dershowitz was trying to exploit the "
                        "crisis."), "ACCUSE")
    assert names(ev.target) == ["Alan Dershowitz"]
    assert not [e for e in events_of("Carrie Cordero claimed that Dershowitz had visited "
                                     "the senators.") if e.type == "ACCUSE"]


def test_a_statement_criticizing_someone_is_its_authors_act() -> None:
    ev = only(events_of("Dershowitz issued a statement criticizing Trump."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Alan Dershowitz"], ["Donald Trump"])


def test_ordering_a_closure_is_the_coercion_not_a_request() -> None:
    events = events_of("Bowser ordered all bars closed on Friday.")
    ev = only(events, "COERCE")
    assert names(ev.source) == ["Muriel Bowser"]
    assert not [e for e in events if e.type == "REQUEST"]


def test_endorsements_won_from_several_actors_are_their_acts() -> None:
    events = [e for e in events_of("Trump won endorsements from Republicans and Democrats.")
              if e.type == "SUPPORT"]
    assert sorted(names(e.source)[0] for e in events) == ["Democratic Party",
                                                          "Republican Party"]
    assert all(names(e.target) == ["Donald Trump"] for e in events)


def test_several_actors_on_one_side_are_several_events_but_a_meeting_is_one() -> None:
    events = [e for e in events_of("Republicans and Democrats criticized Trump.")
              if e.type == "ACCUSE"]
    assert sorted(names(e.source)[0] for e in events) == ["Democratic Party",
                                                          "Republican Party"]
    ev = only(events_of("Yellen, Raimondo and Kerry will visit China."), "CONSULT")
    assert len(ev.source) == 3


def test_one_event_per_act_the_reading_the_model_is_surest_of() -> None:
    """Readings of one trigger in one sentence whose sides overlap (a whole side and one of
    its actors, another type) are one act: the one with the lowest P(none) stays."""
    from wirewatch.analyze.events import one_per_act

    said = Evidence("Ruritania and Freedonia expelled the envoys of Sylvania.", 0, 56)
    later = Evidence("Freedonia expelled the envoys of Sylvania again.", 57, 106)
    rur, fre, syl = ActorRef("Ruritania"), ActorRef("Freedonia"), ActorRef("Sylvania")
    whole = Event("COERCE", [rur, fre], [syl], said)
    split = Event("COERCE", [fre], [syl], said)
    retyped = Event("SANCTION", [rur, fre], [syl], said)
    apart = Event("COERCE", [ActorRef("Osterlich")], [ActorRef("Grand Fenwick")], said)
    again = Event("COERCE", [fre], [syl], later)
    events = [whole, split, retyped, apart, again]
    assert one_per_act(events, [3] * 5, [0.3, 0.2, 0.4, 0.5, 0.1]) == [1, 3, 4]
    assert one_per_act([whole, split], [1, 2], [0.3, 0.2]) == [0, 1]  # two triggers
    no_target = Event("COERCE", [rur], [], said)  # a side left empty overlaps any
    assert one_per_act([whole, no_target], [3, 3], [0.3, 0.2]) == [1]


def test_allowing_reopening_is_a_concession_with_no_filled_target() -> None:
    events = events_of("Bowser allowed restaurants to reopen on Friday.")
    ev = only(events, "CONCEDE")
    assert names(ev.source) == ["Muriel Bowser"] and ev.target == []
    assert not [e for e in events if e.type == "RETREAT"]


def test_dropping_charges_is_a_concession() -> None:
    ev = only(events_of("The Justice Department dropped charges against Dershowitz."),
              "CONCEDE")
    assert names(ev.target) == ["Alan Dershowitz"]


def test_an_act_with_no_named_target_keeps_no_target() -> None:
    """The article's country is not filled in where the sentence names no actor or country:
    the conventions code what the text says (a sentence's own place still fills, CAMEO-style)."""
    events = events_of("Officials in Texas, Ohio and Florida met on Monday. Trump criticized "
                       "the new recommendations.")
    # no one named to accuse, and no country filled in: no accusation to code (issue 13)
    assert not [e for e in events if e.type == "ACCUSE"]
    assert not events_of("Trump said the decision was shameful.")
    ev = only(events_of("Protesters marched in Chicago on Friday."), "PROTEST")
    assert countries(ev.target) == {"USA"}


def test_a_donation_appeal_and_a_clash_of_politicians() -> None:
    assert not events_of("Please consider making a contribution to our newsroom today.")
    ev = only(events_of("Trump clashed with Bowser over the parade."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])


def test_firing_a_person_is_a_dismissal_not_gunfire() -> None:
    ev = only(events_of("Trump fired Bowser in February."), "SANCTION")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])
    ev = only(events_of("Turkish forces fired on Iraqi troops."), "ASSAULT")
    assert names(ev.target) == ["Iraq"]


def test_saying_someone_is_good_is_praise_but_a_good_day_is_nothing() -> None:
    ev = only(events_of("Trump said Bowser was a great mayor."), "SUPPORT")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])
    assert not events_of("Trump said it was a great day.")


def test_the_author_of_what_is_acted_on_is_the_target() -> None:
    ev = only(events_of("Bowser banned a parade organized by Republicans."), "COERCE")
    assert (names(ev.source), names(ev.target)) == (["Muriel Bowser"], ["Republican Party"])


def test_meeting_unnamed_officials_on_a_visit_is_that_visit() -> None:
    """One event, one record: the meeting with described hosts of the destination, said in
    the visit's sentence, is the visit's programme; a named host or another sentence's
    meeting is an event of its own."""
    from wirewatch.analyze.events import _fold_meetings_into_visits

    said = Evidence("Blinken is set to visit Kenya and meet with senior officials.", 0, 61)
    blinken, kenya = ActorRef("Antony Blinken", "USA", "GOV"), ActorRef("Kenya", "KEN")

    def meet(target: ActorRef, evidence: Evidence = said) -> Event:
        return Event("CONSULT", [blinken], [target], evidence, mode="meet")

    visit = Event("CONSULT", [blinken], [kenya], said, mode="visit")
    found = [(visit, None, []), (meet(ActorRef("senior officials", "KEN", "GOV")), None, []),
             (meet(ActorRef("William Ruto", "KEN", "GOV")), None, []),
             (meet(ActorRef("senior officials", "KEN", "GOV"), Evidence("Later.", 70, 76)),
              None, [])]
    kept = _fold_meetings_into_visits(found)  # type: ignore[arg-type]
    assert [(e.mode, e.target[0].name, e.evidence.start) for e, _t, _f in kept] == [
        ("visit", "Kenya", 0), ("meet", "William Ruto", 0), ("meet", "senior officials", 70)]


# --------------------------------------------------------------------------- precision (issue 13)

def candidates_of(text: str) -> list[tuple[Event, list[str]]]:
    """The rules' candidates of `text` with the features the learned model sees."""
    from wirewatch.analyze.events import EventsComponent

    nlp = unit_nlp()
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    doc._.ww_published = PUBLISHED
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    doc._.ww_entities = hand_entities(text)
    return EventsComponent("rules", keep_candidates=True)(doc)._.ww_event_candidates


def test_a_question_reports_no_act() -> None:
    assert not events_of("Will Russia attack Ukraine again this winter?")
    assert not events_of('Trump asked: "Why did Bowser criticize the Justice Department?"')
    assert only(events_of("Russia attacked Ukraine again on Monday."), "ASSAULT")


def test_according_to_is_an_attribution_not_cooperation() -> None:
    events = events_of("Turkish forces attacked Iraqi troops, according to the Justice "
                       "Department.")
    assert only(events, "ASSAULT")
    assert not [e for e in events if e.type == "COOPERATE"]


def test_an_act_needs_a_doer_and_an_act_towards_someone_a_target() -> None:
    """No named doer, or an accusation or praise aimed at no one named: nothing to code; a
    deployment or a protest may go without a target."""
    assert not events_of("The senators were harshly criticized on Monday.")
    assert not [e for e in events_of("Bowser praised the new recommendations.")
                if e.type == "SUPPORT"]
    ev = only(events_of("Bowser praised Trump on Friday."), "SUPPORT")
    assert names(ev.target) == ["Donald Trump"]
    assert only(events_of("Protesters marched in Chicago on Friday."), "PROTEST")


def test_commentary_signs_are_features_for_the_model() -> None:
    feats = {f for _e, fs in candidates_of("We think Trump could attack Bowser.") for f in fs}
    assert {"voice=first", "clause_modal=could"} <= feats
    feats = {f for _e, fs in candidates_of("Many Republicans criticized Trump on Monday.")
             for f in fs}
    assert "src_generic" in feats and "date_prec=day" in feats
    feats = {f for _e, fs in candidates_of('"We will attack Bowser," Trump said.') for f in fs}
    assert "voice=first" not in feats  # inside the quotation marks: the speaker's words


def test_accepting_demands_is_a_concession_accepting_an_offer_an_agreement() -> None:
    ev = only(events_of("Israel accepted the demands of China on Monday."), "CONCEDE")
    assert names(ev.source) == ["Israel"]
    assert not [e for e in events_of("Israel accepted the conditions on Monday.")
                if e.type == "AGREE"]
    assert only(events_of("Israel accepted an offer from China on Monday."), "AGREE")
    ev = only(events_of("Israel accepted new demands from China on Monday."), "REQUEST")
    assert names(ev.source) == ["China"]  # the demand's "from" is who demands


def test_a_relative_pronoun_stands_for_the_noun_it_follows() -> None:
    ev = only(events_of("Bowser, whom Trump criticized on Friday, resigned."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])
    ev = only(events_of("Bowser, who criticized Trump on Friday, resigned."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Muriel Bowser"], ["Donald Trump"])


def test_a_surname_only_coreference_linked_is_an_actor() -> None:
    """The entity model tagged "Maria Hale" once; coreference found the bare "Hale" later."""
    from wirewatch.analyze.coref import Chain, Coref, CorefMention
    from wirewatch.analyze.events import EventsComponent

    text = "Senator Maria Hale spoke on Monday. Later Hale slammed Trump over the new rules."
    nlp = unit_nlp()
    doc = nlp.make_doc(text)
    doc._.ww_zone, doc._.ww_published = "body", PUBLISHED
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    hale = Entity(id="hale", name="Maria Hale", type="PERSON", country="USA", sector="LEG")
    first, later = text.index("Maria Hale"), text.index("Hale slammed")
    hale.mentions.append(Mention("Maria Hale", first, first + len("Maria Hale")))
    doc._.ww_entities = [hale, *hand_entities(text)]
    doc._.ww_coref = Coref([Chain("Maria Hale", hale, "PERSON", mentions=[
        CorefMention(first, first + len("Maria Hale"), "name"),
        CorefMention(later, later + len("Hale"), "name")])])
    ev = only(EventsComponent("rules")(doc)._.ww_events, "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Maria Hale"], ["Donald Trump"])


def test_named_members_of_a_class_and_partners_are_the_actors() -> None:
    """"Countries such as X and Y", "Democrats like X", "along with X": the named actors act
    (one event for the side, one per further actor), not the class."""
    events = events_of("Several countries, such as Russia and China, condemned Israel.")
    assert [names(e.source) for e in events if e.type == "ACCUSE"] == [["Russia", "China"],
                                                                       ["China"]]
    ev = only(events_of("Groups including the World Health Organization condemned Israel."),
              "ACCUSE")
    assert names(ev.source) == ["World Health Organization"]
    ev = only(events_of("Democrats like Kerry and Bowser urged Trump to resign."), "REQUEST")
    assert names(ev.source) == ["John Kerry", "Muriel Bowser"]
    ev = only(events_of("Russia, along with China, condemned Israel."), "ACCUSE")
    assert names(ev.source) == ["Russia", "China"] and names(ev.target) == ["Israel"]
    # the ministers of two countries meet each other, not the city they meet in
    ev = only(events_of("The foreign ministers of Serbia and Kosovo met in Brussels."),
              "CONSULT")
    assert (names(ev.source), names(ev.target)) == (["Serbia"], ["Kosovo"])


def test_the_author_of_a_letter_or_statement_is_the_doer() -> None:
    ev = only(events_of("A letter signed by Kerry urged Bowser to resign."), "REQUEST")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Muriel Bowser"])
    ev = only(events_of("Israel's decision was condemned in a statement by Russia."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Russia"], ["Israel"])
    ev = only(events_of("A lawsuit against Trump was filed by Democrats."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Democratic Party"], ["Donald Trump"])


def test_the_members_of_a_partitive_and_the_receiver_of_aid() -> None:
    ev = only(events_of("A coalition of protesters urged Trump to resign."), "REQUEST")
    assert names(ev.source) == ["protesters"] and names(ev.target) == ["Donald Trump"]
    ev = only(events_of("China sent doctors and equipment to Israel."), "AID")
    assert (names(ev.source), names(ev.target)) == (["China"], ["Israel"])


def test_a_name_right_before_a_verb_the_parser_left_subjectless_is_its_subject() -> None:
    """The small parser sometimes hangs "X and Y have been condemning Z" on an earlier phrase
    and leaves the verb without a subject (a parse built by hand here, as the parser makes
    it); the names just before the verb and its auxiliaries are its subject."""
    from wirewatch.analyze.events import EventsComponent

    words = ["Prices", "rose", "in", "spring", "and", "Russia", "and", "China", "have", "been",
             "condemning", "Israel", "."]
    doc = Doc(unit_nlp().vocab, words=words,
              heads=[1, 1, 1, 2, 3, 3, 5, 5, 10, 10, 1, 10, 1],
              deps=["nsubj", "ROOT", "prep", "pobj", "cc", "conj", "cc", "conj", "aux", "aux",
                    "conj", "dobj", "punct"],
              pos=["NOUN", "VERB", "ADP", "NOUN", "CCONJ", "PROPN", "CCONJ", "PROPN", "AUX",
                   "AUX", "VERB", "PROPN", "PUNCT"],
              tags=["NNS", "VBD", "IN", "NN", "CC", "NNP", "CC", "NNP", "VBP", "VBN", "VBG",
                    "NNP", "."],
              lemmas=["price", "rise", "in", "spring", "and", "Russia", "and", "China", "have",
                      "be", "condemn", "Israel", "."])
    doc._.ww_zone, doc._.ww_published = "body", PUBLISHED
    doc._.ww_entities = hand_entities(doc.text)
    ev = only(EventsComponent("rules")(doc)._.ww_events, "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Russia", "China"], ["Israel"])


def test_judging_an_act_told_before_accuses_its_doer() -> None:
    """"Called the decision a disgrace": whose decision the text told just before."""
    events = events_of("Israel closed the border crossing on Monday. Kerry called the "
                       "decision a disgrace.")
    ev = only(events, "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Israel"])
    ev = only(events_of("Russia attacked Ukraine. Bowser said the move was outrageous."),
              "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Muriel Bowser"], ["Russia"])
    assert not events_of("Kerry called the weather a disgrace.")  # no act told: no one


def test_asking_a_question_is_no_request() -> None:
    assert not events_of("Kerry asked Bowser whether the talks would resume.")
    assert not events_of("Kerry asked Bowser about the talks on Monday.")
    ev = only(events_of("Kerry asked Bowser to resign."), "REQUEST")
    assert names(ev.target) == ["Muriel Bowser"]
    ev = only(events_of("Kerry asked Russia for aid."), "REQUEST")
    assert names(ev.target) == ["Russia"]


def test_an_office_named_by_its_title_is_an_actor() -> None:
    ev = only(events_of("Kerry called on the prime minister to resign."), "REQUEST")
    assert names(ev.source) == ["John Kerry"] and names(ev.target) == ["prime minister"]

    # an office in the possessive ("the minister's visit") is the country's, not an actor of
    # its own: the cancelled visit keeps its country and so merges with the plan it ends
    ev = only(events_of("Japan cancelled the foreign minister's visit to Peru."), "CONSULT")
    assert names(ev.source) == ["Japan"] and ev.modality == "cancelled"


def test_a_view_of_what_people_should_do_asks_no_one() -> None:
    assert not events_of("Kerry said people should stay home this winter.")
    assert not events_of("Kerry said such aid should be provided quickly.")
    ev = only(events_of("Kerry said Russia should withdraw its troops."), "REQUEST")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Russia"])


def test_what_someone_should_or_might_do_is_no_act() -> None:
    assert not events_of("Russia should attack Ukraine.")
    assert not events_of("Russia might visit Ukraine next year.")
    events = events_of("Kerry said Russia must stop attacking Ukraine.")
    assert not [e for e in events if e.type == "ASSAULT"]
    assert only(events, "REQUEST")
    assert only(events_of("Russia could attack Ukraine."), "ASSAULT").modality == "possible"


def test_words_of_attack_the_lexicon_reads_as_accusations() -> None:
    for text in ("Bowser railed against Trump on Friday.",
                 "Bowser took aim at Trump over the budget.",
                 "Bowser took issue with Trump's remarks.",
                 "Bowser called out Trump for his silence.",
                 "Bowser fired back at Trump on Friday.",
                 "Trump shouted at Bowser for an hour."):
        ev = only(events_of(text), "ACCUSE")
        assert {*names(ev.source), *names(ev.target)} == {"Muriel Bowser", "Donald Trump"}
    # a word of blame the tone lexicon lacks, in what a speaker says of an actor
    ev = only(events_of("Kerry said Trump was complicit in the scheme."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Donald Trump"])


def test_removing_a_person_or_expelling_diplomats_is_a_sanction() -> None:
    ev = only(events_of("Kerry removed Bowser from office."), "SANCTION")
    assert names(ev.target) == ["Muriel Bowser"]
    assert only(events_of("Bowser removed the restrictions on Monday."), "CONCEDE")
    ev = only(events_of("Russia kicked out Chinese diplomats."), "SANCTION")
    assert (names(ev.source), names(ev.target)) == (["Russia"], ["China"])


def test_signing_a_deal_is_the_agreement_and_campaigning_for_is_support() -> None:
    events = events_of("Russia signed a trade deal with China.")
    assert only(events, "AGREE") and not [e for e in events if e.type == "SUPPORT"]
    ev = only(events_of("Democrats campaigned for Kerry in Ohio."), "SUPPORT")
    assert names(ev.target) == ["John Kerry"]


def test_discussions_troops_called_up_and_encouragement() -> None:
    ev = only(events_of("Kerry participated in a discussion with Bowser."), "CONSULT")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Muriel Bowser"])
    ev = only(events_of("Trump activated 500 National Guard troops."), "MOBILIZE")
    assert names(ev.source) == ["Donald Trump"]
    ev = only(events_of("Kerry encouraged Bowser to investigate Russia."), "REQUEST")
    assert names(ev.target) == ["Muriel Bowser"]


def test_a_day_after_on_is_no_call_on() -> None:
    """"Called X on Friday" is a phone call, not the "call on X to …" of a request."""
    assert not [e for e in events_of("Israel called China on Friday.") if e.type == "REQUEST"]
    ev = only(events_of("Israel called on China to release the prisoners."), "REQUEST")
    assert names(ev.target) == ["China"]


def test_words_sent_are_their_act_and_a_letter_sent_is_no_aid() -> None:
    """A verb of giving whose object is words ("sent a plea", "delivered a warning") codes
    the words' act from the giver to the receiver; a letter or a speech given is no AID (what
    it urges is coded by its own words)."""
    ev = only(events_of("Kerry sent an urgent plea to Bowser."), "REQUEST")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Muriel Bowser"])
    events = events_of("China sent a warning to Russia.")
    assert only(events, "THREATEN") and not [e for e in events if e.type == "AID"]
    events = events_of("Trump sent a letter to Bowser urging her to resign.")
    assert only(events, "REQUEST") and not [e for e in events if e.type == "AID"]
    assert not events_of("Democrats sent a letter to Trump.")
    assert not events_of("Trump gave a speech to Republicans.")
    assert only(events_of("China sent aid to Ukraine."), "AID")


def test_pleading_guilty_is_no_plea() -> None:
    assert not events_of("Kerry pleaded guilty to fraud.")
    assert not events_of("Kerry pleaded not guilty on Monday.")
    ev = only(events_of("Kerry pleaded with Trump for help."), "REQUEST")
    assert names(ev.target) == ["Donald Trump"]


def test_blocking_by_a_party_is_a_rejection_and_by_protesters_a_protest() -> None:
    assert only(events_of("Republicans blocked the increase that Democrats had demanded."),
                "REJECT")
    events = events_of("Protesters blocked a road in Kosovo.")
    assert only(events, "PROTEST") and not [e for e in events if e.type == "REJECT"]


def test_attacks_exchanged_are_words_between_the_two() -> None:
    ev = only(events_of("Democrats and Republicans exchanged attacks."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Democratic Party"], ["Republican Party"])
    ev = only(events_of("Trump and Bowser exchanged accusations on Monday."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Muriel Bowser"])
    assert only(events_of("Russia and Ukraine exchanged prisoners."), "COOPERATE")


def test_alleging_a_hostile_act_is_an_accusation() -> None:
    """What an allegation tells of is not reported as done: "claimed that X imposed ..." is
    ACCUSE by the claimant against X, but claiming one's own deed is no accusation."""
    events = events_of("Kerry claimed that Russia imposed the tax to destroy the company.")
    ev = only(events, "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Russia"])
    assert not [e for e in events if e.type == "COERCE"]
    ev = only(events_of("Kerry claims that Trump refused to stop the fraud."), "ACCUSE")
    assert names(ev.target) == ["Donald Trump"]
    events = events_of("Russia claimed it shot down a Ukrainian drone.")
    assert only(events, "ASSAULT") and not [e for e in events if e.type == "ACCUSE"]
    assert not [e for e in events_of("Kerry claimed that Russia met China.")
                if e.type == "ACCUSE"]


def test_a_plural_noun_asked_to_act_is_the_target_of_the_request() -> None:
    """"Urged graduates to vote", "called on rich nations to fund": whom a request asks to act
    is its target, though neither a name nor a group word of the agents dictionary says so;
    what is asked for ("called for lockdowns to end") is no one."""
    ev = only(events_of("Bowser urged graduates to vote in November."), "REQUEST")
    assert names(ev.source) == ["Muriel Bowser"] and names(ev.target) == ["graduates"]
    assert ev.target[0].sector == "CVL"
    ev = only(events_of("Kerry called on rich nations to fund the vaccine plan."), "REQUEST")
    assert names(ev.target) == ["rich nations"]
    ev = only(events_of("Kerry appealed to other donors to contribute."), "REQUEST")
    assert names(ev.target) == ["other donors"]
    assert not only(events_of("Trump called for lockdowns to end."), "REQUEST").target


def test_first_person_in_a_direct_quote_is_its_speaker() -> None:
    """"'We call on X to ...,' Y tweeted": Y asks; outside a quote "we" is nobody."""
    text = '"We call on Bowser to resign today," Dershowitz wrote on Monday.'
    quote = Quote(text="We call on Bowser to resign today,", speaker="Alan Dershowitz",
                  kind="direct", start=1, end=35)
    ev = only(events_of(text, quotes=[quote]), "REQUEST")
    assert (names(ev.source), names(ev.target)) == (["Alan Dershowitz"], ["Muriel Bowser"])
    assert not [e for e in events_of("We call on Bowser to resign today.")
                if e.type == "REQUEST"]


def test_a_trigger_that_heads_its_sentence_is_not_its_own_modality_cue() -> None:
    """"Kenya denied the Ugandan claims" is a rejection that happened, not a denied one: the
    walk up the parse stops at the sentence's root (spaCy makes a new Token on every `.head`,
    so an identity test never saw the root)."""
    ev = only(events_of("Kenya denied the Ugandan claims."), "REJECT")
    assert ev.modality == "occurred"


def test_a_vow_of_a_hostile_act_is_a_threat() -> None:
    """"Vowed to attack X" states hostile intent: THREATEN (PLOVER), not AGREE; a vow to oppose
    is a refusal; a vow not to attack, or of a mere cut, stays a promise."""
    events = events_of("Trump vowed to attack China.")
    ev = only(events, "THREATEN")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["China"])
    assert not [e for e in events if e.type in ("AGREE", "ASSAULT")]
    assert only(events_of("Republicans pledged to oppose the bill."), "REJECT")
    assert only(events_of("Trump pledged never to attack Kerry."), "AGREE")
    events = events_of("Trump promised to cut taxes for Democrats.")
    assert only(events, "AGREE") and not [e for e in events if e.type == "THREATEN"]


def test_wanting_another_actor_to_act_is_a_request() -> None:
    """"Wants X to extradite Y" asks X (the guide's "want the government to withdraw"); "wants
    to attack" is the actor's own plan."""
    events = events_of("Russia wants China to extradite Kerry.")
    ev = only(events, "REQUEST")
    assert (names(ev.source), names(ev.target)) == (["Russia"], ["China"])
    assert not [e for e in events if e.type == "COOPERATE"]
    events = events_of("Russia wants to attack China.")
    assert only(events, "ASSAULT").modality == "planned"
    assert not [e for e in events if e.type == "REQUEST"]


def test_a_call_for_something_is_a_request_though_no_one_is_named() -> None:
    """"Repeated his call for a pause" is a REQUEST by its caller ("called for urgent action"
    with no one asked: target null); "a call to X" stays a phone call."""
    ev = only(events_of("Kerry repeated his call for a pause."), "REQUEST")
    assert names(ev.source) == ["John Kerry"]
    ev = only(events_of("Trump made a call to Kerry."), "CONSULT")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["John Kerry"])


def test_judging_an_act_named_by_a_noun_is_aimed_at_its_doer() -> None:
    """"Welcomed the move", "criticised the decision": the act judged is the one just told, and
    its doer is the target."""
    ev = only(events_of("Trump met Kerry on Monday. Democrats welcomed the move."), "SUPPORT")
    assert (names(ev.source), names(ev.target)) == (["Democratic Party"], ["Donald Trump"])
    ev = only(events_of("Russia sanctioned Ukraine. Kerry criticised the decision."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Russia"])
    assert not [e for e in events_of("Kerry welcomed the move.") if e.type == "SUPPORT"]


def test_attacking_a_policy_is_words_not_force() -> None:
    """"Attacked the decision", "an attack on the cost of X's system": ACCUSE, whoever speaks;
    an attack on an army stays ASSAULT."""
    events = events_of("Trump attacked the decision by Russia.")
    ev = only(events, "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Donald Trump"], ["Russia"])
    assert not [e for e in events if e.type == "ASSAULT"]
    assert only(events_of("Kerry has launched an attack on the cost of the Chinese system."),
                "ACCUSE")
    assert only(events_of("Russia attacked the Ukrainian army."), "ASSAULT")


def test_lexicon_gaps_of_the_widened_train_split() -> None:
    """Triggers mined from the train split's missed gold events: "hit out at" (ACCUSE), "shrugged
    off claims from X" (REJECT of X), a purchase or takeover between firms (AGREE, the guide's
    business decisions)."""
    ev = only(events_of("Kerry has hit out at Trump."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Donald Trump"])
    ev = only(events_of("Kerry shrugged off claims from Trump."), "REJECT")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Donald Trump"])
    ev = only(events_of("Acme Foods is to buy rival Borealis Bank for $2bn."), "AGREE")
    assert (names(ev.source), names(ev.target)) == (["Acme Foods"], ["Borealis Bank"])
    ev = only(events_of("Acme Foods launched a takeover of Borealis Bank."), "AGREE")
    assert (names(ev.source), names(ev.target)) == (["Acme Foods"], ["Borealis Bank"])


def test_a_court_ruling_is_its_rejection_of_the_losing_side() -> None:
    """The guide's courts: a ruling against a party is REJECT by the court; whom the ruled
    clause blames loses, whom it favours does not, and no one but a court "rules" so."""
    ev = only(events_of("The High Court ruled that Trump had broken the law."), "REJECT")
    assert (names(ev.source), names(ev.target)) == (["High Court"], ["Donald Trump"])
    assert not only(events_of("The High Court ruled in favour of Kerry."), "REJECT").target
    assert not [e for e in events_of("Trump ruled the country for ten years.")
                if e.type == "REJECT"]


def test_a_warning_of_harm_from_another_is_blame_not_a_threat() -> None:
    """"Warned that X's plans would cripple small firms" blames X (ACCUSE); a warning of the
    speaker's own act, of a conflict act or with a condition stays THREATEN."""
    ev = only(events_of("Kerry warned that Trump's plans would cripple small firms."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Donald Trump"])
    assert only(events_of("Russia warned it would attack Ukraine."), "THREATEN")
    assert only(events_of("Russia warned Ukraine that sanctions were coming."), "THREATEN")


def test_judgements_without_a_vader_word_of_blame() -> None:
    """Speech judgements the tone lexicon alone misses: a word of blame that is also an event
    word ("an abuse of power"), a negated good word ("unjustified", "unambitious"), a
    `censure` word ("unworkable"), "branded X a waste" parsed as X's object, and a judged act
    with a plain modifier ("the new target") whose doer was told before."""
    for text in ("Kerry called Yellen's plan an abuse of power.",
                 "Kerry called Yellen's rebate unjustified.",
                 "Kerry said Yellen's scheme was unworkable.",
                 "Kerry branded the Yellen scheme a waste of money."):
        ev = only(events_of(text), "ACCUSE")
        assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"]), text
    ev = only(events_of("Yellen unveiled new goals on Monday. Kerry called the new target "
                        "unambitious."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"])
    assert not [e for e in events_of("Kerry called Yellen's help invaluable.")
                if e.type == "ACCUSE"]  # beyond value, not without it


def test_passive_judgements_aim_at_the_owner_or_the_doer() -> None:
    """"Her call was backed by X", "the decision was criticised by X": X judges the owner of
    what is judged, or the doer of the act told just before."""
    ev = only(events_of("Yellen made a proposal. Her call was backed by Kerry."), "SUPPORT")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"])
    ev = only(events_of("Yellen imposed new tariffs on Monday. The decision was criticised "
                        "by Kerry."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"])
    ev = only(events_of("Yellen unveiled new rules on Monday. Kerry backed the control "
                        "orders."), "SUPPORT")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"])


def test_said_right_to_act_is_support() -> None:
    """"Said the army was right to rename the forts" approves of the army's act (SUPPORT);
    "said it was right to ..." judges no actor."""
    ev = only(events_of("Kerry said Yellen was right to raise the rates."), "SUPPORT")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"])
    assert not [e for e in events_of("Kerry said it was right to raise the rates.")
                if e.type == "SUPPORT"]


def test_a_judged_deed_looks_back_four_sentences_for_its_doer() -> None:
    """"Called the decision a disgrace" blames the doer of the act told up to four sentences
    before, and no one's further back."""
    told = "Yellen imposed new tariffs on Monday. The weather was cold. It rained all day. " \
        "Few people went out. "
    ev = only(events_of(told + "Kerry called the decision a disgrace."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Janet Yellen"])
    assert not [e for e in events_of(told + "The streets were empty. Snow fell. Kerry called "
                                     "the decision a disgrace.") if e.type == "ACCUSE"]


def _dyad(text: str, type_: str) -> tuple[list[str], list[str]]:
    ev = only(events_of(text), type_)
    return names(ev.source), names(ev.target)


def test_acts_and_decisions_the_lexicon_lacked() -> None:
    """Deeds mined from the train split's missed gold events (issue 13, third round): sacking,
    deselecting, fining (a past "-ed" verb the lemmatizer misreads is read from its spelling),
    revoking and penalties are SANCTION; a clampdown and a stay-at-home order are COERCE;
    resisting calls or pressure is REJECT; cancelling or writing off debts is AID; taking to
    the streets is PROTEST; applying or filing for something with a named body is a REQUEST."""
    assert _dyad("Acme Foods sacked Bowser in May.", "SANCTION") == \
        (["Acme Foods"], ["Muriel Bowser"])
    assert _dyad("Republicans deselected Bowser last year.", "SANCTION") == \
        (["Republican Party"], ["Muriel Bowser"])
    assert _dyad("The Justice Department fined Borealis Bank 5m dollars.", "SANCTION") == \
        (["United States Department of Justice"], ["Borealis Bank"])
    assert _dyad("The Justice Department revoked contracts awarded to Borealis Bank.",
                 "SANCTION") == (["United States Department of Justice"], ["Borealis Bank"])
    assert _dyad("The Justice Department imposed penalties on Borealis Bank.", "SANCTION") == \
        (["United States Department of Justice"], ["Borealis Bank"])
    assert _dyad("Israel clamped down on Rwanda.", "COERCE") == (["Israel"], ["Rwanda"])
    ev = only(events_of("Bowser issued a stay-at-home order on Monday."), "COERCE")
    assert (names(ev.source), names(ev.target)) == (["Muriel Bowser"], [])
    assert not [e for e in events_of("Bowser issued a stay-at-home order on Monday.")
                if e.type == "REQUEST"]
    assert only(events_of("Bowser lifted the shelter-in-place order."), "CONCEDE")
    assert _dyad("Israel resisted pressure from Russia.", "REJECT") == (["Israel"], ["Russia"])
    assert only(events_of("Borealis Bank has resisted calls to publish the report."), "REJECT")
    assert _dyad("Russia wrote off Rwanda's debts.", "AID") == (["Russia"], ["Rwanda"])
    assert _dyad("Russia cancelled the debts of Rwanda.", "AID") == (["Russia"], ["Rwanda"])
    assert _dyad("Thousands of Democrats took to the streets of Washington to protest against "
                 "Trump.", "PROTEST") == (["Democratic Party"], ["Donald Trump"])
    assert not [e for e in events_of("Trump took to Twitter to attack Bowser.")
                if e.type == "PROTEST"]
    assert _dyad("Borealis Bank filed for bankruptcy protection in the High Court.",
                 "REQUEST") == (["Borealis Bank"], ["High Court"])
    assert _dyad("Acme Foods applied to the Justice Department for a licence.", "REQUEST") == \
        (["Acme Foods"], ["United States Department of Justice"])


def test_what_the_subject_undergoes_is_done_to_it() -> None:
    """"X faces sanctions from Y", "X has drawn criticism from Y", "X came under fire from Y"
    (`suffer` cues): Y acts, X is the target; with no doer named, no reversed event."""
    assert _dyad("Russia faces sanctions from the United States.", "SANCTION") == \
        (["United States"], ["Russia"])
    assert _dyad("Trump has drawn criticism from Republicans.", "ACCUSE") == \
        (["Republican Party"], ["Donald Trump"])
    assert _dyad("Acme Foods faced a probe by the Justice Department.", "ACCUSE") == \
        (["United States Department of Justice"], ["Acme Foods"])


def test_a_possessed_act_aimed_by_its_verb() -> None:
    """"Lent their backing to X", "threw its support behind X": the possessor acts and the
    verb's phrase names the target; "reiterated its support" is the support, no request."""
    assert _dyad("Acme Foods lent its backing to Bowser.", "SUPPORT") == \
        (["Acme Foods"], ["Muriel Bowser"])
    assert _dyad("Republicans threw their support behind Bowser.", "SUPPORT") == \
        (["Republican Party"], ["Muriel Bowser"])
    events = events_of("Acme Foods reiterated its support for Bowser's plans.")
    assert [e.type for e in events] == ["SUPPORT"]


def test_seeking_or_wanting_to_act_oneself_is_no_request() -> None:
    """"Sought to reassure X", "wants to change Y": what the subject tries or wishes to do
    itself asks no one (issue 13, thirteenth round); "sought aid from X" and "wants X to
    resign" still ask X."""
    assert not [e for e in events_of("Kerry sought to reassure Democrats on Monday.")
                if e.type == "REQUEST"]
    assert not [e for e in events_of("Trump met Kerry. Bowser wants to reform the police.")
                if e.type == "REQUEST"]
    ev = only(events_of("Kerry sought aid from Russia."), "REQUEST")
    assert names(ev.target) == ["Russia"]
    ev = only(events_of("Bowser wants Trump to resign."), "REQUEST")
    assert names(ev.target) == ["Donald Trump"]


def test_insisting_that_something_is_so_is_no_request() -> None:
    """"Insisted that the plan was fair" claims, it asks for nothing; "insisted on a vote"
    and "insisted that X resign" (a subjunctive) are requests."""
    assert not [e for e in events_of("Kerry insisted that Russia had kept its word.")
                if e.type == "REQUEST"]
    ev = only(events_of("Kerry insisted that Russia withdraw its troops."), "REQUEST")
    assert names(ev.target) == ["Russia"]


def test_a_photo_caption_codes_no_event() -> None:
    """Captions ("X, center, calls for ...", "In this image from video, ...") describe a
    picture, not news told."""
    assert not events_of("Bowser, center, calls for justice for Kerry outside the court.")
    assert not events_of("In this image from video, Trump criticizes Kerry in Washington.")


def test_what_someone_should_have_done_is_blame() -> None:
    """"Said X should have acted sooner" reproaches X for the past (ACCUSE); "said X should
    act" asks X (REQUEST)."""
    ev = only(events_of("Kerry said Russia should have withdrawn its troops sooner."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Russia"])
    ev = only(events_of("Kerry said Russia should withdraw its troops."), "REQUEST")
    assert names(ev.target) == ["Russia"]


def test_how_far_a_last_resort_target_lies_is_a_feature() -> None:
    """A target found deep in the trigger's phrase, across another clause, is mostly not the
    act's (issue 13, thirteenth round): the model sees the depth and the crossing."""
    feats = {f for e, fs in candidates_of(
        "Bowser has resisted calls to rename bases named after officers who fought against "
        "Russia in the war.") if e.type == "REJECT" for f in fs}
    assert {"fill=nearby", "near_clause=True", "near_depth=4"} <= feats


def test_a_wire_dateline_is_not_the_doer() -> None:
    """"BEIJING, China (AP) — U.S. Secretary of State John Kerry accused ...": the parser makes
    the dateline's city the subject and Kerry its apposition; Kerry acts, not China. With
    "SEATTLE (Reuters) - Bowser criticized ..." the city and Bowser are both subjects."""
    ev = only(events_of("BEIJING, China (AP) — U.S. Secretary of State John Kerry on Wednesday "
                        "accused Russia of using coercion against smaller nations."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["John Kerry"], ["Russia"])
    ev = only(events_of("SEATTLE (Reuters) - Bowser criticized Trump on Wednesday."), "ACCUSE")
    assert (names(ev.source), names(ev.target)) == (["Muriel Bowser"], ["Donald Trump"])


def test_an_act_told_in_a_clause_about_an_actor_is_a_feature() -> None:
    """"Bowser, who criticized Trump": an aside about an actor, which the model weighs apart
    from the act the sentence reports."""
    cands = candidates_of("Kerry praised Bowser, who criticized Trump on Monday.")
    accuse = {f for e, fs in cands if e.type == "ACCUSE" for f in fs}
    support = {f for e, fs in cands if e.type == "SUPPORT" for f in fs}
    assert {"in_relcl", "in_relcl_aside=True"} <= accuse
    assert "in_relcl" not in support
