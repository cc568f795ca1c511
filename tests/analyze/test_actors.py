"""Actors (ww_actors): country + sector → actor codes, from roles, data and the KB."""

from __future__ import annotations

from datetime import UTC, datetime

from wirewatch.analyze import analyze
from wirewatch.model import Analysis, Article, Section


def _analyze(text: str, kb: dict | None = None, when: datetime | None = None) -> Analysis:
    art = Article.build(sections=[Section(None, [text])], title="World news",
                        published_at=when or datetime(2023, 7, 3, tzinfo=UTC))
    return analyze(art, kb=kb)


def _by_name(analysis: Analysis) -> dict:
    return {e.name: e for e in analysis.entities}


def test_example_actor_codes(blinken_analysis: Analysis) -> None:
    codes = {e.name: e.code for e in blinken_analysis.entities}
    assert codes["Antony Blinken"] == "USAGOV"
    assert codes["Qin Gang"] == "CHNGOV"
    assert codes["Xi Jinping"] == "CHNGOV"
    assert codes["State Department"] == "USAGOV"
    assert codes["Asia-Pacific Economic Cooperation"] == "IGO"
    assert codes["CNN"].endswith("MED") and codes["Reuters"].endswith("MED")
    assert codes["China"] == "CHN" and codes["Taiwan"] == "TWN"


def test_every_entity_of_the_example_has_a_country_or_sector(blinken_analysis: Analysis) -> None:
    for e in blinken_analysis.entities:
        if e.type in ("PERSON", "ORG", "GPE"):
            assert e.code, e.name


def test_role_titles_give_country_and_sector() -> None:
    a = _by_name(_analyze(
        "Russian Defence Minister Sergei Shoigu met Gen. Valery Gerasimov in Moscow. "
        "Judge Amy Smith of the Supreme Court dismissed the case, and Senator Bob Jones "
        "criticised the Kenyan police chief Japhet Koome."))
    assert a["Sergei Shoigu"].code == "RUSGOV"
    assert a["Sergei Shoigu"].roles[0]["role"] == "Defence Minister"
    assert a["Valery Gerasimov"].sector == "MIL"
    assert a["Amy Smith"].sector == "JUD"
    assert a["Bob Jones"].sector == "LEG"
    assert a["Japhet Koome"].code == "KENCOP"


def test_appositive_role_after_name() -> None:
    a = _by_name(_analyze("Hakan Fidan, Turkey's foreign minister, said on Monday that talks "
                          "would continue."))
    assert a["Hakan Fidan"].code == "TURGOV"
    assert a["Hakan Fidan"].roles[0]["role"] == "Foreign Minister"


def test_organisations_from_data_and_keywords() -> None:
    a = _by_name(_analyze("NATO and the Kremlin traded accusations, Xinhua reported, while the "
                          "Ukrainian Navy said it had sunk a ship."))
    assert a["North Atlantic Treaty Organization"].sector == "IGO"
    assert a["Kremlin"].code == "RUSGOV"
    assert a["Xinhua"].code == "CHNMED"


def test_seed_knowledge_and_dates() -> None:
    a = _by_name(_analyze("Putin said the talks had failed."))
    assert a["Vladimir Putin"].code == "RUSGOV"
    assert a["Vladimir Putin"].roles[0]["role"] == "President"


def test_capital_metonym_vs_place() -> None:
    a = _analyze("Moscow denied the report. Talks were held in Moscow on Friday.")
    russia = _by_name(a)["Russia"]
    moscow = _by_name(a)["Moscow"]
    assert [m.start for m in russia.mentions] == [0]
    assert moscow.country == "RUS" and len(moscow.mentions) == 1


def test_us_titles_and_sectors_of_the_annotation_guide() -> None:
    when = datetime(2020, 5, 12, tzinfo=UTC)
    a = _by_name(_analyze(
        "Ohio Gov. Jane Marlow said the plan would help. Senate Majority Leader Tom Brisket "
        "disagreed, and House Intelligence Committee Chairman Paul Verrin called it a mistake. "
        "Democratic presidential candidate Ruth Calloway also criticised it, while former "
        "Defense Secretary Alan Pruett stayed silent.", when=when))
    assert (a["Jane Marlow"].country, a["Jane Marlow"].sector) == ("USA", "GOV")
    assert a["Tom Brisket"].sector == "LEG"
    assert a["Paul Verrin"].sector == "LEG"   # a committee chair legislates, no business
    assert a["Ruth Calloway"].sector == "PTY"
    # a former official (ELI while deciding) keeps the sector of the office he is known by:
    # the data model's sectors have no ELI (data/sectors.tsv)
    assert a["Alan Pruett"].sector == "GOV"


def test_office_takes_its_organisations_sector() -> None:
    a = _by_name(_analyze(
        "\"We will sue,\" said Dana Whitlow, president of the Harbor Policy Institute. "
        "Officers of the Dallas Police Department arrested him, said Kim Orr, a nurse.",
        when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Dana Whitlow"].sector == "NGO"
    assert a["Dallas Police Department"].sector == "COP"
    assert a["Kim Orr"].sector == "CVL"  # a nurse: HLH while deciding, a civilian in the model


def test_known_2020_politicians_parties_and_private_citizens() -> None:
    a = _by_name(_analyze(
        "Mitt Romney and Joe Biden spoke as Republicans in Congress waited. Barack Obama "
        "watched. Maria Pellinger, who owns no business, said she was worried.",
        when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert (a["Mitt Romney"].country, a["Mitt Romney"].sector) == ("USA", "LEG")
    assert a["Joe Biden"].sector == "PTY"          # the 2020 candidate, not yet President
    assert a["Barack Obama"].sector == "GOV"       # out of office by then: ELI, folded
    assert a["Maria Pellinger"].sector == "CVL"
    parties = [e for e in a.values() if e.name in ("Republicans", "Republican Party")]
    assert parties and all((e.country, e.sector) == ("USA", "PTY") for e in parties)


def test_an_office_takes_the_sector_of_the_organisation_in_its_phrase() -> None:
    """'director at the Knight Institute' is the institute's (NGO), not a government director;
    a campaign's spokesman is PTY; finer sectors are folded into the model's set."""
    from wirewatch.analyze import analyze
    from wirewatch.model import Article, Section

    text = ("Alex Abdo, litigation director at the Knight Institute, said the ruling was wrong. "
            "Andrew Bates, a spokesman for the Biden campaign, called the claim untrue. Jane Roe, a "
            "professor at Harvard University, disagreed.")
    analysis = analyze(Article.build(sections=[Section(None, [text])],
                                     url="https://example.com/offices", title="Offices"))
    sectors = {e.name: e.sector for e in analysis.entities}
    assert sectors["Alex Abdo"] == "NGO"
    assert sectors["Andrew Bates"] == "PTY"
    allowed = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "IGO", "NGO", "MED",
               "BUS", "CVL", "REL", None}
    assert set(sectors.values()) <= allowed
    assert sectors["Harvard University"] == "NGO" and sectors["Jane Roe"] == "CVL"


def test_title_words_decide_between_office_party_and_business() -> None:
    """Issue 14: a modifier may begin a longer title ("U.S. attorney" is a prosecutor), a party
    word names a party post only for a party-type title, a former official is ELI but a former
    editor is still media, and the body named in or before an office decides its sector."""
    from wirewatch.analyze.actors import role_info, roles_sector

    assert role_info("U.S. Attorney")[0] == "JUD"
    assert role_info("US Attorney")[0] == "JUD"
    assert role_info("Republican President")[0] == "GOV"
    assert role_info("GOP Lieutenant Governor")[0] == "GOV"
    assert role_info("GOP Spokesperson")[0] == "PTY"
    assert role_info("Shadow Chancellor")[0] == "PTY"
    assert role_info("Former Secretary of State")[0] == "ELI"
    assert role_info("Former Editor of Time")[0] == "MED"
    assert role_info("President of Dillard University")[0] == "EDU"
    assert role_info("Fed Chair")[0] == "GOV"
    assert role_info("FBI Director")[0] == "COP"
    assert role_info("City Manager")[0] == "GOV"
    assert role_info("Chief Economist") == ("BUS", True)
    # a candidate who held office is a former official (docs/annotation-guide.md)
    assert roles_sector([{"role": "Former Vice President"},
                         {"role": "Democratic presidential candidate"}]) == "ELI"
    assert roles_sector([{"role": "Democratic presidential candidate"}]) == "PTY"


def test_appositives_give_former_officials_businesses_and_groups_their_sector() -> None:
    when = datetime(2020, 5, 12, tzinfo=UTC)
    a = _by_name(_analyze(
        "The pardons went to Bernard Kerik, a former New York City police commissioner who "
        "served three years for tax fraud. "
        "\"Demand will come back,\" said Edgar Moyle, a senior market analyst with OANDA. "
        "Dozens of workers went to La Colmena to ask for help. \"Nothing will stop "
        "them,\" said Yesenia Mata, executive director of La Colmena. \"It failed,\" said "
        "Tom Frieden, former head of the CDC.", when=when))
    assert a["Bernard Kerik"].sector == "GOV"   # ELI while deciding: a former official
    assert a["Edgar Moyle"].sector == "BUS"     # a market analyst at an unknown firm
    assert a["Yesenia Mata"].sector == "NGO"    # the group named inside her title
    assert a["Tom Frieden"].sector == "GOV"     # "head of" takes its body's sector


def test_writers_and_outlets_named_beside_a_person_are_media() -> None:
    a = _by_name(_analyze(
        "The court is broken, Dorothy Pennock writes at Vox. Others disagreed.\n\n"
        "“Without the filibuster, the court would be weaker.” — Harold Quimby, Vox",
        when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Dorothy Pennock"].sector == "MED"
    assert a["Harold Quimby"].sector == "MED"


def test_known_organisations_companies_parties_and_outlets() -> None:
    a = _analyze("Volkswagen and Siemens said profits fell. The Tories attacked Labour over "
                 "the plan, the Washington Examiner and the Dallas Morning News reported. "
                 "Congress did not act.", when=datetime(2005, 2, 1, tzinfo=UTC))
    got = {e.name: (e.type, e.country, e.sector) for e in a.entities}
    assert got["Volkswagen"][1:] == ("DEU", "BUS")
    assert got["Siemens"][1:] == ("DEU", "BUS")
    assert got["Washington Examiner"] == ("ORG", "USA", "MED")   # not the place Washington
    assert got["Dallas Morning News"] == ("ORG", "USA", "MED")
    assert "Washington" not in got
    parties = {e.name: e for e in a.entities if e.sector == "PTY"}
    assert {"Labour", "Conservative Party"} <= set(parties)   # "the Tories": the party
    assert "Tories" in parties["Conservative Party"].aliases
    assert all(e.country == "GBR" for e in parties.values())
    congress = _by_name(a)["U.S. Congress"]
    assert "Congress" in congress.aliases   # the name the text gives it


def test_known_people_by_middle_initial_or_honorific() -> None:
    from wirewatch.analyze.actors import actor_index

    index = actor_index(None)
    assert index.lookup("Donald J. Trump") is not None
    assert index.lookup("Donald J. Trump").name == index.lookup("Donald Trump").name
    assert index.lookup("Mr Trump") is not None
    a = _by_name(_analyze("Tony Blair spoke on Monday. Mr Blair said the vote would be close.",
                          when=datetime(2005, 2, 1, tzinfo=UTC)))
    assert "Mr Blair" not in a and len(a["Tony Blair"].mentions) == 2


def test_known_british_office_holders_of_2005() -> None:
    """Issue 14: data/actors_gb.tsv places the British office holders of the BBC sample's era:
    a bare "Lord Falconer" is the Lord Chancellor (GOV), a shadow minister a party figure
    (PTY), a title before a known name ("Sen") no part of it."""
    from wirewatch.analyze.actors import actor_index

    a = _by_name(_analyze("Lord Falconer defended the bill on Monday. Oliver Letwin said the "
                          "sums did not add up.", when=datetime(2005, 2, 1, tzinfo=UTC)))
    assert (a["Lord Falconer"].country, a["Lord Falconer"].sector) == ("GBR", "GOV")
    assert (a["Oliver Letwin"].country, a["Oliver Letwin"].sector) == ("GBR", "PTY")
    index = actor_index(None)
    assert index.lookup("Sen John Barrasso") is index.lookup("John Barrasso") is not None


def test_a_longer_name_of_a_known_organisation_stays_whole() -> None:
    """The model's "Senate Judiciary Committee" is no bare Senate; it keeps the known part's
    country, its own words give the sector."""
    a = _analyze("The Senate Judiciary Committee will vote on Thursday, and British Airways Plc "
                 "said its shares rose.", when=datetime(2020, 5, 12, tzinfo=UTC))
    got = {e.name: (e.type, e.country, e.sector) for e in a.entities}
    assert got["Senate Judiciary Committee"] == ("ORG", "USA", "LEG")
    assert got["British Airways Plc"] == ("ORG", "GBR", "BUS")


def test_an_unknown_organisation_spoken_of_as_a_business_is_one() -> None:
    """No keyword, no data: its customers in the sentence make Baker Brothers a business
    (data/business_cues.txt); an organisation without such words is taken for a group (NGO)."""
    a = _by_name(_analyze("Baker Brothers sent its technicians home. Baker Brothers said its "
                          "customers would wait. Greenlight Alliance protested.",
                          when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert (a["Baker Brothers"].type, a["Baker Brothers"].sector) == ("ORG", "BUS")
    assert a["Greenlight Alliance"].sector == "NGO"


def test_a_relative_clause_of_service_names_the_office() -> None:
    """"who served as U.S. ambassador" is a (former) official's title; "who works as a nurse"
    a civilian's."""
    a = _by_name(_analyze(
        "The letter was signed by Deborah Hallam, who served as U.S. ambassador to Lithuania "
        "during the Obama administration, and by Olga Petrow, who works as a nurse in Ohio.",
        when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert (a["Deborah Hallam"].country, a["Deborah Hallam"].sector) == ("USA", "GOV")
    assert a["Olga Petrow"].sector == "CVL"


def test_known_people_keep_their_sector_under_an_office_title() -> None:
    """Issue 14: "Dr. Fauci" or "the director" is the health expert our knowledge knows (HLH,
    a civilian in the model); the Surgeon General heads a government office."""
    a = _by_name(_analyze(
        "Dr. Anthony Fauci said the trial would start soon. Surgeon General Jerome Adams urged "
        "people to wear masks.", when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Anthony Fauci"].sector == "CVL"
    assert a["Jerome Adams"].sector == "GOV"


def test_a_candidate_who_left_office_is_a_former_official() -> None:
    """docs/annotation-guide.md: a 2020 candidate who had been a mayor is ELI (GOV, folded)."""
    from wirewatch.analyze.actors import _candidacy_only

    a = _by_name(_analyze("Democratic presidential candidate Pete Buttigieg spoke in Iowa on "
                          "Monday.", when=datetime(2020, 2, 10, tzinfo=UTC)))
    assert a["Pete Buttigieg"].sector == "GOV"
    assert _candidacy_only([{"role": "Democratic presidential candidate"}])
    assert not _candidacy_only([{"role": "Senator"}, {"role": "Democratic nominee"}])


def test_business_and_party_descriptors_of_private_people() -> None:
    """A chef, a lobbyist or a financier is business; an actor a civilian (not CAMEO's
    political "actor"); a party word before a civilian's descriptor makes a party figure; a
    hyphenated title ("co-chair") is a title."""
    from wirewatch.analyze.actors import role_info

    a = _by_name(_analyze(
        "\"We stay closed,\" said Mara Quillon, a chef at a small bistro. Lobbyist Theo "
        "Hartwell declined to comment. Ivo Brandemeyer, an actor, joined the protest. "
        "Democratic data scientist Lena Ortwin said turnout would rise. \"It is a defining "
        "moment,\" said GOP National Committeeman Harold Winters of Mississippi.",
        when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Mara Quillon"].sector == "BUS"
    assert a["Theo Hartwell"].sector == "BUS"
    assert a["Ivo Brandemeyer"].sector == "CVL"
    assert a["Lena Ortwin"].sector == "PTY"
    assert a["Harold Winters"].sector == "PTY"
    assert role_info("national campaign co-chair")[0] == "PTY"
    assert role_info("co-owner") == ("BUS", True)
    assert role_info("Tory co-chairman")[0] == "PTY"  # a British party word, capitalised
    assert role_info("labour market analyst")[0] == "BUS"


def test_an_op_ed_bio_line_and_an_office_beside_a_doctors_title() -> None:
    """"X is a Republican adviser" (the bio line under an op-ed) describes X like an
    appositive; "the state's health secretary, Dr. X" is an official, not a doctor."""
    a = _by_name(_analyze(
        "Last week the state's health secretary, Dr. Omar Feldane, described the surge. "
        "Rhea Lintonby is a Republican adviser.", when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Omar Feldane"].sector == "GOV"
    assert a["Rhea Lintonby"].sector == "PTY"


def test_a_persons_campaign_is_a_party_organisation() -> None:
    """"The Trump campaign" is the campaign (PTY), not the President; a place's campaign
    ("the U.S. campaign against the virus") is no organisation."""
    a = _analyze("The Trump campaign sued the state on Monday. Officials said the U.S. "
                 "campaign against the virus was failing.",
                 when=datetime(2020, 5, 12, tzinfo=UTC))
    got = {e.name: (e.type, e.country, e.sector) for e in a.entities}
    assert got["Trump campaign"] == ("ORG", "USA", "PTY")
    assert not any("campaign against" in e.name or e.name == "U.S. campaign"
                   for e in a.entities)


def test_the_sign_off_under_a_quoted_opinion_names_a_writer() -> None:
    """"— Jane Roe, The Harbor Ledger" closes an excerpt of an opinion piece: its writer is
    media, even when the publication is unknown to our data."""
    text = ("\"The city must fund the clinics first.\"\n\n— Norah Castellane, The Harbor Ledger"
            "\n\n\"Cuts will hurt.\" — Piet Vandermolen, Crosswind\n\nOthers disagreed.")
    art = Article.build(sections=[Section(None, [text])], title="What they are saying",
                        published_at=datetime(2020, 6, 3, tzinfo=UTC))
    a = _by_name(analyze(art))
    assert a["Norah Castellane"].sector == "MED"
    assert a["Piet Vandermolen"].sector == "MED"


def test_an_unnamed_government_or_police_is_the_home_countrys() -> None:
    """"The police" and "the government" in a story set in one country are that country's
    police (COP) and government (GOV); "the police union" is not the police, and the NER view
    (doc.ents) keeps names only."""
    a = _analyze("Crowds gathered in Denver, Austin and Boston on Friday. The police fired tear "
                 "gas, and the government said it would act. The police union in Ohio objected.",
                 when=datetime(2020, 6, 1, tzinfo=UTC))
    got = {e.name: (e.type, e.country, e.sector) for e in a.entities}
    assert got["United States police"] == ("ORG", "USA", "COP")
    assert got["United States government"] == ("ORG", "USA", "GOV")
    police = next(e for e in a.entities if e.name == "United States police")
    assert [m.text for m in police.mentions] == ["The police"]


def test_an_unnamed_government_takes_the_home_country_of_the_cast() -> None:
    """A story that names no place three times is still set where its cast belongs: British
    parties and ministers make "the government" the United Kingdom's."""
    a = _analyze("Housing Minister Wendell Frome said the Liberal Democrats had copied the "
                 "government's plans. Labour and the Conservative Party disagreed, and Tory "
                 "leader Michael Howard said the government had failed.",
                 when=datetime(2005, 3, 1, tzinfo=UTC))
    got = {e.name: (e.type, e.country, e.sector) for e in a.entities}
    assert got["United Kingdom government"] == ("ORG", "GBR", "GOV")


def test_a_places_institution_is_counted_once_for_the_home_country(nlp) -> None:  # noqa: ANN001
    """"Indian authorities" counts India once, by its place word: the institution it makes is
    no second vote in the cast, so a story set in Britain stays British."""
    from wirewatch.analyze.actors import home_country
    from wirewatch.model import Entity, Mention

    text = ("Indian authorities fined the firm. Indian regulators agreed. British traders and "
            "British brokers in London shrugged.")
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    doc = nlp(doc)
    bodies = [Entity(id=n, name=n, type="ORG", country="IND", sector="GOV",
                     mentions=[Mention(n, text.index(n), text.index(n) + len(n))])
              for n in ("Indian authorities", "Indian regulators")]
    assert home_country(doc, bodies) == "GBR"


def test_a_watcher_of_a_body_is_no_staff_of_it() -> None:
    """"court watcher X", "police observer X": a descriptor noun after the body's name that
    makes no staff of it (data/name_words.tsv not_staff)."""
    a = _by_name(_analyze("Hearings are still different on screen, said Boston court watcher "
                          "Susan Miller.", when=datetime(2020, 6, 1, tzinfo=UTC)))
    assert a["Susan Miller"].sector == "CVL"


def test_no_unnamed_government_without_a_home_country() -> None:
    a = _analyze("The government said it would act, and the police agreed.",
                 when=datetime(2020, 6, 1, tzinfo=UTC))
    assert not any(e.name.endswith((" government", " police")) for e in a.entities)


def test_police_nouns_and_firm_names() -> None:
    """"the white cop" is police; an organisation named with "&" or "Associates" is a firm."""
    a = _by_name(_analyze(
        "The department employed Dale Vorhees, the white cop who pinned a man down. Analysts at "
        "Brindle & Oakes said profits would fall, and Corva Associates agreed.",
        when=datetime(2020, 6, 1, tzinfo=UTC)))
    assert a["Dale Vorhees"].sector == "COP"
    assert a["Brindle & Oakes"].sector == "BUS"
    assert a["Corva Associates"].sector == "BUS"


def test_a_party_in_the_title_gives_its_country() -> None:
    """"Lib Dem MP X", "X, the Liberal Democrat leader", "Democratic Senator X": the party's
    country; "Republican Guard commander" names no party."""
    when = datetime(2005, 3, 1, tzinfo=UTC)
    a = _by_name(_analyze("The plan was attacked by Lib Dem MP Lembit Oakes on Monday.", when=when))
    assert a["Lembit Oakes"].country == "GBR"
    a = _by_name(_analyze("Mr Kellan, the Liberal Democrat leader, said no.", when=when))
    assert next(e for n, e in a.items() if "Kellan" in n).country == "GBR"
    a = _by_name(_analyze("Democratic Senator Wendell Marsh objected to the bill.", when=when))
    assert a["Wendell Marsh"].country == "USA"
    a = _by_name(_analyze("On Monday Republican Guard commander Ali Hassani spoke.", when=when))
    assert a["Ali Hassani"].country is None


def test_british_nations_and_counties_are_gbr() -> None:
    """Wales, Welsh bodies and English counties are British (sub-national places, like a US
    state); a county's American namesake ("Kent State University") stays American."""
    a = _by_name(_analyze(
        "The Arts Council of Wales and the Welsh Development Agency backed the festival. "
        "Kent State University researchers disagreed.", when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Arts Council of Wales"].country == "GBR"
    assert a["Welsh Development Agency"].country == "GBR"
    assert a["Kent State University"].country == "USA"


def test_home_country_counts_the_placed_cast() -> None:
    """A British election story that names Iraq more often than Britain: its cast (Labour,
    the Tories, a known minister) makes the unplaced locals British, and a party the model
    took for a person keeps its own country."""
    a = _by_name(_analyze(
        "Both the Tories and the Lib Dems attacked Labour over Iraq. Foreign Secretary Jack "
        "Straw defended the war, and the Tories said the policy had failed. Pollster Dermot "
        "Vane said trust had fallen since the Iraq invasion.",
        when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Dermot Vane"].country == "GBR"
    lib = next(e for n, e in a.items() if "Lib Dems" in n)
    assert lib.country == "GBR"


def test_a_place_inside_a_person_name_gives_no_home_country() -> None:
    """"Kate Paris" three times is no French story: the place word inside a person's name does
    not count towards the home country, so her unplaced producer is not made French."""
    a = _by_name(_analyze(
        "Kate Paris, a songwriter, wrote the ballad in a small studio in Nashville. Kate Paris "
        "said the song took two years. Her producer, Dan Whitlow, said Kate Paris had rewritten "
        "the chorus many times.", when=datetime(2019, 3, 1, tzinfo=UTC)))
    assert a["Dan Whitlow"].country != "FRA"


def test_an_ambassador_to_a_place_is_a_title() -> None:
    """"Ambassador to the European Union X": "to X" completes an envoy's title, so the name
    after it holds that office (GOV); after other heads "to" opens no title."""
    a = _by_name(_analyze(
        "Ambassador to the European Union Gordon Sandberg testified on Tuesday. Later the "
        "president flew to Paris with Tom Reeve.", when=datetime(2019, 3, 1, tzinfo=UTC)))
    assert a["Gordon Sandberg"].sector == "GOV"
    assert any("European Union" in r["role"] for r in a["Gordon Sandberg"].roles)
    assert not any("Paris" in r["role"] for e in a.values() for r in e.roles)


def test_an_international_group_takes_no_home_country() -> None:
    a = _by_name(_analyze(
        "Labour and the Tories clashed in London over the bill, and Amnesty International "
        "said the British plan broke the law. Ministers in Britain rejected that.",
        when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Amnesty International"].country is None


def test_a_peer_or_knight_is_british_and_a_relative_clause_names_the_body() -> None:
    """"Lord X", "Sir X": a British peer or knight (not the next name in a list); "X, who heads
    Egypt's central bank" is Egyptian, "Y, who runs a bakery in Paris" no Frenchman by it."""
    a = _by_name(_analyze(
        "The chairman, Lord Pemberton, said the debate should go ahead. Sir Alan Jeffers and "
        "Tom Crane agreed. "
        "Ahmed Saleem, who heads Egypt's central bank, objected. Tom Reeve, who runs a bakery "
        "in Paris, shrugged.", when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert next(e for n, e in a.items() if "Pemberton" in n).country == "GBR"
    assert a["Alan Jeffers"].country == "GBR"
    assert a["Tom Crane"].country is None
    assert a["Ahmed Saleem"].country == "EGY"
    assert a["Tom Reeve"].country is None


def test_a_title_before_the_name_in_commas() -> None:
    """"The Greek prime minister, Kostas Pappas," is Pappas's title, not the next person's."""
    a = _by_name(_analyze(
        "The Greek prime minister, Kostas Pappadis, said no. Ahmed Saleem, a banker, agreed.",
        when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert [r["role"] for r in a["Kostas Pappadis"].roles] == ["Prime Minister"]
    assert a["Kostas Pappadis"].country == "GRC"
    assert not a["Ahmed Saleem"].roles and a["Ahmed Saleem"].country is None


def test_a_party_name_before_a_party_post_makes_a_party_figure() -> None:
    """Issue 14: "Conservative co-chairman X", "Tory leader X" hold party posts (PTY), not a
    business or a government office; beside a legislature ("Senate Democratic leader") or
    before an elected office ("Republican Senator") the party word only names the party."""
    a = _by_name(_analyze(
        "Conservative co-chairman Dan Whitmore said the plan was costly. Tory leader Mark "
        "Pellow attacked the budget. Senate Democratic leader Rob Kemper objected, and "
        "Republican Senator Jo Ames agreed. East Anglia MEP Ron Tisdale left the party.",
        when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Dan Whitmore"].sector == "PTY"
    assert a["Mark Pellow"].sector == "PTY"
    assert a["Rob Kemper"].sector == "LEG"
    assert a["Jo Ames"].sector == "LEG"
    assert a["Ron Tisdale"].sector == "LEG"  # a Member of the European Parliament legislates


def test_a_business_story_makes_unplaced_names_businesses() -> None:
    """Issue 14: in a story most of whose sentences speak of shares, profits and takeovers,
    an organisation and a person nothing else places are a company and a business figure;
    the same names in a story of another kind stay a group (NGO) and a civilian (CVL)."""
    business = (
        "Shares in Harrowgate rose sharply on Monday after the takeover bid. The company said "
        "profits would double. Investors welcomed the merger. Analysts expect the acquisition "
        "to lift earnings. Tobias Wrenfield of Kelvaro declined to comment. Sales fell last "
        "year. Kelvaro and Brennock Initiative would not say more.")
    a = _by_name(_analyze(business, when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert (a["Kelvaro"].type, a["Kelvaro"].sector) == ("ORG", "BUS")
    assert a["Tobias Wrenfield"].sector == "BUS"
    other = ("Members of Kelvaro held a rally in the park on Monday. Tobias Wrenfield of "
             "Kelvaro spoke to the crowd. The march ended peacefully. Kelvaro thanked the "
             "volunteers.")
    b = _by_name(_analyze(other, when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert b["Kelvaro"].sector != "BUS"
    assert b["Tobias Wrenfield"].sector == "CVL"


def test_a_body_named_after_a_trade_is_a_business_body() -> None:
    """Issue 14: an association or council of bankers, lenders or restaurants speaks for
    businesses (BUS); a department or a union named with a trade word does not; a statistics
    institute is an official one."""
    from wirewatch.analyze.actors import org_keyword_sector

    assert org_keyword_sector("Northern Bankers' Association") == "BUS"
    assert org_keyword_sector("Council of Mortgage Lenders of Freedonia") == "BUS"
    assert org_keyword_sector("Pottery Manufacturers Association") == "BUS"
    assert org_keyword_sector("Department of Trade and Industry") == "GOV"
    assert org_keyword_sector("Restaurant Workers Union") == "LAB"
    assert org_keyword_sector("Freedonian Institute of Statistics") == "GOV"
    assert org_keyword_sector("Northern Regional Airlines Association") == "BUS"
    assert org_keyword_sector("Freedonia Mercantile Exchange") == "BUS"
    assert org_keyword_sector("Freedonian Securities and Exchange Commission") == "GOV"


def test_shadow_before_a_title_it_does_not_reach_is_a_party_post() -> None:
    """"Shadow" a few words before a title whose modifiers stop short of it ("Tory shadow
    local government secretary") makes an opposition front-bench post (PTY), not the office;
    "in the shadow of" names no post."""
    a = _by_name(_analyze("Tory shadow local government secretary Carys Wendham said the plan "
                          "would fail. Shadow Constitutional Affairs Secretary Ralph Oddie "
                          "agreed. Working in the shadow of Home Secretary Doreen Pask, "
                          "officials said nothing.", when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Carys Wendham"].sector == "PTY"
    assert a["Ralph Oddie"].sector == "PTY"
    assert a["Doreen Pask"].sector == "GOV"


def test_a_general_secretary_is_a_union_post_unless_a_body_is_named() -> None:
    """A general secretary heads a union (LAB: a civilian) unless the phrase names another
    body ("Labour General Secretary": the party's); a secretary-general takes the body named
    ("of the Association of European Airlines": a trade body), the UN's by default; and
    "general secretary" is no army general."""
    from wirewatch.analyze.actors import role_info

    assert role_info("General Secretary")[0] == "LAB"
    assert role_info("Labour General Secretary")[0] == "PTY"
    assert role_info("Secretary-General")[0] == "IGO"
    assert role_info("Secretary General of the Association of European Airlines")[0] == "BUS"
    a = _by_name(_analyze("Nell Arkwright, general secretary of the Grinders' Union, said the "
                          "strike would go on.", when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Nell Arkwright"].sector == "CVL"


def test_a_former_office_takes_the_sector_of_the_body_it_names() -> None:
    """Issue 14: a former chief executive of a government agency is a former official (ELI),
    of a company still business; an office of a body our data knows takes its sector."""
    from wirewatch.analyze.actors import role_info

    assert role_info("former chief executive of the Child Support Agency")[0] == "ELI"
    assert role_info("former chief executive of Pellbrook Motors")[0] == "BUS"
    assert role_info("former chair of the Federal Election Commission")[0] == "ELI"
    assert role_info("president of the Heritage Foundation")[0] == "NGO"
    a = _by_name(_analyze("Doug Smythe, the former chief executive of the Child Support "
                          "Agency, said the computers failed.",
                          when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Doug Smythe"].sector == "GOV"  # ELI, folded


def test_a_trade_word_names_a_company_but_not_a_ministrys_remit() -> None:
    """Issue 14: "Tobacco", "Petroleum", "Productions", "Building Society" in a name make a
    business; in the "of/for" complement of a ministry or department the same word is its
    remit ("Ministry of Mining", "Department of Insurance" are government)."""
    from wirewatch.analyze.actors import org_keyword_sector

    assert org_keyword_sector("Harlow Tobacco") == "BUS"
    assert org_keyword_sector("Nordvik Petroleum Services") == "BUS"
    assert org_keyword_sector("Bellamy Productions") == "BUS"
    assert org_keyword_sector("Quarry Vale Building Society") == "BUS"
    assert org_keyword_sector("Freedonian Ministry of Mining") == "GOV"
    assert org_keyword_sector("Ruritania Department of Insurance") == "GOV"


def test_a_cast_of_one_country_is_the_home_of_unplaced_names() -> None:
    """Issue 14: a story whose placed persons and organisations are all of one country gives
    that country to an unplaced local, however often it names other countries' places."""
    a = _by_name(_analyze(
        "The Welsh Assembly Government plans to absorb the Arts Council of Wales. Culture "
        "Minister Gwil Prydderch defended the plan. The Wales Tourist Board and BBC Radio "
        "Wales covered it. Critics likened it to Germany in the 1930s, and to Russia. "
        "Germany and Russia were mentioned again. Germany, said Eirlys Vaughan, was no model.",
        when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Eirlys Vaughan"].country == "GBR"


def test_who_leads_a_group_takes_its_sector() -> None:
    """Issue 14: "X, who leads the Judicial Reform Network, an activist organization" heads
    that group (NGO), the appositive after its name notwithstanding."""
    a = _by_name(_analyze(
        "Carla Sevens, who leads the conservative Judicial Reform Network, an activist "
        "organization, said the ruling was wrong.", when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Carla Sevens"].sector == "NGO"


def test_a_country_named_twice_as_often_as_any_other_is_home() -> None:
    """Issue 14: an Indian airline story that names a French, a German and a British supplier
    once each is set in India (four mentions against two at most): its unplaced founder is
    Indian although India holds no 60 % majority."""
    a = _by_name(_analyze(
        "Skyvolt, a new Indian airline based in Delhi, ordered planes from Airbus, the French "
        "planemaker. India's market is booming. Siemens and Rolls-Royce will supply parts. "
        "\"Indian fliers want cheap fares,\" said Rakesh Menon.",
        when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Rakesh Menon"].country == "IND"


def test_a_company_title_or_a_business_story_makes_an_office_a_companys() -> None:
    """Issue 14: "company spokesperson X" speaks for a company (BUS); "President X" of no
    named organisation is a company's president in a business story, an official otherwise."""
    business = ("Across the country, the firm will adjust its staffing, company spokesperson "
                "Kay Delmont said. Shares in the company rose. Profits doubled. The takeover "
                "bid failed. Investors were pleased, according to President Jaime Woolcott. "
                "Sales rose.")
    a = _by_name(_analyze(business, when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert a["Kay Delmont"].sector == "BUS"
    assert a["Jaime Woolcott"].sector == "BUS"
    b = _by_name(_analyze("The march went ahead, according to President Jaime Woolcott. The "
                          "crowd was peaceful.", when=datetime(2020, 5, 12, tzinfo=UTC)))
    assert b["Jaime Woolcott"].sector == "GOV"


def test_a_business_story_leaves_a_known_head_of_state_in_office() -> None:
    """Issue 14: "President X" in a business story is a company's only when our knowledge
    does not hold X in a public office: the dictionaries' Jacques Chirac stays France's
    president (GOV) among shares and profits; an unknown president is a company's."""
    business = ("Shares in the carmaker fell after profits slid. The company said sales were "
                "weak. Investors sold the stock. President Jacques Chirac said the plant would "
                "stay open. Analysts expect earnings to recover, according to President Jaime "
                "Woolcott.")
    a = _by_name(_analyze(business, when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert (a["Jacques Chirac"].country, a["Jacques Chirac"].sector) == ("FRA", "GOV")
    assert a["Jaime Woolcott"].sector == "BUS"


def test_a_national_outlet_is_the_last_resort_for_a_country() -> None:
    """Issue 14: a person or group nothing else places takes the home country of the national
    outlet that published the story (BBC News: GBR); a wire service gives none, and an
    international body never takes one."""
    text = ("Shares in Pellbrook rose on Monday. Its chief executive, Nadia Crewe, said sales "
            "were strong. The World Health Organization welcomed the news.")

    def run(outlet: str) -> dict:
        art = Article.build(sections=[Section(None, [text])], title="Business", outlet=outlet,
                            published_at=datetime(2005, 3, 1, tzinfo=UTC))
        return _by_name(analyze(art))

    bbc, wire = run("BBC News"), run("Reuters")
    assert bbc["Nadia Crewe"].country == "GBR" and wire["Nadia Crewe"].country is None
    assert bbc["World Health Organization"].country is None


def test_a_story_clearly_set_abroad_gives_its_place_not_the_outlets() -> None:
    """Issue 14: a BBC story whose places are mostly one foreign country (the title's
    "Oslo", the body's Norway) gives that country, not Britain, to the person nothing else
    places; a story with no leading place, or whose placed cast is British, keeps the
    outlet's."""
    body = ("Shares in Pellbrook rose in Norway on Monday. Its chief executive, Nadia Crewe, "
            "said sales in Norway and Sweden were strong.")
    british = " Prime Minister Tony Blair and Chancellor Gordon Brown welcomed the news."

    def run(title: str, text: str = body) -> dict:
        art = Article.build(sections=[Section(None, [text])], title=title, outlet="BBC News",
                            published_at=datetime(2005, 3, 1, tzinfo=UTC))
        return _by_name(analyze(art))

    assert run("Oslo shipping firm grows")["Nadia Crewe"].country == "NOR"
    assert run("Shipping firm grows in Spain")["Nadia Crewe"].country == "GBR"
    assert run("Oslo shipping firm grows", body + british)["Nadia Crewe"].country == "GBR"


def test_a_web_address_outlet_gives_its_home_country() -> None:
    """Issue 14: web news names its outlet by address: a known outlet spelt as one word
    ("cbsnews.com", "thehill.com"), a row for a big outlet's address ("nytimes.com"), a
    country-code ending (".co.uk", ".com.au"); a bare .com says nothing."""
    from wirewatch.analyze.actors import outlet_country

    assert outlet_country("cbsnews.com") == outlet_country("www.thehill.com") == "USA"
    assert outlet_country("nytimes.com") == "USA"
    assert outlet_country("example-gazette.co.uk") == "GBR"
    assert outlet_country("news.example.com.au") == "AUS"
    assert outlet_country("smalltownblog.com") is None
    assert outlet_country("hosted.ap.org") is None and outlet_country("Reuters") is None


def test_an_organisation_taken_for_a_person_or_a_companys_product() -> None:
    """Issue 14: a name the NER model may take for a person that ends in an organisation
    word ("Hollis Gray Productions") is an organisation, but not a first name and a
    surname ("David Steel"); a known company's name opening an unknown one ("Amazon
    Lumen") is that company's product or arm: a business of its country."""
    from wirewatch.analyze.actors import _company_prefix, _org_shaped

    assert _org_shaped("Hollis Gray Productions") and _org_shaped("Marlow Studio")
    assert not _org_shaped("David Steel") and not _org_shaped("Nadia Crewe")
    assert _company_prefix("Amazon Lumen") == "USA" and _company_prefix("Amazon") is None
    a = _by_name(_analyze("Hollis Gray Productions said on Monday that the show would return. "
                          "Buyers of Amazon Lumen complained that the device overheated."))
    prod = next(e for n, e in a.items() if "Productions" in n)
    assert (prod.type, prod.sector) == ("ORG", "BUS")
    assert (a["Amazon Lumen"].sector, a["Amazon Lumen"].country) == ("BUS", "USA")


def _undated(text: str) -> Analysis:
    art = Article.build(sections=[Section(None, [text])], title="Politics")
    return analyze(art)


def test_an_honorific_and_a_surname_alone_take_that_countrys_politician() -> None:
    """Issue 14: "Mr Blair" with no full name in a British story is the one British Blair the
    dictionaries know (an official); an opposition leader from our knowledge is a party
    figure; a surname the dictionaries do not know stays a private citizen."""
    a = _by_name(_undated(
        "Mr Blair said British schools in London, Leeds and Manchester would get more money. "
        "Mr Howard said the plan was a gimmick. Mr Pembleton said he was unsure."))
    blair = next(e for n, e in a.items() if n.endswith("Blair"))
    assert (blair.country, blair.sector) == ("GBR", "GOV")
    howard = next(e for n, e in a.items() if n.endswith("Howard"))
    assert (howard.country, howard.sector) == ("GBR", "PTY")
    pembleton = next(e for n, e in a.items() if n.endswith("Pembleton"))
    assert pembleton.sector == "CVL"


def test_an_office_whose_phrase_names_no_body_is_the_last_named_ones() -> None:
    """Issue 14: "Chief executive X said" after a sentence about a charity or campaign is
    that group's officer (NGO), not a company's by the title alone."""
    a = _by_name(_analyze(
        "The Moorland Walkers Alliance said the new rules were unworkable. Chief executive "
        "Daniel Orkney said: \"Nobody asked us.\"", when=datetime(2005, 3, 1, tzinfo=UTC)))
    assert a["Daniel Orkney"].sector == "NGO"


def test_a_bare_surnames_sector_is_the_same_in_every_process() -> None:
    """The British Browns of the dictionaries hold GOV and ELI codes (one sector once folded):
    which code a bare "Mr Brown" gets must not hang on a set's order, which Python varies
    from process to process (it once made `make train` give two different models)."""
    import os
    import subprocess
    import sys

    code = ("from datetime import UTC, datetime\n"
            "from wirewatch.analyze.actors import actor_index, surname_sector\n"
            "print(surname_sector('Brown', 'GBR', actor_index(None), "
            "datetime(2005, 3, 1, tzinfo=UTC)))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}
                           ).stdout.strip() for seed in range(6)}
    assert len(seen) == 1 and seen != {"None"}, seen


def test_a_party_word_left_before_a_name_makes_a_party_figure() -> None:
    """Issue 14: "Tory Edward Pelling" (the NER model kept the party word in the name, or took
    the whole for an organisation) with no title is a figure of that party; a known person
    behind the party word is still found."""
    from wirewatch.analyze.actors import actor_index, name_party

    assert name_party("Lib Dem Norman Quill") == ("GBR", "PTY")
    assert name_party("Conservative Party") is None  # no name follows
    index = actor_index(None)
    assert index.lookup("Tory Tony Blair") is index.lookup("Tony Blair")
    a = _by_name(_undated("Tory Edward Pelling said the plan was a gimmick. Lib Dem Norman "
                          "Quill agreed."))
    assert (a["Tory Edward Pelling"].type, a["Tory Edward Pelling"].sector) == ("PERSON", "PTY")
    assert (a["Lib Dem Norman Quill"].country, a["Lib Dem Norman Quill"].sector) \
        == ("GBR", "PTY")


def test_an_outlets_channel_or_edition_is_media() -> None:
    """Issue 14: "BBC Scotland", "ITV1", "BBC Radio 4" are channels of an outlet our data
    knows (MED, its country); a name that goes on with other words is not."""
    from wirewatch.analyze.actors import outlet_channel

    assert outlet_channel("BBC Radio 4") == ("GBR", "MED")
    assert outlet_channel("CNN International") == ("USA", "MED")
    assert outlet_channel("BBC Worldwide") is None
    a = _by_name(_undated("BBC Scotland and ITV1 reported the row, and the Evening Standard "
                          "said the Mirror had the story first."))
    for name in ("BBC Scotland", "ITV1", "Evening Standard", "Mirror"):
        assert (a[name].country, a[name].sector) == ("GBR", "MED"), name


def test_trade_bodies_firms_and_british_titles() -> None:
    """Issue 14: a retail consortium or casino association speaks for businesses, a
    "Financial" or "Economics" firm is one; a councillor is local government, a presenter
    media, a law lord a judge, a boss takes the sector of the body named with them."""
    from wirewatch.analyze.actors import org_keyword_sector, role_info

    assert org_keyword_sector("Halvergate Retail Consortium") == "BUS"
    assert org_keyword_sector("Northern Casino Association") == "BUS"
    assert org_keyword_sector("Pellbrook Financial") == "BUS"
    assert org_keyword_sector("Quarrington Economics") == "BUS"
    assert org_keyword_sector("London School of Economics") == "EDU"
    assert org_keyword_sector("Freedonian Ski Federation") == "NGO"
    assert role_info("Highland councillor")[0] == "GOV"
    assert role_info("TV presenter")[0] == "MED"
    assert role_info("senior law lord")[0] == "JUD"
    assert role_info("IMF boss")[0] == "IGO"
    a = _by_name(_undated("Highland councillor Morag Tulloch said the vote was lost. TV "
                          "presenter Gavin Rusk agreed."))
    assert a["Morag Tulloch"].sector == "GOV" and a["Gavin Rusk"].sector == "MED"


def test_a_known_former_leaders_title_in_an_undated_business_story_stays_government() -> None:
    """Issue 14: in a business story an office of no named body is a company's, but not for
    a leader the dictionaries know: an undated story gets their latest code (a former
    official), and "President Hugo Chavez" is still Venezuela's head of state."""
    a = _by_name(_undated(
        "Shares in Petrovia Oil fell 5% on Monday after profits slumped. The company said "
        "sales were weak and its shares have lost a third of their value. Investors sold "
        "shares in the firm. Venezuela's President Hugo Chavez said the oil company must pay "
        "more taxes. Analysts said the company's shares would recover."))
    assert (a["Hugo Chavez"].country, a["Hugo Chavez"].sector) == ("VEN", "GOV")
    assert a["Petrovia Oil"].sector == "BUS"


def test_sports_teams_parties_and_state_bodies_the_ner_takes_for_people() -> None:
    """Issue 14: known teams are businesses, their players private people (not the team's
    BUS), a known party or company the NER model took for a person keeps its known sector."""
    a = _by_name(_analyze("The Steelers beat the Browns 21-7 on Sunday, and Steelers "
                          "quarterback Jon Mikkelsen threw twice. Ubisoft said its game would "
                          "ship in March, while Syriza lost ground in the polls."))
    assert (a["Steelers"].type, a["Steelers"].code) == ("ORG", "USABUS")
    assert a["Browns"].sector == "BUS"
    assert a["Jon Mikkelsen"].sector == "CVL"
    assert (a["Syriza"].type, a["Syriza"].code) == ("ORG", "GRCPTY")
    assert a["Ubisoft"].sector == "BUS"


def test_organisation_keywords_of_clubs_publishers_fleets_and_banks() -> None:
    from wirewatch.analyze.actors import org_keyword_sector, outlet_channel

    assert outlet_channel("BBC Persian") == ("GBR", "MED")  # a language service

    assert org_keyword_sector("FC Wendmark") == "BUS"
    assert org_keyword_sector("Harrowgate Publishers") == "BUS"
    assert org_keyword_sector("Northern Pacific Fleet") == "MIL"
    assert org_keyword_sector("Freedonian Defence Force") == "MIL"
    assert org_keyword_sector("Coral Sea Tsunami Warning Center") == "GOV"
    assert org_keyword_sector("Ashby Bank and Trust") == "BUS"
    assert org_keyword_sector("Ashby Heritage Trust") == "NGO"
    assert org_keyword_sector("Freedonian Broadcasting Corporation") == "MED"
    assert org_keyword_sector("HMS Wendmark") == "MIL"


def test_a_state_bodys_name_before_a_descriptor_makes_its_staff() -> None:
    """Issue 14: "NASA planetary scientist X" is NASA's (GOV); "Army veteran X" is not the
    army's."""
    a = _by_name(_analyze("NASA planetary scientist Orla Venkman said the plumes were rich in "
                          "salt. Army veteran Carl Denholm said he would run for office."))
    assert a["Orla Venkman"].sector == "GOV"
    assert a["Carl Denholm"].sector == "CVL"


def test_an_unknown_organisation_beside_its_products_price_is_a_business() -> None:
    """Issue 14: product news (data/product_cues.txt): the price of its charger in the
    sentence that names it makes Quellon Labs a business."""
    a = _by_name(_analyze("Quellon Labs said its new charger costs $49 at launch. Quellon Labs "
                          "said it would ship in May."))
    assert a["Quellon Labs"].sector == "BUS"


def test_a_county_sheriffs_office_is_american() -> None:
    """Issue 14: a sheriff's office or department is a US body, even when its county is one
    our gazetteer does not know."""
    a = _by_name(_analyze("Two men were arrested by the Carter County Sheriff's Office on "
                          "Monday. The Carter County Sheriff's Office said both were released."))
    assert a["Carter County Sheriff's Office"].country == "USA"


def test_a_committee_of_the_house_is_american() -> None:
    """Issue 14: "House <topic> Committee" is a committee of the US House, however foreign the
    story's places; Britain's "House of Commons" committees keep their own country."""
    a = _by_name(_analyze("The House Fisheries Committee heard testimony about aid to Latvia on "
                          "Monday. Latvia and Riga officials waited for Latvia's answer."))
    assert a["House Fisheries Committee"].country == "USA"
    assert a["House Fisheries Committee"].sector == "LEG"


def test_inner_mongolia_is_a_region_of_china() -> None:
    """Issue 14: Inner Mongolia is a Chinese region, not Mongolia (data/regions.tsv)."""
    a = _analyze("Officials in Inner Mongolia said on Monday that the outbreak was under "
                 "control. Inner Mongolia closed two markets.")
    places = {e.name: e.country for e in a.entities if e.type == "GPE"}
    assert places.get("Inner Mongolia") == "CHN"
    assert "MNG" not in places.values()


def test_an_unknown_brand_shaped_name_is_a_company_or_a_site() -> None:
    """Issue 14: nothing names their kind, but a camel-case or lower-case single word is a
    company's name ("SkyForge", "zentro"), and one ending in a press word a site's
    ("GadgetInsider"); a plain word stays the advocacy-group default."""
    a = _by_name(_analyze("SkyForge said on Monday that the tool was ready, and zentro agreed. "
                          "GadgetInsider said the tool was late. Brightwater said it disagreed. "
                          "SkyForge and zentro declined to comment, GadgetInsider said."))
    assert a["SkyForge"].sector == "BUS"
    assert a["zentro"].sector == "BUS"
    assert a["GadgetInsider"].sector == "MED"


def test_a_national_news_agency_is_its_countrys_media() -> None:
    """Issue 14: the national news agencies (actor_orgs.tsv) are media of their country."""
    a = _by_name(_analyze("Two trains collided near Agra on Monday, the Press Trust of India "
                          "reported. Rescue teams were at the scene."))
    assert (a["Press Trust of India"].country, a["Press Trust of India"].sector) == ("IND", "MED")


def test_an_officer_of_a_brand_shaped_organisation_works_for_a_company() -> None:
    """Issue 14: "research director at SkyForge": the unknown employer's name shape makes it
    a company, so its officer is BUS, not the advocacy-group default."""
    a = _by_name(_analyze("Kim Oster, research director at SkyForge, said the market was "
                          "growing. Oster said prices would fall."))
    assert a["Kim Oster"].sector == "BUS"


def test_an_ombudsman_holds_a_public_office() -> None:
    """Issue 14: "ombudsman" (roles.tsv) is a state office: its holder is GOV, not CVL."""
    a = _by_name(_analyze("The public ombudsman, Lena Vargas, said the police had used too "
                          "much force. Vargas asked for an inquiry."))
    assert a["Lena Vargas"].sector == "GOV"


def test_a_one_word_company_the_ner_takes_for_a_person_or_place_is_a_company() -> None:
    """Issue 14: "keyboard maker Zorvik", "Quellan, a payments startup,": the kind noun
    beside a one-word name makes it a company (BUS) whatever the NER model typed it."""
    a = _by_name(_analyze("Phone case maker Zorvik had to start again after Apple changed "
                          "the design. Quellan, a small payments startup, said prices rose."))
    assert (a["Zorvik"].type, a["Zorvik"].sector) == ("ORG", "BUS")
    assert (a["Quellan"].type, a["Quellan"].sector) == ("ORG", "BUS")


def test_a_name_cut_out_of_a_known_outlet_grows_to_the_outlet() -> None:
    """Issue 14: the NER model may take "Hollywood" of "The Hollywood Reporter" for the
    place; a known organisation's longer name (actor_orgs.tsv) wins."""
    a = _by_name(_analyze("The film earned 40 million dollars in its first week, The "
                          "Hollywood Reporter said on Sunday."))
    assert a["Hollywood Reporter"].code == "USAMED"
    assert "Hollywood" not in a


def test_demonyms_of_smaller_countries_place_their_bodies() -> None:
    """Issue 14: "Cypriot parliament", "Omani officials": demonyms of smaller countries
    (country_names.tsv) give their institutions and people a country."""
    a = _by_name(_analyze("The Cypriot parliament rejected the plan on Tuesday. The Maltese "
                          "government said it would wait."))
    assert a["Cypriot parliament"].country == "CYP"


def test_a_first_lady_is_coded_with_the_government() -> None:
    """Issue 14: the annotators code a head of state's spouse by the title "first lady"
    (roles.tsv) as GOV, not a private citizen."""
    a = _by_name(_analyze("First lady Marisol Tenney visited the school on Monday. Tenney "
                          "said the children were great."))
    assert a["Marisol Tenney"].sector == "GOV"


def test_business_words_closing_a_name_make_a_company() -> None:
    """Issue 14: "Design", "Labs", "Equities" closing an organisation's name (roles.tsv org
    keywords) make it a company; after "of" they only name a body's remit."""
    from wirewatch.analyze.actors import org_keyword_sector

    assert org_keyword_sector("Velmont Design") == "BUS"
    assert org_keyword_sector("Harlow Labs") == "BUS"
    assert org_keyword_sector("Orrin Institutional Equities") == "BUS"
    assert org_keyword_sector("Ministry of Aerospace") == "GOV"


def test_a_known_outlets_desk_or_station_is_media() -> None:
    """Issue 14: a name opening with a known outlet ("CNN Business", "CBS DFW") is that
    outlet's desk or station (MED), as a known company's product is the company's (BUS)."""
    a = _by_name(_analyze("The storm hit, CNN Health reported on Monday. The Foreign Policy "
                          "Centre said the plan was weak."))
    assert a["CNN Health"].sector == "MED"
    assert a["Foreign Policy Centre"].sector != "MED"  # a plain word opens it: no outlet's


def test_the_conservative_adjective_alone_is_the_party() -> None:
    """Issue 15: "a Conservative spokeswoman", "senior Conservative members": a capitalised
    "Conservative" the NER model keeps on its own is the British party (data/actor_orgs.tsv),
    as "Democratic" is the US one, not a nationality with no sector."""
    a = _analyze("A Conservative spokeswoman said the party had followed the rules on "
                 "leaflets.", when=datetime(2005, 2, 1, tzinfo=UTC))
    got = {e.name: (e.country, e.sector) for e in a.entities}
    hits = [v for k, v in got.items() if k.startswith("Conservative")]
    assert hits and all(v == ("GBR", "PTY") for v in hits), got
