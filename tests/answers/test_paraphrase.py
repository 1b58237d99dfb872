"""Questions put in other words than the record's: a title asked for in full, a denial said
otherwise, a choice of two words, what a term means, who a cited author is, where a work
appeared, and what "they" said in a passage that names no one. All on an invented record."""

from __future__ import annotations

import pytest

from bot.answers.engine import answer_question
from storage.db import Store
from storage.documents import ingest
from tests.answers.library import asked_in_library

HARBOUR = (
    "The Mooring Law\n\nNew rules are tightening as a result of the 2040 law “On Harbour Safety"
    " and Moorings” (the Mooring Law). A “Class B” harbour is one which the inspectors find to be"
    " on the edge of closure. The inspectors placed Brightwater on their list of Class B harbours"
    " in 2041.\n\n"
    "The Last Visit\n\nWe met the harbour masters in Brightwater. They said the rules are not"
    " ideal, but they are needed while storms grow worse. They are proud of their record. No"
    " harbour keeps every boat safe, and the masters keep trying.\n\n"
    "Outlook\n\nWe remain optimistic that the masters and the fishing families will agree on"
    " better rules. The warning raised by Tomas Lindqvist, director of the Fishermen's Guild, still"
    " stands.\n\n"
    "Notes\n\n[4] Tomas Lindqvist, “Storms and the small harbours,” Coastal Weekly, June 3, 2039."
)


@pytest.fixture
def harbour(seeded_store: Store) -> Store:
    # Beside the seeded records, as a coordinator adds one: a name is rare among many passages.
    seeded_store.call(ingest, "harbour-report", "Harbour visit report", HARBOUR)
    return seeded_store


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("What is the official title of the Mooring Law?", "On Harbour Safety and Moorings"),
        ("Did the harbour masters admit the rules aren't perfect?", "not ideal"),
        ("Are we hopeful or pessimistic about the talks with the masters?", "optimistic"),
        ("What does it mean for a harbour to be Class B?", "edge of closure"),
        ("Who is Tomas Lindqvist?", "director of the Fishermen's Guild"),
        ("Where was Lindqvist's article published?", "Coastal Weekly"),
    ],
)
def test_a_question_in_other_words_is_answered_by_the_sentence_that_says_it(
    harbour: Store, question: str, holds: str
) -> None:
    answer = harbour.call(answer_question, question)

    assert answer.found, question
    assert holds in answer.text[:400], answer.text


@pytest.mark.parametrize(
    "question",
    [
        "What is the official title of the Fishing Law?",  # no such law
        '"storms" OR * ' + "x" * 500,  # a choice of two words, one of them noise
    ],
)
def test_a_paraphrase_of_what_is_never_said_is_still_declined(
    harbour: Store, question: str
) -> None:
    answer = harbour.call(answer_question, question)

    assert not answer.found, answer.text


CENSUS = (
    "Harbour census\n\nOf the 30 boats counted in the harbour in 2040, women were the owners of"
    " 12. The inspectors asked the town to bring its mooring rules into line with the Harbour"
    " Act of 2038."
)


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("In how many of the 2040 boats was the owner a woman?", "12"),
        ("Which act should the mooring rules be brought in line with?", "Harbour Act"),
    ],
)
def test_a_word_asked_in_a_form_the_stemmer_cannot_join_is_said_by_its_other_form(
    seeded_store: Store, question: str, holds: str
) -> None:
    # "woman" and "women", "brought" and "bring": one word, which the records say in the other
    # form; never said there, it would decline the question as one about something else.
    answer = asked_in_library(seeded_store, CENSUS, question)

    assert answer.found, answer.text
    assert holds in answer.text[:400], answer.text
