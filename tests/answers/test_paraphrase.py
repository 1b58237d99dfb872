"""Questions put in other words than the record's: a title asked for in full, a denial said
otherwise, a choice of two words, what a term means, who a cited author is, where a work
appeared, and what "they" said in a passage that names no one. All on an invented record."""

from __future__ import annotations

import pytest

from bot.answers.engine import answer_question
from bot.answers.knowledge import build_corpus
from bot.answers.question import read_question
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
        ("What's the official full title of the 2040 mooring law?", "On Harbour Safety"),
        ("Did the harbour masters admit the rules aren't perfect?", "not ideal"),
        ("Are we hopeful or pessimistic about the talks with the masters?", "optimistic"),
        ("What does it mean for a harbour to be Class B?", "edge of closure"),
        ("Who is Tomas Lindqvist?", "director of the Fishermen's Guild"),
        ("Where was Lindqvist's article published?", "Coastal Weekly"),
        ("Where did Lindqvist's article come out?", "Coastal Weekly"),  # "come out": published
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
    " Act of 2038. The largest single fine recorded in 2040, 90 crowns, was imposed on a ferry"
    " captain. The harbour office stands on Quayside Avenue. A local mooring society must have"
    " at least 12 founders, a regional one at least 120 founders."
)


HEARING = (
    "The harbour hearing\n\nPastor Orrin, 61, a former ferry pilot, told the Coastal Weekly that"
    ' he would keep mooring at the north quay. "We are not breaking any rule. We have asked the'
    " board for a permit twice,\" he said. The board's lawyer said the appeal would be heard in"
    ' June 2041.\n\nAt the close the harbour master said: "Ten years ago we met here as rivals.'
    ' Today we work as neighbours, and no storm can change that." The meeting closed at noon.'
    " The board asked for the names and passport details of the delegates no later than 30 April"
    " 2041."
)

PATROLS = (
    "Harbour patrols\n\nThe 2040 amendments changed four bylaws, including Harbour Code sections"
    " 12 and 13, widening the range of fines for unlicensed mooring. Skipper Hale wrote that the"
    " patrols would let wardens claim successes in combating harmless fishing clubs instead of"
    " policing smugglers. The wardens consider safety to be most important—safety of the boats in"
    " storms. The board admits there have been mistakes, but it is correcting them. It is"
    " teaching the harbour police how to enforce the mooring rules."
)

LIGHTS = (
    "Lights at sea\n\nAll the major harbour codes require that every boat carry a working light"
    " at all hours, “without exception of any kind such as…size.” These rules are set out in"
    " coastal instruments such as the Coastal Lights Code and the Night Mooring Act. We know that"
    " the harbour board understands the importance of lights."
)

INVITATION = (
    "The board's invitation\n\nThe harbour board wrote to the fishermen's guild in March about"
    " the mooring rules. Its chair invited the members to visit the new quay and see the rules"
    " at work. The members accepted this invitation."
)

INSPECTOR = (
    "The inspector's visit\n\nThe inspector, who visited the quay on 4 May, said in her closing"
    " remarks that “the coming review of the mooring rules is a chance to rewrite the rules on"
    " night mooring, which have hurt small boats and the ferry trade alike. This concerns sections"
    " 12 and 40 of the Harbour Code.” We hope the board will take her advice."
)

REPORTING = (
    "The inspection\n\nThe harbour inspector visited the north quay in May. We urge the board to"
    " accept the findings of the harbour inspector, who will submit a formal report with"
    " recommendations later this year."
)

WARNING = (
    "The guild's warning\n\nWe hope the talks can avoid the outcome raised by Tomas Lindqvist,"
    " director of the Fishermen's Guild of the North Coast, in his letter to the harbour board"
    " last winter. He wrote that the new mooring rules will “ruin the small harbours by driving"
    " out the families who have fished there for generations” and let the inspectors “count"
    " every closure of a family mooring as a success in their fight against unsafe boats rather"
    " than as the loss of a livelihood”."
)


@pytest.mark.parametrize(
    ("text", "question", "holds"),
    [
        # "broaden" is "widen", a law "touched" one changed, "boast" a claim, "beat" a fight,
        # and "real" hedges: each would otherwise be a thing the records never mention.
        (PATROLS, "Which sections of the Harbour Code were touched to broaden the fines?", "12"),
        (
            PATROLS,
            "Hale said wardens could boast of beating what sort of fishing clubs instead of real"
            " smugglers?",
            "harmless",
        ),
        # The sentence that names whose words were asked, then the one that reports them.
        (
            WARNING,
            "What did the director of the fishermen's guild warn the rules would ruin?",
            "the small harbours",
        ),
        # "Which two …?" asks them by name: the sentence after the one that speaks of them
        # names them.
        (LIGHTS, "Which two harbour codes are cited as requiring a light at all hours?", "Night"),
        # "take the board up on": a phrasal verb around its object, said as "take up".
        (INVITATION, "Did the guild take the board up on its invitation?", "accepted"),
        # The end of a quotation ("… sections 12 and 40 of the Harbour Code.”"), with the
        # sentence that opens it, where its first words stand.
        (
            INSPECTOR,
            "What is wrong with sections 12 and 40 of the Harbour Code, per the inspector?",
            "hurt small boats",
        ),
        # "Who …?" is answered by a body of people ("the police"), as by a person or an office.
        (PATROLS, "Who is being trained on how to apply the mooring rules?", "police"),
        # "Later this year" says when, as a date does.
        (REPORTING, "When is the harbour inspector expected to hand in her report?", "later this"),
        # What one is asked to "focus on" is what the question is about, not a word to find.
        (PATROLS, "What do the wardens consider the most important thing to focus on?", "safety"),
        # "woman" and "women", "brought" and "bring": forms the stemmer cannot join.
        (CENSUS, "In how many of the 2040 boats was the owner a woman?", "12"),
        (CENSUS, "Which act should the mooring rules be brought in line with?", "Harbour Act"),
        # "biggest" is "largest", a street an avenue, a minimum "at least"; "actual" hedges:
        # never said there in the question's own form, each would decline the question as one
        # about something the records never mention.
        (CENSUS, "How much was the biggest fine recorded?", "90 crowns"),
        (CENSUS, "What street is the harbour office on?", "Quayside Avenue"),
        (CENSUS, "What's the minimum number of founders for a regional mooring society?", "120"),
        (CENSUS, "What is the actual minimum of founders for a local mooring society?", "12 f"),
        # The sentence that reports what he told them, then his own words.
        (HEARING, "What did Pastor Orrin tell the reporter?", "not breaking any rule"),
        # A quotation goes on past its first sentence, to where it closes.
        (HEARING, "What did the harbour master say at the close?", "Today we work as neighbours"),
        # A deadline is a date, whatever else the question names ("the delegates' names").
        (HEARING, "Deadline for sending the delegates' names and passport details?", "30 April"),
    ],
)
def test_a_question_in_other_words_than_the_records_is_answered_in_theirs(
    seeded_store: Store, text: str, question: str, holds: str
) -> None:
    answer = asked_in_library(seeded_store, text, question)

    assert answer.found, answer.text
    assert holds in answer.text[:400], answer.text


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who did the board thank for the loan of the boat?", True),
        ("Whom had the skippers thanked in May?", True),
        ("Thank you! Who lent the board a boat?", False),
        ("ok thank you, who lent the board a boat?", False),
    ],
)
def test_thanking_is_asked_of_when_it_is_the_verb_not_a_greeting(
    question: str, asked: bool
) -> None:
    # "Who did the board thank?" is answered by "The board was grateful to …".
    read = read_question(question, build_corpus(["The board was grateful to the keeper."]))

    assert ("thank" in read.terms and "grate" in read.alternatives.get("thank", ())) is asked


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        # What is asked of the subject ("proud"), which few sentences say, before the sentence
        # that says the rest of the question ("the way they choose to handle the situation").
        ("Are officials proud of the way they handle religion?", "proud of their model"),
        # Asked what was done to it, the sentence that says it was, in other words ("closed").
        ("Were religious organizations shut down after the law took effect?", "been closed"),
        # What one "sees as" most important is what one considers so.
        ("What do Kazakh officials see as most important?", "they consider prevention"),
        # Whoever one "wanted" is anyone one "chose".
        ("Was the delegation able to meet whoever it wanted in Kazakhstan?", "met freely"),
        # The other side of a choice is offered for contrast: the records answer the first.
        (
            "Were they allowed to meet whoever they wanted, or were they chaperoned and"
            " supervised?",
            "met freely",
        ),
        # A constitution that "guarantees" a freedom protects it.
        ("Does the Kazakh constitution protect religious freedom?", "guarantees freedom"),
    ],
)
def test_the_seeded_records_answer_by_the_sentence_that_says_what_is_asked(
    seeded_store: Store, question: str, holds: str
) -> None:
    answer = seeded_store.call(answer_question, question)

    assert answer.found, answer.text
    assert holds in answer.text[:400], answer.text
