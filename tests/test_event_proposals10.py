"""Events dyad did not propose at all (tenth session): invented sentences, one construction each."""

from __future__ import annotations

import pytest

from tests.conftest import triples

STORY_DATE = "2024-09-13"  # a Friday


@pytest.mark.parametrize("text,expected", [
    # "declined to discuss" is no comment, but urging or pressing a state to discuss or give is a request
    ("France has been pressing Italy to discuss the fishing quotas.", ("FRA", "ITA", "REQUEST")),
    ("Germany urged Poland to give foreign banks a bigger role.", ("DEU", "POL", "REQUEST")),
])
def test_request_to_discuss_or_give(code, text, expected):
    assert expected in triples(code(text, date=STORY_DATE))


def test_declining_to_discuss_is_still_no_comment(code):
    assert code("The Greek spokesman declined to discuss the talks with Turkey.", date=STORY_DATE) == []
