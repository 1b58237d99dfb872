"""Words a question is put in that ask nothing of the records: a trailing "according to …", a
chat "pls", the preposition "onto"; and a name the question opens on, or types as a possessive
without its apostrophe ("Quills article"), which restricts the answer to what is said of that
one, unless it only says whose account is asked ("according to Quill"); and "would end up",
which asks what someone foresaw, not what came of it. All on an invented record."""

from __future__ import annotations

import pytest

from storage.db import Store
from tests.answers.library import asked_in_library

GUILD = (
    "The guild's year\n\nIn June 2038, some forty skippers joined together into a guild to speak"
    " for the harbour. We learned that harbour officials plan to establish a survey team to"
    " check the quays. The council elevated Portwell to its list of “Grade 2” harbours in 2039."
    " The trip ended at the quays in May.\n\n"
    "Notes\n\n[5] Mara Quill, “Nets and needs of the coast,” Coastal Gazette, 3 May 2037."
)


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        (
            "what did harbour officials plan to set up to check the quays, according to the trip",
            "survey team",
        ),
        ("When did the guild form? month and year pls", "June 2038"),
        ("Portwell was moved onto which list?", "Grade 2"),
        ("where was Quills article published", "Coastal Gazette"),
    ],
)
def test_words_that_ask_nothing_of_the_records_leave_the_answer_found(
    seeded_store: Store, question: str, holds: str
) -> None:
    answer = asked_in_library(seeded_store, GUILD, question)
    assert answer.found, answer.text
    assert holds in answer.text


QUILL = (
    "The guild's year\n\nOur review of the harbour began in May. Some evidence, as well as"
    " research done in other ports, suggests that the Mooring Act may be harmful to trade and may"
    " damage the harbour's good name.\n\n"
    "Voices\n\nMara Quill chairs the fishers' union. She wrote that the Mooring Act will “damage"
    " our fishing fleet by tying up its boats” and leave “the quays empty”."
)


def test_a_name_the_question_opens_on_is_whose_words_are_given(seeded_store: Store) -> None:
    answer = asked_in_library(
        seeded_store, QUILL, "Quill warned the Mooring Act would damage what?"
    )
    assert answer.found, answer.text
    assert "fishing fleet" in answer.text
    assert "good name" not in answer.text  # another's view, in a passage that never names her


OMBUDSMAN = (
    "The ombudsman's visit\n\nFrom 2 to 9 May 2040, the Harbour Ombudsman, Mara Quill, visited"
    " Portwell.\n\n"
    "Summary of the ombudsman's report\n\nThe most obvious problem with the Mooring Act concerns"
    " the yearly fee for every berth."
)


def test_whose_account_is_asked_need_not_be_named_by_the_passage(seeded_store: Store) -> None:
    # "according to Quill": her report says it, under its own heading, without her name.
    answer = asked_in_library(
        seeded_store,
        OMBUDSMAN,
        "whats the most obvious problem with the Mooring Act according to Quill",
    )
    assert answer.found, answer.text
    assert "yearly fee" in answer.text


GUARDS = (
    "Voices\n\nMara Quill chairs the fishers' union. She wrote that the Mooring Act will let"
    " “the guards chase harmless fishing boats instead of real smugglers”."
)


def test_what_someone_foresaw_is_answered_by_what_they_said_would_be(
    seeded_store: Store,
) -> None:
    # "would end up": what she foresaw, which a sentence of what will be says.
    answer = asked_in_library(
        seeded_store,
        GUARDS,
        "Quill said the guards would end up chasing which kind of boats instead of real smugglers",
    )
    assert answer.found, answer.text
    assert "harmless fishing boats" in answer.text


def test_opting_into_a_group_is_said_as_selecting_into_it(seeded_store: Store) -> None:
    text = (
        "The guild's founding\n\nIn June 2038, approximately 40 skippers of the harbour"
        " self-selected into a pilots' guild to speak for the quays."
    )
    answer = asked_in_library(seeded_store, text, "roughly how many skippers opted into the guild?")
    assert answer.found, answer.text
    assert "40 skippers" in answer.text
