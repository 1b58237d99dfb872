"""Questions in everyday words a record says otherwise: "get rid of" for "abolish", "stuck" for
"held", who "spoke" under a list of speakers, "the real problem", and things counted in copies.
All on an invented record, beside the seeded store."""

from __future__ import annotations

import pytest

from bot.answers.engine import answer_question
from storage.db import Store
from storage.documents import ingest

HEARING = (
    "Speakers\n\nMayor Ivo Brandt, who opened the hearing. Pastor Lena Sorvik, pastor of a small"
    " Lutheran congregation in Dornfeld.\n\n"
    "Discussion\n\nThe delegate of the river board asked whether the new plan would abolish the"
    " permit fee; the mayor replied that it would be “halved, not abolished.” Advocate Maren Holt"
    " said the problem with the refusals was not the fee but the delay. Mr. Piet Vos said that"
    " 1,200 copies of a hymnal had been held at the Dornfeld customs warehouse since May 2030."
)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Name of the Lutheran pastor from Dornfeld who spoke at the hearing?", "Lena Sorvik"),
        ("Will the new plan get rid of the fee?", "halved, not abolished"),
        ("What did Holt say the real problem was?", "not the fee but the delay"),
        ("How many hymnals are stuck at customs in Dornfeld?", "1,200 copies"),
    ],
)
def test_everyday_words_of_a_question_are_read_as_the_records_say_them(
    seeded_store: Store, question: str, fact: str
) -> None:
    seeded_store.call(ingest, "hearing", "Hearing notes", HEARING)

    answer = seeded_store.call(answer_question, question)

    assert answer.found, answer.text
    assert fact in answer.text[:400]


def test_an_ordinal_in_figures_is_the_ordinal_in_words(seeded_store: Store) -> None:
    text = (
        "Planning\n\nThe members were divided on the date. The board agreed to propose November"
        " 2030 for the second hearing, but to accept January 2031 if necessary."
    )
    seeded_store.call(ingest, "planning", "Planning notes", text)

    answer = seeded_store.call(
        answer_question, "What month did the board propose as a compromise for the 2nd hearing?"
    )

    assert answer.found, answer.text
    assert "November 2030" in answer.text[:400]


def test_a_small_number_in_words_is_found_in_figures(seeded_store: Store) -> None:
    text = (
        "Attendance\n\nIn total 71 people registered and 64 attended on the first day.\n\n"
        "| Group | Invited | Attended (day 1) | Attended (day 2) |\n|---|---|---|---|\n"
        "| Total | 74 | 64 | 52 |\n"
    )
    seeded_store.call(ingest, "attendance", "Attendance notes", text)

    answer = seeded_store.call(answer_question, "how many people came on day two")

    assert answer.found, answer.text
    assert "52" in answer.text[:400]


def test_a_year_that_marked_an_anniversary_reached_it(seeded_store: Store) -> None:
    text = (
        "The year\n\nThe year had a symbolic weight: June 2030 marked the tenth anniversary of the"
        " first meeting of the river board."
    )
    seeded_store.call(ingest, "year", "Year notes", text)

    answer = seeded_store.call(
        answer_question, "what anniversary did the river board reach in 2030"
    )

    assert answer.found, answer.text
    assert "tenth anniversary" in answer.text[:400]
