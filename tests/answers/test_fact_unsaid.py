"""Questions whose words a sentence shares, though it holds no fact of the kind asked: a
nationality it never gives, an address it never gives, a reply it never tells of, what a work
says asked of a note that only cites it, all of a counted list asked of a sentence that names
some or none, another year's survey, and a law of a place the records never name. All declined;
the facts it does hold are still given. All on an invented record."""

from __future__ import annotations

import pytest

from storage.db import Store
from tests.answers.library import asked_in_library

QUAYS = (
    "The quay review\n\nFrom 2 to 9 May 2040, the Harbour Ombudsman, Mara Quill, undertook a"
    " visit to Portwell. Delegates from Lowmarsh attended the 2039 Annual Survey, which praised"
    " the new quays. The Mooring Act amended six other acts, including the Pilotage Act and the"
    " Dredging Act. The review began at a lunch in Portwell attended by the mayor and 12 members"
    " of the Pilots Guild. The board's 2039 Annual Report said the quays were unsafe. The Mooring"
    " Act’s strict licence rules have led to a sharp fall in the number of pilots. On 3 June"
    " the review went on at the Harbour Office in Portwell, hosted by the mayor. The guild sent"
    " its letter on moorings to the State Harbour Board in June 2041. The board repealed the 2038"
    " Pilotage Act in March.\n\n"
    "Notes\n\n"
    "Available at: [4] Survey of Harbour Boats, p. 41, para.12, by Tom Reed, Harbour Press"
    " (2031)."
)


@pytest.mark.parametrize(
    "question",
    [
        "What nationality is Mara Quill?",
        "What does the Reed survey conclude on page 41?",
        "Can you list all six acts the Mooring Act amended?",
        "Can you list all four acts the board repealed?",
        "Can you list the names of the 12 members at the lunch?",
        "What did the board say about the quays in its 2040 annual report?",
        "How do Lowport's mooring rules treat pilots?",
        "What's the street address of the Harbour Office in Portwell?",
        "Did the State Harbour Board ever respond to the guild's letter on moorings?",
    ],
)
def test_a_sentence_without_the_kind_of_fact_asked_is_no_answer(
    seeded_store: Store, question: str
) -> None:
    answer = asked_in_library(seeded_store, QUAYS, question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("Who visited Portwell in May 2040?", "Mara Quill"),
        # The dates asked of a thing are given by the dates themselves.
        ("What were the dates of Mara Quill's visit to Portwell?", "2 to 9 May 2040"),
        ("What did the board say about the quays in its 2039 annual report?", "unsafe"),
        ("How do the mooring rules treat pilots?", "sharp fall"),
        ("Which acts did the Mooring Act amend?", "Pilotage Act"),
        ("Who wrote the survey of harbour boats?", "Tom Reed"),
    ],
)
def test_the_facts_the_record_holds_are_still_given(
    seeded_store: Store, question: str, holds: str
) -> None:
    answer = asked_in_library(seeded_store, QUAYS, question)
    assert answer.found, answer.text
    assert holds in answer.text


def test_a_list_that_names_them_all_is_given_without_their_count(seeded_store: Store) -> None:
    text = (
        "The board's April\n\nIn April the board reviewed the Ferry Act, the Dredging Act and"
        " the Lighthouse Act."
    )
    answer = asked_in_library(
        seeded_store, text, "Can you list all three acts the board reviewed in April?"
    )
    assert answer.found, answer.text
    assert "Lighthouse Act" in answer.text
