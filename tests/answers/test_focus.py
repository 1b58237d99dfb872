"""Near misses: questions that share most words with a sentence but ask for a thing it does not
give (the names, a figure of what is counted, what came of a plan, the one before) are declined,
and the same sentences still answer the questions they do answer."""

from __future__ import annotations

import pytest

from bot.answers.counts import counted
from bot.answers.engine import answer_question
from bot.answers.focus import focus, supplies, verbs
from bot.answers.knowledge import build_corpus
from bot.answers.question import read_question
from storage.db import Store
from storage.documents import ingest

FESTIVAL = (
    "Funding\n\nThe Harbour Festival of 2030 was paid for by five member organisations. About"
    " 400 people attended its opening, including mayors from six towns. The festival committee"
    " will publish its accounts in spring 2031 and expects to repeat the festival.\n\n"
    "Leadership\n\nThe festival is coordinated by Dr. Ilse Varga, chair of the festival"
    " committee and director of the Maritime Heritage Trust."
)


@pytest.fixture
def festival(store: Store) -> Store:
    store.call(ingest, "harbour-festival", "Harbour Festival report", FESTIVAL)
    return store


@pytest.mark.parametrize(
    "question",
    [
        "Which five organisations paid for the Harbour Festival?",  # no names given
        "Which towns sent mayors to the opening of the Harbour Festival?",
        "What were the results of the Harbour Festival accounts?",  # only a plan
        "How many times has the Harbour Festival been held?",  # no such figure
        "Who was the founding coordinator of the festival that Dr. Varga replaced?",
        "How did the festival committee respond to the mayors?",  # never said
    ],
)
def test_a_sentence_that_does_not_give_the_thing_asked_for_is_no_answer(
    festival: Store, question: str
) -> None:
    answer = festival.call(answer_question, question)

    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("How many people attended the opening of the Harbour Festival?", "400 people"),
        ("Who coordinates the Harbour Festival?", "Ilse Varga"),
        ("How was the Harbour Festival paid for?", "five member organisations"),
    ],
)
def test_the_same_sentences_answer_what_they_do_give(
    festival: Store, question: str, holds: str
) -> None:
    answer = festival.call(answer_question, question)

    assert answer.found, question
    assert holds in answer.text


@pytest.mark.parametrize(
    ("question", "noun", "number", "done"),
    [
        ("Which Kazakh religious leaders did they meet?", "leaders", "", []),
        ("Which eleven states sent diplomats?", "states", "", []),
        ("What worries the officials?", "", "", []),
        ("How many religious organisations were closed?", "", "organisations", ["closed"]),
        ("How did the council respond to the report?", "", "", ["respond"]),
        ("What does article 5 of the code actually prohibit?", "", "", ["prohibit"]),
        ("What did the delegation say about security?", "", "", []),  # any saying answers
        # The subject's place is no verb: "prosecutor" is not what was done.
        ("What did the prosecutor in the region say to justify fines?", "", "", []),
        ("How many members does the church in the town have?", "", "members", []),
        ("Which articles did the rapporteur single out?", "", "", []),  # a phrasal verb
        ("Did the harbour board ever reply to the letter?", "", "", ["reply"]),  # not "board"
        ("Did the panel actually finish its review?", "", "", ["finish"]),
        ("Has the harbour bylaw been amended since 2030?", "", "", ["amended"]),  # not "bylaw"
        ("Did the council end up closing the market?", "", "", ["closing"]),  # what it did
        # "back" frames more than it asks: "roundtable" is whose doing, not the doing.
        ("Did the roundtable back the stated aim of the law?", "", "", []),
    ],
)
def test_what_a_question_asks_for(question: str, noun: str, number: str, done: list[str]) -> None:
    asked = read_question(question, build_corpus(["The council met."]))

    assert (focus(asked), counted(asked), verbs(asked)) == (noun, number, done)


def test_a_work_named_by_its_author_is_dated_and_titled_by_its_citation(
    seeded_store: Store,
) -> None:
    text = (
        "Sources\n\nThe committee drew on earlier work.[1]\n\n[1] Ilse Varga, “Harbours and the"
        " towns around them,” Coastal Review, June 3, 2019. [2] Tomas Berg, “Festival money,”"
        " Port Weekly, 2021."
    )
    seeded_store.call(ingest, "festival-sources", "Festival sources", text)

    when = seeded_store.call(answer_question, "When was Varga's essay published?")
    title = seeded_store.call(answer_question, "What is the title of Varga's essay?")
    unnamed = seeded_store.call(
        answer_question, "When was the festival committee's report published?"
    )

    assert when.found, when.text
    assert "June 3, 2019" in when.text
    assert title.found, title.text
    assert "Harbours and the towns around them" in title.text
    assert not unnamed.found, unnamed.text


def test_a_person_by_office_is_not_one_of_the_places_asked_for() -> None:
    # "to the Kazakh Ambassador" names a person; "in Washington" is the one place named, and
    # "which countries" asks for more than one.
    sentence = "We were grateful to the Kazakh Ambassador for meeting us in Washington."
    places = "We met officials in Astana and in Almaty."
    corpus = build_corpus([sentence, places])
    asked = read_question("Which other countries were the members grateful to?", corpus)

    assert not supplies(asked, sentence, corpus)
    assert supplies(read_question("Which cities did they visit?", corpus), places, corpus)


def test_a_phrasal_verb_around_its_object_is_read_as_the_phrasal_verb() -> None:
    # "take him up on his offer" is "take up", which the records say as "accepted".
    corpus = build_corpus(["The participants accepted this invitation."])

    asked = read_question("Did the roundtable take him up on his offer?", corpus)

    assert "accept" in asked.alternatives["take"]


def test_founders_counted_are_not_the_founding_one() -> None:
    # "the founders threshold" counts people; "the founding chair" asks one of an order.
    sentence = "Any change to the number of members needed would require a vote of the assembly."
    corpus = build_corpus([sentence])
    counted_ = read_question("why was the request to lower the founders threshold refused", corpus)
    ordered = read_question("Who was the founding chair of the assembly?", corpus)

    assert supplies(counted_, sentence, corpus)
    assert not supplies(ordered, sentence, corpus)


def test_which_faiths_is_answered_by_a_sentence_that_names_them() -> None:
    # "which faith groups" asks for faiths; "which multi-faith panel" asks for a panel.
    counted_only = "A six-member harbour delegation of faith leaders visited the port in May."
    named = "The harbour chaplains were two Catholic priests and a Buddhist monk."
    corpus = build_corpus([counted_only, named])
    faiths = read_question("Which faiths were represented on the harbour delegation?", corpus)
    groups = read_question("which faith groups sent harbour chaplains?", corpus)
    panel = read_question("Which multi-faith panel visited the port?", corpus)

    assert not supplies(faiths, counted_only, corpus)
    assert supplies(groups, named, corpus)
    assert supplies(panel, counted_only, corpus)


def test_a_title_is_given_by_a_sentence_that_gives_it_as_one() -> None:
    # "What was the title of the forum?": the sentence that names the forum's title, not one
    # that tells of the forum, nor one of books whose titles it never gives.
    titled = 'The harbour forum, titled "Tides and Trust", was held on 3 May 2040 in Portlow.'
    told = "At the harbour forum on 3 May 2040, the board announced new mooring rules."
    seized = "The inspectors seized 12 books from the boat and kept them for a month."
    corpus = build_corpus([titled, told, seized])
    asked = read_question("What was the title of the harbour forum?", corpus)
    books = read_question("What were the titles of the 12 books seized from the boat?", corpus)

    assert supplies(asked, titled, corpus)
    assert not supplies(asked, told, corpus)
    assert not supplies(books, seized, corpus)


def test_a_year_that_names_the_thing_is_not_when_it_was_done() -> None:
    # "with 2040 figures": the figures of 2040, updated in 2041; "in 2040" is when.
    row = "Action: Update the mooring data set with 2040 figures — Deadline: 28 February 2041."
    met = "The harbour board met the skippers in May 2039."
    corpus = build_corpus([row, met])
    update = read_question("deadline for updating the mooring data set with 2040 figures?", corpus)
    meeting = read_question("When did the harbour board meet the skippers in 2040?", corpus)

    assert supplies(update, row, corpus)
    assert not supplies(meeting, met, corpus)


@pytest.mark.parametrize(
    ("question", "near", "given"),
    [
        # "three new bylaws" and "five years" count bylaws and years, not pilots.
        (
            "How many harbour pilots are licensed in the port?",
            "The board passed three new bylaws: harbour pilots would renew licences every five"
            " years.",
            "The port has licensed 46 harbour pilots since the spring.",
        ),
        # Asked which bodies did something, a sentence that names a body doing something else.
        (
            "Which organisations funded the harbour festival?",
            "Delegates of the Maritime Heritage Trust met the harbour festival committee in May.",
            "The Maritime Heritage Trust funded the harbour festival.",
        ),
        # A row's date stands under its label: when a request was first raised, not done.
        (
            "When were the mooring fees published?",
            "No.: H3 — Request: Publish the mooring fees — First raised: May 2030 — Status: open.",
            "No.: H3 — Request: Publish the mooring fees — Published: June 2031 — Status: done.",
        ),
        # Asked whether one did something, a sentence of something else doing it.
        (
            "Did the harbour trust meet the fishing guild?",
            "Much of the guild's work meets with the approval of the town.",
            "The harbour trust met the fishing guild in May.",
        ),
        # Asked what happened since a year, a sentence of nothing later.
        (
            "Has the harbour bylaw been changed since 2030?",
            "The 2028 harbour bylaw brought changes to the mooring fees.",
            "In 2031 the harbour bylaw was changed to allow mooring at night.",
        ),
    ],
)
def test_a_sentence_beside_what_is_asked_is_no_answer(question: str, near: str, given: str) -> None:
    corpus = build_corpus([near, given])
    asked = read_question(question, corpus)

    assert not supplies(asked, near, corpus)
    assert supplies(asked, given, corpus)


def test_a_doing_asked_in_a_word_of_no_substance_is_answered_by_the_sentence_that_says_it(
    store: Store,
) -> None:
    text = (
        "The Mooring Law\n\nThe harbour masters explained the new law to the guild. For this"
        " reason, we endorsed the stated aim of the Mooring Law. The masters thanked us."
    )
    store.call(ingest, "mooring-visit", "Mooring visit", text)

    answer = store.call(answer_question, "Did the guild back the stated aim of the Mooring Law?")

    assert answer.found, answer.text
    assert "we endorsed the stated aim" in answer.text


def test_a_paper_only_said_to_exist_does_not_say_what_is_in_it(store: Store) -> None:
    text = (
        "Funding\n\nThe festival committee said they have a working group, and they have a whole"
        " paper on how to fund the festival, and they can go to the council tomorrow with it.\n\n"
        "The plan\n\nThe committee's report proposes a harbour levy of two crowns a boat."
    )
    store.call(ingest, "festival-funding", "Festival funding", text)

    inside = store.call(answer_question, "What's in the committee's paper on how to fund it?")
    proposed = store.call(answer_question, "What does the committee's report propose?")

    assert not inside.found, inside.text
    assert proposed.found, proposed.text
    assert "harbour levy" in proposed.text
