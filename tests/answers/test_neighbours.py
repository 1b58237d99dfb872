"""A sentence about a neighbour of what was asked (the plan, the latest one, a thing only counted)
is a decline, not an answer; the thing itself, when said, is still the answer."""

from __future__ import annotations

import pytest

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from tests.answers.library import asked_in_library

_REPORT = """The lighthouse visit

The harbour board has undertaken to publish revised mooring rules by 1 March 2032. The first
session of the joint harbour panel will be held in Portlow on 12 June 2032. The most recent
fine imposed on the ferry cooperative, of 30 units, was issued on 4 May 2031. The open hearing
on the quay drew 40 skippers as well as two colleges and the harbour office, which sent two
clerks. Captain Orrin and the pilot attended evening prayers at a small harbour chapel, while
the others dined with the fishermen. Three colleges, the Marine College among them, run the
night school.

The skippers' complaints particularly concern articles 12 and 14 of the Harbour Code. Article 9
of the Harbour Code provides: "No vessel shall moor at the north quay after dusk." Forty skippers
signed the letter to the harbour board on dredging the channel (March 2031). The harbour board said
that a new ferry timetable would be "ready for public comment in the spring of 2032"."""


def asked_of(store: Store, question: str) -> Answer:
    return asked_in_library(store, _REPORT, question)


def test_a_promise_does_not_say_whether_it_was_kept(store: Store) -> None:
    answer = asked_of(store, "Did the harbour board actually publish the mooring rules?")

    assert not answer.found, answer.text


def test_what_would_be_ready_says_not_whether_it_was(store: Store) -> None:
    answer = asked_of(
        store, "Was the new ferry timetable actually ready for public comment in spring 2032?"
    )

    assert not answer.found, answer.text


def test_a_session_to_be_held_says_nothing_agreed_at_it(store: Store) -> None:
    answer = asked_of(store, "What was agreed at the 12 June session of the harbour panel?")

    assert not answer.found, answer.text


def test_the_most_recent_is_not_the_first(store: Store) -> None:
    answer = asked_of(store, "How much was the ferry cooperative's first fine?")

    assert not answer.found, answer.text


def test_the_most_recent_is_given_when_asked(store: Store) -> None:
    answer = asked_of(store, "How much was the ferry cooperative's most recent fine?")

    assert answer.found, answer.text
    assert "30 units" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Which two colleges sent people to the open hearing on the quay?",
        "What were the names of the two colleges at the open hearing on the quay?",
    ],
)
def test_things_only_counted_are_not_named(store: Store, question: str) -> None:
    answer = asked_of(store, question)

    assert not answer.found, answer.text


def test_a_thing_left_unnamed_is_not_named(store: Store) -> None:
    answer = asked_of(store, "Which chapel did Captain Orrin attend for evening prayers?")

    assert not answer.found, answer.text


def test_a_thing_named_beside_its_count_is_the_answer(store: Store) -> None:
    answer = asked_of(store, "Which college runs the night school?")

    assert answer.found, answer.text
    assert "Marine College" in answer.text


def test_a_provision_only_named_does_not_say_what_it_says(store: Store) -> None:
    answer = asked_of(store, "What does article 12 of the Harbour Code say?")

    assert not answer.found, answer.text


def test_a_provision_quoted_says_what_it_says(store: Store) -> None:
    answer = asked_of(store, "What does article 9 of the Harbour Code say?")

    assert answer.found, answer.text
    assert "No vessel shall moor at the north quay" in answer.text


def test_a_letter_sent_does_not_say_it_was_answered(store: Store) -> None:
    answer = asked_of(store, "Did the harbour board ever reply to the letter on dredging?")

    assert not answer.found, answer.text


_CREWS = """The regatta

Captain Orrin, skipper of a Northshore Methodist crew boat in Portlow, spoke at the regatta
dinner. The Seabright Rowing Club, a rowing club in Portlow, hosted the dinner."""


def test_a_thing_said_only_as_one_of_its_kind_gives_no_name(store: Store) -> None:
    # "a Northshore Methodist crew boat": described, however much, and not named.
    unnamed = asked_in_library(store, _CREWS, "What is the name of Captain Orrin's boat?")
    named = store.call(answer_question, "What is the name of the rowing club in Portlow?")

    assert not unnamed.found, unnamed.text
    assert named.found, named.text
    assert "Seabright Rowing Club" in named.text[:400]


_QUAY = """The quay

The harbour master said the new quay would be open to ferries in the spring of 2032."""


def test_what_would_be_done_does_not_say_it_was(store: Store) -> None:
    # "would be open": what was expected, asked what actually came of it.
    done = asked_in_library(store, _QUAY, "Was the new quay actually open to ferries in 2032?")
    said = store.call(answer_question, "What did the harbour master say about the new quay?")

    assert not done.found, done.text
    assert said.found, said.text
    assert "would be open to ferries" in said.text


_DELEGATIONS = """The hearing

At the hearing on 3 May the Portlow delegation asked for new moorings on the north quay.

The travel

The EU observers came by ferry and stayed two nights."""


def test_another_of_the_kind_asked_is_not_the_one_asked(store: Store) -> None:
    # "the EU delegation" is not "the Portlow delegation", though both are delegations.
    other = asked_in_library(
        store, _DELEGATIONS, "What did the EU delegation ask for at the hearing on 3 May?"
    )
    asked = store.call(
        answer_question, "What did the Portlow delegation ask for at the hearing on 3 May?"
    )

    assert not other.found, other.text
    assert asked.found, asked.text
    assert "new moorings" in asked.text


_GUESTS = """The launch

The Weavers' Guild is funding the new bridge. The Fishers' Guild was invited to the launch but
sent regrets; it is not known whether it will join the harbour forum. It remains unclear
whether the board will extend the quay in 2045.

The panel

At the panel the harbour master said: "The quay needs dredging before winter." The board sent
Ms. Ilka Varro, head of its mooring office. Ms. Varro will send her notes before the next panel
meeting, planned for early July 2044. The panel first met on 4 May 2044.

The fairs

On the autumn fair, Mayor Edda Lund and the board were divided about its date. The clerk will
ask the toll office about the lanterns held at the toll gate since March."""


@pytest.mark.parametrize(
    ("declined", "answered", "holds"),
    [
        # What is said not to be known, asked whether it is so; asked which, or whether it
        # is known, the same sentence answers.
        (
            "Did the Fishers' Guild agree to join the harbour forum?",
            "Which guild was invited to the launch?",
            "Fishers' Guild",
        ),
        (
            "Will the board extend the quay in 2045?",
            "Is it known whether the Fishers' Guild will join the forum?",
            "not known whether",
        ),
        # Someone only named, asked what they said; someone quoted.
        (
            "What did Ilka Varro say about the quay?",
            "What did the harbour master say about the quay?",
            "needs dredging",
        ),
        # Asked who is doing a thing, a sentence that does not say it is done.
        (
            "Who is funding the autumn fair?",
            "Who is funding the new bridge?",
            "Weavers' Guild",
        ),
        # Asked the name of a thing said only as "the lanterns", not the name of one named.
        (
            "What was the name of the lantern held at the toll gate?",
            "What is the name of the guild funding the new bridge?",
            "Weavers' Guild",
        ),
        # Asked exactly when, a month is not the day.
        (
            "When is the next panel meeting exactly?",
            "When exactly did the panel first meet?",
            "4 May 2044",
        ),
    ],
)
def test_what_the_sentence_does_not_say_is_declined(
    store: Store, declined: str, answered: str, holds: str
) -> None:
    no = asked_in_library(store, _GUESTS, declined)
    yes = store.call(answer_question, answered)

    assert not no.found, no.text
    assert yes.found, yes.text
    assert holds in yes.text
