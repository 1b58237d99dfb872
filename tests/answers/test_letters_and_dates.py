"""Documents of other kinds than reports: dates written in figures or without their year, and
a letter's date line, address line and signatures read as what they are."""

from __future__ import annotations

import pytest

from bot.answers.candidate import sentences_of
from storage.db import Store
from storage.documents import chunk
from tests.support.documents import asked_of

_REPLY = """Reply from the harbour office

Varna, 14.09.2031

Dear guild members,

The harbour office thanks you for your letter about the moorings and will answer each point."""


def test_a_letters_date_line_dates_the_letter(store: Store) -> None:
    answer = asked_of(store, _REPLY, "What date is the harbour office's reply dated?")

    assert answer.found, answer.text
    assert answer.text.startswith("14 September 2031:")


def test_a_date_line_is_not_taken_for_a_heading() -> None:
    passages = chunk(_REPLY, "Letters")

    assert {p.section for p in passages} == {"Reply from the harbour office"}
    assert passages[0].text.startswith("Varna, 14.09.2031")


@pytest.mark.parametrize(
    ("text", "question", "begins"),
    [
        # "On April 12", after "in March 2031": the year before it dates the day.
        (
            "The spring season\n\nThe fishing guild met the harbour council in March 2031 to talk"
            " about the moorings. On April 12 the council closed the north harbour for repairs."
            " The boats moved to the south quay.",
            "When did the council close the north harbour?",
            "12 April 2031: On April 12",
        ),
        # "No new guild has been registered since 2036": the last one was, in 2036.
        (
            "Registration\n\nTen fishing guilds applied in 2040. No new harbour guild has been"
            " registered since 2036, although the ten applied in full. The last hearing on them"
            " was a short one.",
            "When was a harbour guild last registered?",
            "2036",
        ),
    ],
)
def test_a_when_question_is_answered_with_the_date_the_text_means(
    store: Store, text: str, question: str, begins: str
) -> None:
    answer = asked_of(store, text, question)

    assert answer.found, answer.text
    assert answer.text.startswith(begins)


def test_a_day_with_no_year_anywhere_before_it_is_no_date(store: Store) -> None:
    # "on 4 April", with no year said before it: which year is not known, so no date is given.
    text = "The long visit\n\nThe inspectors left the harbour on 4 April after a long visit."
    answer = asked_of(store, text, "When did the inspectors arrive at the harbour?")

    assert not answer.found or not answer.text.startswith("4 April")


def test_a_date_in_figures_is_a_date(store: Store) -> None:
    text = "The audit\n\nThe auditors signed the harbour accounts on 2031-05-06 in the old tower."
    answer = asked_of(store, text, "When did the auditors sign the harbour accounts?")

    assert answer.found, answer.text
    assert answer.text.startswith("6 May 2031:")


_LETTERS = """Letter from the guild to the harbour council

3 March 2031

To: Ms. Irina Volkova, Chair of the Harbour Council, Varna

Dear Ms. Volkova,

We ask the council to keep the north harbour open through the winter for the small boats.

Respectfully yours,

- Mr. Petar Dimov, Secretary, Fishing Guild of the North Shore
- Ms. Elena Marinova, Treasurer, Fishing Guild of the North Shore

Reply from the harbour council

Varna, 14.04.2031

To: Mr. Petar Dimov, Secretary, Fishing Guild of the North Shore

Dear Mr. Dimov,

The harbour council has studied your request. The north harbour will stay open until December.

Sincerely,

Georgi Angelov
Deputy Chair of the Harbour Council"""


def test_the_names_under_a_letters_closing_signed_it(store: Store) -> None:
    answer = asked_of(store, _LETTERS, "Who signed the harbour council's reply?")

    assert answer.found, answer.text
    assert answer.text.startswith("Georgi Angelov")


def test_the_address_line_says_whom_a_letter_was_written_to(store: Store) -> None:
    answer = asked_of(store, _LETTERS, "Who was the guild's letter addressed to?")

    assert answer.found, answer.text
    assert "Irina Volkova" in answer.text[:200]


def test_a_closing_stays_with_the_signatures_under_it() -> None:
    passages = chunk(_LETTERS, "Letters")
    closing = [p.text for p in passages if "Respectfully yours," in p.text]

    assert closing, [p.text for p in passages]
    assert all("Elena Marinova" in text for text in closing)


def test_lines_that_end_no_sentence_are_read_one_by_one() -> None:
    # The date line, the address and the salutation are sentences of their own, not one.
    said = sentences_of(chunk(_LETTERS, "Letters")[0].text)

    assert said[:3] == (
        "3 March 2031",
        "To: Ms. Irina Volkova, Chair of the Harbour Council, Varna",
        "Dear Ms. Volkova,",
    )
