"""Questions the records answer in other words than the question's, which the reader once
declined as if the records never said it: a figure's change asked as "the number of …", a
status asked with "where does … stand", "their own …", a time allowed asked as a deadline, "next
year's …", a hedge ("seems to"). And the same questions about what the records do not say,
still declined. All on an invented record."""

from __future__ import annotations

import pytest

from bot.answers.knowledge import build_corpus
from bot.answers.question import read_question
from storage.db import Store
from tests.answers.library import asked_in_library

MOORINGS = (
    "The mooring review\n\nThe harbour rules of 2040 led to a steep fall in the number of"
    " licensed fishing boats, both trawlers and sailing boats. Each skipper keeps his own"
    " logbook. The pilots said they are proud of their roster. The Mooring Act appears to"
    " contradict the Coastal Treaty on free passage. It follows the 2040 law “On Harbour Safety"
    " and Moorings” (the Mooring Act). Nine mooring societies could not reach the 12-founder"
    ' threshold in 2040. At the hearing the harbour master said: "No quay is safe until every'
    ' boat is counted." The pilots greeted each other as old rivals.\n\n'
    "Open requests\n\nNo.: Q2 — Request: Dredge the north channel — Raised: May 2040 — Status"
    " at year end: Half done, the south bank left.\n\n"
    "Next steps\n\nHold the 2041 boat census in Portwell rather than Lowmarsh, if the budget"
    " allows. Inspections of moorings would be subject to a deadline of 21 days, where at present"
    " none applies."
)


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        # A figure's change, which the records say in words, not in figures.
        ("What happened to the number of licensed fishing boats?", "steep fall"),
        ("Which boats saw the number of licences fall after the harbour rules?", "trawlers"),
        # How far a request has come, not a place.
        ("Where does the request to dredge the north channel stand?", "Half done"),
        # A deadline may be a time allowed rather than a date.
        ("What deadline was proposed for inspections of moorings?", "21 days"),
        # "Next year's census" is the one the records date by its year.
        ("Where is next year's boat census supposed to be held?", "Portwell"),
        # "Seems to" hedges what is asked; the records need not hedge in the same word.
        ("Which treaty does the Mooring Act seem to contradict?", "Coastal Treaty"),
        ("What does the Mooring Act seem to contradict?", "Coastal Treaty"),
        ("What's the official full title of the Mooring Act?", "On Harbour Safety"),
        # Someone's "line" is what they said, in their words.
        ("What was the harbour master's line about counting boats?", "No quay is safe"),
        # "The 12-founder minimum" names the threshold by its figure; it asks no minimum.
        ("How many mooring societies could not reach the 12-founder minimum?", "Nine"),
        # Two common words run together, as typed in a hurry.
        ("How did the pilots greet eachother?", "old rivals"),
    ],
)
def test_a_question_the_records_answer_in_their_own_words_is_answered(
    seeded_store: Store, question: str, holds: str
) -> None:
    answer = asked_in_library(seeded_store, MOORINGS, question)

    assert answer.found, answer.text
    assert holds in answer.text[:400], answer.text


@pytest.mark.parametrize(
    "question",
    [
        "How many licensed fishing boats were there after the harbour rules?",  # no figure
        "Where does the request to widen the lighthouse road stand?",  # no such request
        "How do the pilots feel about their own pensions?",  # never said
    ],
)
def test_the_same_questions_about_what_the_records_do_not_say_are_declined(
    seeded_store: Store, question: str
) -> None:
    answer = asked_in_library(seeded_store, MOORINGS, question)

    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "asks_own"),
    [
        ("How do the pilots feel about their own roster?", False),
        ("Does the harbour's own rule book allow it?", False),
        ("Who owns the north quay?", True),
        ("Do the pilots own their boats?", True),
    ],
)
def test_own_after_a_possessive_says_whose_and_asks_nothing_more(
    question: str, asks_own: bool
) -> None:
    corpus = build_corpus([MOORINGS])

    assert ("own" in read_question(question, corpus).terms) is asks_own


def test_every_qualifier_of_a_title_asks_for_it_and_names_nothing() -> None:
    # "Official full title": both words ask for the title; "official" is no official.
    question = read_question("What's the official full title of the Mooring Act?", build_corpus([]))

    assert question.wants_title
    assert question.terms == ["moor", "act"]


def test_a_plural_in_ys_is_read_as_the_plural_the_sources_write() -> None:
    corpus = build_corpus(["Boats came from three cities and two parties."])

    assert corpus.correct("citys") == "cities"
    assert corpus.correct("partys") == "parties"
    assert corpus.correct("storeys") == "storeys"  # a vowel before the "y": a plural as it is


def test_two_common_words_run_together_are_read_apart_and_no_other_word_is() -> None:
    corpus = build_corpus(["The outlet of the harbour is itself a lagoon."])

    assert corpus.split("eachother") == ["each", "other"]
    assert corpus.split("outlet") == ["outlet"]  # the sources' own word
    assert corpus.split("timeline") == ["timeline"]  # "line" is no common word
    assert corpus.split("themselves") == ["themselves"]  # a common word itself


@pytest.mark.parametrize(
    ("question", "wants_name"),
    [
        # The name of a group, whoever it met: no person's name answers it.
        ("What is the name of the sea-rescue volunteer group the envoy was brought to?", False),
        ("What is the name of the envoy who visited the harbour?", True),
    ],
)
def test_the_name_asked_is_that_of_the_first_thing_named_after_it(
    question: str, wants_name: bool
) -> None:
    assert read_question(question, build_corpus([])).wants_name is wants_name
