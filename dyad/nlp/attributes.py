"""The shipped model's attribute rules, applied by table lookup instead of spaCy's Matcher.

The `attribute_ruler` of the small English model maps each fine tag to its part of speech and
morphology, plus a few word rules ("a" is an indefinite article, "gonna" is "go" + "to"). It
applies its 179 rules with spaCy's Matcher, and measured on 800 Reuters stories that took 10-12%
of the pipeline's time (as long as the parser). Almost every rule tests one token, and what it
tests (TAG, LOWER, DEP, IS_SPACE) takes few distinct values, so the rules that hold for a token
are a function of those four values: they are worked out once per combination and cached. The
few rules over two tokens are checked at each position.

The result is the same as the Matcher's, rule for rule: rules apply in their order and a later
one overrides an earlier one (as spaCy sorts its matches by rule), and every token is matched
on its values before any rule changes them. `tests/test_attribute_table.py` compares the two
token by token. A model whose rules use anything else (an operator, another attribute, a
comparison) keeps spaCy's own component: `table_from_ruler` returns None for it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

_ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE")
Key = tuple[str, str, str, bool]  # a token's tag_, lower_, dep_, is_space
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]


@dataclass(frozen=True)
class _Test:
    """One entry of a pattern: the token's attribute at `at` of its Key is `arg`, is in it, is not in
    it, or matches it (a plain class, not a closure, so that a pipeline with the table pickles)."""

    at: int
    op: str
    arg: object

    def __call__(self, key: Key) -> bool:
        value = key[self.at]
        if self.op == "==":
            return value == self.arg
        if self.op == "IN":
            return value in self.arg  # type: ignore[operator]
        if self.op == "NOT_IN":
            return value not in self.arg  # type: ignore[operator]
        return self.arg.search(value) is not None  # type: ignore[union-attr]


def _test(attribute: str, value: object) -> _Test | None:
    """The test of one pattern entry, or None when the table does not support it."""
    at = _ATTRIBUTES.index(attribute)
    if isinstance(value, (str, bool)):
        return _Test(at, "==", value)
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            return _Test(at, op, frozenset(arg))
        if op == "REGEX" and isinstance(arg, str) and attribute != "IS_SPACE":
            return _Test(at, op, re.compile(arg))
    return None


@dataclass(frozen=True)
class _Rule:
    order: int
    tokens: tuple[tuple[_Test, ...], ...]  # per token of the pattern, its tests
    attrs: dict
    index: int  # which token of the match gets the attributes (negative: from the end)
    exact: tuple[int, str] | None  # (position in Key, value) the first token must have, to index the rule by

    def holds_at(self, keys: list[Key], start: int) -> bool:
        return all(all(t(keys[start + j]) for t in tests) for j, tests in enumerate(self.tokens))


class AttributeTable:
    """Applies attribute rules to a Doc; same result as spaCy's AttributeRuler with those rules."""

    def __init__(self, single: list[_Rule], multi: list[_Rule]):
        self.multi = multi
        self._by_value: dict[tuple[int, str], list[_Rule]] = defaultdict(list)  # rules indexed by a value they need
        self._unindexed: list[_Rule] = []
        for rule in single:
            (self._by_value[rule.exact] if rule.exact else self._unindexed).append(rule)
        # a token's (TAG, LOWER, DEP, IS_SPACE) hashes -> its key, and the rules that hold for it, in order
        self._keys: dict[tuple[int, ...], Key] = {}
        self._rules: dict[tuple[int, ...], tuple[tuple[int, dict], ...]] = {}
        self._merged: dict[tuple[int, ...], dict | None] = {}

    def _key(self, ids: tuple[int, ...], doc: Doc) -> Key:
        key = self._keys.get(ids)
        if key is None:
            strings = doc.vocab.strings
            key = (strings[ids[0]] if ids[0] else "", strings[ids[1]] if ids[1] else "",
                   strings[ids[2]] if ids[2] else "", bool(ids[3]))
            if len(self._keys) > 500_000:  # odd tokens of a long stream must not grow memory without bound
                self._keys.clear()
                self._rules.clear()
                self._merged.clear()
            self._keys[ids] = key
            candidates = [*self._unindexed]
            for at in range(len(_ATTRIBUTES) - 1):
                candidates += self._by_value.get((at, key[at]), ())
            found = tuple(sorted(((r.order, r.attrs) for r in candidates if r.holds_at([key], 0)),
                                 key=lambda r: r[0]))
            self._rules[ids] = found
            merged: dict = {}
            for _, attrs in found:  # a later rule's value replaces an earlier one's, as when applied in turn
                merged.update(attrs)
            self._merged[ids] = merged or None
        return key

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(row) for row in doc.to_array(_ARRAY).tolist()]
        keys = [self._key(ids, doc) for ids in rows]  # every token read before any is changed
        extra: dict[int, list[tuple[int, dict]]] = {}
        for rule in self.multi:
            width = len(rule.tokens)
            for start in range(len(keys) - width + 1):
                if (rule.exact is None or keys[start][rule.exact[0]] == rule.exact[1]) and rule.holds_at(keys, start):
                    target = start + (rule.index if rule.index >= 0 else width + rule.index)
                    extra.setdefault(target, []).append((rule.order, rule.attrs))
        for i, ids in enumerate(rows):
            if i in extra:
                for _, attrs in sorted((*self._rules[ids], *extra[i]), key=lambda r: r[0]):
                    set_token_attrs(doc[i], attrs)
                continue
            merged = self._merged[ids]
            if merged is not None:
                set_token_attrs(doc[i], merged)
        return doc


def table_from_ruler(ruler) -> AttributeTable | None:
    """The table for a spaCy AttributeRuler's rules, or None if one uses what the table cannot test."""
    single: list[_Rule] = []
    multi: list[_Rule] = []
    for order, rule in enumerate(ruler.patterns):
        attrs = normalize_token_attrs(ruler.vocab, rule["attrs"])
        for pattern in rule["patterns"]:
            tokens = []
            for entry in pattern:
                tests = []
                for attribute, value in entry.items():
                    test = _test(attribute, value) if attribute in _ATTRIBUTES else None
                    if test is None:
                        return None
                    tests.append(test)
                tokens.append(tuple(tests))
            index = rule.get("index", 0)
            if not tokens or not -len(tokens) <= index < len(tokens):
                return None
            first = pattern[0] if pattern else {}
            exact = next(((_ATTRIBUTES.index(a), v) for a, v in first.items()
                          if a in ("LOWER", "TAG", "DEP") and isinstance(v, str)), None)
            (single if len(tokens) == 1 else multi).append(_Rule(order, tuple(tokens), attrs, index, exact))
    return AttributeTable(single, multi)


@Language.factory("dyad_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Built from the pipeline's `attribute_ruler` when `use_attribute_table` swaps it in."""
    table = table_from_ruler(nlp.get_pipe("attribute_ruler"))
    if table is None:
        raise ValueError("the attribute_ruler's rules cannot be applied as a table")
    return table


def use_attribute_table(nlp: Language) -> bool:
    """Replace the pipeline's `attribute_ruler` by its table, in place; False if it keeps spaCy's."""
    if "attribute_ruler" not in nlp.pipe_names or table_from_ruler(nlp.get_pipe("attribute_ruler")) is None:
        return False
    nlp.add_pipe("dyad_attribute_table", after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return True
