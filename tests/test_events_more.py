"""Harder constructions: event nouns, reported speech chains, quotes, plans, historical dates."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


def one(code, text, **kw):
    records = code(text, date=STORY_DATE, **kw)
    assert records, f"no event in: {text}"
    return records[0]


@pytest.mark.parametrize("text,expected", [
    ("Biden and Xi held a phone call on Tuesday.", ("USA", "CHN", "CONSULT")),
    ("Iran launched an attack on the oil platforms of Saudi Arabia.", ("IRN", "SAU", "ASSAULT")),
    ("During a visit to Kenya in July, the Ethiopian prime minister opened a railway.", ("ETH", "KEN", "CONSULT")),
    ("Since Russia's 2022 invasion of Ukraine, grain prices have soared.", ("RUS", "UKR", "ASSAULT")),
    ("The new U.S. sanctions on Venezuela took effect on Monday.", ("USA", "VEN", "SANCTION")),
])
def test_events_named_by_nouns(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_phone_call_mode_and_date(code):
    record = one(code, "Biden and Xi held a phone call on Tuesday.")
    assert (record["mode"], record["date"]) == ("phone", "2024-09-10")


def test_reported_speech_chain_attributes_the_nearest_speaker(code):
    record = one(code, "The minister said the president told the envoy that Israel would withdraw its troops from Gaza.")
    assert record["attribution"]["text"] == "the president"
    assert record["modality"] == "future"


def test_speaker_named_after_a_quote_speaks_for_we(code):
    record = one(code, '"We will never accept this," the Chinese foreign ministry spokesman said on Friday.')
    assert (record["type"], record["source"]["country"]) == ("REJECT", "CHN")
    assert record["attribution"]["country"] == "CHN"


@pytest.mark.parametrize("text,modality", [
    ("Japan is due to host talks with South Korea next year.", "future"),
    ("Canada plans to send trainers to Latvia.", "future"),
    ("Brazil may recognise Palestine.", "hypothetical"),
    ("India did not attend the summit hosted by China.", "negated"),
])
def test_plans_possibilities_negation(code, text, modality):
    assert one(code, text)["modality"] == modality


def test_refusing_is_a_rejection_not_a_negation(code):
    record = one(code, "Hungary refused to join the sanctions against Russia.")
    assert (record["type"], record["modality"]) == ("REJECT", "asserted")


def test_historical_mentions_keep_their_own_date(code):
    record = [r for r in code("Putin visited Pyongyang in July 2000, the first such visit.", date=STORY_DATE)
              if r["type"] == "CONSULT"][0]
    assert (record["date"], record["date_basis"]) == ("2000-07", "explicit")


@pytest.mark.parametrize("text,date,precision", [
    ("Last week, Ghana expelled Nigerian traders.", "2024-09", "month"),
    ("Earlier this month, Egypt sent aid to Gaza.", "2024-09", "month"),
    ("Turkey will host talks with Greece next year.", "2025", "year"),
    ("Sudan and Chad signed a peace deal in Doha on 3 May 2009.", "2009-05-03", "day"),
    ("Chile and Peru held talks on 10/09/2024.", "2024-09-10", "day"),
    ("Fighting between Armenia and Azerbaijan raged from June 3 to June 5.", "2024-06-03", "day"),
    # a TIME entity that names a day ("last night") is a date; "3 p.m." alone would not be
    ("The Chilean trade minister arrived in Lima last night for talks with Peruvian officials.", "2024-09-12", "day"),
    ("Japan announced a state visit to Brazil starting on June 3.", "2024-06-03", "day"),
    # the date hangs on "here"; the talks take the date of the verb they are for (a Friday story: next Friday)
    ("The Iranian oil minister is expected here on Monday for talks with his Algerian counterpart.", "2024-09-16", "day"),
    ("The Chilean foreign minister said yesterday during a visit to Peru that trade would grow.", "2024-09-12", "day"),
    # the sentence's one day word, hung by the parser on another clause, dates its acts
    ("Iraqi forces sank three Iranian boats which tried to approach the oil terminal yesterday.", "2024-09-12", "day"),
    ("Iraqi forces sank three Iranian boats which tried to approach the oil terminal on Wednesday.", "2024-09-11", "day"),
    ("Iraqi forces sank three Iranian boats which tried to approach the oil terminal last night.", "2024-09-12", "day"),
])
def test_date_expressions(code, text, date, precision):
    record = one(code, text)
    assert (record["date"], record["date_precision"]) == (date, precision)


def test_confidence_is_lower_for_weaker_readings(code):
    strong = one(code, "Japan imposed sanctions on North Korea.")
    weak = one(code, "Japan could impose sanctions on North Korea.")
    organisation = one(code, "The United Nations imposed sanctions on North Korea.")
    assert strong["confidence"] > weak["confidence"]
    assert strong["confidence"] > organisation["confidence"]
    assert 0 < organisation["confidence"] < 0.7 <= strong["confidence"]


def test_accusation_with_several_alleged_acts(code):
    records = code("Manila accused Chinese forces of ramming and boarding its boats.", date=STORY_DATE)
    alleged = {(r["type"], r["source"]["country"], r["target"]["country"]) for r in records
               if r["modality"] == "alleged"}
    assert alleged == {("ASSAULT", "CHN", "PHL"), ("COERCE", "CHN", "PHL")}


def test_the_group_and_both_sides_refer_back(code):
    text = ("Israel blamed Hezbollah for Saturday's attack, which the Iran-backed group denied.\n"
            "The U.N. chief called on both sides to exercise restraint.")
    records = code(text, date="2024-07-29")
    reject = [r for r in records if r["type"] == "REJECT"][0]
    assert (reject["source"]["country"], reject["target"]["country"]) == ("LBN", "ISR")
    alleged = [r for r in records if r["modality"] == "alleged"][0]
    assert alleged["date"] == "2024-07-27"  # Saturday's attack in a Monday story
    called = {r["target"]["country"] for r in records if r["type"] == "REQUEST"}
    assert called == {"ISR", "LBN"}


def test_a_clause_on_a_date_takes_that_date(code):
    records = code("Hezbollah and Israel have exchanged fire since October, when Hamas attacked Israel.",
                   date="2024-07-29")
    attack = [r for r in records if r["source"] and r["source"]["country"] == "PSE"][0]
    assert (attack["type"], attack["target"]["country"], attack["date"]) == ("ASSAULT", "ISR", "2023-10")


def test_an_event_word_inside_an_organisation_name_is_not_an_event(code):
    """"Cooperation" in the OECD's name is part of a name, not an act of cooperation; the
    organisation's own act in the same sentence is still coded."""
    records = code("The Organisation for Economic Cooperation and Development sharply criticised "
                   "Portugal's budget policy on Tuesday.")
    assert "COOPERATE" not in {r["type"] for r in records}
    assert any(r["type"] == "ACCUSE" and (r["target"] or {}).get("country") == "PRT" for r in records)


def _pairs(records):
    return {(r["type"], (r["source"] or {}).get("country"), (r["target"] or {}).get("country")) for r in records}


def test_the_short_form_of_an_organisation_named_before_is_that_organisation(code):
    """"the Club" after "the Paris Club", "the Commission" after "the EC Commission": a capitalised
    institution noun with "the" names the last organisation the article called so."""
    assert ("SUPPORT", "BRA", "IGO") in _pairs(code(
        "The Paris Club of creditor nations agreed to reschedule Brazil's debt. Brazil thanked the Club."))
    assert ("REJECT", "DEU", "IGO") in _pairs(code(
        "The EC Commission proposed new limits on butter sales. West Germany rejected the Commission's plan."))


def test_a_short_form_needs_the_organisation_named_before_and_no_name_of_its_own(code):
    """Without an earlier "... Commission" the word names no one; "the Monopolies Commission" is
    another body than the European Commission named before."""
    assert not any(t == "IGO" for _, _, t in _pairs(code("West Germany rejected the Commission's plan.")))
    records = code("The European Commission proposed new limits on butter sales. "
                   "The Monopolies Commission rejected Britain's plan.")
    assert not any(s == "IGO" for _, s, _ in _pairs(records))


@pytest.mark.parametrize("text,expected", [
    ("Kuwait has asked four countries, including the United States, Britain and China, for help.",
     {("KWT", "USA", "REQUEST"), ("KWT", "GBR", "REQUEST"), ("KWT", "CHN", "REQUEST")}),
    ("Kuwait has asked several nations such as Japan and Britain for help.",
     {("KWT", "JPN", "REQUEST"), ("KWT", "GBR", "REQUEST")}),
])
def test_a_group_noun_stands_for_the_members_it_names(code, text, expected):
    found = triples(code(text, date=STORY_DATE))
    assert expected <= found
    assert not any(target is None for _, target, _ in found)


@pytest.mark.parametrize("text", [
    "Representatives of Nigeria met British officials on Monday.",
    "Representatives from Nigeria met British officials on Monday.",
    "Nigerian delegates met British officials on Monday.",
])
def test_representatives_and_delegates_act_for_who_sent_them(code, text):
    assert ("NGA", "GBR", "CONSULT") in triples(code(text, date=STORY_DATE))


def test_union_representatives_are_not_the_government(code):
    records = code("Union representatives met British officials on Monday.", date=STORY_DATE)
    assert all((r["source"] or {}).get("sector") != "GOV" for r in records)


@pytest.mark.parametrize("text,expected", [
    ("The head of the Bank of England met Japanese officials.", ("GBR", "JPN", "CONSULT")),
    ("Bank of Mexico head Miguel Mancera met Peruvian officials.", ("MEX", "PER", "CONSULT")),
    ("The Bank of Canada criticised the U.S. Federal Reserve.", ("CAN", "USA", "ACCUSE")),
])
def test_central_banks_and_their_heads(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_a_body_part_head_is_no_actor(code):
    records = code("The rebels shot him in the head, Iraqi officials said.", date=STORY_DATE)
    assert all((r["target"] or {}).get("sector") != "GOV" for r in records)


def test_a_gathering_of_many_states_is_not_every_pair_of_them(code):
    records = code("The leaders of the G-7, the United States, Britain, Canada, France, Italy, Japan and "
                   "West Germany, are expected to discuss economic policy coordination in Venice.", date=STORY_DATE)
    assert records and all(r["target"] is None for r in records)
    assert {r["mode"] for r in records} == {"multilateral"}
    assert {("USA", None, "CONSULT"), ("JPN", None, "CONSULT")} <= triples(records)


def test_three_states_meeting_are_still_three_pairs(code):
    found = triples(code("Russia, China and Iran held talks in Tehran.", date=STORY_DATE))
    assert {("RUS", "CHN", "CONSULT"), ("RUS", "IRN", "CONSULT"), ("CHN", "IRN", "CONSULT")} <= found


def test_declining_an_offer_does_not_target_those_who_accepted_it(code):
    records = code("The Paris Club offered a debt freeze to Indonesia. Indonesia and Sri Lanka accepted the Paris Club "
                   "offer. Thailand and India have however declined the offer.", date=STORY_DATE)
    found = triples(records)
    assert not {("THA", "IDN", "REJECT"), ("THA", "LKA", "REJECT"), ("IND", "IDN", "REJECT")} & found
    assert ("IDN", "LKA", "AGREE") not in found  # accepting the same offer is no agreement between the two


def test_denying_an_accusation_still_answers_the_accuser(code):
    found = triples(code("Iran accused Iraq of shelling its towns. Iraq denied the accusation.", date=STORY_DATE))
    assert ("IRQ", "IRN", "REJECT") in found


@pytest.mark.parametrize("text", ["Gordon Brown opened a week-long visit to Africa.",
                                  "The French president began a tour of Asia on Monday."])
def test_a_continent_is_no_town_that_shares_its_name(code, text):
    assert all(r["target"] is None for r in code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("John Duffy, the Australian trade minister, met Malaysian officials.", ("AUS", "MYS", "CONSULT")),
    ("Duffy, Australia's trade minister, is on a two-day visit to Malaysia.", ("AUS", "MYS", "CONSULT")),
    ("Zhang Wei, China's ambassador to the UN, criticised Japan.", ("CHN", "JPN", "ACCUSE")),
])
def test_a_name_described_in_apposition_takes_the_country_of_the_description(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_who_returned_from_a_visit_made_it(code):
    found = triples(code("President Mario Soares, who returns from a visit to Brazil on Sunday, faced the task "
                         "of forming a government.", date="1987-03-20"))
    assert ("PRT", "BRA", "CONSULT") in found


def test_an_attack_that_is_condemned_still_happened(code):
    found = triples(code("Iran condemned the U.S. attack on its oil platforms.", date=STORY_DATE))
    assert {("IRN", "USA", "ACCUSE"), ("USA", "IRN", "ASSAULT")} <= found


def test_a_talk_that_is_the_topic_of_another_act_is_still_not_coded(code):
    found = triples(code("Putin accepted Kim's invitation to visit North Korea.", date=STORY_DATE))
    assert all(t != "REQUEST" for _, _, t in found)


def test_the_occasion_of_another_act_is_an_event_of_its_own(code):
    found = triples(code("The agreement was reached during a visit to Moscow last week by Iran's oil minister.",
                         date="1987-03-10"))
    assert ("IRN", "SUN", "CONSULT") in found


def test_a_threat_noun_takes_its_target_from_the_act_threatened(code):
    found = triples(code("Moscow's threat to impose sanctions on Syria worried Israel.", date="1987-03-10"))
    assert ("SUN", "SYR", "THREATEN") in found


def test_us_in_capitals_is_the_united_states_not_the_speaker(code):
    found = triples(code("Mr Straw said the US had agreed to release the four British detainees.", date=STORY_DATE))
    assert ("USA", "GBR", "AGREE") in found and ("GBR", "GBR", "AGREE") not in found


def test_the_owner_of_what_a_threat_would_hit_is_its_target(code):
    assert ("GBR", "JPN", "THREATEN") in triples(
        code("Britain has threatened to withdraw the licences of Japanese banks.", date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("Congress approved 300 mln dlrs in economic aid for Honduras and Guatemala.",
     {("USA", "HND", "AID"), ("USA", "GTM", "AID")}),
    ("Congress approved economic aid for the Contra rebels in Nicaragua.", {("USA", "NIC", "AID")}),
    ("Reagan would impose curbs on Japanese exports.", {("USA", "JPN", "SANCTION")}),
])
def test_approving_aid_and_imposing_curbs(code, text, expected):
    assert expected <= triples(code(text, date="1987-03-10"))


def test_an_event_noun_parsed_as_a_conjunct_of_a_person_is_its_own_event(code):
    found = triples(code("A visit next week by Japanese trade officials and a visit to Tokyo by a senior State "
                         "Department official will likely change nothing, they added.", date="1987-03-10"))
    assert ("USA", "JPN", "CONSULT") in found


@pytest.mark.parametrize("text", ["Iran declined to disclose the terms of the deal with Iraq.",
                                  "The Belgian spokesman declined to name the Japanese lender."])
def test_declining_to_name_or_disclose_is_no_rejection(code, text):
    assert all(r["type"] != "REJECT" for r in code(text, date="1987-03-10"))


def test_approving_a_request_is_not_making_it(code):
    found = triples(code("The British home secretary formally approved an extradition request from the United States.",
                         date=STORY_DATE))
    assert ("GBR", "USA", "REQUEST") not in found


def test_things_listed_after_including_are_no_actors(code):
    found = triples(code("The Chadian army captured weaponry, including 11 Czechoslovak-made jets.", date="1987-03-25"))
    assert not any(target == "CSK" for _, target, _ in found)
@pytest.mark.parametrize("text,expected", [
    ("Acme Widget Corp of Japan signed an agreement with China.", ("JPN", "CHN", "SUPPORT")),
    ("Northwind Grain Co of the United States signed an agreement with China.", ("USA", "CHN", "SUPPORT")),
    ("Tasman Steel Corp of Australia signed a deal with Egypt.", ("AUS", "EGY", "SUPPORT")),
])
def test_an_unknown_company_of_a_country_is_that_country_s(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


@pytest.mark.parametrize("text,expected", [
    ("Japan's Finance Ministry called the tariffs unfair on Monday. The ministry criticized the United States "
     "over the tariffs.", ("JPN", "USA", "ACCUSE")),
    ("The Japanese government called the tariffs unfair on Monday. The government criticized the United States "
     "over the tariffs.", ("JPN", "USA", "ACCUSE")),
    ("Japan's Agriculture Ministry called the tariffs unfair on Monday. Ministry officials criticized the "
     "United States over its demands.", ("JPN", "USA", "ACCUSE")),
])
def test_the_ministry_named_before_with_its_country_is_that_country_s(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


def test_ministry_officials_under_a_dateline_are_the_dateline_country_s(code):
    found = triples(code("TOKYO, March 10 - Foreign Ministry officials urged the United States to lift the sanctions.",
                         date="1987-03-10"))
    assert ("JPN", "USA", "REQUEST") in found


def test_a_minister_named_without_a_country_under_a_dateline_is_the_dateline_country_s(code):
    found = triples(code("TOKYO, March 10 - Trade Minister Kenji Moriyama urged the United States to lift the "
                         "sanctions.", date="1987-03-10"))
    assert ("JPN", "USA", "REQUEST") in found


@pytest.mark.parametrize("text,expected", [
    ("The Indian government demanded compensation from Union Carbide.", ("IND", "USA", "REQUEST")),
    ("The Commodity Credit Corp provided credit guarantees to Iraq.", ("USA", "IRQ", "AID")),
])
def test_well_known_companies_and_agencies_have_their_country(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


@pytest.mark.parametrize("text,expected", [
    ("A U.S. trade mission urged Japan to open its markets.", ("USA", "JPN", "REQUEST")),
    ("The U.S. semiconductor industry urged Japan to open its markets.", ("USA", "JPN", "REQUEST")),
    ("Iranian speedboats attacked a Kuwaiti tanker.", ("IRN", "KWT", "ASSAULT")),
    ("Iranian naval vessels attacked a Kuwaiti tanker.", ("IRN", "KWT", "ASSAULT")),
])
def test_missions_industries_and_naval_craft_take_their_country(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


@pytest.mark.parametrize("text,expected", [
    ("Yeutter criticized Japan over its rice policy.", ("USA", "JPN", "ACCUSE")),
    ("Lyng urged Japan to open its beef market.", ("USA", "JPN", "REQUEST")),
])
def test_us_trade_and_economic_cabinet_members_are_known_by_surname(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


@pytest.mark.parametrize("text,expected", [
    ("The Commerce Department accused Brazil of dumping steel.", ("USA", "BRA", "ACCUSE")),
    ("The House Ways and Means Committee criticized Brazil.", ("USA", "BRA", "ACCUSE")),
    ("MITI criticized Brazil over its import curbs.", ("JPN", "BRA", "ACCUSE")),
])
def test_national_departments_and_committees_known_by_their_own_name(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


@pytest.mark.parametrize("text,expected", [
    ("On Thursday Deputy U.S. Trade Representative Peter Olsen will meet Japanese officials in Tokyo.",
     ("USA", "JPN", "CONSULT")),
    ("On Monday Acting U.S. Trade Representative Peter Olsen criticized Japan.", ("USA", "JPN", "ACCUSE")),
])
def test_deputy_or_acting_before_a_title_keeps_its_country(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


def test_a_ministry_official_under_a_dateline_is_the_dateline_country_s(code):
    found = triples(code("TOKYO, March 10 - The senior ministry official criticized the United States.",
                         date="1987-03-10"))
    assert ("JPN", "USA", "ACCUSE") in found


@pytest.mark.parametrize("text,expected", [
    ("British ministers and officials criticized Japan.", ("GBR", "JPN", "ACCUSE")),
    ("U.S. manufacturers and officials accused France of subsidising Airbus.", ("USA", "FRA", "ACCUSE")),
])
def test_a_nationality_before_two_conjoined_nouns_owns_both(code, text, expected):
    found = triples(code(text, date="1987-03-10"))
    assert expected in found and (None, expected[1], expected[2]) not in found


def test_a_dateline_capital_is_the_country_it_was_capital_of_then(code):
    found = triples(code("MOSCOW, March 10 - Officials criticized the United States.", date="1987-03-10"))
    assert ("SUN", "USA", "ACCUSE") in found


@pytest.mark.parametrize("text,expected", [
    ("Union Carbide signed a deal with Brazil on Monday. India demanded compensation from the company.",
     ("IND", "USA", "REQUEST")),
    ("Northwind Grain Co of the United States signed a deal with Egypt on Monday. Bangladesh demanded a penalty "
     "from the company.", ("BGD", "USA", "REQUEST")),
])
def test_the_company_is_the_firm_named_before(code, text, expected):
    assert expected in triples(code(text, date="1987-03-10"))


def test_a_monarch_named_without_the_regnal_number_is_found(code):
    found = triples(code("Queen Elizabeth criticized France.", date="1987-03-10"))
    assert ("GBR", "FRA", "ACCUSE") in found


def test_without_a_story_date_only_a_date_naming_its_year_is_kept(code):
    dated = code("The EU imposed an arms embargo on China in June 1989.", date=None)[0]
    assert (dated["date"], dated["date_precision"]) == ("1989-06", "month")
    undated = code("Kenya expelled Ugandan diplomats on Friday.", date=None)[0]
    assert undated["date"] is None


def test_output_shows_the_article_text_not_the_parsing_copy(coder):
    """The parser reads wire copy's "U.S. And" as "U.S. and"; evidence, trigger and sides stay as written."""
    from dyad.flow import article_from_text

    text = "U.S. Officials said the U.S. And Japan would hold talks. The U.S. Sanctions against Japan stay."
    events = [e.to_record() for e in coder.code_article(article_from_text(text, story_date="1987-03-10")).events]
    assert events
    for e in events:
        ev = e["evidence"]
        assert ev["sentence"] == text[ev["char_start"]:ev["char_end"]]
        assert ev["trigger"] in ev["sentence"] and e["coder"]["trigger"] == ev["trigger"]
        for side in (e["source"], e["target"]):
            assert side is None or side["text"] in text
    assert any(e["evidence"]["trigger"] == "Sanctions" for e in events)
