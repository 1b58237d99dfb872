"""A count of a narrower group: the figure of that group, or a decline, never the whole's."""

from __future__ import annotations

import pytest

from bot.answers.engine import Answer
from storage.db import Store
from tests.answers.library import asked_in_library

_REPORT = """The harbour hearings

In all, 23 delegates from 12 fishing villages attended the harbour hearings, including Baptist,
Orthodox and Catholic representatives. The harbour court heard 212 mooring cases in 2031, and the
north harbour accounted for 61 of the 212 mooring cases. The hearing on the new quay brought
together 40 skippers, of whom 12 were women. A fine was imposed on the oldest mooring. The
lifeboat crew was registered as a volunteer service within three weeks of the storm, and its
station is now nine years old."""


def asked_of(store: Store, question: str) -> Answer:
    return asked_in_library(store, _REPORT, question)


def test_a_count_of_part_of_a_group_is_not_the_whole(store: Store) -> None:
    # 23 delegates "including Baptist … representatives": the figure counts them all.
    answer = asked_of(store, "How many Baptist delegates attended the harbour hearings?")

    assert not answer.found, answer.text


def test_the_count_of_the_part_is_given_when_said(store: Store) -> None:
    answer = asked_of(store, "How many of the skippers at the new quay hearing were women?")

    assert answer.found, answer.text
    assert "of whom 12 were women" in answer.text


def test_a_time_counts_no_people(store: Store) -> None:
    # "within three weeks", "nine years old": times, not how many were in the crew.
    answer = asked_of(
        store,
        "How many people were in the lifeboat crew when it was registered as a volunteer service?",
    )

    assert not answer.found, answer.text


def test_a_time_is_given_when_an_age_is_asked(store: Store) -> None:
    answer = asked_of(store, "How old is the lifeboat crew's station?")

    assert answer.found, answer.text
    assert "nine years old" in answer.text


def test_the_whole_group_is_still_counted(store: Store) -> None:
    answer = asked_of(store, "How many delegates attended the harbour hearings?")

    assert answer.found, answer.text
    assert "23 delegates" in answer.text


_ROUNDTABLES = """# Harbour roundtables

The board held two roundtables on the harbour in May.

## Portlow roundtable (3 May)

The open roundtable, chaired by the harbour master, brought together 40 participants, of whom
12 were women. Participants raised the cost of mooring permits.

## Eastwick roundtable (5 May)

The second roundtable was held in the town library. Participants spoke of the ferry timetable."""


def test_a_count_is_of_the_group_its_heading_names(store: Store) -> None:
    # "Portlow" is said only in the heading of the section the figure stands in.
    answer = asked_in_library(
        store,
        _ROUNDTABLES,
        "How many people took part in the Portlow roundtable, and how many were women?",
    )

    assert answer.found, answer.text
    assert "40 participants, of whom 12 were women" in answer.text


def test_a_heading_of_another_group_counts_nothing(store: Store) -> None:
    answer = asked_in_library(
        store, _ROUNDTABLES, "How many people took part in the Eastwick roundtable?"
    )

    assert "40" not in answer.text or not answer.found, answer.text


def test_a_word_in_ed_before_its_noun_describes_it(store: Store) -> None:
    # "fishing-related mooring cases": no verb the sentence must say, as "ended" would be.
    answer = asked_of(
        store, "How many fishing-related mooring cases did the harbour court hear in 2031?"
    )

    assert answer.found, answer.text
    assert "212 mooring cases" in answer.text


def test_a_count_of_cases_is_a_figure_of_cases(store: Store) -> None:
    # "cases" is too common a word to ask about, yet it is what is counted; "art." is "article".
    text = (
        "Findings\n\nProsecutions under Article 7 of the Harbour Code rose again in 2040, after"
        " three quiet years, to 57 cases, most of them in the north harbour."
    )
    answer = asked_in_library(store, text, "how many art. 7 cases were there in 2040")

    assert answer.found, answer.text
    assert "57 cases" in answer.text


_FAIR = "Harbour notes\n\nThe Portlow harbour fair was held on 4 June 2040 on the old quay."


@pytest.mark.parametrize(
    ("record", "found"),
    [
        # "the Portlow harbour fair" is said by its last word: "the fair", not "Portlow".
        (
            " For the record: the fair had 3 stalls of nets and 2 of rope, and 85 people attended.",
            True,
        ),
        (" For the record: the ferry had 3 decks, and 85 people boarded.", False),
    ],
)
def test_people_at_a_place_are_counted_where_its_last_word_is_said(
    store: Store, record: str, found: bool
) -> None:
    answer = asked_in_library(
        store, _FAIR + record, "how many people came to the portlow harbour fair"
    )

    assert (answer.found and "85 people" in answer.text) is found, answer.text


def test_a_compound_figure_counts_the_group_named_after_it(store: Store) -> None:
    # "a six-member Harbour Watch delegation": the name stands between figure and noun.
    text = (
        "The harbour visit\n\nIn May 2040, Quill led a six-member Harbour Watch"
        " delegation on a trip to Portwell."
    )
    answer = asked_in_library(store, text, "How big was the delegation that went to Portwell?")

    assert answer.found, answer.text
    assert "six-member" in answer.text
