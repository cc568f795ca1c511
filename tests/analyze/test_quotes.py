"""Quotes (ww_quotes) and attributions (ww_attributions): the example, then one rule each."""

from __future__ import annotations

import json

import pytest
from ww_example_article import EXAMPLES, example_article
from ww_timex_quotes_nlp import entity, example_entities, person, run

from wirewatch.analyze.quotes import _person_tag, find_direct_quotes

EXPECTED = json.loads((EXAMPLES / "blinken-china-visit.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example_doc():  # noqa: ANN201 - spacy Doc
    """The example body with the entities the entities component is expected to produce."""
    article = example_article()
    return run(article.body, published=article.published_at,
               entities=example_entities(article.body))


# ---------------------------------------------------------------- the canonical example

@pytest.mark.parametrize("item", EXPECTED["quotes"], ids=[q["text"] for q in EXPECTED["quotes"]])
def test_example_quotes(example_doc, item: dict) -> None:
    hits = [q for q in example_doc._.ww_quotes if q.text == item["text"] and q.kind == item["kind"]]
    assert hits, example_doc._.ww_quotes
    assert hits[0].speaker == item["speaker"]
    assert hits[0].speaker_country == "CHN"
    assert example_doc.text[hits[0].start:hits[0].end] == item["text"]


@pytest.mark.parametrize("item", EXPECTED["attributions"],
                         ids=[a["outlet"] for a in EXPECTED["attributions"]])
def test_example_attributions(example_doc, item: dict) -> None:
    hits = [a for a in example_doc._.ww_attributions if a.outlet == item["outlet"]]
    assert hits, example_doc._.ww_attributions
    assert any(item["claim_includes"] in a.claim for a in hits)
    for a in hits:
        assert example_doc.text[a.start:a.end] == a.claim


def test_example_indirect_speech_is_qin_gangs(example_doc) -> None:
    """"Qin also said that …", "The Chinese foreign minister added that …", "He argued that …"."""
    indirect = [q for q in example_doc._.ww_quotes if q.kind == "indirect"]
    texts = {q.text.split()[0]: q for q in indirect}
    assert any("new difficulties and challenges" in q.text for q in indirect)
    assert any(q.text.startswith("American officials should stop interfering") for q in indirect)
    assert any(q.text.startswith("the US should stop harming") for q in indirect)
    assert {q.speaker for q in indirect} == {"Qin Gang"}, texts
    # Reuters only reports: it is an attribution, never a speaker
    assert all(q.speaker != "Reuters" for q in example_doc._.ww_quotes)


def test_example_scare_quotes_are_not_quotes() -> None:
    doc = run('The so-called "spy balloon" crossed the "red line" again.')
    assert doc._.ww_quotes == []


# ---------------------------------------------------------------- quote marks

def test_curly_quotes_with_trailing_speech_tag() -> None:
    text = "“We will not give in to pressure,” Scholz said on Monday."
    doc = run(text, entities=[person("Olaf Scholz", text, "Scholz", country="DEU")])
    [q] = doc._.ww_quotes
    assert (q.text, q.speaker, q.kind, q.speaker_country) == (
        "We will not give in to pressure", "Olaf Scholz", "direct", "DEU")
    assert text[q.start:q.end] == q.text


def test_straight_quotes_with_leading_speech_tag() -> None:
    text = 'Scholz told reporters: "The plan is ready and we will fund it."'
    doc = run(text, entities=[person("Olaf Scholz", text, "Scholz")])
    [q] = doc._.ww_quotes
    assert q.text == "The plan is ready and we will fund it." and q.speaker == "Olaf Scholz"


def test_single_curly_quotes_but_not_apostrophes() -> None:
    text = "Merkel said it was ‘a historic moment for Europe’s future’."
    doc = run(text, entities=[person("Angela Merkel", text, "Merkel")])
    assert [(q.text, q.speaker) for q in doc._.ww_quotes if q.kind == "direct"] == [
        ("a historic moment for Europe’s future", "Angela Merkel")]


def test_quote_spanning_paragraphs() -> None:
    text = ('Scholz said: "The first part of the plan is ready.\n\n'
            '"The second part will follow soon, and we will fund it."\n\nMerkel left.')
    doc = run(text, entities=[person("Olaf Scholz", text, "Scholz")])
    [q] = doc._.ww_quotes
    assert q.text == ("The first part of the plan is ready. "
                      "The second part will follow soon, and we will fund it.")
    assert q.speaker == "Olaf Scholz"
    assert text[q.start:q.end].startswith("The first part") and text[q.end] == '"'


def test_unclosed_quote_not_continued_ends_with_its_paragraph() -> None:
    raw = find_direct_quotes('He said: "We are ready to talk.\n\nThe talks begin on Monday.')
    assert len(raw) == 1 and raw[0].pieces == [(10, 31)]


def test_quote_split_by_speech_tag_is_one_quote() -> None:
    text = "Merkel spoke first. “This is a turning point for Europe,” she said, “and we must act.”"
    doc = run(text, entities=[person("Angela Merkel", text, "Merkel")])
    [q] = doc._.ww_quotes
    assert q.text == "This is a turning point for Europe and we must act."
    assert q.speaker == "Angela Merkel"


# ---------------------------------------------------------------- speakers

def test_pronoun_speaker_is_last_person_mentioned() -> None:
    text = ("Olaf Scholz met Angela Merkel in Berlin. Merkel arrived late. "
            "“The talks were useful,” she said.")
    ents = [person("Olaf Scholz", text, "Olaf Scholz"), person("Angela Merkel", text, "Merkel")]
    [q] = run(text, entities=ents)._.ww_quotes
    assert q.speaker == "Angela Merkel"


def test_role_reference_subject_resolves_through_entities() -> None:
    text = 'The Chinese foreign minister told Blinken that the US should "show respect".'
    ents = [person("Qin Gang", text, "The Chinese foreign minister", country="CHN"),
            person("Antony Blinken", text, "Blinken", country="USA")]
    quotes = run(text, entities=ents)._.ww_quotes
    assert {(q.kind, q.speaker) for q in quotes} == {("direct", "Qin Gang"),
                                                     ("indirect", "Qin Gang")}


def test_quote_without_cue_goes_to_nearest_person() -> None:
    text = "Scholz spoke to the press in Berlin.\n\n“We will not be blackmailed by anyone at all.”"
    [q] = run(text, entities=[person("Olaf Scholz", text, "Scholz")])._.ww_quotes
    assert q.speaker == "Olaf Scholz"


def test_unknown_speaker_is_none_not_a_guess() -> None:
    text = "Scholz was in Berlin. “It is over for now,” a senior official said."
    [q] = run(text, entities=[person("Olaf Scholz", text, "Scholz")])._.ww_quotes
    assert q.speaker is None


def test_possessor_is_not_the_speaker() -> None:
    text = "Scholz's aides said that the deal was dead."
    [q] = run(text, entities=[person("Olaf Scholz", text, "Scholz")])._.ww_quotes
    assert q.kind == "indirect" and q.speaker is None


# ---------------------------------------------------------------- indirect speech

@pytest.mark.parametrize(("text", "clause"), [
    ("Scholz said that the talks had failed.", "the talks had failed"),
    ("Scholz told Merkel that he would resign.", "he would resign"),
    ("Scholz argued that sanctions were working.", "sanctions were working"),
    ("Scholz added that more aid would follow.", "more aid would follow"),
    ("Scholz said the ceasefire was holding.", "the ceasefire was holding"),
])
def test_indirect_speech(text: str, clause: str) -> None:
    ents = [person("Olaf Scholz", text, "Scholz"), person("Angela Merkel", text, "Merkel")]
    [q] = run(text, entities=ents)._.ww_quotes
    assert (q.kind, q.text, q.speaker) == ("indirect", clause, "Olaf Scholz")
    assert text[q.start:q.end] == clause


def test_indirect_clause_stops_at_the_paragraph() -> None:
    text = "Scholz said the vote might come Wednesday.\n\nAssociated Press writers contributed."
    [q] = run(text, entities=[person("Olaf Scholz", text, "Scholz")])._.ww_quotes
    assert q.text == "the vote might come Wednesday"


def test_direct_quote_is_not_also_indirect() -> None:
    text = '"We will win this war," Scholz said.'
    quotes = run(text, entities=[person("Olaf Scholz", text, "Scholz")])._.ww_quotes
    assert [q.kind for q in quotes] == ["direct"]


def test_other_zones_are_skipped() -> None:
    doc = run('Scholz: "We will win"', zone="title")
    assert doc._.ww_quotes == [] and doc._.ww_attributions == []


# ---------------------------------------------------------------- attributions

def _outlets(text: str, ents: list | None = None) -> list[tuple[str, str]]:
    return [(a.outlet, a.claim) for a in run(text, entities=ents)._.ww_attributions]


def test_according_to_outlet_without_entities_uses_gazetteer() -> None:
    assert _outlets("According to CNN, the talks lasted five hours.") == [
        ("CNN", "the talks lasted five hours")]


def test_as_per_outlet_at_sentence_end() -> None:
    assert _outlets("A spy balloon was seen over the US, as per the New York Times.") == [
        ("The New York Times", "A spy balloon was seen over the US")]


def test_said_outlet_takes_the_reported_clause() -> None:
    assert _outlets("He argued that the US should stop, said Reuters.") == [
        ("Reuters", "He argued that the US should stop")]


def test_outlet_reported_that() -> None:
    assert _outlets("The Washington Post reported that the plan was dropped.") == [
        ("The Washington Post", "the plan was dropped")]


def test_state_media_reported() -> None:
    assert _outlets("Chinese state media reported that the ship had sunk.") == [
        ("Chinese state media", "the ship had sunk")]


def test_reported_by_outlet() -> None:
    [(outlet, claim)] = _outlets("The strike on the port was first reported by Al Jazeera.")
    assert outlet == "Al Jazeera" and "strike on the port" in claim


def test_outlet_entity_from_entities_component_wins() -> None:
    text = "According to the Kyiv Independent, the bridge was hit."
    ents = [entity("The Kyiv Independent", "ORG", "UKR", "MED", text, ["the Kyiv Independent"])]
    assert _outlets(text, ents) == [("The Kyiv Independent", "the bridge was hit")]


def test_interview_is_not_an_attribution() -> None:
    """"X told the BBC" credits X (a quote), not the BBC."""
    text = "Scholz told the BBC that he would not resign."
    doc = run(text, entities=[person("Olaf Scholz", text, "Scholz")])
    assert doc._.ww_attributions == []
    assert [(q.speaker, q.text) for q in doc._.ww_quotes] == [("Olaf Scholz", "he would not resign")]


def test_according_to_a_person_is_not_an_attribution() -> None:
    assert _outlets("According to officials, the talks lasted five hours.") == []


# ---------------------------------------------------------------- the whole analyze box

def test_example_through_analyze_with_real_entities() -> None:
    """Integration: the full pipeline (entities component included) on the example article;
    every item of the quotes, attributions and time_expressions sections."""
    from wirewatch.analyze import analyze

    analysis = analyze(example_article())
    body = analysis.article.body
    for item in EXPECTED["quotes"]:
        hits = [q for q in analysis.quotes if q.text == item["text"] and q.kind == item["kind"]]
        assert hits and hits[0].speaker == item["speaker"], analysis.quotes
    for item in EXPECTED["attributions"]:
        assert any(a.outlet == item["outlet"] and item["claim_includes"] in a.claim
                   for a in analysis.attributions), analysis.attributions
    for item in EXPECTED["time_expressions"]:
        assert any((item["text"].lower() in t.text.lower() or t.text.lower() in item["text"].lower())
                   and t.value == item["value"] for t in analysis.timex), (item, analysis.timex)
    for span in [*analysis.quotes, *analysis.attributions, *analysis.timex]:
        assert 0 <= span.start < span.end <= len(body)
    assert {q.speaker for q in analysis.quotes} == {"Qin Gang"}


# ---------------------------------------------------------------- speakers (issue 14)

def _speakers(nlp, text: str) -> list[tuple[str, str | None]]:  # noqa: ANN001
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    doc = nlp(doc)
    return [(q.text, q.speaker) for q in doc._.ww_quotes if q.kind == "direct"]


def test_pronoun_speaker_agrees_in_gender(nlp) -> None:  # noqa: ANN001
    text = ("Gretchen Whitmer spoke in Lansing on Monday. She thanked the nurses.\n\n"
            "President Donald Trump criticised Whitmer on Tuesday.\n\n"
            "\u201cWe will not reopen before it is safe,\u201d she said.")
    assert _speakers(nlp, text) == [("We will not reopen before it is safe", "Gretchen Whitmer")]


def test_dateline_is_never_the_speaker(nlp) -> None:  # noqa: ANN001
    text = ("WASHINGTON \u2014 \u201cThe talks are over and nothing was agreed,\u201d "
            "said a senior official.")
    speakers = _speakers(nlp, text)
    assert speakers and speakers[0][1] != "WASHINGTON"
    assert speakers[0][1] is not None and speakers[0][1].endswith("official")


def test_name_inside_the_quote_is_not_the_speaker(nlp) -> None:  # noqa: ANN001
    text = ("Maria Lopez runs a bakery in Phoenix.\n\n"
            "\u201cDonald Trump never came here and nobody expected him to,\u201d she said.")
    assert _speakers(nlp, text)[0][1] == "Maria Lopez"


def test_joined_pieces_are_one_quote(nlp) -> None:  # noqa: ANN001
    text = ("\u201cThis is a turning point,\u201d Angela Merkel said, "
            "\u201cand we must act together.\u201d")
    assert _speakers(nlp, text) == [("This is a turning point and we must act together.",
                                     "Angela Merkel")]


def test_appositive_speaker_is_not_the_possessor(nlp) -> None:  # noqa: ANN001
    text = ("Lisa O. Monaco, Obama's adviser, said the plan was \u201cthe best we have and "
            "the best we will get.\u201d")
    speakers = _speakers(nlp, text)
    assert speakers and speakers[0][1] == "Lisa O. Monaco"


def test_show_titles_and_slogans_are_not_quotes(nlp) -> None:  # noqa: ANN001
    text = ("Senator Mark Warner told NBC's \u201cMeet the Press\u201d on Sunday that "
            "crowds chanting \u201cBlack Lives Matter\u201d filled the streets.")
    assert _speakers(nlp, text) == []


def test_continued_quote_keeps_its_speaker(nlp) -> None:  # noqa: ANN001
    text = ("\u201cIt makes it all the more essential to call the witnesses,\u201d Adam Schiff "
            "said. \u201cDo not wait for the book.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Adam Schiff", "Adam Schiff"]


def test_description_speaker_resolves_to_the_named_entity(nlp) -> None:  # noqa: ANN001
    text = ("Boeing reported a loss on Wednesday.\n\n"
            "\u201cDemand will come back once people fly again,\u201d the company said.")
    assert _speakers(nlp, text)[0][1] == "Boeing"


def test_description_speaker_kept_when_unnamed(nlp) -> None:  # noqa: ANN001
    text = "\u201cThe virus is already here,\u201d an Ethiopian health official said."
    speaker = _speakers(nlp, text)[0][1]
    assert speaker is not None and speaker.endswith("health official")


def test_headline_quote_goes_to_the_named_person(nlp) -> None:  # noqa: ANN001
    text = "Joe Biden: \u201cWe will rebuild this country together.\u201d"
    assert _speakers(nlp, text)[0][1] == "Joe Biden"


def test_brackets_and_possessives_are_stripped() -> None:
    from wirewatch.analyze.quotes import _clean_name

    assert _clean_name("Vladimir] Putin") == "Vladimir Putin"
    assert _clean_name("Obama's") == "Obama"


# ---------------------------------------------------------------- speakers (issue 14)

def test_outlet_that_prints_a_direct_quote_is_its_speaker() -> None:
    """The evaluators credit “…,” Reuters reports to the outlet (it stays an attribution)."""
    text = "“Talks on the new budget have stalled again this week,” Reuters reported on Monday."
    ents = [entity("Reuters", "ORG", "GBR", "MED", text, [r"Reuters"])]
    doc = run(text, entities=ents)
    [q] = [q for q in doc._.ww_quotes if q.kind == "direct"]
    assert q.speaker == "Reuters"
    assert [a.outlet for a in doc._.ww_attributions] == ["Reuters"]


def test_name_after_a_dash_credits_the_quote() -> None:
    text = ("The college raised more money than ever.\n\n"
            "“Most of the money still goes to a handful of wealthy schools.” — Walter Kimbrough, "
            "the president of Dillard University")
    doc = run(text, entities=[person("Walter Kimbrough", text, "Walter Kimbrough")])
    [q] = doc._.ww_quotes
    assert q.speaker == "Walter Kimbrough"


def test_name_right_after_the_cue_wins_over_a_misparsed_subject() -> None:
    text = ("“Lack of routine and time is often the biggest hurdle for learners,” says writer "
            "and regular user Bianca Barratt.")
    [q] = run(text, entities=[person("Bianca Barratt", text, "Bianca Barratt")])._.ww_quotes
    assert q.speaker == "Bianca Barratt"


def test_quote_as_an_argument_goes_to_the_clause_subject() -> None:
    text = ("Sheila Park met the governors in Denver.\n\n"
            "Jeff Sessions instructed the department to “exercise special caution before "
            "entering into a consent decree.”")
    ents = [person("Sheila Park", text, "Sheila Park"), person("Jeff Sessions", text, "Jeff Sessions")]
    [q] = run(text, entities=ents)._.ww_quotes
    assert q.speaker == "Jeff Sessions"


def test_spokesperson_speaks_for_the_body_named_on_the_noun(nlp) -> None:  # noqa: ANN001
    doc = nlp.make_doc("The Secret Service closed the park on Monday.\n\n"
                       "A spokesperson for the Secret Service said that “four members of the "
                       "media were misdirected by officers.”\n\n"
                       "“The members of the press were rerouted for their own safety,” the "
                       "spokesperson said.")
    doc._.ww_zone = "body"
    doc = nlp(doc)
    direct = [q for q in doc._.ww_quotes if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Secret Service", "Secret Service"]


def test_a_page_speaks_for_the_organisation_named_last(nlp) -> None:  # noqa: ANN001
    doc = nlp.make_doc("The Centers for Disease Control and Prevention changed its website on "
                       "Monday. “These data represent only viral tests,” the page said.")
    doc._.ww_zone = "body"
    doc = nlp(doc)
    [q] = [q for q in doc._.ww_quotes if q.kind == "direct"]
    assert q.speaker == "Centers for Disease Control and Prevention"


def test_interjected_cue_and_title_before_a_name(nlp) -> None:  # noqa: ANN001
    """"China, said X, is '…'": X speaks, not China; "Union President X said": X, not the
    union the parser took for the subject."""
    assert _speakers(nlp, "Turkey, said Czech Interior Minister Jan Hamacek, is \u201cthe only "
                          "partner able to deliver that many masks this quickly.\u201d") == [
        ("the only partner able to deliver that many masks this quickly.", "Jan Hamacek")]
    said = _speakers(nlp, "American Federation of Teachers President Randi Weingarten said she "
                          "was \u201cstunned\u201d that officials kept \u201cpicking quarrels "
                          "with teachers.\u201d")
    assert {speaker for _, speaker in said} == {"Randi Weingarten"}


def test_headline_quote_is_attributed_to_the_name_before_it() -> None:
    """'Nancy Pelosi: "…"' in the title is her quote, with offsets into the title; a headline's
    scare quote with no speaker is not a quote."""
    from wirewatch.analyze import analyze
    from wirewatch.model import Article, Section

    body = [Section(None, ["The speaker spoke to reporters on Monday in Washington."])]
    title = "Nancy Pelosi: \u2018We will not back down on this bill\u2019"
    analysis = analyze(Article.build(sections=body, title=title, url="https://example.com/h"))
    [q] = [q for q in analysis.quotes if q.zone == "title"]
    assert q.speaker == "Nancy Pelosi" and title[q.start:q.end] == q.text
    assert q.text == "We will not back down on this bill"
    known = analyze(Article.build(sections=body, url="https://example.com/k",
                                  title="Pelosi: \u201cWe will not back down on this bill\u201d"))
    assert [(q.zone, q.speaker) for q in known.quotes] == [("title", "Nancy Pelosi")]
    scare = analyze(Article.build(sections=body, title="Trump calls the virus a \u201choax\u201d",
                                  url="https://example.com/s"))
    assert not [q for q in scare.quotes if q.zone == "title"]


def test_quoted_sentences_put_no_distance_before_a_pronoun(nlp) -> None:  # noqa: ANN001
    text = ("\u201cShe stalled it because she wanted new voting rules,\u201d Kevin McCarthy "
            "said. \u201cShe wanted to talk about farm aid. She wanted to talk about roads. We "
            "said no to that. Still, she won extra money for the museum.\u201d\n\n"
            "\u201cBut now the focus is on those items,\u201d he continued.")
    assert _speakers(nlp, text)[-1] == ("But now the focus is on those items", "Kevin McCarthy")


def test_noun_beside_a_name_speaks_for_it(nlp) -> None:  # noqa: ANN001
    text = ("A few editors at Hachette, her publisher, declined to handle the memoir. Her "
            "publisher stood by her, saying, \u201cAuthors must be free to write what they "
            "think.\u201d")
    assert _speakers(nlp, text)[0][1] == "Hachette"


def test_other_names_in_the_tag_do_not_break_a_continued_quote(nlp) -> None:  # noqa: ANN001
    text = ("\u201cHe was an innocent man,\u201d Donald Trump said of Michael Flynn. \u201cNow "
            "in my book he is an even greater warrior.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Donald Trump", "Donald Trump"]


def test_a_report_after_the_quote_is_not_its_tag(nlp) -> None:  # noqa: ANN001
    text = ("\u201cWe do not want to bet everything on a single engine,\u201d Nissan "
            "chief executive Carlos Ghosn said. \u201cA faster shift to hybrids would not "
            "catch us unprepared.\u201d Volkswagen, meanwhile, says it will concentrate "
            "on cleaner diesel engines instead.")
    assert [s for _, s in _speakers(nlp, text)] == ["Carlos Ghosn", "Carlos Ghosn"]


def test_quote_after_a_reporting_sentence_is_its_speakers(nlp) -> None:  # noqa: ANN001
    text = ("Martin Bell, who won the Tatton seat from Neil Hamilton on an anti-corruption "
            "platform, said politicians often failed to see themselves as others did. "
            "\u201cWe need public figures we trust to tell the truth.\u201d")
    assert _speakers(nlp, text)[0][1] == "Martin Bell"


def test_the_verb_whose_clause_holds_the_quote_wins(nlp) -> None:  # noqa: ANN001
    text = ("President Donald Trump said Republicans should \u201cresist strongly\u201d to stop "
            "the plan and suggested it would hurt the party's chances in November.")
    assert _speakers(nlp, text)[0][1] == "Donald Trump"


def test_name_in_apposition_to_a_title_noun_speaks(nlp) -> None:  # noqa: ANN001
    text = ("Former CIA deputy head Daniel Morrow said on Tuesday that the idea was "
            "\u201cplainly wrong, and ignores the real security risk.\u201d")
    assert _speakers(nlp, text)[0][1] == "Daniel Morrow"


def test_participle_after_a_reported_clause_speaks_for_the_reporter(nlp) -> None:  # noqa: ANN001
    text = ("Atlanta Mayor Keisha Lance Bottoms told CNN on Friday that people should ignore "
            "the governor's plan, saying, \u201cStay home, nothing has changed.\u201d")
    assert _speakers(nlp, text)[0][1] == "Keisha Lance Bottoms"


def test_a_tweet_speaks_for_its_sender(nlp) -> None:  # noqa: ANN001
    text = ("Commentator Glenn Greenwald answered with a mocking tweet that said, "
            "\u201cFunny how nobody asks why the witnesses stay quiet.\u201d")
    assert _speakers(nlp, text)[0][1] == "Glenn Greenwald"


def test_party_epithet_speaker(nlp) -> None:  # noqa: ANN001
    text = ("\u201cPeople who pay the bills should see where the money goes,\u201d Rep. Dean "
            "Phillips said on Monday. The Minnesota Democrat added that his bill \u201cis not "
            "aimed at any colleague.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Dean Phillips", "Dean Phillips"]


def test_participle_hung_on_a_thing_speaks_for_the_clause_subject(nlp) -> None:  # noqa: ANN001
    text = ("Conservative leader Michael Howard spoke in Birmingham on Monday. The Tory leader "
            "will also call for religious tolerance arguing that Muslims got \"caught in the "
            "downdraft of Islamophobia\".")
    assert _speakers(nlp, text)[-1][1] == "Michael Howard"


def test_the_same_woman_who_tweeted(nlp) -> None:  # noqa: ANN001
    """A relative clause on a description speaks for the noun, and "the same woman" is the
    woman just written about."""
    text = ("Alyssa Milano defended Joe Biden in an op-ed on Tuesday.\n\nThis is the same woman "
            "who tweeted in 2018, \u201cA party cannot claim to stand for women and then "
            "ignore the one who speaks up.\u201d")
    assert _speakers(nlp, text)[0][1] == "Alyssa Milano"


def test_speaker_told_a_named_host_is_not_the_host(nlp) -> None:  # noqa: ANN001
    text = ("\u201cWhat worries me most is that we only learn this in public,\u201d "
            "Rep. Kathleen Rice, a Democrat from Long Island, said to CNN's Wolf Blitzer.")
    assert _speakers(nlp, text)[0][1] == "Kathleen Rice"


def test_name_parsed_as_the_root_speaks(nlp) -> None:  # noqa: ANN001
    text = ("Melissa Murray, a professor of law at NYU and co-host of a "
            "legal podcast, called the president's remarks about the court \u201codd and "
            "perhaps inconsistent.\u201d")
    assert _speakers(nlp, text)[0][1] == "Melissa Murray"


def test_quote_going_on_in_a_new_quoted_sentence_is_found(nlp) -> None:  # noqa: ANN001
    """'said: "A. "B."' (the BBC opens every quoted paragraph and closes only the last; here
    the break is lost): two quotes, both the speaker's, not one closed at the second mark."""
    text = ('Turning to fishing, Mr Nattrass said: "The quotas help the Dutch fleet far more '
            'than ours. "That is not an attack on anyone. It is simply the record." '
            'A spokesman said the party would not comment.')
    assert [q.text(text) for q in find_direct_quotes(text)] == [
        "The quotas help the Dutch fleet far more than ours.",
        "That is not an attack on anyone. It is simply the record."]
    speakers = _speakers(nlp, text)
    assert [s for _, s in speakers] == ["Nattrass", "Nattrass"]


def test_spokesperson_named_later_is_the_speaker(nlp) -> None:  # noqa: ANN001
    text = ("Gov. J.B. Pritzker filed an emergency rule on Friday.\n\n"
            "A spokesperson for Pritzker's office told the Tribune that the rule was a "
            "\u201cfurther tool against shops that ignore the order.\u201d\n\n"
            "\u201cThe rule offers police an option that may fit better,\u201d the "
            "spokeswoman, Jordan Abudayyeh, said.")
    assert [s for _, s in _speakers(nlp, text)] == ["Jordan Abudayyeh", "Jordan Abudayyeh"]


def test_unnamed_official_is_a_pronouns_antecedent(nlp) -> None:  # noqa: ANN001
    text = ("President Donald Trump cut funding to the WHO in April.\n\n"
            "\u201cI hoped America would lead against this virus,\u201d an Ethiopian "
            "health official, who asked not to be named, told The Intercept. \u201cThe "
            "world should act together\u201d but instead the crisis "
            "was seen as China\u2019s failure, he added.")
    speakers = [s for _, s in _speakers(nlp, text)]
    assert len(speakers) == 2 and all(s and s.endswith("health official") for s in speakers)


# ---------------------------------------------------------------- speakers, round 2 (issue 14)

def test_tag_verb_after_the_quote_is_a_cue(nlp) -> None:  # noqa: ANN001
    """“…,” agrees X / X countered that …: verbs that report speech only as a quote's tag."""
    text = ("State officials in Oregon drew up a \u201cthoughtful road map\u201d for reopening, "
            "\u201cbut we may have moved a little too quickly through the stages,\u201d agrees "
            "Marina Castellano, an economist at the Portland Policy Institute.")
    assert [s for _, s in _speakers(nlp, text)] == ["Marina Castellano"]
    text = ("Senator Rowan Pike, however, countered that the agency was \u201cnot aware of any "
            "calls with foreign officials at any time.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Rowan Pike"]


def test_tag_verb_elsewhere_is_no_cue() -> None:
    from wirewatch.analyze.quotes import cues

    assert "agree" in cues().tag and "agree" not in cues().speech  # events keep "agreed a deal"


def test_lede_pronoun_is_the_person_named_next(nlp) -> None:  # noqa: ANN001
    text = ("\u201cThe harbour is not yet at the level of a crisis,\u201d he says.\n\n"
            "Shipping on the coast has slowed since May, says Tobias Wrenfield, who directs "
            "the port authority in Halverton.")
    assert _speakers(nlp, text)[0][1] == "Tobias Wrenfield"


def test_possessed_opinion_noun_frames_the_quote(nlp) -> None:  # noqa: ANN001
    text = ("In the Coastal Research Council\u2019s view, \u201cthe plan to dredge the bay "
            "ignores every study of its fish stocks.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Coastal Research Council"]
    text = ("Columnist Harriet Vance reviewed the report for a week.\n\n"
            "Her conclusion:\n\n"
            "\u201cNo inspector found any fault with the bridge, and no engineer did either.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Harriet Vance"]


def test_statement_that_quotes_someone_gives_them_the_quote(nlp) -> None:  # noqa: ANN001
    text = ("The company\u2019s statement quoted Dr. Elena Marsh, who is leading the trial: "
            "\u201cOur team has shown that the new filter removes most of the virus.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Elena Marsh"]


def test_epigraph_credited_on_the_next_line(nlp) -> None:  # noqa: ANN001
    text = ("\u201cA nation that forgets its roads will soon forget its towns.\u201d\n\n"
            "\u2014Governor Amos Whitcombe (1801-1866)\n\n"
            "Last week the council voted to close the old road.")
    assert [s for _, s in _speakers(nlp, text)] == ["Amos Whitcombe"]


def test_group_of_members_speaks_not_the_party(nlp) -> None:  # noqa: ANN001
    text = ("The Treasury has refused to publish the list of loans.\n\n"
            "\u201cAmong other steps, the Treasury should release the names of all the "
            "borrowers,\u201d a group of senior Democrats wrote in a letter on Monday.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Democrats")


def test_commentary_in_an_outlet_speaks_for_the_outlet(nlp) -> None:  # noqa: ANN001
    text = ("Companies rushed to post statements of support in June.\n\n"
            "\u201cLet us not turn a movement for justice into a marketing campaign,\u201d "
            "challenged a recent commentary in Black Enterprise.")
    assert [s for _, s in _speakers(nlp, text)] == ["Black Enterprise"]


def test_a_body_the_parser_takes_for_the_object_of_asked_still_speaks(nlp) -> None:  # noqa: ANN001
    """"“…?” asked the magazine": the inverted subject parsed as the verb's object."""
    text = ("Gadget monthly Pocket Review tested twelve phones this spring.\n\n"
            "\u201cWho could resist a phone that folds into a wallet?\u201d asked the magazine.")
    assert [s for _, s in _speakers(nlp, text)] == ["Pocket Review"]


def test_reported_words_belong_to_their_owner(nlp) -> None:  # noqa: ANN001
    """"Fox News reported Reade's words: “…”" credits Reade, not the outlet that reports."""
    text = ("Marla Quenby wrote to the charity in April.\n\n"
            "Fox News reported Quenby\u2019s words: \u201cYou should be able to speak "
            "without losing your job. Why do I not qualify for your help?\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Marla Quenby"]


def test_pull_quote_credited_without_a_dash(nlp) -> None:  # noqa: ANN001
    text = ("The committee has not yet reserved money for the race.\n\n"
            "\u201cPeople tend to underestimate Senator Pike at their own peril.\u201d Nora "
            "Albright, spokeswoman for the Harbor Fund\n\n"
            "The race is expected to be close.")
    assert [s for _, s in _speakers(nlp, text)] == ["Nora Albright"]


def test_bare_name_after_a_final_quote_is_a_byline_not_a_credit() -> None:
    from wirewatch.analyze.quotes import _credit_line

    text = "The editor said: \u201cThe public deserves more.\u201d Catherine Garcia"
    doc = run(text, entities=[person("Catherine Garcia", text, "Catherine Garcia")])
    end = text.index("\u201d")
    assert _credit_line(doc, text, end + 1, end + 2) is None


def test_age_alone_as_the_tag_speaks_for_the_person_just_named(nlp) -> None:  # noqa: ANN001
    """“…,” the 74-year-old said: the parser hangs the age on the verb; it still speaks."""
    text = ("Harold Finch, 74, was released on Monday. "
            "\u201cI am happy to be home,\u201d the 74-year-old said.")
    assert [s for _, s in _speakers(nlp, text)] == ["Harold Finch"]


def test_descriptive_tags_resolve_to_an_entity(nlp) -> None:  # noqa: ANN001
    """Unattached spokesperson, an office, an epithet noun: the entity, not the words."""
    texts = {
        "Harlow Mills cut 300 jobs at its Ohio plant on Monday. \u201cWe regret having to "
        "make this decision,\u201d a spokesperson said.": "Harlow Mills",
        "Governor Paul Henning closed the schools on Tuesday. \u201cThis is the safest "
        "course for our children,\u201d his office said in a statement.": "Paul Henning",
        "Senator Maria Okafor voted against the bill on Thursday. \u201cThis bill does "
        "nothing for working families,\u201d the lawmaker said.": "Maria Okafor",
    }
    for text, speaker in texts.items():
        assert [s for _, s in _speakers(nlp, text)] == [speaker], text


def test_bare_police_tag_is_not_speakerless(nlp) -> None:  # noqa: ANN001
    text = ("Two men were arrested in Elmford on Saturday. \u201cThey were carrying stolen "
            "goods,\u201d police said.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.lower().endswith("police")


def test_uncued_quote_after_a_pronoun_sentence_is_that_persons(nlp) -> None:  # noqa: ANN001
    """The sentence before names the speaker only as "she": the chains know who she is."""
    text = ("Senator Maria Okafor toured the bottling plant in March. The plant employs 400 "
            "people. Later that day, she learned that it would close. \u201cAnd I thought, "
            "this cannot happen to this town. Not while I am here.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Maria Okafor"]


def test_speech_used_as_a_means_is_not_the_speaker(nlp) -> None:  # noqa: ANN001
    """"X used a speech to say …": X speaks (unlike "prompting Y to warn", where Y does)."""
    text = ("Senator Maria Okafor toured the harbour on Monday. Ms Okafor used a speech to say "
            "her party was facing up to \u201cpainful economic realities\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Maria Okafor"]


def test_second_speech_verb_joined_to_the_reported_clause(nlp) -> None:  # noqa: ANN001
    """"X admitted that A but argued B", with "argued" hung on A's verb: X argues."""
    text = ("Harold Finch presented the budget on Monday. Mr Finch admitted that the budget "
            "was the toughest in years but argued it was \u201cfair and responsible\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Harold Finch"]


def test_name_after_a_possessive_speaks(nlp) -> None:  # noqa: ANN001
    text = ("Campaigners criticised the plan on Friday. Harbor Watch's Nora Albright said: "
            "\u201cThe plan will cost the town its beaches and its jobs.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Nora Albright"]


def test_agent_of_a_passive_cue_speaks(nlp) -> None:  # noqa: ANN001
    text = ("Reports that Harold Finch is planning an early election have been described as "
            "\u201cidle speculation\u201d by the Harbor Council.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Harbor Council")


def test_quotes_with_no_speaker_are_not_merged() -> None:
    """Two speakerless quotes around a tag are not one quote of one unknown speaker."""
    from wirewatch.analyze.quotes import _merge_split_quotes
    from wirewatch.model import Quote

    text = "\u201cStand back,\u201d the man said, \u201cnow.\u201d"
    a = Quote(text="Stand back", speaker=None, kind="direct", start=1, end=11)
    b = Quote(text="now.", speaker=None, kind="direct", start=28, end=32)
    assert len(_merge_split_quotes([a, b], text)) == 2


def test_name_beside_a_title_subject_speaks(nlp) -> None:  # noqa: ANN001
    """"The charity's head of policy in Wales, Simon Wright said": of the two subjects the
    parse gives, the name speaks."""
    text = ("The charity criticised the plan on Friday. The charity's head of policy in Wales, "
            "Nora Albright said: \u201cThe plan will cost the town its beaches and its jobs.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Nora Albright"]


def test_named_body_of_a_which_clause_speaks(nlp) -> None:  # noqa: ANN001
    text = ("The move was welcomed at the time by Beijing, which described the ban as a "
            "\u201cproduct of the Cold War\u201d.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker in ("Beijing", "China")


def test_participle_naming_a_report_is_no_cue(nlp) -> None:  # noqa: ANN001
    """"… in a new report called Rags To Riches": "called" names the report; the quote
    belongs to the clause's subject."""
    text = ("Harbor Watch has called on British firms not to simply \u201ccut and run\u201d but "
            "look after their workers, in a new report called Rags To Riches.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Harbor Watch")


def test_cue_of_another_clause_is_not_the_quotes(nlp) -> None:  # noqa: ANN001
    """"The commission found X was “…” and the parties have said …": the finder speaks."""
    text = ("Pensioners marched in protest. The Audit Commission found the whole finance "
            "system was \u201cfundamentally flawed\u201d and all three of the main parties have "
            "said the system has to change.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Audit Commission")


def test_cue_under_the_quoted_words_is_not_theirs(nlp) -> None:  # noqa: ANN001
    """"X branded Y “arrogant and wrong” for claiming …": X speaks, not the claimant."""
    text = ("Party president Simon Hale branded Mr Howard \u201carrogant and wrong\u201d for "
            "claiming the Tories were the natural party for the north.")
    assert [s for _, s in _speakers(nlp, text)] == ["Simon Hale"]


def test_participle_after_an_object_speaks_for_the_subject(nlp) -> None:  # noqa: ANN001
    """"Hockney left UKIP saying …": a participle is not the object's ("prompting Y to warn"
    is)."""
    text = ("Mr Damian Hockney also left UKIP saying Mr Kilroy-Silk would \u201cdeliver "
            "better\u201d as the leader of a new party.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Hockney")


def test_name_right_before_a_subjectless_cue_speaks(nlp) -> None:  # noqa: ANN001
    text = ("When asked if Lumo would seek damages from Bosch, the carmaker's chief executive "
            "Helmut Panke said: \u201cwe will first solve the problem before talking about "
            "who will pay\u201d.")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Panke")


def test_subject_naming_its_person_speaks(nlp) -> None:  # noqa: ANN001
    """"One of the marchers, a man by the name of Tom Fenwick, said": the name speaks."""
    text = ("The column stopped at the bridge. And one of the young people walking with me, "
            "a man by the name of Tom Fenwick, who was on the staff of the mayor, said, "
            "\u201cGive us a moment to kneel and pray.\u201d")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Fenwick")


def test_quote_naming_its_unnamed_speaker(nlp) -> None:  # noqa: ANN001
    """“I'm Major Tom Fenwick of the state troopers,” a man said: the name he gives."""
    text = ("The marchers reached the bridge at noon. A man stepped forward and said, "
            "\u201cI\u2019m Major Tom Fenwick of the state troopers. This march must stop.\u201d")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and speaker.endswith("Fenwick")


# ---------------------------------------------------------------- rules from the quotes set

def test_tag_verb_inside_a_reported_clause_is_not_the_tag(nlp) -> None:  # noqa: ANN001
    """"Hale told MPs Ruritania had agreed to free them after “…”": Hale quotes the words."""
    text = ("Foreign Secretary Tom Hale told MPs that Ruritania had agreed to free the two "
            "sailors after \u201clong and very difficult talks\u201d at the port.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Hale"]


def test_previous_sentence_speaker_is_the_outer_reporter(nlp) -> None:  # noqa: ANN001
    """"X had been telling …, the spokesman said. “…”": the spokesman goes on, not X."""
    text = ("Leeds City Council defended its parking scheme on Monday. Angela Orme had been "
            "telling voters she shared the worries of drivers, a council spokesman said.\n\n"
            "\u201cNothing in the rules for residents has changed this year.\u201d")
    [speaker] = [s for _, s in _speakers(nlp, text)]
    assert speaker is not None and "Orme" not in speaker


def test_name_with_a_glued_full_stop_speaks(nlp) -> None:  # noqa: ANN001
    """“…,” said B&Q. — the tokenizer keeps the full stop on the name."""
    text = ("Shares in B&Q rose on Monday after the results. \u201cWe are cutting prices "
            "across the whole garden range,\u201d said B&Q.\n\nRivals are expected to follow.")
    assert [s for _, s in _speakers(nlp, text)] == ["B&Q"]


def test_unlabelled_name_beside_a_person_noun_speaks(nlp) -> None:  # noqa: ANN001
    """"his sister, Princess Ilse of Ruritania, who said …" with the name left unlabelled by
    the model: the name speaks, not "sister"."""
    text = ("The claim was backed by his sister, Princess Ilse of Ruritania, who said a week "
            "with him was \u201cmeetings, meetings, meetings\u201d.")
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    upstream = nlp.pipe_names[:nlp.pipe_names.index("ner") + 1]
    with nlp.select_pipes(enable=upstream):
        doc = nlp(doc)
    doc.ents = [e for e in doc.ents if "Ilse" not in e.text]  # as the model missed it
    for name in nlp.pipe_names[len(upstream):]:
        doc = nlp.get_pipe(name)(doc)
    [speaker] = [q.speaker for q in doc._.ww_quotes if q.kind == "direct"]
    assert speaker is not None and "Ilse" in speaker


def test_person_tag_after_the_quote_beats_a_document_before_it(nlp) -> None:  # noqa: ANN001
    """"The survey adds “…,” said Tom Hale": the name in the tag speaks (`_person_tag` puts
    that cue first, before a verb governing the quote)."""
    text = ("The survey adds \u201ca useful picture of how small firms are coping with the "
            "new rules,\u201d said Tom Hale, a lecturer in accounting at Leeds University.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Hale"]
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    doc = nlp(doc)
    end = text.index(",\u201d said")
    said = next(t for t in doc if t.text == "said")
    adds = next(t for t in doc if t.text == "adds")
    assert _person_tag(said, end) and not _person_tag(adds, end)


def test_according_to_in_the_next_sentence_is_its_own_source(nlp) -> None:  # noqa: ANN001
    """“A,” said X. “B.” If …, according to a study. — B goes on in X's voice."""
    text = ("\u201cThe market will grow for all of us,\u201d said Deputy Prime Minister Ali "
            "Demir on Monday. \u201cOur farmers will not be a burden for anyone.\u201d If it "
            "joins, the country would pay in 5bn euros by 2015, according to a study by the "
            "Planning Office.")
    assert [s for _, s in _speakers(nlp, text)] == ["Ali Demir", "Ali Demir"]


# ---------------------------------------------------------------- issue 14: quotes with no speaker

def test_whom_a_film_shows_speaking_speaks(nlp) -> None:  # noqa: ANN001
    """"The documentary showed Mr X, …, telling the meeting: “…”": X, not the documentary."""
    text = ("Party member Mike Dorran was secretly filmed at a dinner. The documentary showed "
            "Mr Dorran, apparently talking about the budget, telling the meeting: \u201cThe "
            "farmers are the big losers here but nobody cares about them.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Mike Dorran"]


def test_quote_standing_alone_goes_to_the_next_sentences_speaker(nlp) -> None:  # noqa: ANN001
    """A quoted paragraph with no tag, then "But the committee said …": the committee."""
    text = ("The fisheries committee heard evidence from 51 groups. One was a call to change "
            "the bill.\n\n\u201cWe accept that neither fishing nor angling should fall within "
            "the remit of the draft bill.\u201d\n\nBut the committee said an amendment was "
            "needed to protect anglers.")
    assert [s for _, s in _speakers(nlp, text)] == ["fisheries committee"]


def test_quote_opening_the_article_goes_to_the_person_named_next(nlp) -> None:  # noqa: ANN001
    text = ("\u201cWe have not seen any evidence of contacts with the other campaign at "
            "all.\u201d\n\nThat was the finding of Paul Verney, the agency chief who led the "
            "inquiry, in a memo to Congress.")
    assert [s for _, s in _speakers(nlp, text)] == ["Paul Verney"]


def test_first_person_in_a_transcript_is_the_labelled_speaker(nlp) -> None:  # noqa: ANN001
    """"REP. TOM HALLER: … And I stood up and said: “…”": Tom Haller."""
    text = ("ANN BAKER: You were at the bridge that day.\n\nREP. TOM HALLER: I was. Someone "
            "asked me to speak to the crowd. And I stood up and said something like: \u201cI do "
            "not understand how the state can send troopers against people who only want to "
            "vote.\u201d\n\nANN BAKER: What happened next?\n\nREP. TOM HALLER: They beat us.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Haller"]


def test_unnamed_body_quoted_is_its_description(nlp) -> None:  # noqa: ANN001
    """"An all-party committee said it was “…”. It blamed X for “…”": the committee twice."""
    text = ("Public bodies are not ready for the new law, say MPs. But an all-party committee "
            "said it was \u201cnot at all confident\u201d that councils would be ready. It "
            "blamed the Home Office for \u201ca lack of consistent leadership\u201d.")
    speakers = [s for _, s in _speakers(nlp, text)]
    assert len(speakers) == 2 and all(s and s.endswith("committee") for s in speakers)


def test_out_of_reach_she_is_the_only_woman_named(nlp) -> None:  # noqa: ANN001
    text = ("Health Minister Joan Pellow said the plan was fair. The budget rises by 4% next "
            "year. Schools get the largest share of the money. Councils will also receive £2m "
            "for roads. Bus fares will be frozen across the region. She said she was \u201csure "
            "that families will see the difference soon.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Joan Pellow"]


def test_possessor_before_the_cue_is_not_the_speaker(nlp) -> None:  # noqa: ANN001
    """"In response to Dr Lamb's comments, Ieuan Wyn Jones, …, said: “…”" parsed with no
    subject for "said": the person named before the cue, not the possessor."""
    text = ("Dr Brian Lamb said the health service would improve. In response to Dr Lamb's "
            "comments, Ieuan Wyn Jones, leader of the Plaid Cymru group in the assembly, said: "
            "\u201cIt is apparent that this reshuffle was just changing the deckchairs on a "
            "sinking ship.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Ieuan Wyn Jones"]


def test_she_after_a_spokeswoman_for_a_body_is_the_body(nlp) -> None:  # noqa: ANN001
    text = ("The Lib Dems say Labour broke the rules. A spokeswoman for the Information "
            "Commissioner's Office said it was examining one complaint. \u201cWe are "
            "investigating one of the complaints where some evidence has been given to us,\u201d "
            "she said.")
    assert [s for _, s in _speakers(nlp, text)] == ["Information Commissioner's Office"]


def test_owner_of_a_body_is_not_the_speaker_of_a_charge_against_it(nlp) -> None:  # noqa: ANN001
    """"He accused Mr Blair's government of “…”": he speaks, not Blair."""
    text = ("Mr Kennedy said the war had failed. He accused Mr Blair's government of \u201cbeing "
            "less than straightforward\u201d over its plans.")
    assert [s for _, s in _speakers(nlp, text)] == ["Kennedy"]


def test_name_after_a_title_subject_speaks_even_unlabelled(nlp) -> None:  # noqa: ANN001
    """"The chairman of the Bar Council, Guy Mansfield QC warned …" with the name read as an
    organisation and both parsed as subjects: the name, not "chairman"."""
    text = ("He said: \u201cThis has all the signs of a leader overruling his colleagues.\u201d"
            "\n\nThe chairman of the Bar Council, Guy Mansfield QC warned there was a real risk "
            "that people on the \u201cmargins of society\u201d would be driven into the hands "
            "of extremists.")
    speakers = dict(_speakers(nlp, text))
    assert "Mansfield" in (speakers["margins of society"] or "")


def test_testify_reports_speech(nlp) -> None:  # noqa: ANN001
    """"X testified that …" is reported speech; "“…,” X testified" tags a quote, even one
    that names the previous quote's speaker (data/speech_cues.tsv)."""
    doc = nlp(nlp.make_doc("Lieutenant Dana Marlowe testified that the ambassador had raised "
                           "the audit twice."))
    assert [(q.kind, q.speaker) for q in doc._.ww_quotes] == [("indirect", "Dana Marlowe")]
    text = ("\u201cWe will pass the budget,\u201d Senator Alan Ruiz said on Monday. \u201cAmbassador "
            "Ruiz referred to the audit in March,\u201d Dana Marlowe testified.")
    assert [s for _, s in _speakers(nlp, text)] == ["Alan Ruiz", "Dana Marlowe"]


def test_a_tag_verb_of_clarifying_names_its_speaker(nlp) -> None:  # noqa: ANN001
    """“…,” Hale clarified: a tag (data/speech_cues.tsv), not the last speaker going on."""
    text = ("\u201cThe plan is dead,\u201d Mayor Lena Ortiz told Tom Hale on Monday. \u201cWe "
            "start again in May,\u201d Hale clarified.")
    assert [s for _, s in _speakers(nlp, text)] == ["Lena Ortiz", "Tom Hale"]


def test_a_letter_speaks_for_those_who_signed_it(nlp) -> None:  # noqa: ANN001
    """“…,” says the letter signed by seven nurses: the nurses, not the body named before."""
    text = ("The Ruritanian Border Agency holds hundreds of families at its camps. Doctors "
            "wrote to the agency in May. \u201cIn our professional view, the camps are unsafe "
            "for children,\u201d says the letter signed by seven nurses.")
    assert [s for _, s in _speakers(nlp, text)] == ["nurses"]


def test_reports_a_body_released_speak_for_it(nlp) -> None:  # noqa: ANN001
    text = ("The Ruritanian Audit Office released two reports that described \u201cserious "
            "delays and rising costs at the port\u201d on Monday.")
    assert [s for _, s in _speakers(nlp, text)] == ["Ruritanian Audit Office"]


def test_age_alone_reaches_the_person_named_two_sentences_back(nlp) -> None:  # noqa: ANN001
    """"The 61-year-old said after his appointment: “…”" with a description between."""
    text = ("Marco Bellini has agreed a deal to coach Harlow City until 2025.\n\nNegotiations "
            "between the club and Bellini's agents ran into Tuesday night.\n\nThe Italian coach "
            "had been out of work since March.\n\nThe 61-year-old said after his appointment: "
            "\u201cI am proud to be joining such a club.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Marco Bellini"]


def test_a_surname_that_is_a_common_word_speaks(nlp) -> None:  # noqa: ANN001
    """"…, Early says there is …" with "Early" parsed as an adverb: "he says" next is Early."""
    text = ("Google director Jack Buser says the service will grow. He said the studio had "
            "signed up. Ubisoft vice president Chris Early spoke in Montreal on Monday. While "
            "the new service is light on titles (only three games have been announced), Early "
            "says there is a chance of more. \u201cOur aim is to make the best game for as many "
            "people as possible,\u201d he says.")
    assert [s for _, s in _speakers(nlp, text)] == ["Chris Early"]


def test_a_participle_on_a_clause_about_a_thing_speaks_for_its_reporter(nlp) -> None:  # noqa: ANN001
    """"X laughed off suggestions that his seat had been in danger saying it was “…”": the
    re-election cannot speak; X, who reports the clause, does."""
    text = ("Paul Mensah also laughed off suggestions that his re-election in Harlow North had "
            "been in danger saying it was \u201cone of the safest seats in the land\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Paul Mensah"]


def test_a_spokesman_speaks_for_a_body_the_entities_took_for_a_person(nlp) -> None:  # noqa: ANN001
    """"Environmental group Transport 3000 said …. “…,” said a spokesman": the article calls
    it a group, so it has spokesmen, whatever type the entities gave its name."""
    text = ("The RAC welcomed the freeze on fuel duty. Environmental group Transport 3000 said "
            "the freeze sends the wrong message to motorists. \u201cWe are concerned that "
            "Ruritania fails in practical action,\u201d said a spokesman.")
    assert [s for _, s in _speakers(nlp, text)] == ["Transport 3000"]


def test_two_apostrophes_close_a_double_quote(nlp) -> None:  # noqa: ANN001
    """"…,'' said Ford": two apostrophes typed for the closing mark end the quote there."""
    text = ('"We are using the league to inspire players,\'\' said coach Dana Ruiz. '
            '"It works for them and for us.\u2019\u2019 The season starts in May.')
    assert [q.text(text) for q in find_direct_quotes(text)] == [
        "We are using the league to inspire players", "It works for them and for us."]
    assert [s for _, s in _speakers(nlp, text)] == ["Dana Ruiz", "Dana Ruiz"]


def test_mixed_case_interview_label_names_the_speaker(nlp) -> None:  # noqa: ANN001
    """"Jane Roe: I told him, “…”" in an interview whose turns open with mixed-case labels."""
    text = ("HERALD: How did the campaign start?\n\n"
            "Jane Roe: My brother asked me to help. I told him, \u201cFind another volunteer "
            "for the night shifts.\u201d He laughed.\n\n"
            "HERALD: And then?")
    doc = run(text, entities=[person("Jane Roe", text, "Jane Roe")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Jane Roe"]



def test_a_verb_before_quoted_words_of_its_own_is_no_tag_of_the_quote_before(nlp) -> None:  # noqa: ANN001
    """"“…” The students responded … with “…”": the verb introduces its own quoted words;
    the quote before it goes on in the voice of the one before that (“…?” he asked)."""
    text = ('Senator Paul Mercer spoke to the rally by video link. "Are you ready?" he asked '
            'the crowd. "Then let us win this state together in November." The students '
            'responded to him on the big screen with "Yes, we are!"')
    assert [s for _, s in _speakers(nlp, text)][-2] == "Paul Mercer"


def test_a_noun_read_as_the_verb_subject_of_an_inverted_tag(nlp) -> None:  # noqa: ANN001
    """"“…,” said Danish trades union official Lars Vinter" with "trades" parsed as a verb
    and the tag's subject: the name after the cue speaks all the same."""
    text = ('Kestrel Motors will close ten plants. "It looks pretty bleak," said Danish '
            'trades union official Lars Vinter.')
    doc = run(text, entities=[person("Lars Vinter", text, "Lars Vinter")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Lars Vinter"]


def test_an_acronym_defined_in_brackets_is_its_entity(nlp) -> None:  # noqa: ANN001
    """"the Northern Grain Board (NGB) …. “…,” NGB said": the acronym the article spelled
    out is that body, though the entities took only the full name."""
    text = ('Farmers have asked the Northern Grain Board (NGB) to raise prices. "The request '
            'is being studied and a reply will follow," NGB said.')
    doc = run(text, entities=[entity("Northern Grain Board", "ORG", None, "BUS", text,
                                     [r"Northern Grain Board"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Northern Grain Board"]


def test_the_one_quoted_as_saying_speaks_not_the_outlet(nlp) -> None:  # noqa: ANN001
    """"“…,” Reuters quoted a Ruritanian Grain Board official as saying": the one quoted
    speaks, whatever the entities typed it; the agency only reports."""
    text = ('The Ruritanian Grain Board will print a new currency. "It is above all a question '
            'of sovereignty," Reuters quoted a Grain Board official as saying.')
    doc = run(text, entities=[entity("Ruritanian Grain Board", "ORG", None, "GOV", text,
                                     [r"(?:Ruritanian )?Grain Board"]),
                              entity("Reuters", "ORG", None, "MED", text, [r"Reuters"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == [
        "Ruritanian Grain Board"]


def test_a_title_read_as_a_proper_noun_with_the_name_in_apposition(nlp) -> None:  # noqa: ANN001
    """"The Shadow Secretary of State for the Family, Theresa Doyle, said: “…”": the name in
    apposition speaks, not the holder of the title."""
    text = ('Minister Patricia Hale announced the plans on Monday. The Shadow Secretary of State '
            'for the Family, Theresa Doyle, said: "These plans were announced in December."')
    doc = run(text, entities=[person("Patricia Hale", text, "Patricia Hale"),
                              person("Theresa Doyle", text, "Theresa Doyle")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Theresa Doyle"]


def test_a_missed_mention_of_an_entity_name_is_that_entity(nlp) -> None:  # noqa: ANN001
    """"Brewers said it was in talks “…”" where the entities component took only the first
    "Brewers" as a mention: the entity of exactly that name speaks."""
    text = ('Shares in Brewers rose sharply on Monday.\n\nBrewers said it was currently in '
            'talks "which may lead to a major corporate announcement".')
    doc = run(text, entities=[entity("Brewers", "ORG", None, "BUS", text, [r"Brewers(?= rose)"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Brewers"]


def test_a_finite_clause_after_as_keeps_its_own_lost_subject(nlp) -> None:  # noqa: ANN001
    """"His comments come as the co-chairman of the Conservative Party, Dan Fry, on Saturday
    called him “…”" with the subject lost by the parse: not the main clause's subject ("His
    comments", nor the "his" it opens with) but the first person named before the verb."""
    text = ("Tom Ridley says he will stand again. Mr Ridley's assessment is likely to be seen "
            "as a signal that replacing him would not help the Labour administration.\n\nHis "
            "comments come as the co-chairman of the Conservative Party, Dan Fry, on Saturday "
            'called him "a disappointment of historic proportions" as a prime minister.')
    assert [s for _, s in _speakers(nlp, text)] == ["Dan Fry"]


def test_one_sentence_of_background_does_not_end_the_voice_before_it(nlp) -> None:  # noqa: ANN001
    """"Mr Ardley said that … he feared … . Since 1998, clubs have seen their income soar.
    “…”": a sentence naming nobody between the report and the quote, in one paragraph."""
    text = ('Karl Ardley spoke at the club on Monday. Mr Ardley said that he feared there '
            'might now be too many matches on television. Since 1998, clubs have seen their '
            'income from television soar. "Television has been the driving force over the '
            'past decade, but we must improve."')
    doc = run(text, entities=[person("Karl Ardley", text, r"(?:Karl )?Ardley")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Karl Ardley"]


def test_intimate_reports_speech(nlp) -> None:  # noqa: ANN001
    """"…, Ms Lorne intimated. “…”": the next quote goes on in her voice."""
    text = ('The clearest signals come when all the figures point one way, Ms Lorne intimated '
            'to Tom Hask. "In forecasting, there is safety in numbers."')
    doc = run(text, entities=[person("Ruth Lorne", text, r"Lorne"),
                              person("Tom Hask", text, r"Tom Hask")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Ruth Lorne"]


def test_a_body_behind_it_governs_a_quote_with_no_cue(nlp) -> None:  # noqa: ANN001
    """"Ruritania moved to steady the markets. It issued a statement that “…”": the body the
    chains give "it" speaks."""
    text = ('On Wednesday, however, Ruritania moved to steady the currency markets. It issued '
            'a statement that "the central bank will not change the mix of its reserves".')
    assert [s for _, s in _speakers(nlp, text)] == ["Ruritania"]


def test_a_name_after_the_nouns_complement_between_commas_speaks(nlp) -> None:  # noqa: ANN001
    """"But director of the Victims of Crime Fund, Norman Bennett, accused …" with the name
    hung on the complement's name: the name speaks, not "director"."""
    text = ('The plans were published on Monday. But director of the Victims of Crime Fund, '
            'Norman Bennett, accused the judge of having an "arrogant disdain for victims of '
            'crime".')
    doc = run(text, entities=[person("Norman Bennett", text, "Norman Bennett"),
                              entity("Victims of Crime Fund", "ORG", None, "NGO", text,
                                     r"Victims of Crime Fund")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Norman Bennett"]


def test_a_tag_without_its_verb_names_the_speaker(nlp) -> None:  # noqa: ANN001
    """"“…,” Mr Fennel." — the copy dropped the verb: the name after the comma speaks, not
    the group of the sentence before ("economists said")."""
    text = ('Growth slowed in the third quarter, economists said. Hal Fennel works at Norvik '
            'Bank.\n\nThe weak figure makes a rate rise less likely, economists said. "The economy '
            'regained some traction, but the growth is not robust," Mr Fennel. "We will see one '
            'more rate rise."')
    doc = run(text, entities=[person("Hal Fennel", text, "Hal Fennel")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Hal Fennel"] * 2


def test_who_after_a_name_is_that_name_when_the_parse_hangs_it_on_the_quote(nlp) -> None:  # noqa: ANN001
    """"The posters were labelled a “big mistake” by the Greens who said Labour's “first
    shot … has backfired”": the relative clause hung on the quoted words; "who" is the name
    right before it."""
    text = ('Labour has withdrawn two posters.\n\nThe posters were labelled a "big misjudgement" '
            'by the Greens who said Labour\'s "first shot in the election has badly backfired".')
    doc = run(text, entities=[entity("Greens", "ORG", None, "GOV", text, r"Greens"),
                              entity("Labour", "ORG", None, "GOV", text, r"Labour")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"][-1] == "Greens"


def test_a_thing_that_suggests_inside_a_report_leaves_the_quote_to_the_reporter(nlp) -> None:  # noqa: ANN001
    """"Opinion polls suggest that “…”, Dr Lena Harrowby says": the polls speak for nobody;
    the one who reports them does."""
    text = ('Opinion polls suggest that "people still want the state to take a leading role in '
            'providing these things", Dr Lena Harrowby says.')
    doc = run(text, entities=[person("Lena Harrowby", text, r"Lena Harrowby")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Lena Harrowby"]


def test_a_background_sentence_whose_speech_verb_has_no_speaker_keeps_the_voice(nlp) -> None:  # noqa: ANN001
    """"Jo Pelham said …. The show will air …, which suggests a later slot. “…”": a "which
    suggests" names nobody, so the quote goes on in the voice of the sentence before."""
    text = ('Jo Pelham said the station would move the show to Sundays. The show will air after '
            'the chart countdown, which suggests a later slot. "Hopefully the listeners will '
            'find it there."')
    doc = run(text, entities=[person("Jo Pelham", text, r"Jo Pelham")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Jo Pelham"]


def test_a_first_person_quote_after_a_sentence_about_someone_is_theirs(nlp) -> None:  # noqa: ANN001
    """"Mara Quill, 31, had to leave her flat near the home of Tobias Renn. “I am scared …”":
    the subject of the sentence before speaks, not the person it names last."""
    text = ('Mara Quill, 31, had to leave her flat near the home of Tobias Renn after the blast. '
            '"I am scared. I do not feel safe here any more."')
    doc = run(text, entities=[person("Mara Quill", text, r"Mara Quill"),
                              person("Tobias Renn", text, r"Tobias Renn")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Mara Quill"]


def test_a_name_the_model_read_as_a_sum_or_an_interjection_still_speaks(nlp) -> None:  # noqa: ANN001
    """"“…,” 70 Penny said" (a sum) and "“…,” Oh said" (an interjection): the subject is a
    name all the same, the entity whose name ends in it when the article has one."""
    text = ('Rapper 70 Penny and his rival made peace on Sunday. "We are done with the feud," '
            '70 Penny said.')
    doc = run(text, entities=[entity("Rapper 70 Penny", "ORG", None, None, text,
                                     [r"Rapper 70 Penny"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Rapper 70 Penny"]
    text = ('The adviser Oh Min Jae spoke at the forum. "Small states need a fair system that '
            'does not favour the strongest navy," Oh said.')
    doc = run(text)
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Oh"]


def test_a_body_named_in_apposition_to_the_subject_speaks(nlp) -> None:  # noqa: ANN001
    """"Market analysts Dataquest welcomed the plan, saying …": the body named, whatever type
    the model gave its name."""
    text = 'Market analysts Dataquest welcomed the plan, saying the firm had "moved a long way on prices".'
    doc = run(text, entities=[entity("Dataquest", "LOC", None, None, text, [r"Dataquest"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Dataquest"]


def test_a_main_verb_read_as_a_participle_keeps_its_subject(nlp) -> None:  # noqa: ANN001
    """"The group, Tenants United, formed last month and sent a letter stating that they “…”"
    parsed with "formed" hung on the subject: the group sends and states."""
    text = ('The group, Tenants United, formed last month and sent a letter to the council '
            'stating that they "will not accept any rise in rents this year."')
    doc = run(text, entities=[entity("Tenants United", "ORG", None, None, text,
                                     [r"Tenants United"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tenants United"]


def test_a_thing_of_someones_that_speaks_speaks_for_them(nlp) -> None:  # noqa: ANN001
    """"His sales pitch adds: “…”", "The book by Elena Marsh said …": the possessor or
    author speaks."""
    text = ('On his website, Mr Dunmore describes himself as a "simple carpenter". His sales '
            'pitch adds: "Buy this space on my van and see your name travel the whole country."')
    doc = run(text, entities=[person("Tom Dunmore", text, r"Mr Dunmore")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Dunmore"] * 2
    text = 'The book by veteran reporter Elena Marsh said the two men had "a deep dislike" for each other.'
    doc = run(text, entities=[person("Elena Marsh", text, r"Elena Marsh")])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Elena Marsh"]


def test_a_clause_after_but_keeps_its_own_subject_when_parsed_onto_a_noun(nlp) -> None:  # noqa: ANN001
    """"The agency claimed Mr Hale was one of the ringleaders but his lawyer, Rosa Kint, told
    reporters … and added: “…”": the lawyer speaks, not the agency."""
    text = ('The agency claimed Mr Hale was one of the ringleaders but his lawyer, Rosa Kint, '
            'told reporters it was nonsense and added: "He could not even send an email '
            'without help."')
    doc = run(text, entities=[person("Rosa Kint", text, r"Rosa Kint"),
                              entity("Tarn Agency", "ORG", None, None, text, [r"The agency"])])
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Rosa Kint"]


def test_a_participle_speaks_for_no_verb_after_it(nlp) -> None:  # noqa: ANN001
    """"He denied it was spin, insisting the tax appealed to everyone" parsed with "appealed"
    as the root and "denied" under it: "insisting" speaks for "He", not for "the tax"."""
    from spacy.tokens import Doc

    from wirewatch.analyze.quotes import _subject_of

    words = ["He", "denied", "it", "was", "spin", ",", "insisting", "the", "tax", "appealed",
             "to", "everyone", "."]
    heads = [1, 9, 3, 1, 3, 3, 3, 8, 9, 9, 9, 10, 9]
    deps = ["nsubj", "ccomp", "nsubj", "ccomp", "acomp", "punct", "advcl", "det", "nsubj",
            "ROOT", "prep", "pobj", "punct"]
    pos = ["PRON", "VERB", "PRON", "AUX", "NOUN", "PUNCT", "VERB", "DET", "NOUN", "VERB", "ADP",
           "PRON", "PUNCT"]
    tags = ["PRP", "VBD", "PRP", "VBD", "NN", ",", "VBG", "DT", "NN", "VBD", "IN", "NN", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    assert _subject_of(doc[6]).text == "He"


def test_a_speech_verb_right_before_the_quote_introduces_it(nlp) -> None:  # noqa: ANN001
    """"Audience members laughed when he urged voters, “Look what …”": the parser hangs the
    quoted words on "laughed", but the speech verb whose clause ends right where the quote
    opens introduces it: its subject speaks, not the laughing audience."""
    text = ("Ken Marlow and Joe Brandt met in a debate on Tuesday. Marlow is under fire for "
            "his broken promises. Audience members laughed when he urged voters, “Look what I "
            "have said I am going to do as a mayor and look what I have done.”")
    assert [s for _, s in _speakers(nlp, text)] == ["Ken Marlow"]


def test_interview_answers_belong_to_the_interviewee(nlp) -> None:  # noqa: ANN001
    """An interview laid out as questions and answers: each answer in quote marks follows a
    question to "you" with no speech verb; the speaker is the person the intro names, not
    the husband or the colleague named inside the questions and answers."""
    text = ("Laura Bennett runs a bakery in Leeds with her husband.\n\n"
            "How did you and Peter start the bakery?\n\n"
            "\u201cPeter had the recipes and I had the savings, so we rented a tiny shop on "
            "the high street.\u201d\n\n"
            "What do you bake first each morning?\n\n"
            "\u201cThe sourdough always goes in first, because it takes the longest and our "
            "regulars come early.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Laura Bennett", "Laura Bennett"]


def test_interview_answers_take_a_profile_line_name(nlp) -> None:  # noqa: ANN001
    """The same layout under profile lines the entities do not read ("Laura's Family: Husband Tom"): a
    first name of the list before the first question is the interviewee."""
    text = ("Age: 52\n\nHometown: York\n\nLaura's Family: Husband Tom, 55; son Jack, 20\n\n"
            "What do you grow in the summer?\n\n"
            "\u201cMostly tomatoes, because Tom and Jack love eating them straight from "
            "the vine.\u201d\n\n"
            "Where do you find the time for it?\n\n"
            "\u201cEarly mornings, before anyone else in the house is awake and asking for "
            "breakfast.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Laura", "Laura"]


def test_a_passive_sentence_after_a_quote_is_no_tag(nlp) -> None:  # noqa: ANN001
    """“…” Details will be published on Monday.: a passive reporting verb in the sentence
    after the quote is no tag of it (a tag is "…,” Ms Roe said"), so it does not stop the
    quote from going to the subject of the clause that holds it ("It also hopes to build
    a “…”": the body "it" stands for)."""
    text = ("The Transport Agency said on Friday that it would open two new rail lines. "
            "It also hopes to build a \u201cfaster and greener freight network for the "
            "north\u201d. Details of the plan will be published on the agency's website.")
    assert [s for _, s in _speakers(nlp, text)] == ["Transport Agency"]


def test_a_name_opening_a_paragraph_is_the_verbs_subject(nlp) -> None:  # noqa: ANN001
    """"… - Hale\n\nMartin Hale, co-owner of …, added: “…”" parsed as one sentence, with the
    name hung on the heading before and the verb given a subject there: the noun phrase that
    opens the verb's paragraph and hangs on an earlier one is its subject."""
    text = ("Radio deal like a bad joke - Hale\n\nMartin Hale, co-owner of Northern league side "
            "Redford Town, added: \u201cI want cheaper tickets for the away fans who travel "
            "every week.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Martin Hale"]


def test_a_website_which_said_speaks_for_its_owner(nlp) -> None:  # noqa: ANN001
    """"Acme's website, which said in a statement: “…”": "which" on a common noun is that
    noun (the text, for its owner), not a speaker of its own."""
    text = ("The sale was first announced by Acme Holdings' website, which said in a "
            "statement: \u201cAcme Holdings confirms it has sold its shipping arm to a rival "
            "in Spain.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Acme Holdings"]


def test_a_quote_resumed_after_a_box_keeps_its_voice(nlp) -> None:  # noqa: ANN001
    """A quote left open at its paragraph's end (the British way to run it on) and resumed,
    after a few box lines (a table: no sentence ends there), by a paragraph that opens with a
    quote mark goes on in the open quote's voice."""
    text = ("Asked if the price was too high, Martin Hale said: \"It is not. It is a fair "
            "price for the rights.\n\nTicket prices\n\nAdults £20\n\nChildren £10\n\n\"Fans "
            "want to see the best players here. They will come in their thousands.\"")
    assert [s for _, s in _speakers(nlp, text)] == ["Martin Hale", "Martin Hale"]


def test_a_club_typed_as_a_person_before_a_role_noun_is_no_speaker(nlp) -> None:  # noqa: ANN001
    """"“…,” said the Bolton manager" with the club's name typed as a person's: a name that
    only modifies the noun after it is not the inverted subject (the noun is), and a name
    ending in a club word (data/coref.tsv body_word "wanderers") is a body, so the manager
    is the person the last lines are about."""
    text = ("Tom Archer was disappointed last night. \u201cWe should have won it,\u201d he said. "
            "\u201cWe will do better next week,\u201d said the Bolton manager.\n\nThe visitors "
            "were happy. Swansea's manager, Paul Dunn, said the point was deserved. Bolton "
            "Wanderers are fifth.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Archer", "Tom Archer"]


def test_a_participle_on_a_joined_clause_with_its_own_subject_is_that_subjects(nlp) -> None:  # noqa: ANN001
    """"Hale said it would cost too much and Dunn later backed down, saying his was “…”":
    the participle is the joined clause's named subject's, not the reporting subject's."""
    text = ("Hale said the scheme would take years to build and Dunn later backed down, "
            "saying his was \u201ca dream for another day\u201d that nobody had costed.")
    assert [s for _, s in _speakers(nlp, text)] == ["Dunn"]


def test_a_hyphened_role_is_the_person_titled_with_it(nlp) -> None:  # noqa: ANN001
    """"the co-pilot had said “…”", split by the tokenizer into three subjects, is the person
    titled "co-pilot" (data/coref.tsv person row), named further on, not the airline that
    reports it nor a "pilot"."""
    text = ("At first, the airline said early checks showed the co-pilot had said \"Roger, "
            "climbing now\".\n\nThe crew were led by Captain Tom Archer, 53, and 27-year-old "
            "co-pilot Paul Dunn.")
    assert [s for _, s in _speakers(nlp, text)] == ["Paul Dunn"]


def test_a_cueless_quote_about_the_person_just_named_is_the_last_voice(nlp) -> None:  # noqa: ANN001
    """'"…," said Archer. And forward Paul Dunn looks certain to be picked …. "I learned a lot
    …. "Every player is judged on form and Paul Dunn is an outstanding player.': cue-less
    quotes whose run names the person just named talk about him; they go on in the voice of
    the last quote."""
    text = ("Coach Tom Archer says he will pick only fit players for the tour. \u201cFitness is "
            "everything,\u201d said Archer.\n\nAnd forward Paul Dunn looks certain to be "
            "picked, if he recovers from a knee injury. \u201cI learned a lot from the last "
            "tour. \u201cEvery player is judged on form and Paul Dunn is an outstanding player. "
            "\u201cHe should be back by March.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Archer"] * 4


def test_a_body_reporting_between_quotes_ends_the_last_voice(nlp) -> None:  # noqa: ANN001
    """'"…" KI said the games industry was now bigger than the music industry. "Nobody camps
    outside record shops now."': a sentence between that reports another speaker's words (a
    body's too) ends the voice of the quote before; the cue-less quote is that speaker's."""
    text = ("Video game giant Kestrel Interactive (KI) says it wants to become the biggest "
            "entertainment firm in Europe.\n\nJames Roe, KI's managing director for Europe, "
            "said: \u201cWe will double our sales in five years.\u201d Mr Roe said that most "
            "of KI's games were sold to adults. \u201cOur aim is to bring games to "
            "everyone.\u201d KI said the games industry was now bigger than the music "
            "industry. \u201cNobody camps outside record shops now.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["James Roe", "James Roe", "KI"]


def test_words_about_a_place_after_a_copula_are_not_its_own(nlp) -> None:  # noqa: ANN001
    """'Brazil is a "rapidly growing economy …"': a quote predicated of a place by "be" is
    not the place speaking; it goes on in the voice of the quote before."""
    text = ("\u201cFor towns to grow, they need cheap power,\u201d said Tom Baker, director of "
            "energy analysts Baker Partners. Brazil is a \u201crapidly growing economy that "
            "must have access to oil\u201d. By buying the field, the firm would cut its imports.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Baker", "Tom Baker"]


def test_a_named_title_inside_a_thing_subject_speaks(nlp) -> None:  # noqa: ANN001
    """"… referred questions about delays to the maker, Kestrel Inc. Anna Whitfield, the
    spokeswoman, said …" parsed as one sentence with "questions" the subject of "said" and the
    name an appositive inside it: the name with its title right before the verb speaks."""
    from spacy.tokens import Doc

    from wirewatch.analyze.quotes import _subject_of

    words = ["The", "party", "referred", "questions", "about", "delays", "to", "the", "maker",
             ",", "Kestrel", "Inc.", "Anna", "Whitfield", ",", "the", "spokeswoman", ",",
             "said", "it", "was", "fine", "."]
    heads = [1, 2, 18, 18, 3, 4, 5, 8, 6, 8, 13, 13, 13, 8, 13, 16, 13, 13, 18, 20, 18, 20,
             18]
    deps = ["det", "nsubj", "ccomp", "nsubj", "prep", "pobj", "prep", "det", "pobj", "punct",
            "compound", "compound", "compound", "appos", "punct", "det", "appos", "punct",
            "ROOT", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["DET", "NOUN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "DET", "NOUN", "PUNCT", "PROPN",
           "PROPN", "PROPN", "PROPN", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "PRON", "AUX",
           "ADJ", "PUNCT"]
    lemmas = ["the", "party", "refer", "question", "about", "delay", "to", "the", "maker", ",",
              "Kestrel", "Inc.", "Anna", "Whitfield", ",", "the", "spokeswoman", ",", "say", "it",
              "be", "fine", "."]
    ents = ["O"] * 10 + ["B-ORG", "I-ORG", "B-PERSON", "I-PERSON"] + ["O"] * 9
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
    assert _subject_of(doc[18]).text == "Whitfield"


def test_the_first_of_two_joined_titled_names_is_the_subject(nlp) -> None:  # noqa: ANN001
    """"Acme chief executive Jo Roe and chief operating officer Al Poe said" parsed with only
    the second name as the subject of "said" and the first hung elsewhere: the first of the
    two joined names speaks, as when the parse joins them."""
    from spacy.tokens import Doc

    from wirewatch.analyze.quotes import _subject_of

    words = ["Acme", "chief", "executive", "Jo", "Roe", "and", "chief", "operating", "officer",
             "Al", "Poe", "said", "it", "was", "fine", "."]
    heads = [2, 2, 4, 4, 11, 4, 8, 8, 4, 10, 11, 11, 13, 11, 13, 11]
    deps = ["nmod", "amod", "compound", "compound", "prep", "cc", "amod", "compound", "conj",
            "compound", "nsubj", "ROOT", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["PROPN", "ADJ", "NOUN", "PROPN", "PROPN", "CCONJ", "ADJ", "NOUN", "NOUN", "PROPN",
           "PROPN", "VERB", "PRON", "AUX", "ADJ", "PUNCT"]
    ents = ["B-ORG", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-PERSON",
            "I-PERSON", "O", "O", "O", "O", "O"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    assert _subject_of(doc[11]).text == "Roe"


def test_a_participle_after_a_preposition_speaks_for_the_main_subject(nlp) -> None:  # noqa: ANN001
    """"A candidate for X has resigned after admitting a “…”": the speech participle the
    preposition takes speaks for the subject of the main verb the preposition hangs on (the
    candidate; without the rule the quote had no speaker)."""
    text = ("A prospective candidate for the Green Party has resigned after admitting a "
            "\u201cbrief flirtation\u201d with the Freedom League.\n\nTom Archer, who had been "
            "selected to fight the Dunmore seat, quit on Monday.")
    assert [s for _, s in _speakers(nlp, text)] == ["prospective candidate"]


def test_last_resort_the_subject_of_the_verb_holding_the_quote(nlp) -> None:  # noqa: ANN001
    """"Leaked memos suggest X branded the plan a “…”": the speech verb's subject ("memos")
    stands for no one, so no rule gave a speaker; the last resort takes the subject of the
    verb whose object holds the quote (X brands it), any verb."""
    text = ("Leaked memos have suggested former Homeland Security Secretary Tom Harlan branded "
            "the border plan as a \u201cleap into chaos for everyone\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tom Harlan"]


def test_last_resort_the_owner_of_a_saying_noun(nlp) -> None:  # noqa: ANN001
    """"The governor's claim that the state was “…” has drawn criticism, it has been argued":
    the passive cue names no one; the quote sits in a clause of the governor's claim (the
    governor named before)."""
    text = ("Governor Jane Holt spoke on Monday. The governor's claim that the state "
            "was \u201con track to reopen by June\u201d has drawn criticism, it has been argued.")
    assert [s for _, s in _speakers(nlp, text)] == ["Jane Holt"]


def test_last_resort_takes_no_bare_description(nlp) -> None:  # noqa: ANN001
    """"The patient was later diagnosed with what doctors call “…”": a description no name
    stands for is not made the speaker by the last resort."""
    text = ("A 52-year-old patient in Ohio began feeling short of breath, and was diagnosed "
            "with \u201cacute feather duvet lung disease\u201d, according to a case report.")
    assert [s for _, s in _speakers(nlp, text)] == [None]


def test_last_resort_skips_the_subject_of_a_copula(nlp) -> None:  # noqa: ANN001
    """"It was an irony and a “…” that the lenders claimed …": what the copula's subject ("it",
    here resolvable to a government) is, not what it says."""
    text = ("The Ruritanian government met the lenders in Ostrava on Monday. It rejected their "
            "terms.\n\nIt was an irony and a \u201ccruel paradox for the whole island\u201d that "
            "the lenders claimed the money was dirty.")
    assert [s for _, s in _speakers(nlp, text)] == [None]


def test_the_object_stranded_before_a_subjectless_verb_is_its_subject(nlp) -> None:  # noqa: ANN001
    """"As we have noted, a study by the Acme Institute, a think tank, concluded that …" parsed
    with the study as the object of "noted" and "concluded" left with no subject: the object
    phrase that ends right before the verb is its subject."""
    from spacy.tokens import Doc

    from wirewatch.analyze.quotes import _subject_of

    words = ["As", "we", "have", "noted", ",", "a", "study", "by", "the", "Acme", "Institute",
             ",", "a", "think", "tank", ",", "concluded", "that", "prices", "rose", "."]
    heads = [3, 3, 3, 16, 3, 6, 3, 6, 10, 10, 7, 10, 14, 14, 10, 16, 16, 19, 19, 16, 16]
    deps = ["mark", "nsubj", "aux", "advcl", "punct", "det", "dobj", "prep", "det", "compound",
            "pobj", "punct", "det", "compound", "appos", "punct", "ROOT", "mark", "nsubj",
            "ccomp", "punct"]
    pos = ["SCONJ", "PRON", "AUX", "VERB", "PUNCT", "DET", "NOUN", "ADP", "DET", "PROPN",
           "PROPN", "PUNCT", "DET", "NOUN", "NOUN", "PUNCT", "VERB", "SCONJ", "NOUN", "VERB",
           "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert _subject_of(doc[16]).text == "study"


def test_joint_bodies_of_two_countries_speak_as_the_first(nlp) -> None:  # noqa: ANN001
    """"The Ruritanian and Freedonian interior ministries accused … of running “…”": a plural
    body noun with two joined demonyms is the first country's body (as "X and Y said" is
    X's); without the rule the quote had no speaker."""
    text = ("In a joint statement, the Ruritanian and Freedonian interior ministries accused "
            "Atlantian forces in the border zone of running \u201cbandit formations and armed "
            "gangs in the camp\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Ruritanian interior ministry"]


def test_an_unresolved_it_reporting_speech_is_the_body_before(nlp) -> None:  # noqa: ANN001
    """"Senator X's office said …. It added that the senator “…”": the "it" the chains leave
    unresolved is the body word that spoke in the sentence before (without the rule: None)."""
    text = ("Senator Mark Dolan's office said the agency had \u201cfailed to answer a single "
            "question in writing\u201d. It added that the senator \u201cwill keep pressing the "
            "agency until it does\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Mark Dolan", "Mark Dolan"]


def test_an_unresolved_it_after_a_bare_body_description(nlp) -> None:  # noqa: ANN001
    """"The foreign ministry said … “…”. It added that …": the voice the ministry was given in
    the sentence before goes on (without the rule: None)."""
    text = ("The Ruritanian foreign ministry said on Monday that \u201cthe talks will resume in "
            "Geneva next week\u201d. It added that the envoy \u201cwill meet both delegations in "
            "turn before the weekend\u201d.")
    speakers = [s for _, s in _speakers(nlp, text)]
    assert speakers[1] is not None and speakers[1] == speakers[0]


def test_the_pair_is_the_first_of_the_people_named_together(nlp) -> None:  # noqa: ANN001
    """"Senators X and Y wrote …. The pair said the delay was “…”": a set noun (coref.tsv
    partitive "named") with no "of" stands for the people last named together; the first
    of them speaks (without the rule: None)."""
    text = ("Senators Mark Dolan and Ruth Ames wrote to the agency on Monday. The pair said the "
            "delay was \u201ca scandal that cannot be allowed to continue\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Mark Dolan"]


def _byline_speakers(nlp, text: str, authors: tuple[str, ...], outlet: str | None  # noqa: ANN001
                     ) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    doc._.ww_byline = (authors, outlet)
    doc = nlp(doc)
    return [(q.text, q.speaker) for q in doc._.ww_quotes if q.kind == "direct"]


def test_the_writers_own_i_and_we_are_the_byline_and_the_outlet(nlp) -> None:  # noqa: ANN001
    text = ("The council's new parking rules have angered shop owners on Elm Street.\n\n"
            "\u201cWhy do the rules keep changing?\u201d I asked at the meeting.\n\n"
            "We called the last plan \u201ca muddle that helps nobody\u201d in our review "
            "in March.")
    assert _byline_speakers(nlp, text, ("Dana Whitfield", "Omar Reyes"), "Elmtown Courier") == [
        ("Why do the rules keep changing?", "Dana Whitfield"),
        ("a muddle that helps nobody", "Elmtown Courier")]
    # without a byline nobody is named: no speaker rather than a guess
    assert [s for _, s in _byline_speakers(nlp, text, (), None)] == [None, None]


def test_a_quoted_i_stays_the_quotes_own_speaker(nlp) -> None:  # noqa: ANN001
    text = ("Mayor Lena Ortiz spoke to reporters on Monday.\n\n"
            "\u201cI said we would fix the roads, and we will,\u201d Ortiz said.")
    assert _byline_speakers(nlp, text, ("Dana Whitfield",), "Elmtown Courier") == [
        ("I said we would fix the roads, and we will", "Lena Ortiz")]


def test_analysis_gives_the_writers_quote_to_the_byline() -> None:
    from wirewatch.analyze import analyze
    from wirewatch.model import Article, Section

    body = [Section(None, ["Shop owners on Elm Street say the new parking rules are hurting "
                           "trade.", "\u201cWhy do the rules keep changing?\u201d I asked the "
                           "council on Tuesday."])]
    article = Article.build(sections=body, url="https://example.com/elm",
                            title="Parking rules anger shops", outlet="Elmtown Courier",
                            authors=["Dana Whitfield"])
    quotes = [q for q in analyze(article).quotes if q.kind == "direct"]
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Why do the rules keep changing?", "Dana Whitfield")]


def test_a_section_of_a_text_speaks_for_its_author(nlp) -> None:  # noqa: ANN001
    """"In new guidance from the X board, the section on fraud said …": a part of a text
    (coref.tsv document "section") speaks for the text's author like the text itself;
    without the row both quotes had no speaker."""
    text = ("In new guidance from the Judicial Standards Board, the section on fraud said "
            "possible fines would have to be \u201cset with care\u201d by a court so they did "
            "not lead to \u201ca penalty too light to deter\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Judicial Standards Board"] * 2


def test_a_social_media_account_speaks_for_its_owner(nlp) -> None:  # noqa: ANN001
    """"“…,” the account tweeted": the account (coref.tsv document) is its owner's voice,
    the body named before (without the row: no speaker)."""
    text = ("The Riverside Tenants Union posted a long thread on Monday night. \u201cThe mayor "
            "has ignored our demands for a year,\u201d the account tweeted.")
    assert [s for _, s in _speakers(nlp, text)] == ["Riverside Tenants Union"]


def test_a_cueless_quote_between_two_of_one_speaker_is_theirs(nlp) -> None:  # noqa: ANN001
    """A quote no rule gives a speaker ("It was an irony and an “…” that …"), with the
    quotes a paragraph before and after it both the president's, is in his run of words."""
    text = ("The Ruritanian president attacked the lenders on Monday. \u201cThey have been "
            "preying on our banks,\u201d he said.\n\nIt was an irony and an \u201cabsurd "
            "paradox\u201d that the lenders claimed the money was dirty.\n\n\u201cI am a firm "
            "believer in our future,\u201d he said.")
    speakers = [s for _, s in _speakers(nlp, text)]
    assert speakers[1] is not None and speakers == [speakers[0]] * 3


def test_with_no_byline_author_the_writers_i_is_who_they_say_they_are(nlp) -> None:  # noqa: ANN001
    """A blog with no author in its byline: "my name is X" outside any quote tells who the
    writer's "I" is (without the rule: no speaker)."""
    text = ("If we haven't met yet, my name is Dana Whitfield and I have been writing online "
            "since 2012.\n\nWhen I bought the van, I kept telling myself, \u201cThis plan "
            "counts. This plan is going to work out.\u201d")
    assert [s for _, s in _byline_speakers(nlp, text, (), "Acme Blog")] == ["Dana Whitfield"]
    # a name given inside someone else's quote is not the writer's
    text = ("\u201cMy name is Dana Whitfield and I run the shop,\u201d a woman told me.\n\n"
            "When I bought the van, I kept telling myself, \u201cThis plan counts.\u201d")
    assert [s for _, s in _byline_speakers(nlp, text, (), "Acme Blog")][1] is None


def test_a_title_parsed_as_the_subject_gives_way_to_the_name_it_runs_into(nlp) -> None:  # noqa: ANN001
    """"Chairman of the X Committee Jo Roe MP said", "said Treasury Under Secretary Jo Roe":
    the parse makes the title's first word the subject and hangs the name elsewhere; the
    person whose name ends the run of title words speaks (without the rule: "Chairman",
    "Treasury")."""
    text = ("Officials met on Monday. Chairman of the Rural Affairs Committee Martin "
            "Ashby MP, said: \u201cThe scheme is a worrying case of muddled "
            "planning.\u201d\n\nThe US said it is weighing other ways of settling the row. "
            "\u201cThe US is not sure that's the right way to go about it,\u201d said "
            "Treasury Under Secretary Carl Menzies.")
    assert [s for _, s in _speakers(nlp, text)] == ["Martin Ashby", "Carl Menzies"]


def test_who_after_a_title_in_apposition_is_the_titled_person(nlp) -> None:  # noqa: ANN001
    """"Jo Roe, the leader of the National Front party, who … to declare that “…”" with the
    relative clause hung on "party": "who" is the person, not the body in her title
    (without the rule: "People's Front party")."""
    text = ("The unrest has helped Greta Voss, the leader of the People's Front party, "
            "who on Friday called a news conference to declare that \u201cno town in the land "
            "is safe now.\u201d")
    assert [s for _, s in _speakers(nlp, text)] == ["Greta Voss"]


def test_a_stray_auxiliary_keeps_the_subject_of_its_verb(nlp) -> None:  # noqa: ANN001
    """"He pointed to how Tony Blake had in 1997 complained about “…”" parsed with "Blake
    had" as a clause of its own and "complained" on "pointed": the auxiliary's subject is
    the verb's (without the rule: "he", Ed Barrow)."""
    text = ("Ed Barrow ignored the claims on Monday. Rather, he pointed to how "
            "Tony Blake had in 1997 complained about \u201cpersonal abusive "
            "campaigning\u201d.")
    assert [s for _, s in _speakers(nlp, text)] == ["Tony Blake"]


def test_according_to_after_and_is_the_next_clauses_source(nlp) -> None:  # noqa: ANN001
    """"He had promised not to let the company get “…,” and, according to Reuters, once told
    analysts …": the source after the "and" is that of the clause it opens, not the quote's
    speaker (without the rule: Reuters)."""
    text = ("Mr Crane focused on raising sales at existing stores. He had vowed not to "
            "let the firm grow \u201clazy, slow and smug,\u201d and, according to Reuters, "
            "once told investors that he would fight any rival.")
    assert [s for _, s in _speakers(nlp, text)] == ["Crane"]


def test_quote_in_a_clause_with_a_reporting_clause_set_into_it() -> None:
    # (the quote hangs on "have", whose subject is the council)
    text = ("Mara Ellwood chairs the harbour board.\n\n"
            "For that reason, says the chairwoman, the council will have to rewrite the rules "
            "to “end the muddle” over ferry licences.")
    ents = [person("Mara Ellwood", text, "Mara Ellwood"),
            entity("Tallow council", "ORG", None, "GOV", text, ["council"])]
    [q] = run(text, entities=ents)._.ww_quotes
    assert q.speaker == "Mara Ellwood"


def test_label_given_in_the_passive_is_the_agents_words(nlp) -> None:  # noqa: ANN001
    """"The leaflets were labelled a “cheap stunt” by X": the label, hung on the verb as its
    object predicate with "by X" on the quoted words, is X's, not the passive subject's."""
    text = ("The Dunmore Party printed leaflets showing the mayor, Jane Orkin, as a clown. "
            "The leaflets were labelled a \u201ccheap stunt\u201d by the Harbour Alliance, "
            "which said the campaign had gone too far.")
    assert _speakers(nlp, text) == [("cheap stunt", "Harbour Alliance")]


def test_unnamed_person_of_a_body_after_the_quote_speaks_for_it(nlp) -> None:  # noqa: ANN001
    """"“…,” whispered the Liberal Party person": the noun after the tag is its speaker even
    when parsed as the verb's object, and an unnamed person of the body named on the noun
    (coref.tsv `person … insider`) speaks for that body, as "a Labour source" does."""
    text = ("The Liberal Party met in Dunmore on Saturday. \u201cShe is not done yet,\u201d "
            "whispered the Liberal Party person as the crowd left the hall. Jane Orkin spoke "
            "for an hour.")
    assert _speakers(nlp, text) == [("She is not done yet", "Liberal Party")]
