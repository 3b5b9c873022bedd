"""Resolving a name or phrase on its own: the scriptable face of the actor system.

`dyad actors resolve "Vladimir Putin" --date 1999-06-01` answers with the country, sector and
role held on that date, the dates of that role, and where the fact comes from. Exact names are
answered from the data directly (microseconds); anything else is parsed so that the same rules
as in event coding apply ("Russia's ambassador to the United States" is Russian).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..datafiles import parse_day
from ..errors import InputError
from ..models import Actor
from .context import ArticleContext
from .dictionaries import DictionaryEntry
from .gazetteer import Entry
from .people import PersonAt
from .resolve import ActorResolver
from .roles import Role


@dataclass(frozen=True)
class Answer:
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    role: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    source: str | None = None
    reason: str | None = None
    error: str | None = None
    ref: str | None = None  # the row of the source that answered (a knowledge-base reference, a URL)
    explain: tuple[str, ...] = ()  # the steps that led to the answer, for --explain

    def to_record(self, explain: bool = False) -> dict[str, Any]:
        record = {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector,
                  "code": self.code, "role": self.role, "valid_from": self.valid_from, "valid_to": self.valid_to,
                  "source": self.source, "ref": self.ref}
        if self.error is not None:
            record["error"] = self.error
        elif self.country is None:
            record["reason"] = self.reason
        if explain:
            record["explain"] = list(self.explain)
        return record


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def parse_date(text: str | None, item: str = "--date") -> date | None:
    if text in (None, ""):
        return None
    try:
        return parse_day(str(text))
    except ValueError as exc:
        raise InputError(f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", item=item) from exc


class ActorLookup:
    def __init__(self, nlp: Language, resolver: ActorResolver | None = None):
        self.nlp = nlp
        self.resolver = resolver or ActorResolver()

    def resolve(self, text: str, when: date | None = None, context: str | None = None) -> Answer:
        return next(self.resolve_many([{"text": text, "date": when, "context": context}]))

    def resolve_many(self, queries: Iterable[dict[str, Any]], batch_size: int = 256) -> Iterator[Answer]:
        """Answers in the order of the queries, one per query; names known exactly skip the parser.

        A query that cannot be answered (an `"error"` its reader set, a date that is no date)
        gets an answer with `error` set, so a list of queries is answered line for line."""
        pending: list[tuple[int, dict]] = []
        done: dict[int, Answer] = {}
        next_out = 0
        for number, query in enumerate(queries):
            text = str(query.get("text") or "").strip()
            when = query.get("date")
            try:
                if query.get("error"):
                    raise InputError(str(query["error"]))
                when = parse_date(when, "date") if isinstance(when, str) else when
            except InputError as exc:
                done[number] = Answer(text, error=exc.message)
                when = None
            query = {"text": text, "date": when, "context": query.get("context")}
            quick = self._exact(text, when) if text and not query["context"] and number not in done else None
            if number in done:
                pass
            elif not text:
                done[number] = Answer(text, reason="empty text")
            elif quick is not None:
                done[number] = quick
            else:
                pending.append((number, query))
            if len(pending) >= batch_size:
                done.update(self._parse_batch(pending))
                pending = []
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        done.update(self._parse_batch(pending))
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1

    # -- exact names ---------------------------------------------------------------------------
    def _exact(self, text: str, when: date | None) -> Answer | None:
        found = self.resolver.people.lookup(text, when)
        if found is not None and found.name:
            count = len(self.resolver.people.candidates(text))
            return self._from_person(text, found, (
                f"the whole text is a known name: {count} tenure row(s) match it; the date "
                f"{when.isoformat() if when else '(none given)'} chose among them",))
        entries = self.resolver.gazetteer.lookup(text)
        if entries:
            valid = [e for e in entries if e.valid_at(when)] or entries
            answer = self._from_entry(text, valid[0])
            return replace(answer, explain=(f"the whole text is a name in {answer.source}",))
        return None

    def _from_person(self, text: str, person: PersonAt, why: tuple[str, ...] = ()) -> Answer:
        t = person.tenure
        source = t.source or "dyad people data"
        ref = t.ref or None  # dyad's own rows: the source URL is the reference
        return Answer(text, person.name, person.country, person.sector, _code(person.country, person.sector),
                      person.role or (f"former {t.role}" if t.role else None), _iso(t.start) if person.in_office else None,
                      _iso(t.end) if person.in_office else None, source, ref=ref,
                      explain=(*why, _person_step(person)))

    def _from_entry(self, text: str, entry: Entry) -> Answer:
        source = "dyad organizations.tsv" if entry.kind == "org" else "dyad countries.tsv"
        name = entry.name if entry.kind in {"org", "country"} else None
        return Answer(text, name, entry.country, entry.sector, entry.code, None, _iso(entry.valid_from),
                      _iso(entry.valid_to), source)

    # -- phrases: parse and resolve as in event coding ------------------------------------------
    def _parse_batch(self, pending: list[tuple[int, dict]]) -> dict[int, Answer]:
        if not pending:
            return {}
        texts = [q["context"] if q["context"] and q["text"].lower() in q["context"].lower() else q["text"]
                 for _, q in pending]
        return {number: self._answer(doc, query) for (number, query), doc in zip(pending, self.nlp.pipe(texts),
                                                                                strict=True)}

    def _answer(self, doc: Doc, query: dict) -> Answer:
        text, when = query["text"], query["date"]
        span = self._find(doc, text)
        index = self.resolver.index(doc)
        ctx = ArticleContext()
        for ent in doc.ents:  # names said before the phrase in its context, for "he" or a surname
            if ent.end <= span.start and ent.label_ == "PERSON" and ent.end - 1 in index.persons:
                self.resolver.resolve(doc[ent.end - 1], index, when, ctx, 0)
        for i, match in index.places.items():  # the countries of the context tell "Kim" from "Kim"
            entry = match.best(when)
            if entry.country and i == match.end - 1 and not span.start <= i < span.end:
                ctx.note([Actor(doc[match.start:match.end].text, None, entry.country, entry.sector, entry.code)], 0,
                         position=-1)
        self.resolver.trace = []
        try:
            actors = self.resolver.resolve(span.root, index, when, ctx, 0)
            trace = self.resolver.trace
        finally:
            self.resolver.trace = None
        actor = next((a for a in actors if a.country), actors[0] if actors else None)
        steps = (f"parsed {span.text!r} in its sentence (head word {span.root.text!r}) and resolved it as the "
                 "event coder does", *(_step(kind, what) for kind, what in trace))
        if actor is None or actor.country is None:
            return Answer(text, actor.name if actor else None, None, actor.sector if actor else None,
                          reason=self._why_unknown(text, when, actor), explain=steps)
        role = next((w for k, w in reversed(trace) if k == "role"), None)
        person = next((w for k, w in reversed(trace) if k == "person"), None)
        entry = next((w for k, w in reversed(trace) if k == "entry"), None)
        imported = next((w for k, w in reversed(trace) if k == "imported"), None)
        answer = Answer(text, actor.name, actor.country, actor.sector, actor.code,
                        role.phrase if isinstance(role, Role) else None)
        if isinstance(person, PersonAt) and person.country == actor.country:
            from_person = self._from_person(text, person)
            return Answer(text, actor.name, actor.country, actor.sector, actor.code,
                          answer.role or from_person.role, from_person.valid_from, from_person.valid_to,
                          from_person.source, ref=from_person.ref, explain=steps)
        if isinstance(imported, DictionaryEntry):
            return Answer(text, actor.name, actor.country, actor.sector, actor.code, answer.role,
                          _iso(imported.valid_from), _iso(imported.valid_to), f"imported {imported.source}",
                          explain=steps)
        if isinstance(entry, Entry):
            base = self._from_entry(text, entry)
            return Answer(text, actor.name or base.name, actor.country, actor.sector, actor.code, answer.role,
                          base.valid_from, base.valid_to, base.source, explain=steps)
        return Answer(text, actor.name, actor.country, actor.sector, actor.code, answer.role, source="dyad rules",
                      explain=steps)

    @staticmethod
    def _find(doc: Doc, text: str) -> Span:
        start = doc.text.lower().find(text.lower())
        if start >= 0:
            span = doc.char_span(start, start + len(text), alignment_mode="expand")
            if span is not None:
                return span
        return doc[:]

    def _why_unknown(self, text: str, when: date | None, actor) -> str:
        people = self.resolver.people.candidates(text)
        if when is not None:
            people = [t for t in people if t.covers(when)] or people
        if people and len({t.name for t in people}) > 1:
            names = sorted({t.name for t in people})[:4]
            return (f"ambiguous: {', '.join(names)} share this name on that date; give --context "
                    "with the sentence, or a fuller name")
        if actor is not None and actor.sector:
            return f"a {actor.sector} actor, but nothing says of which country"
        return "no country, organisation, role or known person in this phrase"


def _person_step(person: PersonAt) -> str:
    t = person.tenure
    held = "in office on the date" if person.in_office else "nearest tenure, not in office on the date"
    where = f"{t.source or 'dyad people data'}" + (f" row {t.ref}" if t.ref else "")
    return (f"person {t.name!r} ({t.country}, {t.role or t.office}, {_iso(t.start) or '?'} to "
            f"{_iso(t.end) or 'open'}): {held}; from {where}")


def _step(kind: str, what: object) -> str:
    """One line of the resolver's trace, for --explain."""
    if isinstance(what, PersonAt):
        return _person_step(what)
    if isinstance(what, Role):
        return f"role {what.phrase!r} gives sector {what.sector}" + (f" (office {what.office})" if what.office else "")
    if isinstance(what, Entry):
        return f"name {what.name!r} ({what.kind}) gives {what.country or 'no country'} {what.sector or ''}".rstrip()
    if isinstance(what, DictionaryEntry):
        return f"imported dictionary {what.source}: {what.code}"
    if kind == "holder" and hasattr(what, "name"):
        return f"holder of the office on the date: {what.name} ({what.country}; {getattr(what, 'source', '')})"
    return f"{kind}: {what}"


def _code(country: str | None, sector: str | None) -> str | None:
    if not country:
        return None
    return country + (sector or "") if sector != country else country
