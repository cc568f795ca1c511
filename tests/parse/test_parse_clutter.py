"""In-body clutter (parse/clutter.py): hover cards, headline lists, link blocks and plugs.

Every string here is invented; it imitates the shapes seen in scraped news text.
"""

from __future__ import annotations

import json

import pytest

from wirewatch.model import Article, RawDocument, Reject, Section
from wirewatch.parse import ParseOptions, parse_document
from wirewatch.parse.clean import html_fragment_paragraphs
from wirewatch.parse.clutter import (
    clean_paragraph,
    clean_sections,
    is_headline_list,
    is_plug,
    strip_hover_cards,
    strip_link_tail,
)

# ---------------------------------------------------------------- hover cards


@pytest.mark.parametrize(("before", "after"), [
    # expanded name glued to the first headline, headlines joined by "|"
    ("Sen. Jane Roe Jane Ann RoeOvernight Farm: Growers seek aid | Budget talks stall Panel "
     "delays vote on dairy bill MORE (D-Ore.) said on Monday that the bill would pass.",
     "Sen. Jane Roe (D-Ore.) said on Monday that the bill would pass."),
    # the card glued to the display name itself
    ("Acting Secretary Pat LeePat LeeAgency unveils port plan Officials tout harbor upgrades "
     "MORE on Tuesday ordered a review.",
     "Acting Secretary Pat Lee on Tuesday ordered a review."),
    # a nickname in brackets, a possessive after MORE
    ("It was Governor Robert Vale Robert (Bob) Allen ValeVale signs ferry bill Voters weigh "
     "harbor tax MORE’s second veto this year.",
     "It was Governor Robert Vale’s second veto this year."),
    # the repeat with a space before the headline, only as an exact repeat
    ("Mayor Sam Park Sam Park Harbor deal: what to know Riverton weighs ferry tax MORE, who "
     "leads the city, disagreed.",
     "Mayor Sam Park, who leads the city, disagreed."),
    # a card with no headlines: MORE glued to the name
    ("Campaign chief Tom Ash Thomas (Tom) Ray AshMORE told reporters the count was wrong.",
     "Campaign chief Tom Ash told reporters the count was wrong."),
    # a particle in the name, and "Jr."-style suffix after MORE
    ("Mayor Ana de Luz Ana de LuzCity opens new bridge Storm closes harbor MORE III said no.",
     "Mayor Ana de Luz III said no."),
])
def test_hover_cards_are_cut_back_to_the_display_name(before: str, after: str) -> None:
    assert strip_hover_cards(before) == after


def test_two_cards_in_one_sentence_keep_the_text_between_them() -> None:
    text = ("Reps. Lia Moss Lia Kay MossMoss backs harbor plan Ferry fares rise MORE (D-Ore.) "
            "and Dan Ruiz Daniel (Dan) RuizRuiz seeks audit Port strike ends MORE (R-Utah) voted no.")
    assert strip_hover_cards(text) == "Reps. Lia Moss (D-Ore.) and Dan Ruiz (R-Utah) voted no."


def test_the_latest_card_start_wins_so_real_text_before_it_stays() -> None:
    # The first name is not a card here (no MORE closes it); the cut starts at the second.
    text = ("Aide Kim Orr and former Mayor Al Tan Albert (Al) TanTan sues city Ferry fares rise "
            "MORE are expected to testify.")
    assert strip_hover_cards(text) == "Aide Kim Orr and former Mayor Al Tan are expected to testify."


@pytest.mark.parametrize("text", [
    "The agency found MORE THAN 40 cases in the county.",
    "IS THE FLU MORE DANGEROUS THAN A COLD?",
    "Governor Sam Park said MORE funding is needed for the harbor.",
    "We will have MORE freedom to go out, the mayor said.",
    "Sen. Jane Roe said the plan would cost more than expected.",
    "Lee Lee, the harbor master, said MORE ships are coming.",
])
def test_text_without_a_card_is_left_alone(text: str) -> None:
    assert strip_hover_cards(text) == text


# ---------------------------------------------------------------- headline lists and link runs


def test_headline_fragments_joined_by_pipes_are_a_link_list() -> None:
    assert is_headline_list("Morning Brief: Port strike ends | Mayor vows audit | Storm hits coast")
    assert is_headline_list("Why the port strike matters | Jo Smith Read more")
    assert is_headline_list("Harbor tax vote delayed again Read more")


@pytest.mark.parametrize("text", [
    "RIVERTON, Ohio | A hush fell over the hall as the mayor spoke.",
    "A worker walks past the mill in Riverton, May 4, 2020. Jo Smith | Getty Images | Reuters",
    "The slogans read Jobs | Homes | Schools, and the crowd cheered for an hour.",
    "She said she wanted to read more.",
    "Voters chose between three options | and most picked the second.",
])
def test_datelines_captions_and_prose_with_pipes_stay(text: str) -> None:
    assert not is_headline_list(text)


def test_related_link_tail_after_a_sentence_is_cut() -> None:
    text = ("The vote ended the strike. MORE FROM Jo Smith Port Workers Win Their Fight May 1, "
            "2020 Why Harbors Matter April 2, 2020 Author page")
    assert strip_link_tail(text) == "The vote ended the strike."
    assert strip_link_tail("SEE ALSO: Mayor vows audit of harbor fund") is None


@pytest.mark.parametrize("text", [
    "Officials said MORE FROM the fund would go to schools.",
    "The strike ended. MORE FROM the union: a statement said members were tired and wanted to "
    "go back to work, and that the deal was fair to them and to their families.",
])
def test_cue_words_inside_prose_stay(text: str) -> None:
    assert strip_link_tail(text) == text


# ---------------------------------------------------------------- plugs


@pytest.mark.parametrize("text", [
    "Get the Harbor Brief delivered to your inbox. By signing up, you agree to our terms.",
    "Sign up for our Morning Tide newsletter.",
    "Support Riverton Times' independent journalism",
    "Follow Jo Smith on Twitter @josmith.",
    "Editor’s note: As a public service, all our storm coverage is free. No paywall.",
    "Slideshow (4 Images)",
    "AD",
    "___",
    "JUST WATCHED Mayor: the bridge will reopen soon Replay More Videos ... MUST WATCH Mayor: "
    "the bridge will reopen soon 01:24",
])
def test_plugs_and_furniture_lines_are_dropped(text: str) -> None:
    assert is_plug(text)
    assert clean_paragraph(text) is None


@pytest.mark.parametrize("text", [
    "Residents can sign up for emergency alerts on the county website, officials said.",
    "More than 2,000 people signed up for the newsletter after the flood, the clerk said.",
    "The paper removed its paywall last spring, its editor said in an interview.",
    "Officials urged residents to download the contact-tracing app.",
    "Advertising revenue fell by a third, the company said.",
])
def test_reporting_about_newsletters_and_apps_stays(text: str) -> None:
    assert not is_plug(text)


# ---------------------------------------------------------------- sections and the parser


def test_all_capitals_link_block_after_a_cue_goes_with_its_cue() -> None:
    sections = [
        Section(None, ["The bridge opened on Monday.", "MORE FROM OUR CITY DESK",
                       "MAYOR OPENS NEW BRIDGE", "RIVER LEVELS RISE AGAIN"]),
        Section("Is the ferry safe?", ["Engineers said the ferry was safe."]),
        Section("MORE RAIN EXPECTED", ["Forecasters expect more rain this week."]),
    ]
    cleaned = clean_sections(sections)
    assert cleaned == [
        Section(None, ["The bridge opened on Monday."]),
        Section("Is the ferry safe?", ["Engineers said the ferry was safe."]),
        Section("MORE RAIN EXPECTED", ["Forecasters expect more rain this week."]),
    ]
    assert sections[0].paragraphs[1] == "MORE FROM OUR CITY DESK"  # the input is untouched


def _record(text: str) -> list[Article | Reject]:
    line = json.dumps({"title": "Harbor vote", "url": "https://example.org/harbor",
                       "content_original": text, "source": "Riverton Times"})
    options = ParseOptions(field_map={"text": "content_original", "outlet": "source"},
                           detect_language=False)
    return list(parse_document(RawDocument(line.encode(), "t.jsonl", "jsonl"), options))


def test_the_parsed_body_is_the_cleaned_text() -> None:
    text = ("Sen. Jane Roe Jane Ann RoeRoe backs harbor plan Ferry fares rise MORE (D-Ore.) said "
            "the vote would come on Friday.\n\nSign up for our Morning Tide newsletter.\n\n"
            "The council has delayed the vote twice.")
    [article] = _record(text)
    assert isinstance(article, Article)
    assert article.body == ("Sen. Jane Roe (D-Ore.) said the vote would come on Friday.\n\n"
                            "The council has delayed the vote twice.")
    assert article.body == Article.body_from_sections(article.sections)


def test_a_record_of_only_plugs_is_rejected() -> None:
    [reject] = _record("Sign up for our Morning Tide newsletter.\n\nSlideshow (4 Images)")
    assert isinstance(reject, Reject) and reject.reason == "no_text"


def test_link_dense_html_blocks_are_dropped_and_cited_links_stay() -> None:
    html = ("<p>The council voted on <a href='/a'>Monday</a> to approve the plan.</p>"
            "<ul><li><a href='/b'>Port strike ends</a></li>"
            "<li><a href='/c'>Mayor vows audit</a></li></ul>"
            "<p><a href='/d'>Harbor tax</a> | <a href='/e'>Ferry fares rise</a></p>"
            "<p>Officials cited <a href='/f'>the audit</a> and <a href='/g'>the budget</a> in "
            "their decision to delay the vote until the spring.</p>")
    assert html_fragment_paragraphs(html) == [
        "The council voted on Monday to approve the plan.",
        "Officials cited the audit and the budget in their decision to delay the vote until "
        "the spring.",
    ]
