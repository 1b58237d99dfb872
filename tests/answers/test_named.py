"""The name of a thing asked for: a name in capitals, or a decline; never a sentence that only
speaks of the thing."""

from __future__ import annotations

import pytest

from bot.answers.knowledge import build_corpus
from bot.answers.question import read_question
from storage.db import Store
from tests.answers.library import asked_in_library

_OPENING = "Beginnings\n\nIn May 2040 the mayor of Portlow opened the harbour."
_NAMED = (
    " In June 2040 Ada Quist invited the mayor into a standing dialogue with the Harbour Watch"
    " Group, regarding the moorings of the old quay."
)
_UNNAMED = " In June 2040 the mayor was invited to talk with a group of harbour volunteers."
_SPOKEN_OF = (
    " Later that month, the mayor invited the group's volunteers to visit the quay and talk"
    " with the skippers."
)


@pytest.mark.parametrize(
    "question",
    [
        "What is the name of the volunteer group the mayor was brought into talks with?",
        "What's the full name of the group the mayor was invited to talk with?",
    ],
)
@pytest.mark.parametrize(("said", "found"), [(_NAMED, True), (_UNNAMED, False)])
def test_the_name_of_a_body_is_answered_by_its_name_or_not_at_all(
    store: Store, question: str, said: str, found: bool
) -> None:
    # The sentence of the invitation to talk says more of the question's words, but no name.
    answer = asked_in_library(store, _OPENING + said + _SPOKEN_OF, question)

    assert answer.found is found, answer.text
    assert not found or "Harbour Watch Group" in answer.text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What is the name of the fishing club the mayor joined?", False),
        ("What was the name of the Harbour Board official who spoke?", True),
    ],
)
def test_an_office_after_a_body_names_a_person_only_when_it_is_the_bodys(
    question: str, named: bool
) -> None:
    # "the club the mayor joined": the mayor is in a clause about the club.
    assert read_question(question, build_corpus(["The club met."])).wants_name is named
