"""Which tokens of a parsed article are names, and of what: the per-document index the
resolver reads (`DocIndex`), built once per article.

Places and organisations come from the gazetteer, people from the tagger's PERSON entities
(titles stripped) and from runs of proper nouns the people data knows; a known word that is
only part of a longer unknown name ("YSR Congress", "Asia Bibi") is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..datafiles import read_tsv, word_set
from .dictionaries import DictionaryIndex
from .gazetteer import Gazetteer, Match
from .people import People
from .roles import Roles

_STANCE_PREFIXES = ("pro-", "anti-")


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Titles and honorifics before names (data/titles.tsv), each with the sector it gives ("" none)."""
    return {r["title"]: r.get("sector") or "" for r in read_tsv("dyad.actors", "data/titles.tsv")}


def is_title(token: Token) -> bool:
    return token.lower_.rstrip(".") in titles()


@dataclass
class DocIndex:
    """Per-document lookups computed once: which tokens are names of what."""

    places: dict[int, Match]
    persons: dict[int, tuple[int, int]]
    imported: dict[int, tuple[int, int, list]] = field(default_factory=dict)


class NameIndex:
    """Builds the `DocIndex` of a document from the gazetteer, the people data and the roles."""

    def __init__(self, gazetteer: Gazetteer, people: People, roles: Roles,
                 dictionary: DictionaryIndex | None = None):
        self.gazetteer = gazetteer
        self.people = people
        self.roles = roles
        self.dictionary = dictionary

    def index(self, doc: Doc) -> DocIndex:
        places: dict[int, Match] = {}
        for match in self.gazetteer.find(doc):
            for i in range(match.start, match.end):
                places[i] = match
        _drop_parts_of_other_names(doc, places)
        self._drop_cities_in_names(doc, places)
        persons: dict[int, tuple[int, int]] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = ent.start, ent.end
            while start < end and (is_title(doc[start]) or doc[start].is_punct
                                   or self.roles.get([doc[start].lemma_])):
                start += 1
            for k in range(end - start - 1, 1, -1):  # "Foreign Minister Jean-Yves Le Drian"
                if self._title_run(doc[start:start + k]):
                    start += k
                    break
            end = _name_end(doc, start, end, places)
            while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
                end -= 1
            if start < end and not all(i in places for i in range(start, end)):
                for i in range(start, end):
                    persons[i] = (start, end)
        self._add_known_names(doc, places, persons)
        imported: dict[int, tuple[int, int, list]] = {}
        if self.dictionary is not None:
            for start, end, entries in self.dictionary.find([t.text for t in doc]):
                for i in range(start, end):
                    imported[i] = (start, end, entries)
        return DocIndex(places, persons, imported)

    def _drop_cities_in_names(self, doc: Doc, places: dict[int, Match]) -> None:
        """"the Paris Agreement", "the London Marathon", "the Tehran Times": a capital or seat that
        opens a longer name the tagger saw is that thing's name, not the government's (a role
        after it still belongs to the government: "White House Press Secretary")."""
        for match in {m for m in places.values() if all(e.kind in {"capital", "seat"} for e in m.entries)}:
            if match.end >= len(doc):
                continue
            following: list[str] = []
            for t in doc[match.end:]:
                if t.i in places or t.pos_ != "PROPN" or not t.is_title or t.ent_type_ in {"PERSON", "GPE", "NORP"}:
                    break
                following.append(t.lemma_)
            if following and not any(self.roles.get(following[:k]) for k in range(1, len(following) + 1)):
                for i in range(match.start, match.end):
                    places.pop(i, None)

    def _add_known_names(self, doc: Doc, places: dict[int, Match], persons: dict[int, tuple[int, int]]) -> None:

        """Names in the people data that the NER missed (runs of proper nouns)."""
        i = 0
        while i < len(doc):
            if i in persons or i in places or not (doc[i].pos_ == "PROPN" or _bare_name_subject(doc[i])):
                i += 1
                continue
            j = i + 1  # doc[i] qualifies; the run goes on over proper nouns
            while j < len(doc) and (doc[j].pos_ == "PROPN" or doc[j].text == "-") and j not in places \
                    and j not in persons:  # "CEO Tim Cook": the NER's name is not cut to a known "Cook"
                j += 1
            for start in range(i, j):
                if start > i and not self._title_run(doc[i:start]):
                    break  # "Asia Bibi" is someone else than the "Bibi" on file; "President Putin" is not
                if j - start == 1 and any(c.dep_ == "det" and c.lower_ in {"the", "a", "an"}
                                          for c in doc[start].children):
                    break  # "the late Shah", "the Pope": a title with an article is no surname
                if self.people.known(doc[start:j].text):
                    for k in range(start, j):
                        persons[k] = (start, j)
                    break
            i = j

    def _title_run(self, tokens: Span) -> bool:
        """Titles and role words only ("President", "Prime Minister"), before a name."""
        return all(is_title(t) for t in tokens) or \
            self.roles.ending_at([t.lemma_ for t in tokens]) is not None


def _name_end(doc: Doc, start: int, end: int, places: dict[int, Match]) -> int:
    """The tagger often stops a name one word short ("Jean-Yves Le" of "Jean-Yves Le Drian", "Min
    Aung" of "Min Aung Hlaing"): the proper noun right after that the name's words hang on is the
    rest of the name."""
    while end < len(doc) and start < end and end not in places and doc[end].pos_ == "PROPN" and \
            doc[end].is_title and doc[end].ent_type_ in {"", "PERSON"} and \
            any(t.head.i == end for t in doc[start:end]) and doc[end].tag_ != "NNPS":
        end += 1
    return end


def ethnic(token: Token) -> bool:
    """"ethnic Albanians", "ethnic Russian separatists": a people, which no state speaks for."""
    doc = token.doc
    return any(c.lower_ == "ethnic" for c in token.children) or (
        token.i > 0 and doc[token.i - 1].lower_ == "ethnic")


def stance_prefixed(token: Token) -> bool:
    """"pro-Palestinian", "anti-American", "Iran-backed": a stance of or towards a country, not
    the country's own (an "Iran-backed militia" is not Iran's)."""
    doc = token.doc
    if token.lower_.startswith(_STANCE_PREFIXES):
        return True
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_ \
            and doc[token.i + 2].lower_ in word_set("dyad.actors", "data/backer_words.tsv", "word"):
        return True
    return token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_ \
        and f"{doc[token.i - 2].lower_}-" in _STANCE_PREFIXES


def _drop_parts_of_other_names(doc: Doc, places: dict[int, Match]) -> None:
    """"YSR Congress" is not the U.S. Congress: an organisation's name found at the end of a longer
    name the tagger saw, after words no entry knows, is part of that other name. (After the name,
    unknown words are usually a part of it: "the Hamas Political Bureau".)"""
    for match in {m for m in places.values() if all(e.kind == "org" for e in m.entries)}:
        before = doc[match.start - 1] if match.start > 0 else None
        if before is None or before.i in places or before.is_sent_start or before.ent_type_ not in {
                "", "ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}:
            continue  # "On Monday NATO warned": a date, not a name's first word

        # the tagger may miss the longer name ("YSR" as an adverb): an acronym or proper noun just
        # before still makes it someone else's name
        name_like = before.pos_ == "PROPN" and before.is_title or (
            before.is_upper and len(before.text) > 1 and before.is_alpha)
        if name_like and not is_title(before):
            for i in range(match.start, match.end):
                places.pop(i, None)


def _bare_name_subject(token: Token) -> bool:
    """A capitalised singular noun or adjective with no determiner opening a sentence as its
    subject: the tagger's NOUN or ADJ for a name it did not know ("Trump met Abbas", "Trump and
    Xi signed"); a common noun needs "the"."""
    return token.is_sent_start and token.is_title and token.tag_ in {"NN", "JJ"} and \
        token.dep_ in {"nsubj", "nsubjpass"} and not any(c.dep_ in {"det", "poss"} for c in token.children)


def entity_text(token: Token) -> str:
    """The whole named entity a token ends or belongs to: a multi-word place is one name."""
    if token.ent_iob_ in {"B", "I"}:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.text
    return token.text
