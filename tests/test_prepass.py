"""The pre-pass: sentences that cannot hold an event are not parsed, and nothing else changes."""

from __future__ import annotations

import pytest

from dyad.flow import Coder, article_from_text

TEXT = ("Net profit rose 12 pct to 3.4 mln dlrs in the quarter. Copper prices were little changed.\n"
        "Russian troops fought Ukrainian forces near the river on Tuesday.\n"
        "The wheat harvest was larger than in the previous year.\n"
        "Egypt's foreign minister met his Jordanian counterpart in Cairo.")


@pytest.fixture(scope="module")
def prepass(coder):
    assert coder.prepass is not None, "the pre-pass is on by default"
    return coder.prepass


def test_sentences_without_a_possible_trigger_are_blanked_in_place(prepass):
    selection = prepass.select(TEXT)
    assert (selection.kept, selection.dropped) == (2, 3)
    assert len(selection.text) == len(TEXT)  # every offset into the parsed text is an offset into the article
    fought = TEXT.index("Russian troops")
    assert selection.text[fought:fought + 60] == TEXT[fought:fought + 60]
    assert "profit" not in selection.text and "harvest" not in selection.text
    assert selection.sentence_number(TEXT.index("Egypt")) == 4  # dropped sentences still count


def test_irregular_and_inflected_triggers_are_kept(prepass):
    # irregular past forms come from the lemmatizer's own exception table, not a list in dyad
    for sentence in ("Rebels fought the army.", "The ministers met.", "Police seized the weapons.",
                     "The two sides are negotiating.", "Iran threatens Israel."):
        assert prepass.select(sentence).kept == 1, sentence


def test_an_article_without_any_candidate_is_not_parsed(coder):
    article = article_from_text("Copper prices were little changed. The wheat harvest was larger.",
                                story_date="2024-05-15")
    before = dict(coder.stats)
    assert coder.code_article(article).events == ()
    assert coder.stats["sentences_parsed"] == before["sentences_parsed"]
    assert coder.stats["sentences_skipped"] == before["sentences_skipped"] + 2


def test_same_events_with_and_without_the_prepass(coder):
    article = article_from_text(TEXT, story_date="2024-05-15")
    full = Coder(prepass=False)
    assert full.prepass is None

    def shape(coder_: Coder) -> list[tuple]:
        return sorted((e.to_record()["type"], e.to_record()["source"]["country"], e.to_record()["target"]["country"],
                       e.to_record()["date"], e.to_record()["evidence"]["sentence_index"],
                       e.to_record()["evidence"]["sentence"]) for e in coder_.code_article(article).events)

    with_prepass = shape(coder)
    assert with_prepass == shape(full)
    assert {t for t, *_ in with_prepass} == {"ASSAULT", "CONSULT"}
