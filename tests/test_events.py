"""Event extraction on small hand-written sentences: types, arguments, modality, dates, places."""

from __future__ import annotations

import pytest

from tests.conftest import triples

FRIDAY = "2023-09-15"


@pytest.mark.parametrize("text,expected", [
    ("Hungary agreed to buy gas from Azerbaijan.", ("HUN", "AZE", "AGREE")),
    ("Canada accepted an invitation from Mexico.", ("CAN", "MEX", "AGREE")),
    ("The Indian foreign minister visited Nepal.", ("IND", "NPL", "CONSULT")),
    ("Kenya hosted Somali President Hassan Sheikh Mohamud.", ("KEN", "SOM", "CONSULT")),
    ("Chile praised Argentina's efforts on climate.", ("CHL", "ARG", "SUPPORT")),
    ("Spain eased restrictions on Moroccan exports.", ("ESP", "MAR", "CONCEDE")),
    ("Zambia extradited the suspect to Britain.", ("ZMB", "GBR", "COOPERATE")),
    ("Norway gave Tanzania a grant of 50 million dollars.", ("NOR", "TZA", "AID")),
    ("Vietnam released five Cambodian fishermen.", ("VNM", "KHM", "RETREAT")),
    ("Poland urged Germany to send more tanks.", ("POL", "DEU", "REQUEST")),
    ("Albania accused Serbia of stoking unrest.", ("ALB", "SRB", "ACCUSE")),
    ("Yemen rejected a U.S. request to question the detainees.", ("YEM", "USA", "REJECT")),
    ("Iran threatened to cut off electricity to Azerbaijan.", ("IRN", "AZE", "THREATEN")),
    ("Japan imposed sanctions on North Korea.", ("JPN", "PRK", "SANCTION")),
    ("Britain expelled two Russian diplomats.", ("GBR", "RUS", "SANCTION")),
    ("Israeli soldiers arrested 20 Palestinians in Hebron.", ("ISR", "PSE", "COERCE")),
    ("Russian aircraft bombed a village in Syria.", ("RUS", "SYR", "ASSAULT")),
    ("Turkey deployed troops along the border with Syria.", ("TUR", "SYR", "MOBILIZE")),
])
def test_each_type(code, text, expected):
    assert expected in triples(code(text)), code(text)


def test_protest_by_civilians_and_by_a_government(code):
    assert ("LBN", "ISR", "ACCUSE") in triples(code("Lebanon protested to the UN over Israeli air raids."))


def test_passive_voice_puts_the_agent_first(code):
    found = triples(code("A Congolese refugee camp was attacked by Burundian militiamen."))
    assert ("BDI", "COD", "ASSAULT") in found


def test_conjoined_subjects_give_one_event_each(code):
    records = code("Russia and North Korea denied the allegations made by Washington.")
    assert {("RUS", "REJECT"), ("PRK", "REJECT")} <= {(r["source"]["country"], r["type"]) for r in records}


def test_mutual_act_is_one_reciprocal_event_per_pair(code):
    records = [r for r in code("India and Pakistan held talks in Islamabad.") if r["type"] == "CONSULT"]
    assert len(records) == 1 and records[0]["reciprocal"] is True
    assert {records[0]["source"]["country"], records[0]["target"]["country"]} == {"IND", "PAK"}


def test_accusation_codes_the_alleged_act_too(code):
    records = code("Washington accused Iran of supplying drones to Russia.", date=FRIDAY)
    by_type = {r["type"]: r for r in records}
    assert by_type["ACCUSE"]["modality"] == "asserted"
    aid = by_type["AID"]
    assert (aid["source"]["country"], aid["target"]["country"], aid["modality"]) == ("IRN", "RUS", "alleged")
    assert aid["attribution"]["country"] == "USA"


def test_denial_of_those_claims_targets_the_accuser(code):
    text = ("Washington accused Iran of supplying drones to Russia.\n"
            "Both Iran and Russia have denied those claims.")
    assert {("IRN", "USA", "REJECT"), ("RUS", "USA", "REJECT")} <= triples(code(text))


@pytest.mark.parametrize("text,modality", [
    ("France did not condemn Israel.", "negated"),
    ("Germany could send tanks to Poland.", "hypothetical"),
    ("Kenya will host talks with Somalia next week.", "future"),
    ("Brazil said it would impose tariffs on China if Beijing cut soybean imports.", "conditional"),
    ("Turkey reportedly sent drones to Azerbaijan.", "alleged"),
    ("Egypt sent food aid to Sudan.", "asserted"),
])
def test_modality(code, text, modality):
    records = code(text)
    assert records and records[0]["modality"] == modality, records


def test_conditional_sanctions_are_a_threat(code):
    records = code("The State Department said the administration won't hesitate to impose sanctions on Russia "
                   "if it sends troops to Belarus.", date=FRIDAY)
    threat = [r for r in records if r["target"] and r["target"]["country"] == "RUS"][0]
    assert (threat["type"], threat["modality"]) == ("THREATEN", "conditional")


def test_the_condition_itself_is_not_an_event(code):
    records = code("Brazil said it would impose tariffs on China if Beijing cut soybean imports.")
    assert all(r["source"]["country"] != "CHN" for r in records if r["source"])


def test_indirect_question_is_not_an_event(code):
    assert code("Asked whether Russia could lift sanctions on Iran, the spokesman declined to comment.") == []


def test_speaker_threatens_the_subject_of_pay_a_price(code):
    records = code("Seoul said on Thursday that Pyongyang would pay a price if it tested another missile.",
                   date=FRIDAY)
    assert ("KOR", "PRK", "THREATEN") in triples(records)


def test_attribution_of_reported_speech(code):
    records = code('"Kim Jong Un invited Putin to visit Pyongyang," KCNA said.', date=FRIDAY)
    request = [r for r in records if r["type"] == "REQUEST"][0]
    assert request["attribution"]["country"] == "PRK"
    assert request["attribution"]["text"] == "KCNA"


@pytest.mark.parametrize("text,date,precision,basis", [
    ("Russia and China held talks on Wednesday.", "2023-09-13", "day", "relative"),
    ("Germany sent tanks to Ukraine in July.", "2023-07", "month", "relative"),
    ("Putin visited Pyongyang in July 2000.", "2000-07", "month", "explicit"),
    ("Lavrov would travel to Pyongyang in October, Peskov said.", "2023-10", "month", "relative"),
    ("Britain expelled two Russian diplomats.", FRIDAY, "day", "publication"),
])
def test_dates(code, text, date, precision, basis):
    record = code(text, date=FRIDAY)[0]
    assert (record["date"], record["date_precision"], record["date_basis"]) == (date, precision, basis)


def test_nominal_event_with_its_own_year(code):
    records = code("Since Russia's 2022 invasion of Ukraine, trade has collapsed.", date=FRIDAY)
    assert [(r["type"], r["date"], r["date_precision"]) for r in records] == [("ASSAULT", "2022", "year")]


def test_no_story_date_means_only_stated_dates(code):
    records = code("Britain expelled two Russian diplomats.", date=None)
    assert records[0]["date"] is None and records[0]["date_basis"] == "none"


def test_location_with_coordinates(code):
    record = code("Kim Jong Un visited a shipyard in Vladivostok.", date=FRIDAY)[0]
    assert record["location"]["name"] == "Vladivostok" and record["location"]["country"] == "RUS"
    assert record["location"]["geonames_id"] and record["location"]["lat"] > 40


def test_visit_to_a_place_targets_its_country(code):
    assert ("TUR", "RUS", "CONSULT") in triples(
        code("Erdogan is due to visit shipyards in the Russian port of Petropavlovsk-Kamchatsky.", date=FRIDAY))


def test_evidence_points_into_the_body(coder):
    from dyad.flow import article_from_text

    text = "Markets were calm.\nJapan imposed sanctions on North Korea on Monday.\nNothing else happened."
    article = article_from_text(text, story_date=FRIDAY)
    event = coder.code_article(article).events[0]
    ev = event.evidence
    assert article.text[ev.char_start:ev.char_end] == ev.sentence
    assert ev.sentence_index == 1 and ev.trigger == "imposed"
    assert event.to_record()["event_id"] == coder.code_article(article).events[0].event_id


def test_record_has_exactly_the_schema_keys(code):
    record = code("Japan imposed sanctions on North Korea.")[0]
    assert list(record) == ["schema_version", "event_id", "article_id", "type", "mode", "contexts", "cameo",
                            "quad_class", "intensity", "source", "target", "date", "date_precision", "date_basis",
                            "story_date", "modality", "attribution", "location", "evidence", "confidence",
                            "mentions", "sources", "reciprocal", "coder"]
    assert record["quad_class"] == 4 and record["intensity"] < 0 and record["cameo"].startswith("16")
    assert set(record["source"]) == {"text", "name", "country", "sector", "code"}
