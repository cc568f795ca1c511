"""Coreference (ww_coref): pronouns, descriptions and metonyms resolve to the doc's entities.

Invented sentences through the real pipeline (en_core_web_sm + our components)."""

from __future__ import annotations

from wirewatch.analyze.coref import Coref, knowledge


def _doc(nlp, text: str):  # noqa: ANN001, ANN202 - spacy Language / Doc
    doc = nlp.make_doc(text)
    doc._.ww_zone = "body"
    return nlp(doc)


def _resolved(doc, word: str, nth: int = 0) -> str | None:  # noqa: ANN001
    """The chain name of the nth occurrence of `word` in the doc."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    chain = doc._.ww_coref.chain_at(start, start + len(word))
    return chain.name if chain else None


def test_knowledge_is_data() -> None:
    k = knowledge()
    assert k.pronouns["she"] == ("f", "subj")
    assert "minister" in k.persons and "mayor" in k.persons  # from roles.tsv
    assert "BUS" in k.org["company"]


def test_component_fills_the_extension(nlp) -> None:  # noqa: ANN001
    assert "ww_coref" in nlp.pipe_names
    assert nlp.pipe_names.index("ww_coref") < nlp.pipe_names.index("ww_quotes")
    doc = _doc(nlp, "Nothing happened today.")
    assert isinstance(doc._.ww_coref, Coref)


def test_pronoun_gender_learned_from_the_article(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Gretchen Whitmer spoke in Lansing on Monday. She thanked the nurses.\n\n"
                    "President Donald Trump criticised Whitmer on Tuesday. "
                    "She said the state would not reopen.")
    assert _resolved(doc, "She", 0) == "Gretchen Whitmer"
    assert _resolved(doc, "She", 1) == "Gretchen Whitmer"  # not the man mentioned last


def test_pronoun_is_not_a_coargument(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Angela Merkel met Emmanuel Macron in Berlin. He told her the deal was dead.")
    assert _resolved(doc, "her") == "Angela Merkel"


def test_description_resolves_to_the_titled_person(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Mayor Keisha Lance Bottoms asked for calm in Atlanta on Friday. "
                    "The mayor said the city would recover.")
    assert _resolved(doc, "mayor") == "Keisha Lance Bottoms"


def test_company_resolves_to_the_organisation(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Boeing reported a loss on Wednesday. The company said demand would return.")
    assert _resolved(doc, "company") == "Boeing"


def test_unresolved_description_is_its_own_chain(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "An Ethiopian health official, who asked not to be named, spoke to reporters.")
    name = _resolved(doc, "official")
    assert name is not None and name.endswith("health official")


def test_metonym_stands_for_its_government(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "The Kremlin rejected the report on Monday.")
    chain = doc._.ww_coref.chain_at(doc.text.index("Kremlin"), doc.text.index("Kremlin") + 7)
    assert chain is not None and chain.country == "RUS"


def test_spokesperson_resolves_to_the_body_after_the_noun(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Boeing cut its forecast. A spokesperson for Boeing said demand was weak. "
                    "The spokesperson said the plant would stay open.")
    assert _resolved(doc, "spokesperson", 0) == "Boeing"
    assert _resolved(doc, "spokesperson", 1) == "Boeing"  # the spokesperson described last


def test_description_modifier_picks_the_organisation_it_names(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "The American Society for Microbiology warned labs on Monday, and Qiagen "
                    "raised production. The microbiology group said tests would run short.")
    assert _resolved(doc, "microbiology group") in ("American Society for Microbiology",
                                                   "Society for Microbiology")


def test_first_names_give_a_gender(nlp) -> None:  # noqa: ANN001
    """The 1990 census lists (data/first_names.tsv): "Lina" is a woman's name, so "she" is not
    the man who was the subject."""
    assert knowledge().first_names["gretchen"] == "f"
    assert knowledge().first_names["jeff"] == "m"
    assert "jordan" not in knowledge().first_names  # shared by both: the article decides
    doc = _doc(nlp, "Steve Adler met Lina Hidalgo in Houston on Monday. "
                    "She said masks would be required in every county building.")
    assert _resolved(doc, "She") == "Lina Hidalgo"


def test_main_clause_subject_outranks_an_embedded_one(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "President Donald Trump spoke in the Rose Garden on Friday. "
                    "Senate Minority Leader Charles Schumer suggested the president was trying "
                    "to distract voters. He said the event was pathetic.")
    assert _resolved(doc, "He") == "Charles Schumer"


def test_a_new_subject_beats_many_older_pronouns(nlp) -> None:  # noqa: ANN001
    """Salience is a chain's best recent mention, not the sum of all of them."""
    doc = _doc(nlp, "Prosecutor Timothy Shea filed the motion on Thursday. He said the case was "
                    "weak. He added that the court should drop it. He declined to say more.\n\n"
                    "Former CIA deputy head Daniel Morrow said on Tuesday that the idea "
                    "was wrong. He said it was only politics.")
    assert _resolved(doc, "He", 3) == "Daniel Morrow"


def test_noun_put_beside_a_name_refers_back_to_it(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "A few editors at Hachette, her publisher, declined to handle the memoir. "
                    "Her publisher stood by her on Monday.")
    assert _resolved(doc, "Her publisher") == "Hachette"


def test_party_epithet_is_the_person_just_named(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Rep. Dean Phillips said in an interview that taxpayers deserve to know. "
                    "The Minnesota Democrat added that his bill was fair.")
    assert _resolved(doc, "Democrat") == "Dean Phillips"


def test_plural_officials_are_a_group_not_the_last_spokespersons_body(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Thomas Countryman served as the State Department's top arms control "
                    "official. The former officials wrote that they condemned the violence.")
    name = _resolved(doc, "officials")
    assert name is not None and name.endswith("officials")



def test_definite_document_is_the_one_introduced_before(nlp) -> None:  # noqa: ANN001
    """"a page of its website … the page said": the page's author, not the product it names."""
    doc = _doc(nlp, "The Food and Drug Administration stopped posting its counts in March. "
                    "When it resumed last week, a page of its website explaining its new Drug "
                    "Shortage Tracker said that only lab tests were counted. The page said so again "
                    "on Monday.")
    assert _resolved(doc, "page", 1) == "Food and Drug Administration"


def test_common_noun_possessor_names_the_body(nlp) -> None:  # noqa: ANN001
    """"the correspondents' group": the association whose name holds "correspondents"."""
    doc = _doc(nlp, "The Foreign Press Correspondents\u2019 Association protested on Friday. "
                    "Senator Ann Lowe said nothing. In a statement on Monday, the "
                    "correspondents\u2019 group said the ban was unfair.")
    assert _resolved(doc, "group") == "Foreign Press Correspondents\u2019 Association"


def test_described_person_then_named_is_one_person(nlp) -> None:  # noqa: ANN001
    """"A federal judge said …" then "That judge, Emmet Sullivan, …": one person."""
    doc = _doc(nlp, "In 2018 a federal judge said to the general that his conduct was wrong. "
                    "That judge, Robert Hayes, could still reject the filing on Friday.")
    assert _resolved(doc, "judge", 0) == "Robert Hayes"


def test_the_title_goes_to_the_holder_named_nearer(nlp) -> None:  # noqa: ANN001
    """Two holders of one title ("President", "Former President"): "the president" after the
    second one's lines is the second, not the one named first."""
    doc = _doc(nlp, "President Walter Brandt signed the order in the morning.\n\n"
                    "Former President Agnes Moreau spoke to nurses in Dayton on Sunday. "
                    "Moreau urged them to vote.\n\n"
                    "The president also thanked the hospital staff.")
    assert _resolved(doc, "The president") == "Agnes Moreau"


def test_unattached_spokesperson_speaks_for_whom_the_lines_are_about(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Harlow Mills cut 300 jobs at its Ohio plant on Monday. "
                    "A spokeswoman said the cuts were final.")
    assert _resolved(doc, "spokeswoman") == "Harlow Mills"


def test_epithet_noun_held_by_nobody_is_the_person_just_named(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Rene Dufort starred in three films last year. "
                    "The actor said the last one was the hardest.")
    assert _resolved(doc, "actor") == "Rene Dufort"


def test_office_epithet_of_an_organisation_is_someone_else(nlp) -> None:  # noqa: ANN001
    """"the Senate parliamentarian" is an office of the Senate, not the person just named."""
    doc = _doc(nlp, "Rene Dufort asked the Senate for a vote. "
                    "The Senate director said no vote would be held.")
    assert _resolved(doc, "director") != "Rene Dufort"


def test_bare_police_are_a_group(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Two men were arrested in Elmford on Saturday. Police said they had fled.")
    assert _resolved(doc, "Police") == "Police"


def test_office_speaks_for_its_possessor(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Governor Paul Henning closed the schools on Tuesday. The governor's "
                    "office said the order would last a month. His office said it again later.")
    assert _resolved(doc, "office", 0) == "Paul Henning"
    assert _resolved(doc, "office", 1) == "Paul Henning"


def test_age_alone_is_the_person_just_named(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Harold Finch, 74, was released from prison on Monday. "
                    "The 74-year-old said he was happy to be home.")
    assert _resolved(doc, "year-old") == "Harold Finch"


def test_unnamed_plural_bodies_are_a_group(nlp) -> None:  # noqa: ANN001
    """"a letter from groups including X and Y": all of them, not the last organisation."""
    doc = _doc(nlp, "The Marble Oil Institute asked for a waiver in March. A letter from "
                    "groups including the Clear Creek Trust said the waiver was reckless.")
    name = _resolved(doc, "letter")
    assert name is not None and name.endswith("groups")


def test_the_city_is_the_city_named_last_not_a_country(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Minneapolis imposed a curfew after protests over a shooting in France. "
                    "The city said the curfew would last a week.")
    assert _resolved(doc, "city") == "Minneapolis"


def test_unnamed_body_with_a_modifier_is_its_own_chain(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "The Ruritanian embassy in Paris denied the report on Monday. "
                    "The embassy said the report was false.")
    name = _resolved(doc, "embassy", 1)
    assert name is not None and name.endswith("embassy")


def test_words_naming_one_role_are_one_role(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Attorney Ben Carver represents the family. The lawyer said the video "
                    "was clear. Chief executive Dana Kile resigned. The CEO said she was sorry.")
    assert _resolved(doc, "lawyer") == "Ben Carver"
    assert _resolved(doc, "CEO") == "Dana Kile"


def test_unnamed_body_with_a_common_noun_possessor_is_its_own_chain(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Senator Ann Lowe said nothing on Friday. In a statement on Monday, the "
                    "growers\u2019 group said the ban was unfair.")
    name = _resolved(doc, "group")
    assert name is not None and name.endswith("group")


def test_title_the_tagger_reads_as_an_adjective(nlp) -> None:  # noqa: ANN001
    """"The major said": a title word the tagger takes for an adjective, standing as the
    subject, is still the description of its holder."""
    doc = _doc(nlp, "Major Tom Fenwick ordered the column to halt at the bridge. The marchers "
                    "knelt on the road. And the major said, \u201cTroopers, advance!\u201d")
    assert _resolved(doc, "major", 0) == "Tom Fenwick"
    assert _resolved(doc, "the major") == "Tom Fenwick"


def test_company_is_not_a_name_that_only_modifies_a_noun(nlp) -> None:  # noqa: ANN001
    """A fitting organisation named as the head of its phrase beats a nearer one that only
    modifies another noun ("an Airbus factory")."""
    doc = _doc(nlp, "Boeing closed 20 plants on Monday. Boeing is one of the largest companies "
                    "in the world. The closed plants include an Airbus factory in Texas. The "
                    "company said the plants broke its rules.")
    assert _resolved(doc, "company") == "Boeing"


def test_source_at_a_body_speaks_for_it(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Harbor United rejected the bid from Tom Fenwick last year. But a senior "
                    "source at the club told reporters the offer was now being studied.")
    assert _resolved(doc, "source") == "Harbor United"


def test_epithet_is_the_person_just_named_before_a_later_holder(nlp) -> None:  # noqa: ANN001
    """"Host Dan Rivers mocked … The comedian said", with "comedian Amy Lark" named only
    later: the person just named."""
    doc = _doc(nlp, "Talk show host Dan Rivers mocked the senator during his show on Monday. "
                    "The comedian said the vote was a farce.\n\nIn another episode, comedian "
                    "Amy Lark also joked about the vote.")
    assert _resolved(doc, "The comedian") == "Dan Rivers"


def test_group_from_a_named_body_is_the_body(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "The cruise was cancelled on Friday. \u201cSuch events rarely hurt "
                    "bookings,\u201d wrote analysts from Citigroup in a note to clients.")
    assert _resolved(doc, "analysts") == "Citigroup"


# ---------------------------------------------------------------- speaker rules (quotes set)

def test_weak_gender_title_yields_to_the_pronoun(nlp) -> None:  # noqa: ANN001
    """"Party chairman Morwenna Pascoe … She said": "chairman" is said of women too, and the
    plural "the two men" is never a "she"."""
    doc = _doc(nlp, "The party wants its two councillors back. Party chairman Morwenna Pascoe "
                    "asked the two men to hand back their seats.\n\nShe said lawyers had "
                    "been consulted.")
    assert _resolved(doc, "She") == "Morwenna Pascoe"


def test_title_before_a_conjunction_is_not_the_name(nlp) -> None:  # noqa: ANN001
    """"blamed the prime minister and Mr Hale": Hale is no prime minister."""
    doc = _doc(nlp, "Tom Hale spoke to voters in Leeds on Monday. Critics blamed both the prime "
                    "minister and Mr Hale for the delay. Later the prime minister said the "
                    "claims were unfair.")
    assert _resolved(doc, "prime minister", 1) != "Tom Hale"


def test_prime_minister_is_no_other_minister(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Jane Orme, a Home Office minister, spoke on Monday. The prime minister "
                    "said the plan would go ahead.")
    assert _resolved(doc, "prime minister") != "Jane Orme"


def test_spokesman_of_a_role_speaks_for_its_holder(nlp) -> None:  # noqa: ANN001
    """"the prime minister's official spokesman": the prime minister's, not whoever the last
    lines are about."""
    doc = _doc(nlp, "Union leader Tom Hale attacked the plan on Monday. On Tuesday the prime "
                    "minister's official spokesman appealed for calm.")
    assert _resolved(doc, "spokesman") not in (None, "Tom Hale")
    assert _resolved(doc, "spokesman") == _resolved(doc, "prime minister")


# ---------------------------------------------------------------- issue 14: description speakers

def test_pronoun_out_of_reach_is_the_only_person_of_its_gender(nlp) -> None:  # noqa: ANN001
    """A "she" five sentences after the one woman named, figures between: that woman."""
    doc = _doc(nlp, "Health Minister Joan Pellow said the plan was fair. The budget rises by 4% "
                    "next year. Schools get the largest share of the money. Councils will also "
                    "receive £2m for roads. Bus fares will be frozen across the region. She said "
                    "families would see the difference soon.")
    assert _resolved(doc, "She") == "Joan Pellow"


def test_nationality_of_a_body_description_picks_that_countrys_body(nlp) -> None:  # noqa: ANN001
    """"The German carmaker" is Volkswagen, not Renault named after it; "exchange" is a body."""
    doc = _doc(nlp, "Renault cut its forecast on Monday. Volkswagen reported a loss in March, and "
                    "Renault said sales would fall. The German carmaker said the quarter had been "
                    "difficult.")
    assert _resolved(doc, "carmaker") == "Volkswagen"
    doc = _doc(nlp, "Rival bidder Deutsche Boerse made its own offer last week. Euronext chief "
                    "Paul Marten met the London Stock Exchange on Monday. The German exchange "
                    "said it had held friendly talks with the LSE.")
    assert _resolved(doc, "exchange") == "Deutsche Boerse"


def test_unnamed_body_acting_as_subject_is_a_chain(nlp) -> None:  # noqa: ANN001
    """"An all-party committee said …. It blamed …": the committee, twice."""
    doc = _doc(nlp, "Public bodies are not ready for the new law, say MPs. But an all-party "
                    "committee said it was not confident that councils would be ready. It blamed "
                    "the Home Office for poor planning.")
    assert _resolved(doc, "committee") == _resolved(doc, "It") is not None
    assert "committee" in _resolved(doc, "committee")


def test_document_author_is_the_most_salient_not_the_last_body(nlp) -> None:  # noqa: ANN001
    """"The Freedom Party suspended a candidate … Mr Ron Tate is alleged to have written …
    The document said": the document is his."""
    doc = _doc(nlp, "The Freedom Party suspended a candidate on Monday over his views. Mr Ron Tate "
                    "is alleged to have written that prisons should be closed. The document "
                    "reportedly said that the country needed a new order.")
    assert _resolved(doc, "document") == "Ron Tate"


def test_news_story_is_the_article_just_introduced(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Federal agents questioned him for hours. But the memo was written to debunk "
                    "a New York Times article. The news story claimed that aides had met foreign "
                    "intelligence officials before the vote.")
    assert "New York Times" in (_resolved(doc, "story") or "")


def test_spokesperson_for_whoever_their_quote_names(nlp) -> None:  # noqa: ANN001
    """"“Senator Kessler has always called for …,” a spokesperson said" after a firm was the
    last subject: the spokesperson speaks for Kessler, whom the quote names."""
    doc = _doc(nlp, "Senator Mary Kessler, a Democrat, was also criticised after a firm that "
                    "employs her brother received a $2 million loan. But the firm, Harlow Foods, "
                    "later returned the money after a public outcry.\n\n\u201cSenator Kessler has "
                    "always called for full transparency about which companies got loans,\u201d "
                    "a spokesperson said.")
    assert _resolved(doc, "spokesperson") == "Mary Kessler"


def test_common_person_nouns_are_descriptions(nlp) -> None:  # noqa: ANN001
    """"The West Coast trader joked": a person described, its own chain (data/coref.tsv)."""
    doc = _doc(nlp, "Stocks rose again on Friday. The West Coast trader joked that bonds "
                    "were trash.")
    assert (_resolved(doc, "trader") or "").endswith("trader")


def test_spokesperson_for_a_party_named_as_its_members(nlp) -> None:  # noqa: ANN001
    """"The Tories insisted … They said they would press Labour … “…,” a spokesman said":
    the Tories (the Conservative Party, which the NER model reads as NORP), not Labour, the
    object."""
    doc = _doc(nlp, "Sources said the leader had always backed ID cards. But the Tories insisted "
                    "they would hold ministers to account over the scheme. They said they would "
                    "also press Labour over whether its aims could be met. \u201cIt is important "
                    "to remember that this bill will take a decade to come into full "
                    "effect,\u201d a spokesman said.")
    assert _resolved(doc, "spokesman") == "Conservative Party"


def test_the_board_is_the_body_the_lines_are_about(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Shanda has bought a 20% stake in Sina, the biggest portal firm. Sina said the "
                    "purchase would have no impact. The board of directors said in a statement "
                    "that it would protect all shareholders.")
    assert _resolved(doc, "board") == "Sina"


def test_newsletter_is_written_by_the_body_named_on_it(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "His letter quotes a Stevenage Labour Party members' newsletter explaining "
                    "how voters will be telephoned. The newsletter says the party can send them "
                    "direct mailings.")
    assert _resolved(doc, "newsletter", 1) == "Labour Party"


def test_he_does_not_go_back_to_a_plural_noun_on_a_name(nlp) -> None:  # noqa: ANN001
    """"Reyes aides “say …,” he said": the aides are not one man; the last speaker is."""
    doc = _doc(nlp, "Governor Mark Reyes cut the port budget in May. Representative Tom Hale "
                    "visited the port on Monday. The port needs more money, Hale said. Reyes "
                    "aides \u201csay the money never arrives on time,\u201d he said.")
    start = doc.text.index(" he said") + 1
    chain = doc._.ww_coref.chain_at(start, start + 2)
    assert chain is not None and chain.name == "Tom Hale"


def test_surname_parsed_as_an_adverb_of_a_speech_verb_is_the_name(nlp) -> None:  # noqa: ANN001
    doc = _doc(nlp, "Ubisoft vice president Chris Early spoke in Montreal on Monday. While the "
                    "service is light on titles (only three games have been announced), Early "
                    "says there is a chance of more.")
    assert _resolved(doc, "Early", 1) == "Chris Early"


def test_a_text_speaks_for_whoever_signed_or_released_it(nlp) -> None:  # noqa: ANN001
    """"the letter signed by seven nurses", "X released two reports" (data/coref.tsv
    "author"); an aside on a text already known ("the memo, signed by Y, …") keeps its owner."""
    doc = _doc(nlp, "Doctors wrote to the agency in May. The camps are unsafe, says the letter "
                    "signed by seven nurses.")
    assert (_resolved(doc, "letter") or "").endswith("nurses")
    doc = _doc(nlp, "The Ruritanian Audit Office released two reports on the port on Monday.")
    assert _resolved(doc, "reports") == "Ruritanian Audit Office"
    text = ("The Ruritanian Water Agency said in a memo that fines would stop. The agency will "
            "also review old penalties, according to the memo{} signed by Ann Kolb, the "
            "agency's enforcement chief.")
    assert _resolved(_doc(nlp, text.format(",")), "memo", 1) == "Ruritanian Water Agency"
    assert _resolved(_doc(nlp, text.format("")), "memo", 1) == "Ann Kolb"


def test_the_chancellor_is_not_the_shadow_chancellor(nlp) -> None:  # noqa: ANN001
    """"Shadow Chancellor X" holds no office: "the chancellor" is someone else (or nobody
    named), never the opposition's front-bencher."""
    doc = _doc(nlp, "Shadow Chancellor Ruth Pell attacked the budget on Monday. Chancellor Tom "
                    "Vane defended it in Leeds. The chancellor said growth would return.")
    assert _resolved(doc, "The chancellor") == "Tom Vane"
    doc = _doc(nlp, "Shadow Chancellor Ruth Pell attacked the budget on Monday. "
                    "The chancellor said growth would return.")
    assert _resolved(doc, "The chancellor") != "Ruth Pell"
    doc = _doc(nlp, "Shadow Foreign Secretary Ruth Pell attacked the treaty on Monday. "
                    "The Foreign Secretary told reporters the treaty would stand.")
    assert _resolved(doc, "The Foreign Secretary") != "Ruth Pell"


def test_a_capitalised_body_nobody_named_is_a_body_of_its_own(nlp) -> None:  # noqa: ANN001
    """"The Fair Rivers Coalition, which includes …, said": a body's name the entities
    missed is not the last organisation named (here one of its members)."""
    doc = _doc(nlp, "The Making Choices Alliance, which includes Greenpeace and the National "
                    "Trust, said the plan was weak. \u201cIt will not clean a single river,\u201d "
                    "the alliance said in a statement.")
    assert _resolved(doc, "The Making") == "Making Choices Alliance"
    assert _resolved(doc, "alliance") == "Making Choices Alliance"


def test_a_text_is_written_by_the_body_its_quoted_words_name(nlp) -> None:  # noqa: ANN001
    """"“The RMF team stands ready …,” said the report": a body's statement names it in the
    third person; of the bodies in reach, the one the quote names wrote it."""
    doc = _doc(nlp, "The Ruritanian Monetary Fund (RMF) sent a mission to Zeta in May. The "
                    "Central Bank of Zeta said on Monday that it would cut rates. \"The RMF "
                    "team stands ready to assist the authorities,\" said the report.")
    assert _resolved(doc, "report") in ("RMF", "Ruritanian Monetary Fund")


def test_a_known_surname_read_as_a_noun_before_said_is_the_name(nlp) -> None:  # noqa: ANN001
    """"Yates said that …" opening a sentence, the tagger reading "Yates" as a plural noun:
    the person named before speaks."""
    doc = _doc(nlp, "Aviation analyst Chris Yates spoke to the BBC on Monday.\n\n"
                    "Yates said that it is \u201cextremely rare\u201d for a jet to vanish.")
    assert _resolved(doc, "Yates", 1) == "Chris Yates"


def test_he_is_not_the_object_of_his_own_participle(nlp) -> None:  # noqa: ANN001
    """"After meeting President Ann Lee, he said …": whoever met her speaks, not she."""
    doc = _doc(nlp, "Foreign Minister Tom Hale visited Ruritania on Monday.\n\n"
                    "After meeting President Ann Lee, he said the talks had gone well.")
    assert _resolved(doc, "he") == "Tom Hale"
    doc = _doc(nlp, "Foreign Minister Tom Hale visited Ruritania on Monday.\n\n"
                    "After meeting President Victor Lee, he said the talks had gone well.")
    assert _resolved(doc, "he") == "Tom Hale"


def test_a_title_does_not_reach_across_a_sentence_end(nlp) -> None:  # noqa: ANN001
    """"… apologised to the actor.\n\nBergeron chimed in": "actor" is no title of the name
    that opens the next sentence (an abbreviated title, "Sen. Ann Rowe", still is)."""
    from wirewatch.analyze.coref import CorefMention, _Resolver

    doc = _doc(nlp, "The singer apologised to the actor.\n\nBergeron chimed in. She thanked "
                    "the actor. Sen. Ann Rowe spoke next.")
    resolver = _Resolver(doc)
    start = doc.text.index("Bergeron")
    assert "actor." not in resolver._title_words(CorefMention(start, start + 8, "name"))
    start = doc.text.index("Ann Rowe")
    words = resolver._title_words(CorefMention(start, start + 8, "name"))
    assert "sen." in words and "actor." not in words


def test_a_bare_plural_role_noun_is_a_group_not_the_titled_person(nlp) -> None:  # noqa: ANN001
    """"American negotiators are now left with …" after "chief negotiator Ann Lee": people
    of that role, not Lee."""
    doc = _doc(nlp, "Ruritania's chief negotiator Ann Lee announced the deal on Monday. American "
                    "negotiators are now left with the difficult task of writing it down.")
    assert _resolved(doc, "negotiators") != "Ann Lee"


def test_a_statement_someone_spoke_in_is_theirs_later(nlp) -> None:  # noqa: ANN001
    """"The Ruritanian Port Authority said in a statement …. The announcement came after
    police raided …. “…,” the statement said": the body that spoke in it, not the police."""
    doc = _doc(nlp, "The Ruritanian Port Authority said in a statement that two ships were "
                    "held. The announcement came a day after Zeta police arrested nine "
                    "sailors.\n\n\u201cThe sailors have been released,\u201d the statement said.")
    assert _resolved(doc, "statement", 1) == "Ruritanian Port Authority"


def test_a_tag_hung_on_the_quoted_words_is_the_main_clause(nlp) -> None:  # noqa: ANN001
    """"Voters “… this and that,” Ortiz told Blake": the parser hangs the tag on the quoted
    words, but its subject is the one the next "he said" goes back to, not the object."""
    doc = _doc(nlp, 'Carl Ortiz met Paul Blake in Ohio. Voters "started to tell us they want '
                    'you to fix this and that," Ortiz told Blake at the meeting. "We took that '
                    'challenge to heart," he said.')
    start = doc.text.index(" he said") + 1
    chain = doc._.ww_coref.chain_at(start, start + 2)
    assert chain is not None and chain.name == "Carl Ortiz"


def test_a_body_the_entities_took_for_a_person_is_a_body(nlp) -> None:  # noqa: ANN001
    """"Kessler said that it would …", "Kessler's shares": the article treats the name as a
    body, so "the firm" goes back to it (here the entities type it as a person)."""
    doc = _doc(nlp, "Kessler said that it would close two plants in Ohio. Kessler's shares fell "
                    "3%. The deal makes Brandt Tools the largest maker of drills. \"We expect the "
                    "plants to be sold by June,\" the firm said in a statement.")
    assert [e.type for e in doc._.ww_entities if e.name == "Kessler"] == ["PERSON"]
    assert _resolved(doc, "the firm") == "Kessler"


def test_a_name_ending_like_a_company_is_a_body(nlp) -> None:  # noqa: ANN001
    """"Dana Hollis Productions", typed a person by the entities: its name ends like a
    company's, so "it" and "the production company" go back to it."""
    doc = _doc(nlp, 'Dana Hollis Productions denied that it had reached a deal with Silverline '
                    'Records. "We have not agreed to anything with the label," the production '
                    'company said in a statement.')
    assert [e.type for e in doc._.ww_entities if e.name == "Dana Hollis Productions"] == ["PERSON"]
    assert _resolved(doc, "the production company") == "Dana Hollis Productions"


def test_a_modifier_matches_a_plural_name_word(nlp) -> None:  # noqa: ANN001
    """"the production company" is Maxwell Rand Productions, not the label named after it."""
    doc = _doc(nlp, 'Maxwell Rand Productions denied that it had reached a deal with Silverline '
                    'Records. "We have not agreed to anything with the label," the production '
                    'company said in a statement.')
    assert _resolved(doc, "the production company") == "Maxwell Rand Productions"


def test_a_new_document_of_the_same_noun_replaces_the_old_one(nlp) -> None:  # noqa: ANN001
    """"A statement from Acme Bank said …. … a second statement appeared …. “…,” the
    statement read": the later statement is meant, not the one linked to Acme before."""
    doc = _doc(nlp, 'A statement from Acme Bank said the talks had failed. Borg Mining disagreed '
                    'on Friday. Hours later a second statement appeared online. "We regret the '
                    'failure of the talks," the statement read.')
    assert _resolved(doc, "the statement") != "Acme Bank"


def test_a_role_of_another_body_is_the_person_named_with_that_body(nlp) -> None:  # noqa: ANN001
    """"the Unity leader" is not "Veritas leader Carlos Mendez" but the person last named
    in a sentence that names Unity ("Andreas Kolovos, whose Unity party …")."""
    doc = _doc(nlp, 'Veritas leader Carlos Mendez conceded defeat on Sunday. Mr Ortega later met '
                    'Andreas Kolovos, whose Unity party came third in the vote. "The country '
                    'needs a deal right away," the Unity leader told reporters after the meeting.')
    assert _resolved(doc, "the Unity leader") == "Andreas Kolovos"


def test_a_person_the_entities_took_for_a_body_is_a_person(nlp) -> None:  # noqa: ANN001
    """"The foreign minister, Dominique Duvane, …. “…,” she said": a role beside the name
    makes a person of it, whatever type the entities gave it (here made ORG)."""
    from dataclasses import replace

    doc = _doc(nlp, "The Ruritanian foreign minister, Dominique Duvane, met officials in Vienna "
                    "on Saturday. \u201cWe must act together now,\u201d she said.")
    doc._.ww_entities = [replace(e, type="ORG") if e.name == "Dominique Duvane" else e
                         for e in doc._.ww_entities]
    doc = nlp.get_pipe("ww_coref")(doc)
    assert _resolved(doc, "she") == "Dominique Duvane"


def test_a_speaker_name_the_entities_missed_is_a_chain(nlp) -> None:  # noqa: ANN001
    """"Lord Quillfeather said …. “…,” he said": a name subject of a speech verb that no
    entity holds is a person of its own, whom the later "he" and the name again go to."""
    doc = _doc(nlp, "Orbis Oil raised its dividend on Tuesday. Lord Quillfeather said the "
                    "results were strong. \u201cWe have invested for years,\u201d he said. "
                    "Lord Quillfeather added that costs would fall.")
    doc._.ww_entities = [e for e in doc._.ww_entities if "Quillfeather" not in e.name]
    doc = nlp.get_pipe("ww_coref")(doc)
    assert _resolved(doc, "he") == "Lord Quillfeather"
    assert _resolved(doc, "Quillfeather", 1) == "Lord Quillfeather"


def test_a_plural_body_noun_is_the_first_of_the_bodies_named_together(nlp) -> None:  # noqa: ANN001
    """"Kestrel Foods and Acme Bank agreed a deal …. “…,” the two companies said": the body
    named first speaks for both, not the body named last on its own."""
    doc = _doc(nlp, "Kestrel Foods and Acme Bank agreed a financing deal on Monday. Shares in "
                    "Zenith Metals fell. \u201cThe deal secures the mine,\u201d the two "
                    "companies said.")
    assert _resolved(doc, "companies") == "Kestrel Foods"


def test_a_pronoun_is_not_a_name_in_the_clause_it_reports(nlp) -> None:  # noqa: ANN001
    """"Peter Varga made the decisions, he said": the pronoun is above the name in the
    sentence (Principle C), so it is the one named before, not Varga."""
    doc = _doc(nlp, "Tomas Brandt spoke to the jury on Monday. Peter Varga made the accounting "
                    "decisions, he said.")
    assert _resolved(doc, "he said") == "Tomas Brandt"


def test_a_pronoun_is_not_a_name_inside_its_own_participle_phrase(nlp) -> None:  # noqa: ANN001
    """"Speaking on Radio Nine's Breakfast with David Hollis, he said": a name deep in the
    participle's phrase is not the speaker (the participle's doer is the pronoun)."""
    doc = _doc(nlp, "Home Secretary Daniel Okafor wants new border checks. Speaking on Radio "
                    "Nine's Breakfast with David Hollis, he said the plan was fair.")
    assert _resolved(doc, "he said") == "Daniel Okafor"


def test_a_spokesman_modified_by_the_last_word_of_a_body_name_speaks_for_it(nlp) -> None:  # noqa: ANN001
    """"An executive spokesman said" with the Scottish Executive named: the one body whose
    name ends in the word, not the court named last."""
    doc = _doc(nlp, "The Scottish Executive lost a prison case on Tuesday. Hundreds of claims "
                    "are waiting at the Court of Session. An executive spokesman said: "
                    "\u201cWe will study this judgement in detail.\u201d")
    assert _resolved(doc, "spokesman") == "Scottish Executive"


def test_a_spokesperson_does_not_speak_for_a_body_in_their_own_participle_phrase(nlp) -> None:  # noqa: ANN001
    """"Speaking ahead of the Army Council meeting, a spokesman said: “… the Army Council
    …”": whoever the spokesman speaks for, not the body the participle is about."""
    doc = _doc(nlp, "The Keep Our Regiments campaign accused Acme Defence of lying on Monday. "
                    "Speaking ahead of the Army Council meeting, a spokesman said: \u201cThe "
                    "Army Council has tried to trick the soldiers.\u201d")
    assert _resolved(doc, "spokesman") != "Army Council"


def test_a_stance_on_a_body_in_the_quote_does_not_name_it(nlp) -> None:  # noqa: ANN001
    """"the meeting was “not anti-Labour”, a spokesman stressed": a hyphenated stance on a
    body is no naming of the body the spokesman speaks for."""
    doc = _doc(nlp, "The Muslim Voters Association urged members not to vote for Labour in the "
                    "local elections. But a spokesman stressed the meeting was \u201cnot "
                    "necessarily anti-Labour\u201d.")
    assert _resolved(doc, "spokesman") != "Labour"


def test_a_name_opening_with_a_title_of_address_is_a_person(nlp) -> None:  # noqa: ANN001
    """"according to Mr Okonkwo. “…,” he said" with "Mr Okonkwo" typed as a body by the
    entities: a title of address opens only a person's name."""
    from dataclasses import replace

    doc = _doc(nlp, "The Green Alliance wants lower fees for young buyers. The average saving "
                    "would be £900, according to Mr Okonkwo. \u201cYoung buyers are being "
                    "squeezed out,\u201d he said.")
    doc._.ww_entities = [replace(e, type="ORG") if "Okonkwo" in e.name else e
                         for e in doc._.ww_entities]
    doc = nlp.get_pipe("ww_coref")(doc)
    assert "Okonkwo" in (_resolved(doc, "he said") or "")


def test_a_name_right_after_a_body_noun_is_a_body(nlp) -> None:  # noqa: ANN001
    """"football club Vardo Keskus" typed as a person: the body noun before the name makes
    it a body, which "the club" later stands for."""
    from dataclasses import replace

    doc = _doc(nlp, "Shares in Finnish football club Vardo Keskus fell on Monday. The club, "
                    "which has large debts, said it was in a serious financial situation.")
    doc._.ww_entities = [replace(e, type="PERSON") if "Vardo" in e.name else e
                         for e in doc._.ww_entities]
    doc = nlp.get_pipe("ww_coref")(doc)
    assert _resolved(doc, "The club") == "Vardo Keskus"


def test_a_pronoun_is_no_one_named_anywhere_in_its_own_participle_phrase(nlp) -> None:  # noqa: ANN001
    """"Asked if Mr Harlow could return to the cabinet, he replied": the one asked is the
    pronoun, not the person the question names."""
    doc = _doc(nlp, "Prime Minister Tom Ridley read the report on Friday. Asked if Mr Gareth "
                    "Harlow could return to the cabinet soon, he replied that it was too early.")
    assert _resolved(doc, "he replied") == "Tom Ridley"


def test_letters_after_a_name_are_that_person_not_a_role_description(nlp) -> None:  # noqa: ANN001
    """"Tom Reilly MSP said … The Tory spokesman, Brian Kerr MSP, said": the letters after
    each name are that person's, not one "MSP" description for both."""
    doc = _doc(nlp, "Finance Minister Tom Reilly MSP said councils would get more money. The "
                    "Tory finance spokesman, Brian Kerr MSP, said: \u201cIt is a form of "
                    "disguise.\u201d")
    assert _resolved(doc, "MSP", 1) != _resolved(doc, "MSP", 0)
    assert "Reilly" not in (_resolved(doc, "MSP", 1) or "")


def test_a_pronoun_is_never_a_surname(nlp) -> None:  # noqa: ANN001
    """"He urged …" with a "Zhou He" named: the pronoun is no mention of that name."""
    from dataclasses import replace

    doc = _doc(nlp, "Vice Premier Zhou He visited Washington in May. Farm leader Dale Ostrow "
                    "wrote to the minister on Monday. He urged the government to act quickly.")
    # (the entities component may keep only "Zhou": the whole name, as it found it elsewhere)
    doc._.ww_entities = [replace(e, name="Zhou He") if e.name == "Zhou" else e
                         for e in doc._.ww_entities]
    doc = nlp.get_pipe("ww_coref")(doc)
    assert _resolved(doc, "He urged") == "Dale Ostrow"


def test_a_subject_pronoun_is_not_the_object_of_its_own_verb(nlp) -> None:  # noqa: ANN001
    """"He urged Mr. Rourke to …": no mention of Rourke's chain is the pronoun, however
    sure Rourke's gender is."""
    doc = _doc(nlp, "In a letter to President Rourke in May, Zell Dunaway, the head of the Farm "
                    "Union, said farmers faced hardship. He urged Mr. Rourke to make a deal.")
    assert _resolved(doc, "He urged") == "Zell Dunaway"


def test_a_singular_name_with_a_plural_verb_is_a_body(nlp) -> None:  # noqa: ANN001
    """"Blue Lantern have denied it …. “…,” they said": British usage for a body; "they" is
    that body, not a demonym inside a description ("two Labour politicians")."""
    doc = _doc(nlp, "Her post got the attention of two big-name Democratic politicians: Senator "
                    "Jane Roe and Ann Poe.\n\nThey criticised Kit Dunn's company.\n\nGrey "
                    "Harbour have twice denied doing anything wrong.\n\n\u201cAt no point "
                    "did we say that,\u201d they said.")
    assert _resolved(doc, "They") == "big-name Democratic politicians"
    assert _resolved(doc, "they said") == "Grey Harbour"


def test_the_former_monopoly_is_a_company(nlp) -> None:  # noqa: ANN001
    """"… said the former monopoly": a company noun ("monopoly", "brewer", "telco")."""
    doc = _doc(nlp, "Nordtel has offered to open its network to rivals. The regulator welcomed "
                    "the offer. \u201cWe will cut prices,\u201d the former monopoly said.")
    assert _resolved(doc, "the former monopoly") == "Nordtel"


def test_a_statement_on_behalf_of_someone_is_theirs(nlp) -> None:  # noqa: ANN001
    """"“…,” a statement issued on behalf of Rob Zell, the trade representative, said": the
    one it speaks on behalf of, not the body named last."""
    doc = _doc(nlp, "Rob Zell spoke in Geneva. The European Union said its trade with Ruritania "
                    "grew.\n\n\u201cThere is no single customs administration,\u201d a statement "
                    "issued on behalf of Rob Zell, the trade representative, said.")
    assert _resolved(doc, "a statement") == "Rob Zell"


def test_the_named_subject_before_keeps_its_weight_whatever_its_gender(nlp) -> None:  # noqa: ANN001
    """"Dakari Figgis declined to say whether Mr Thomas Ward slept …. “…,” he said": the
    subject of the sentence before, gender unknown, outranks a man named inside it."""
    doc = _doc(nlp, "The report was published on Monday.\n\nDakari Figgis declined to say "
                    "whether Mr Thomas Ward slept on the job on the night Mr Ward died. \u201cWhen "
                    "all the evidence is presented, you will see,\u201d he said.")
    assert _resolved(doc, "he said") == "Dakari Figgis"


def test_a_sentence_without_a_subject_is_the_tail_of_the_one_before(nlp) -> None:  # noqa: ANN001
    """"Susan Marlowe, producer of TV show Later... With Kit Dunaway, booked the band.": the
    parser splits at the ellipsis; "she" with the one person of that piece in reach is no
    vote for Kit Dunaway being a woman, and so goes to Susan Marlowe."""
    doc = _doc(nlp, 'Critics praised the band at the festival. Susan Marlowe, producer of TV '
                    'show Later... With Kit Dunaway, booked the band after one gig.\n\n"They '
                    'played as if they were headlining," she said.')
    assert _resolved(doc, "she said") == "Susan Marlowe"


def test_he_after_a_named_analyst_is_the_analyst_not_his_firm(nlp) -> None:  # noqa: ANN001
    """"“…,” Martin Keel, a senior analyst for Holloway, said. “…,” he said": the analyst's
    name (even one the entities component missed) outranks the firm taken for a person."""
    doc = _doc(nlp, 'The deal will make the firm the third biggest vendor.\n\n"Western vendors '
                    'will not win there," Martin Keel, a senior analyst for Holloway, said. '
                    '"Local makers will win the battle," he said.')
    assert _resolved(doc, "he said") == "Martin Keel"


def test_the_corporation_can_be_a_broadcaster(nlp) -> None:  # noqa: ANN001
    """"The corporation said …" after the BBC: a public broadcaster is a corporation too,
    not a show without a sector named since."""
    doc = _doc(nlp, 'The BBC will move Top Tunes to Sundays on BBC Two. The new programme will '
                    'combine with the archive show TT2. The corporation said the new show '
                    '"aims to appeal to all ages".')
    assert _resolved(doc, "The corporation") == "BBC"


def test_the_organisation_can_be_a_public_body(nlp) -> None:  # noqa: ANN001
    """"“…,” the organisation said": a council the entities give a government sector is an
    organisation too (not a website without a sector named long before)."""
    doc = _doc(nlp, 'Stefan Roe said the plan was rash. The Council of European Domain '
                    'Registries agrees. "A rush to block the names would harm trust," the '
                    'organisation said in a statement.')
    assert _resolved(doc, "the organisation") == "Council of European Domain Registries"


def test_a_spokeswoman_speaks_for_the_broadcaster_that_spoke(nlp) -> None:  # noqa: ANN001
    """"… will not return, the BBC has said. [the show again] “…,” a spokeswoman said": a media
    body that itself spoke is no outlet merely told, and outranks the show it spoke of."""
    doc = _doc(nlp, "Ann Poe's quiz show Lucky Streak will not return to screens, the BBC has "
                    "said.\n\nThe presenters were hired to host the BBC One family show last "
                    'year. "There are currently no plans for another series," a spokeswoman '
                    'said.')
    assert _resolved(doc, "a spokeswoman") == "BBC"


def test_a_report_published_by_a_described_body_is_the_bodys(nlp) -> None:  # noqa: ANN001
    """"according to a report published by research consultancy Quantix": the name in
    apposition to the noun after "by" is the author."""
    doc = _doc(nlp, 'Early systems offer two megabits per second.\n\n"Faster networks will be '
                    'vital for mobile video," according to a report published by UK-based '
                    'research consultancy Quantix.')
    assert _resolved(doc, "a report") == "Quantix"
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Quantix"]


def test_the_minutes_speak_for_the_body_that_met(nlp) -> None:  # noqa: ANN001
    """"However, the minutes added: “…”": minutes are a document of the body named last."""
    doc = _doc(nlp, 'The Bank of Ruritania held rates at 4.75% on Thursday. However, the '
                    'minutes added: "Some members noted that an increase might be warranted '
                    'in due course."')
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Bank of Ruritania"]


def test_a_quote_no_cue_reaches_keeps_the_last_voice(nlp) -> None:  # noqa: ANN001
    """"“…,” Ms Roe added. … Acme shares rose 3%. “This is the right plan.”": a quote with no
    cue and nothing around it is the last speaker's, a few paragraphs on with nobody else
    named; else the person named last before it ("Tom Hale … lost his herd. The water rose
    in hours. “We had no warning at all.”")."""
    doc = _doc(nlp, '"We will grow," said Jo Roe, the head of Acme. Analysts expect profits to '
                    'rise by a fifth next year, led by sales in China and India.\n\n"It is a '
                    'good time to invest," Ms Roe added. "Nobody else is building plants."\n\n'
                    'Acme shares rose 3%.\n\n"This is the right plan."')
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Jo Roe"] * 4
    doc = _doc(nlp, 'Tom Hale, a farmer from Devon, lost his herd in the floods last winter.\n\n'
                    'The water rose in hours. "We had no warning at all."')
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Hale"]


def test_a_missed_name_that_is_a_role_holder_is_a_person(nlp) -> None:  # noqa: ANN001
    """"Piers Freeborn is senior benefit officer at … He said: “…”": a name the entities
    component missed, subject of "is" + a role noun, is a person a later "he" can be (not
    the politician named a paragraph before)."""
    doc = _doc(nlp, 'Gordon Brown said the cuts were needed. Staff walked out on Friday.\n\n'
                    'Piers Freeborn is senior benefit officer on the picket line at Acme House, '
                    'in Cardiff. He said: "The majority of people have decided not to come in."')
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Piers Freeborn"]


def test_a_body_name_the_entities_missed_is_the_body_again(nlp) -> None:  # noqa: ANN001
    """"Since 2015 Workhub has been …" where the entities component found Workhub only
    elsewhere: the one-word name is the body again, so "a company spokesperson" after it
    speaks for Workhub, not for the firm named in between."""
    from wirewatch.analyze.coref import resolve

    text = ('Shares in the office-sharing group Workhub fell sharply on Monday. Stanmore '
            'Properties Ltd said it had ended talks with the group. Since 2015 Workhub has been '
            'headquartered in Brooklyn. A company spokesperson said in an email that "we are '
            'cooperating fully with the inquiry."')
    doc = _doc(nlp, text)
    second = text.index("Workhub", text.index("Workhub") + 1)
    for ent in doc._.ww_entities:  # as if the model had not tagged the second one
        ent.mentions[:] = [m for m in ent.mentions if m.start != second]
    coref = resolve(doc)
    chain = coref.chain_at(second, second + len("Workhub"))
    assert chain is not None and chain.name == "Workhub"
    spokes = text.index("spokesperson")
    assert coref.chain_at(spokes, spokes + len("spokesperson")).name == "Workhub"


def test_the_named_body_of_one_of_a_group_is_the_subject(nlp) -> None:  # noqa: ANN001
    """"One of the losing bidders, Dutch group Stelcorp, said …": the name in apposition to
    the partitive subject is who said it (its salience and voice are the subject's)."""
    from wirewatch.analyze.coref import _anchor

    doc = _doc(nlp, "One of the losing bidders, Dutch group Stelcorp, said it welcomed the review.")
    name = next(t for t in doc if t.text == "Stelcorp")
    assert _anchor(name).dep_ == "nsubj"


def test_people_of_a_body_named_on_the_noun_speak_for_it(nlp) -> None:  # noqa: ANN001
    """"The Save Kingsford Hospital campaigners said …": campaigners of a named body are that
    body (as "Pentagon officials"), and so is a spokesman after them; "Ann Lee's Senate
    colleagues" are not the Senate."""
    doc = _doc(nlp, 'Ministers announced the closure of the hospital on Monday. The Save '
                    'Kingsford Hospital campaigners said they would fight it. "This is a '
                    'betrayal of patients," a spokesman said.')
    assert _resolved(doc, "campaigners") == "Save Kingsford Hospital"
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Save Kingsford Hospital"]
    doc = _doc(nlp, "Senator Ann Lee resigned on Friday. Lee's Senate friends and colleagues "
                    "said they were shocked.")
    assert _resolved(doc, "colleagues") != "U.S. Senate"


def test_the_bank_that_just_spoke_outranks_an_older_name_holding_the_noun(nlp) -> None:  # noqa: ANN001
    """"Stanmore Capital said …. “…,” the bank said": the fitting body that spoke in the
    sentence before, not an older one whose name holds "bank" (the Bank of Ruritania)."""
    doc = _doc(nlp, 'The Bank of Ruritania raised rates in May. Last week Stanmore Capital Ltd '
                    'said it would pay a fine of $5m. "We are a very different lender now," the '
                    'bank said.')
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Stanmore Capital Ltd"]


def test_a_spokesman_for_the_epithet_speaks_for_the_person_described(nlp) -> None:  # noqa: ANN001
    """"The singer's spokeswoman said", "a spokesman for the novelist": the epithet names the
    person the last lines are about, not another person named near by."""
    doc = _doc(nlp, "Singer Lola Brandt has been sued by a former driver. The man said he was "
                    "never paid. The singer's spokeswoman said the claims were false.")
    assert _resolved(doc, "spokeswoman") == "Lola Brandt"
    doc = _doc(nlp, "Novelist Tom Arkwright has sold the film rights to his new book. Arkwright "
                    "is writing a sequel. \"He is thrilled,\" said a spokesman for the novelist.")
    assert _resolved(doc, "spokesman") == "Tom Arkwright"


def test_a_named_lawyer_does_not_take_an_earlier_spokesman(nlp) -> None:  # noqa: ANN001
    """"The star's spokesman said …" then "her lawyer, Ann Roe, said": naming a lawyer does not
    make the earlier spokesman hers (only a spokesperson named is the spokesperson before)."""
    doc = _doc(nlp, "Actor Rik Molder was sued on Friday by a neighbour. The actor's spokesman "
                    "said the suit was untrue. The neighbour waited a year, her lawyer, Ann Roe, "
                    "said.")
    assert _resolved(doc, "spokesman") == "Rik Molder"


def test_a_body_name_missed_after_its_body_noun_is_a_body(nlp) -> None:  # noqa: ANN001
    """"… by technology magazine Gadgetry Weekly" / "security firm Quorvix" that the entities
    missed: the name is a body of its own, which "the magazine" / "the firm" later means."""
    from wirewatch.analyze.coref import resolve

    text = ("The Zenbook 7 was named best laptop of the year by US magazine Gadgetry Weekly. "
            "The magazine said the laptop was light.")
    doc = _doc(nlp, text)
    for ent in doc._.ww_entities:  # as if the model had missed the name
        ent.mentions[:] = [m for m in ent.mentions if "Gadgetry" not in text[m.start:m.end]]
    coref = resolve(doc)
    start = text.index("Gadgetry")
    assert coref.chain_at(start, start + 8).name == "Gadgetry Weekly"
    start = text.index("magazine said")
    assert coref.chain_at(start, start + 8).name == "Gadgetry Weekly"


def test_the_station_is_the_broadcaster(nlp) -> None:  # noqa: ANN001
    """"Radio Nord said … the station said": a radio or television station is a media body."""
    k = knowledge()
    assert "MED" in k.org["station"] and "MED" in k.org["channel"]


def test_the_label_and_the_developer_are_businesses(nlp) -> None:  # noqa: ANN001
    """"Sony BMG has signed … “…,” the label said": a record label, a games developer."""
    doc = _doc(nlp, 'Sony BMG has signed Joss Stone to a new deal. "She is a huge talent," '
                    'the label said.')
    assert _resolved(doc, "label") == "Sony BMG"
    assert "BUS" in knowledge().org["developer"] and "band" in knowledge().org


def test_of_two_fitting_bodies_of_one_sentence_the_subject_speaks(nlp) -> None:  # noqa: ANN001
    """"Google has bought mapping firm Keyhole. “…,” the search giant said": of two bodies of
    the right sector in the last sentence, the subject, not the one named last."""
    doc = _doc(nlp, 'Google has bought the mapping firm Keyhole. "We are excited," the search '
                    'giant said.')
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Google"]


def test_a_spokeswoman_speaks_for_the_body_that_just_spoke_not_the_person_quoted(nlp) -> None:  # noqa: ANN001
    """"The Ministry of Transport declined to comment. A spokeswoman said: “… Ms Hale is …”":
    the body that spoke in the sentence before has the spokeswoman; the person her quote
    names is only whom it is about."""
    doc = _doc(nlp, "Transport Secretary Jane Hale has been criticised by rail unions. The "
                    "Ministry of Transport declined to comment on the claims. A spokeswoman "
                    "said: \"Ms Hale is not in charge of ticket prices.\"")
    assert _resolved(doc, "spokeswoman") == "Ministry of Transport"


def test_a_surname_the_tagger_read_as_a_plural_is_still_the_person(nlp) -> None:  # noqa: ANN001
    """"Figgins declined to say whether … Dunlop died. “…,” he said": a surname ending in s
    that the tagger read as a plural noun (NNS) is the named subject "he" goes back to, not
    a plural noun a name rides on ("Reyes aides")."""
    doc = _doc(nlp, "Warden Lee Figgins spoke on Friday. Figgins declined to say whether Tom "
                    "Roper slept on the job the night Mark Dunlop died. “When the evidence "
                    "comes out,” he said, “you will see.”")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Lee Figgins"]


def test_the_phrase_before_a_sentence_final_speech_verb_is_its_subject(nlp) -> None:  # noqa: ANN001
    """"The woman sued, her lawyer, Jo Roe, said.": the parser hangs "her lawyer" on the
    clause before as a conjunct and leaves "said" with no subject; the phrase right before
    that sentence-final speech verb is the speaker of the sentence (a main-clause subject
    for salience), the clause's own subject is not."""
    from spacy.tokens import Doc

    from wirewatch.analyze.coref import _Resolver

    words = ["The", "woman", "sued", ",", "her", "lawyer", ",", "Jo", "Roe", ",", "said", "."]
    heads = [1, 2, 2, 2, 5, 2, 5, 8, 5, 5, 2, 2]
    deps = ["det", "nsubj", "ROOT", "punct", "poss", "conj", "punct", "compound", "appos",
            "punct", "parataxis", "punct"]
    pos = ["DET", "NOUN", "VERB", "PUNCT", "PRON", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT",
           "VERB", "PUNCT"]
    tags = ["DT", "NN", "VBD", ",", "PRP$", "NN", ",", "NNP", "NNP", ",", "VBD", "."]
    lemmas = ["the", "woman", "sue", ",", "her", "lawyer", ",", "Jo", "Roe", ",", "say", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags,
              lemmas=lemmas)
    resolver = _Resolver(doc)
    assert resolver._final_tag_subject(doc[8]) and resolver._final_tag_subject(doc[5])
    assert not resolver._final_tag_subject(doc[1])


def test_persons_given_by_a_kin_noun_take_its_gender(nlp) -> None:  # noqa: ANN001
    """"her daughters Lina, 7, and Mia": a given name introduced by a kin noun is of the
    kin noun's gender (a plural one gives it to every conjunct)."""
    doc = _doc(nlp, "Laura Dunn has run the bakery since 2010. Weekends go to the swim meets "
                    "of her sons Tom and Ben.")
    genders = {c.name: c.gender for c in doc._.ww_coref.chains}
    assert genders.get("Tom") == "m" and genders.get("Ben") == "m"


def test_a_person_given_by_a_kin_noun_is_in_the_background(nlp) -> None:  # noqa: ANN001
    """A child named only inside "daughters Mia and Zoe" does not take "she" from the woman
    the lines are about, although named more recently."""
    doc = _doc(nlp, "Laura Dunn has run the bakery since 2010. Prices rose again this winter. "
                    "Weekends go to the swim meets of daughters Mia and Zoe. “I never miss "
                    "one,” she says.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Laura Dunn"]


def test_a_chain_already_called_she_keeps_its_weight_for_she(nlp) -> None:  # noqa: ANN001
    """A description of unknown gender that the article has called "she" is no person of
    unknown gender for the next "she" (nor ever a "he"): it stays the topic over a name of
    unknown gender named since."""
    doc = _doc(nlp, "The new head teacher arrived in May. She rewrote the timetable. She also "
                    "hired two coaches, Robin Lake and Jules Fern. “We start again,” she said.")
    assert _resolved(doc, "she said") == "new head teacher"


def test_a_capitalised_title_subject_is_as_much_someone_as_a_name(nlp) -> None:  # noqa: ANN001
    """"the First Lady toured … with Ann Lee": a title written with capitals after "the"
    stands for one known person, so as the subject it keeps "she" over the name in the
    prepositional phrase."""
    doc = _doc(nlp, "On Monday the First Lady toured a children's hospital with Ann Lee, the "
                    "mayor's wife. After a talk with two nurses, she had lunch. “It is a fine "
                    "place,” she said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["First Lady"]


def test_a_family_named_by_a_plural_surname_is_never_she(nlp) -> None:  # noqa: ANN001
    """"the Garcias": another person's surname plus "s" is the family, a plural, so "she"
    goes back to the woman, not to the family named since."""
    doc = _doc(nlp, "Laura Garcia runs a farm near Leeds. Since 1990 the Garcias have grown "
                    "apples there. “We could not manage without the pickers,” she said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Laura Garcia"]


def test_the_militant_is_the_militant_just_named(nlp) -> None:  # noqa: ANN001
    """"the militant" (data/coref.tsv person and epithet rows), held by nobody named, is an
    epithet for the person just named: his quote is not left without a speaker."""
    doc = _doc(nlp, "Police named Karim Haddad as the organiser of the bombing on Friday. "
                    "Haddad was seen in Brussels in March.\n\nThe militant, who grew up in the "
                    "city, said he had come back to \u201cpunish those who mock our faith and "
                    "our people\u201d.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Karim Haddad"]


def test_a_statement_on_its_own_website_is_the_bodys(nlp) -> None:  # noqa: ANN001
    """"denied in a statement shared to its website": the body whose site carries the text
    wrote it (with no subject to speak in), so "the statement read" is that body, not the
    person the lines and the statement are about."""
    doc = _doc(nlp, "On Thursday Tina Vale accused Harbor Records of blocking her tour. Vale "
                    "said the label had lied to her fans for years.\n\nThe claims were denied "
                    "in a statement shared to its website.\n\n\u201cWe have always supported "
                    "Tina Vale and every one of her projects,\u201d the statement read.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Harbor Records"]


def test_the_latest_edition_of_a_body_speaks_for_it(nlp) -> None:  # noqa: ANN001
    """"The latest edition of the Northern Policy Institute water report says that …": an
    edition (data/coref.tsv document rows "edition", "publication") of a text speaks for
    the body the text is of, so the words it quotes are not left without a speaker."""
    doc = _doc(nlp, "Farmers in the valley are short of water again this year.\n\nThe latest "
                    "edition of the Northern Policy Institute water report says that the region's "
                    "\u201cirrigation network has not kept pace with demand\u201d.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == [
        "Northern Policy Institute"]


def test_the_document_is_the_last_text_named_with_its_author(nlp) -> None:  # noqa: ANN001
    """"officials said in a report …. It added …. “…,” the document said": a text the
    officials (a group nobody named stands for) speak in is theirs, and "the document"
    (data/coref.tsv document row "general") is that text a few sentences on, not the
    company the lines name."""
    doc = _doc(nlp, "Canadian safety officials said in a report on Tuesday that the ferry had "
                    "sailed with too few crew.\n\nThe vessel, owned by Coastline Marine, sank "
                    "off Halifax in March. Coastline Marine has since sold its other ferries.\n\n"
                    "Poor training also played a part, the report said. It added that the "
                    "radio had failed.\n\n\u201cThe crew could not have known how fast the water "
                    "was rising,\u201d the document said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == [
        "Canadian safety officials"]


def test_a_role_of_another_body_is_the_person_just_quoted(nlp) -> None:  # noqa: ANN001
    """"“…,” he said. “…,” said the Acme Rovers manager." with the only manager named (later)
    titled for another club: the person the last lines are about, not that holder (and
    data/coref.tsv body_word "rovers" makes a club of a name typed as a person's)."""
    doc = _doc(nlp, "Tom Archer was disappointed last night. \u201cWe should have won it,\u201d "
                    "he said. \u201cWe will do better next week,\u201d said the Acme Rovers "
                    "manager.\n\nThe visitors were happy. Swansea's manager, Paul Dunn, said "
                    "the point was deserved.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == [
        "Tom Archer", "Tom Archer"]


def test_the_plural_role_noun_is_the_group_named_before(nlp) -> None:  # noqa: ANN001
    """"Agriculture ministers met …. The French agriculture minister, Marc Dubois, said ….
    The ministers called for “…”": a definite plural role noun is the group named with it,
    not the one person last titled with the role."""
    doc = _doc(nlp, "Agriculture ministers met in Brussels on Monday. The French agriculture "
                    "minister, Marc Dubois, said prices were too low. Dubois wants a new fund. "
                    "The ministers called for \u201can immediate review of the milk quota system "
                    "across the whole union\u201d.")
    assert _resolved(doc, "ministers", 1) == "Agriculture ministers"


def test_a_nationality_linked_to_its_country_is_the_person_just_named(nlp) -> None:  # noqa: ANN001
    """"Archer was left frustrated …. “…,” said the American": a nationality word the
    entities linked to its country is an epithet for the person the last lines are about,
    not the country."""
    doc = _doc(nlp, "Tom Archer was beaten in four sets by Rafael Ortiz in Madrid. Archer was "
                    "left frustrated by the slow court. \u201cI was never comfortable on this "
                    "surface,\u201d said the American.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Archer"]


def test_he_after_a_body_official_is_the_body_again(nlp) -> None:  # noqa: ANN001
    """"“…,” said a Borodino official, who declined to be named. “…,” he added": a spokesperson
    noun with its body named on it leaves "he" to that body, not to the player the quote
    was about."""
    doc = _doc(nlp, "Former Acme striker Paul Dunn is to hold talks with Borodino.\n\n\u201cDunn "
                    "will be at our ground on Sunday,\u201d said a Borodino official, who "
                    "declined to be named. \u201cThen he will meet the coach,\u201d he added.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == [
        "Borodino", "Borodino"]


def test_a_title_parsed_beside_a_role_noun_is_not_that_person(nlp) -> None:  # noqa: ANN001
    """"The Oscar-nominated actor, whose films include … Ocean Wars: The Phantom Menace,
    said": a title the parser hangs on the role noun across its relative clause is not the
    actor, nor is the "Oscar" on the noun itself."""
    doc = _doc(nlp, "Hollywood star Tom Archer has held a fundraising dinner in Boston for the "
                    "Quay Theatre.\n\nThe Oscar-nominated actor, whose films include Harbour "
                    "Lights, Paper Moon and Blue Rain, Paper Moon and Ocean Wars: The Phantom "
                    "Menace, said: \u201cThe Quay is too important to the life of this city to "
                    "fall apart.\u201d")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Archer"]


def test_a_nationality_is_never_a_person_of_another_country(nlp) -> None:  # noqa: ANN001
    """"Kessler of Germany beat Mena of Spain. Mena was left frustrated …. “…,” said the
    German": not the Spaniard the last lines are about, but the one of Germany named a
    little further back."""
    doc = _doc(nlp, "Tom Kessler of Germany beat Carlos Mena of Spain in three sets on Sunday. "
                    "Mena was left frustrated by the wind. \u201cIt was a great fight and I am "
                    "very happy,\u201d said the German.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Kessler"]


def test_an_age_epithet_is_the_person_given_that_age(nlp) -> None:  # noqa: ANN001
    """"Ann Berg, 34, won …. She beat 22-year-old Jo Kemp …. Kemp was pleased …. “…,” said
    the 34-year-old": the person the article gives that age, never one given another."""
    doc = _doc(nlp, "Ann Berg, 34, won the 1,000m in Leeds. She beat 22-year-old Jo Kemp, who "
                    "led until the last lap. Kemp was pleased with her time. \u201cI am so happy "
                    "and I will break the record soon,\u201d said the 34-year-old.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Ann Berg"]


def test_a_chinese_family_name_first_tells_no_gender(nlp) -> None:  # noqa: ANN001
    """"Li Wenhao": "Li" opens the name as the family name (coref.tsv family_first), not the
    English given name the census lists as a woman's, so "he" can be him."""
    doc = _doc(nlp, "Tom Fisher visited the trade fair in Lyon on Monday. Li Wenhao, an engineer "
                    "from Shenzhen, showed visitors a new battery. He said production would start "
                    "in May.")
    assert _resolved(doc, "He") == "Li Wenhao"


def test_a_one_word_name_beside_a_person_noun_is_a_person(nlp) -> None:  # noqa: ANN001
    """"Another spectator, Nordine, …": a one-word name the entities typed as a body is a
    person when a person noun (coref.tsv person spectator) stands beside it, so "he" is him."""
    doc = _doc(nlp, "Marc Duval and his wife left the stadium early. Another spectator, Nordine, "
                    "was near the gate when he heard the blasts. \u201cI thought it was fireworks,"
                    "\u201d he told a radio station.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Nordine"]


def test_a_claim_speaks_for_the_body_that_posted_it(nlp) -> None:  # noqa: ANN001
    """"The claim, posted on its own website, said …": a claim is a text its author speaks
    through (coref.tsv document claim), like "the statement"."""
    doc = _doc(nlp, "The Northern Front, a rebel group, later said it carried out the raid on the "
                    "depot. The claim, posted on its own website, said the group had \u201cstruck "
                    "the enemy where it hurts\u201d and warned of more.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Northern Front"]


def test_a_subject_in_a_paragraph_run_into_the_one_before_is_a_main_subject(nlp) -> None:  # noqa: ANN001
    """"But he said: “We agreed.\\n\\nDivisions\\n\\nTom Archer, …, said …" parsed as one
    sentence (the quote mark left open), with the second "said" hung on the first: the name
    in the new paragraph is the subject of a main clause, as salient as the "he" before."""
    from spacy.tokens import Doc

    from wirewatch.analyze.coref import _salience

    words = ["But", "he", "said", ":", "We", "agreed", ".", "\n\n", "Divisions", "\n\n", "Tom",
             "Archer", ",", "said", "it", "was", "fine", "."]
    spaces = [True, True, False, True, True, False, False, False, False, False, True, False,
              True, True, True, True, False, False]
    heads = [2, 2, 2, 2, 5, 2, 2, 8, 13, 8, 11, 8, 8, 2, 15, 13, 15, 13]
    deps = ["cc", "nsubj", "ROOT", "punct", "nsubj", "ccomp", "punct", "dep", "nsubj", "dep",
            "compound", "appos", "punct", "ccomp", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["CCONJ", "PRON", "VERB", "PUNCT", "PRON", "VERB", "PUNCT", "SPACE", "NOUN", "SPACE",
           "PROPN", "PROPN", "PUNCT", "VERB", "PRON", "AUX", "ADJ", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)
    assert _salience(doc[11]) == _salience(doc[1])


def test_a_name_closing_a_nouns_relative_clause_is_that_noun(nlp) -> None:  # noqa: ANN001
    """"The company that runs the BMAs, Harlan Clark Productions, denies …" with the name
    parsed in apposition to "BMAs": the name of the noun's kind that closes the noun's
    relative clause is the noun, so "the company" and the "they" after it are that body."""
    doc = _doc(nlp, "Northway Records said it had agreed to let the band play the show. \u201cWe "
                    "have signed the papers,\u201d the label said in a statement. The company that "
                    "runs the BMAs, Harlan Clark Productions, denies that anything has been "
                    "settled, though. \u201cAny final agreement must be made with the band. We "
                    "have no further comment,\u201d they said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"][-1] \
        == "Harlan Clark Productions"


def test_a_possessive_description_far_on_with_another_possessor_is_someone_else(nlp) -> None:  # noqa: ANN001
    """"his 90-year-old mother, Edna" and, in another family's story many lines on, "their
    mother": a possessive pronoun of another gender or number is another possessor, so
    "their mother" is not Edna, and the "she" after it is the daughter just named."""
    doc = _doc(nlp, "In Leeds, Tom Archer hopes to call his 90-year-old mother, Edna Archer, on "
                    "Sunday. \u201cWe will sing to her on the phone,\u201d Archer said. The "
                    "holiday is quieter this year. Shops are closed. Parks are empty. Many "
                    "families will stay indoors.\n\nIn Bristol, 19-year-old Mia Holt is at home "
                    "with her parents and younger brother. Knowing how much their mother loves "
                    "music, they are planning a concert in the garden.\n\n\u201cWe made tickets "
                    "for her and we are painting a stage,\u201d she said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"][-1] == "Mia Holt"


def test_the_agent_of_a_passive_speech_verb_has_the_spokesperson(nlp) -> None:  # noqa: ANN001
    """'Reports that Governor X will call a session were described as “…” by the State
    Department. A spokesman said …': the agent of a passive speech verb spoke, as the subject
    of "said" does, so the spokesman is its (and the governor in the reports' content clause
    did not speak)."""
    doc = _doc(nlp, "Reports that Governor Jane Holloway will call a special session were "
                    "described as \u201cpure fiction\u201d by the State Department.\n\nA "
                    "spokesman said he had \u201cno idea\u201d where the reports had come from.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] \
        == ["State Department", "State Department"]


def test_a_lesser_rank_role_is_not_the_holder_of_the_role(nlp) -> None:  # noqa: ANN001
    """"The shadow treasurer said", "the deputy secretary said": a role noun under a word of
    lower rank (data/coref.tsv lesser) is never the holder of the role itself but the person
    titled with both words, else the named person the last lines are about."""
    doc = _doc(nlp, "Treasurer Paul Grant defended the budget on Monday. But Senator Lisa "
                    "Moreno, for the Republicans, attacked the spending plans.\n\nThe shadow "
                    "treasurer said the plan had \u201cfailed the taxpayer\u201d and was "
                    "reckless.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Lisa Moreno"]
    doc = _doc(nlp, "Secretary of State Ann Cole met the Mexican foreign minister on Monday. "
                    "Her deputy, Tom Ruiz, stayed in Washington.\n\n\u201cThe talks went "
                    "well,\u201d the deputy secretary said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Ruiz"]
    assert "deputy" in knowledge().lesser


def test_a_countrys_body_named_nowhere_is_a_body_of_its_own(nlp) -> None:  # noqa: ANN001
    """"Ruritania's foreign ministry summoned …. “…,” the ministry said": a body noun held by
    a country is a body of its own (as "the Ruritanian embassy"), so "the ministry" later is
    it (before: no speaker; also with "ministry" tagged as a name). The entities now name it
    ("Russia's foreign ministry", an institution of the place) where coref once made it."""
    doc = _doc(nlp, "Russia's foreign ministry summoned the US ambassador on Monday. \u201cThis "
                    "will not go unanswered,\u201d the ministry said.")
    speakers = [q.speaker for q in doc._.ww_quotes if q.kind == "direct"]
    assert len(speakers) == 1 and speakers[0].endswith("foreign ministry")


def test_a_text_is_the_writers_named_just_before_not_the_addressees(nlp) -> None:  # noqa: ANN001
    """"Twelve senators wrote to Secretary X on Friday. “…,” the letter reads": the subject of
    a verb of authorship just before wrote the text (a group too), not the most salient name;
    "a motion" is a text (data/coref.tsv document)."""
    doc = _doc(nlp, "Twelve Republican senators wrote to Secretary Alan Pryce on Friday. "
                    "\u201cWe demand answers,\u201d the letter reads.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Republican senators"]
    doc = _doc(nlp, "The Harbor Alliance filed a motion on Friday to censure Councilman Dale "
                    "Moss.\n\n\u201cThe council deserves better,\u201d the motion says.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Harbor Alliance"]


def test_a_text_is_not_by_the_person_its_words_name(nlp) -> None:  # noqa: ANN001
    """"Prosecutors charged Tom Ruiz …. “Ruiz took bribes,” the complaint says": a text names
    its subject in the third person; the person its quoted words name by surname is not its
    author (left unresolved when nobody else named is in reach)."""
    doc = _doc(nlp, "Federal prosecutors in Miami charged former mayor Tom Ruiz with fraud on "
                    "Tuesday. \u201cRuiz took bribes for years,\u201d the complaint says.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] != ["Tom Ruiz"]


def test_bare_officials_speak_for_the_body_just_the_subject(nlp) -> None:  # noqa: ANN001
    """'The State Department condemned the attack. “…,” officials said': bare plural
    spokesperson nouns speak for the one body that was a subject just before, not as a group
    of their own."""
    doc = _doc(nlp, "The State Department condemned the attack on Tuesday.\n\n\u201cWe are "
                    "monitoring the situation,\u201d officials said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["State Department"]


def test_a_spokesman_for_a_countrys_unnamed_body_speaks_for_that_body(nlp) -> None:  # noqa: ANN001
    """"a Ruritanian interior ministry spokesman said", "a spokesman for Ruritania's interior
    ministry said": a country's body that no entity names is a body of its own, which the
    spokesperson speaks for (not the country, nor a new person), and "the ministry" later is
    it; "Ruritania's government" stays the country itself (data/coref.tsv country_itself)."""
    for text in ("China warned Washington on Monday. \u201cThe US must stop,\u201d a Chinese "
                 "foreign ministry spokesman said. \u201cWe will respond,\u201d the ministry said.",
                 "Beijing protested on Monday. \u201cThe US must stop,\u201d a spokesman for "
                 "China's foreign ministry said. \u201cWe will respond,\u201d the ministry said."):
        doc = _doc(nlp, text)
        speakers = [q.speaker for q in doc._.ww_quotes if q.kind == "direct"]
        assert len(speakers) == 2 and len(set(speakers)) == 1  # the same body, named by the
        assert speakers[0].endswith("foreign ministry")  # entities ("Chinese foreign ministry")
    doc = _doc(nlp, "\u201cThe US must stop,\u201d a spokesman for China's government said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["China"]


def test_a_broader_role_word_is_the_holder_of_a_narrower_one(nlp) -> None:  # noqa: ANN001
    """"Sen. X blocked …. “…,” the lawmaker said", "Rep. Y … the congresswoman said": a
    broader word for holders of a role (data/coref.tsv broader, same) is the person titled
    with the narrower role, not someone new."""
    doc = _doc(nlp, "Sen. Mark Dalton blocked the nomination on Monday. The White House was "
                    "furious.\n\n\u201cThe nominee is unqualified,\u201d the lawmaker said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Mark Dalton"]
    doc = _doc(nlp, "Rep. Ann Lee of Ohio introduced the bill on Monday. Critics say it will "
                    "fail.\n\n\u201cThis bill saves jobs,\u201d the congresswoman said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Ann Lee"]


def test_a_party_epithet_out_of_reach_is_the_person_called_so(nlp) -> None:  # noqa: ANN001
    """"Gov. X, a Democrat, vetoed the bill. Republicans vowed to override. “…,” the Democrat
    said": with nobody named in the sentence before, the party word is the one person the
    article put it beside (before: the word itself, no person)."""
    doc = _doc(nlp, "Gov. Jane Holloway, a Democrat, vetoed the bill on Friday. Republicans "
                    "vowed to override.\n\n\u201cThe bill was cruel,\u201d the Democrat said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Jane Holloway"]


def test_a_government_body_noun_fits_a_military_body(nlp) -> None:  # noqa: ANN001
    """"The Pentagon said …. “…,” the department said": "department" (data/coref.tsv org)
    fits the state's military and police bodies too, not only those the entities give the
    government sector (before: no speaker)."""
    doc = _doc(nlp, "The Pentagon said on Monday it would send more troops. \u201cThe troops "
                    "will arrive next week,\u201d the department said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Pentagon"]


def test_the_body_chief_is_its_titled_director(nlp) -> None:  # noqa: ANN001
    """"FBI Director X testified …. “…,” the FBI chief said": "chief" is a broader word for
    a body's director (data/coref.tsv broader), not someone new."""
    doc = _doc(nlp, "FBI Director Paul Grant testified before Congress on Tuesday. Senators "
                    "pressed him on the raid.\n\n\u201cWe followed the rules,\u201d the FBI chief "
                    "said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Paul Grant"]


def test_a_spokesman_speaks_for_the_holder_of_a_role_his_words_name(nlp) -> None:  # noqa: ANN001
    """'Governor X missed the meeting with Mayor Y. “The mayor was disappointed,” a spokesman
    said': one speaking for someone names them in the third person, by surname or by a role
    they hold; the holder of the role the quote names is the one spoken for."""
    doc = _doc(nlp, "Governor Jane Holloway did not attend the meeting with Mayor Tom Ruiz on "
                    "Monday. \u201cThe mayor was disappointed,\u201d a spokesman said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Ruiz"]


def _direct(nlp, text: str) -> list[str | None]:  # noqa: ANN001
    return [q.speaker for q in _doc(nlp, text)._.ww_quotes if q.kind == "direct"]


def test_a_candidates_campaign_speaks_as_the_campaign(nlp) -> None:  # noqa: ANN001
    """"Senator X's campaign …. “…,” the campaign said": a campaign a person runs (coref.tsv
    own_body) is the "<surname> campaign" body, the annotations' name for it, not the
    candidate, and "the campaign's spokesman" / "a campaign spokeswoman" speak for it
    (before: no speaker / the candidate)."""
    assert _direct(nlp, "Senator Mark Dalton's campaign released a new ad in Ohio on Monday."
                        "\n\n\u201cWe are proud of the turnout,\u201d the campaign said.") \
        == ["Dalton campaign"]
    assert _direct(nlp, "Senator Mark Dalton's campaign released a new ad in Ohio on Monday."
                        "\n\n\u201cWe are proud of the turnout,\u201d the campaign's spokesman "
                        "said.") == ["Dalton campaign"]
    assert _direct(nlp, "Governor Jane Holloway launched her re-election campaign on Monday."
                        "\n\n\u201cVoters want results,\u201d a campaign spokeswoman said.") \
        == ["Holloway campaign"]


def test_a_party_and_state_epithet_skips_a_person_of_another_party(nlp) -> None:  # noqa: ANN001
    """"Sen. X, R-Ohio, clashed with Sen. Y, D-Texas. “…,” the Texas Democrat said": the
    party (coref.tsv party) and state the article put on a name ("R-Ohio", "Republican Sen.
    X") rule out a person of another party or state (before: X, the more salient)."""
    assert _direct(nlp, "Sen. Mark Dalton, R-Ohio, clashed with Sen. Lisa Moreno, D-Texas, "
                        "over the bill on Monday.\n\n\u201cThis bill is a giveaway,\u201d the "
                        "Texas Democrat said.") == ["Lisa Moreno"]
    assert _direct(nlp, "Republican Sen. Mark Dalton and Democratic Sen. Lisa Moreno met on "
                        "Monday.\n\n\u201cWe found common ground,\u201d the Democrat said.") \
        == ["Lisa Moreno"]
    assert _direct(nlp, "Sen. Lisa Moreno, D-Texas, praised Sen. Mark Dalton, R-Ohio, on "
                        "Monday.\n\n\u201cShe kept her word,\u201d the Ohio Republican said.") \
        == ["Mark Dalton"]


def test_officials_of_a_named_place_speak_for_it(nlp) -> None:  # noqa: ANN001
    """"officials in Ohio", "state officials" after a state was named, "city officials"
    after a city: the place (the annotations' convention for "Ohio officials"), not a
    group of their own; a state is never the country named with it."""
    assert _direct(nlp, "Heavy snow hit Ohio on Monday.\n\n\u201cStay off the roads,\u201d "
                        "officials in Ohio said.") == ["Ohio"]
    assert _direct(nlp, "The United States and Ohio signed a deal on Monday.\n\n\u201cStay "
                        "off the roads,\u201d state officials said.") == ["Ohio"]
    assert _direct(nlp, "Flooding closed roads across Springfield on Monday.\n\n\u201cStay "
                        "home if you can,\u201d city officials said.") == ["Springfield"]


def test_a_lawsuit_is_its_filers_not_the_accused(nlp) -> None:  # noqa: ANN001
    """"The Justice Department indicted Acme Corp. “Acme …,” the indictment says": a text
    that accuses (coref.tsv legal_text) is by whoever sued or charged (legal_act: subject,
    or "by" agent of the passive), not the accused its words name (before: Acme Corp)."""
    assert _direct(nlp, "The Justice Department indicted Acme Corp and its chief executive on "
                        "Tuesday.\n\n\u201cAcme Corp hid its fees from customers,\u201d the "
                        "indictment says.") == ["Justice Department"]
    assert _direct(nlp, "Acme Corp was sued by the Federal Trade Commission on Tuesday.\n\n"
                        "\u201cAcme hid its fees from customers,\u201d the complaint says.") \
        == ["Federal Trade Commission"]
    assert _direct(nlp, "Ohio sued Acme Corp on Tuesday, saying the firm hid fees.\n\n"
                        "\u201cAcme hid its fees from customers,\u201d the lawsuit alleges.") \
        == ["Ohio"]


def test_federal_officials_speak_for_the_government_body_just_named(nlp) -> None:  # noqa: ANN001
    """"The Federal Emergency Management Agency sent teams …. “…,” federal officials said":
    a level-of-government word (coref.tsv level) on bare "officials" still lets them speak
    for the one body that was the subject just before, when it is a government one (not a
    company)."""
    assert _direct(nlp, "The Federal Emergency Management Agency sent teams to Texas on "
                        "Monday.\n\n\u201cHelp is on the way,\u201d federal officials said.") \
        == ["Federal Emergency Management Agency"]
    assert _direct(nlp, "Acme Corp shut its Texas plant on Monday.\n\n\u201cHelp is on the "
                        "way,\u201d federal officials said.") == ["federal officials"]


def test_a_subject_pronoun_after_a_clause_with_the_same_pronoun_is_its_referent(nlp) -> None:  # noqa: ANN001
    """"When he refused to back Edgar Hollis …, he said": the main clause's "he" is the
    "he" of the adverbial clause that opens it, not the name that clause put last (without
    the rule: Edgar Hollis)."""
    doc = _doc(nlp, "James Carden served as home secretary in the 1960s. His career was not "
                    "without controversy. When he refused to back prime minister Edgar "
                    "Hollis and Mona Pratt over their wage plan in 1968, he said: \u201cI am "
                    "not going to step down.\u201d")
    first = doc.text.index("When he") + len("When ")
    second = doc.text.index(", he said") + len(", ")
    assert doc._.ww_coref.chain_at(first, first + 2) is not None
    assert doc._.ww_coref.chain_at(second, second + 2) is doc._.ww_coref.chain_at(first, first + 2)
    assert _resolved(doc, "Edgar Hollis") != doc._.ww_coref.chain_at(second, second + 2).name


def test_a_name_read_as_the_last_of_a_list_before_a_final_speech_verb_speaks(nlp) -> None:  # noqa: ANN001
    """"Others targeted include A, B and C, party chief Lord Hartwell said. He said …": the
    parse joins the speaker to the list and leaves "said" with no subject; the name right
    before the sentence-final speech verb is its subject, so "He" is him (without the rule:
    the list's first name)."""
    doc = _doc(nlp, "Mr Fenwick's seat is first on the list. Others targeted include Oliver "
                    "Quill, David Cole and Theresa Marsh, Lib Dem elections chief Lord Hartwell "
                    "said. He said the plan was \u201cjust politics\u201d and that several rivals "
                    "had thin majorities.")
    assert _resolved(doc, "He said") == "Hartwell"


def test_a_statement_on_the_bodys_website_is_that_bodys(nlp) -> None:  # noqa: ANN001
    """"said a statement on the organisation's website": a definite body noun owning the
    website is the body the last lines are about (here the league), not the last body
    named (the club the lines mention after it)."""
    doc = _doc(nlp, "The Northern Rowing League insists the dispute will never be repeated, "
                    "although Harbor Rowing Club finished last.\n\n\u201cThe board decided to "
                    "change the rules for every future season of the cup,\u201d said a "
                    "statement on the organisation's website.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == [
        "Northern Rowing League"]


def test_statement_issued_by_a_relative_who_in_a_place(nlp) -> None:  # noqa: ANN001
    """"the ministers of the coastal states, who in a statement … in Valdoria said": the
    statement is the ministers' (the "who" of the relative clause), not the place it was
    issued in, so "the statement said" a few lines on is theirs, not the body named between."""
    doc = _doc(nlp, "The harbour vote was welcomed by the transport ministers of the coastal "
                    "states, who in a statement on Monday night in Valdoria said the result was "
                    "fair. The Tarnow Shipping Group opposed the vote. Its shares fell sharply "
                    "on Tuesday.\n\nThe transport ministers promised to help the ports and said "
                    "new rules would follow. \u201cWe will keep our promise to every port on "
                    "the coast,\u201d the statement said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["transport ministers"]


def test_former_role_with_no_holder_before_is_the_person_just_named(nlp) -> None:  # noqa: ANN001
    """"Lord Pembury said …. The former chief constable said": a role once held (coref.tsv
    past), given to nobody before, is the person just named, not someone new or a holder
    the article names only later."""
    doc = _doc(nlp, "Lord Pembury said the council had too much power and relied too much on "
                    "the advice of its own appointees. The former chief constable said in an "
                    "interview with the Marlow Gazette: \u201cThere is too little scrutiny of "
                    "what the council does.\u201d\n\nThe council leader rejected the claims on "
                    "Friday.\n\nLord Pembury's view was backed by his predecessor as chief "
                    "constable, Lord Wetherby. Lord Wetherby told reporters: \u201cI agree with "
                    "every word of it.\u201d")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Pembury", "Wetherby"]


def test_it_after_a_persons_statement_is_that_statement(nlp) -> None:  # noqa: ANN001
    """"Mr Vale's statement said: “…” It added: “…”": a text of a person's that spoke is
    what the next "it" saying more stands for (so the person speaks), not a country or body
    named before it."""
    doc = _doc(nlp, "The strategist Tom Vale once helped Ruritania's leader win two elections. "
                    "Mr Vale's statement said: \u201cThe party has been making an impact on "
                    "taxes this week.\u201d It added: \u201cOur rivals will try to distract "
                    "attention from the issues that matter.\u201d")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Tom Vale", "Tom Vale"]


def test_plural_role_before_any_holder_is_a_group(nlp) -> None:  # noqa: ANN001
    """"The authors of the study argued …", with "lead author Jo Roe" named only later: the
    plural role noun is those people as a group, not the one holder named afterwards."""
    doc = _doc(nlp, "Fewer teenagers in the region now smoke, according to a study.\n\nThe "
                    "authors of the study argued that new taxes had brought \u201cclear public "
                    "health gains for young people\u201d.\n\nLead author Maria Lind said the "
                    "data came from ten thousand surveys.")
    speakers = [q.speaker for q in doc._.ww_quotes if q.kind == "direct"]
    assert len(speakers) == 1 and speakers[0] != "Maria Lind" and "author" in speakers[0].lower()


def test_meeting_of_people_speaks_for_them(nlp) -> None:  # noqa: ANN001
    """"a meeting in Valdoria of Tarnish fishing ministers said …. “…,” the meeting decided":
    a meeting (coref.tsv document, value linked) speaks for those it is "of", even when the
    parse hangs the "of" on the place it was held in; a meeting nobody is named on is nobody's,
    and one "with" or "at" a body is not that body's."""
    for place in ("Valdoria", "Brussels"):  # (the parse hangs "of" on Brussels)
        doc = _doc(nlp, f"Two days after the storm, an emergency meeting in {place} of Tarnish "
                        "fishing ministers said all boats should stay in port. \u201cNo vessel "
                        "will leave harbour until the coastguard says it is safe,\u201d the "
                        "meeting decided.")
        assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] \
            == ["Tarnish fishing ministers"]
    doc = _doc(nlp, "The Kelso Fishing Company said it would keep its boats in port. The "
                    "meeting was adjourned until Friday.")
    assert _resolved(doc, "meeting") is None
    # (nor is one held at or with a body theirs: only those it is "of")
    doc = _doc(nlp, "Mr Varga said a meeting with the Kelso Fishing Company had gone well.")
    assert _resolved(doc, "meeting") is None


def test_role_nobody_held_is_who_speaks_the_next_quote(nlp) -> None:  # noqa: ANN001
    """"the party's chief executive said it was “…” …. “…,” Lord Pellow told reporters": a
    role nobody held before is the person first named as the speaker of the quote opening the
    next sentence, not the person just named; not someone named after a quote the role's own
    "said:" opens."""
    doc = _doc(nlp, "Mr Haldane has been criticised for missing the vote on the new bridge. On "
                    "Friday, the party chief executive said it was \u201ca simple mistake\u201d "
                    "that Mr Haldane missed the vote. \u201cNobody knew the vote was that "
                    "day,\u201d Lord Pellow told reporters.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"][:2] \
        == ["Lord Pellow", "Lord Pellow"]
    doc = _doc(nlp, "Mr Haldane has been criticised for missing the vote on the new bridge. "
                    "The party chief executive, who argues he is honest, said: \"We have never "
                    "hidden our plans from the voters.\"\n\nLabour campaign "
                    "coordinator Lord Pellow said the party was split.")
    assert not any("Pellow" in (q.speaker or "") for q in doc._.ww_quotes
                   if q.kind == "direct")


def test_text_with_no_author_after_its_summary_is_the_summarisers(nlp) -> None:  # noqa: ANN001
    """"Investigators have found no sign of …. “…,” said an interim report": a text with no
    author, quoted right after the sentence that sums it up, is that sentence's subject's, and
    so is "the report" after it (not the body named last); not when the text names its
    author ("a motion by X's lawyers")."""
    doc = _doc(nlp, "Investigators have found no sign of damage to the hull of the Marden ferry "
                    "before it sank.\n\n\u201cThere were no cracks in the steel plates of the "
                    "hull,\u201d said an interim report released on Monday. The report, which "
                    "gave facts rather than analysis, was welcomed by the Varley Shipping "
                    "Company.\n\n\u201cThe crew had all been trained,\u201d the report said.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] \
        == ["Investigators", "Investigators"]
    doc = _doc(nlp, "Campaigners argued against the plan to close the harbour.\n\n\u201cThe "
                    "plan does not serve any purpose,\u201d a motion by Mr Tarrant's lawyers "
                    "stated.")
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] != ["Campaigners"]


def test_subject_of_a_reporting_clause_set_into_the_main_clause_is_salient(nlp) -> None:  # noqa: ANN001
    """"For that reason, says the committee, the ministry will have to …. It also wants
    …": the words are the committee's, so "It" (and "The committee" after it) is the
    committee, not the main clause's subject."""
    doc = _doc(nlp, "The Ruritanian government plans new prison rules. The Dorvan Committee "
                    "published its report on Monday. For that reason, says the committee, the "
                    "ministry will have to redraft its rules. It also wants the chief "
                    "inspector, Alan Brisk, to step down. The committee added that the rules "
                    "showed \u201clittle care\u201d for inmates.")
    assert _resolved(doc, "It") == "Dorvan Committee"
    assert [q.speaker for q in doc._.ww_quotes if q.kind == "direct"] == ["Dorvan Committee"]


def test_party_named_only_by_its_party_word_and_its_statement(nlp) -> None:  # noqa: ANN001
    """"Tory leader Ann Brisk …. In a statement, the party said …. “…,” said the statement":
    with no body of the party sector named, "the party" is the party a party word named, and
    a text it speaks in, named before it in the sentence, is its own."""
    doc = _doc(nlp, "A Tory candidate, Ned Parlow, has quit the race after remarks on tax. Tory "
                    "leader Ann Brisk accepted his decision. In a short statement, the party said "
                    "his words had been misread. \u201cHe backs the party on tax and on "
                    "schools,\u201d said the statement.")
    assert _resolved(doc, "the party") == "Tory"
    assert _resolved(doc, "the statement") == "Tory"
