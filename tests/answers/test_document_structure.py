"""The reader on a Markdown record's structure as a coordinator adds it (read, then stored): its
footnotes, table rows, dated headings and title, short sentences that lean on the one before.
Made-up records, beside the seeded store."""

from __future__ import annotations

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from storage.extraction import read_record
from storage.models import utcnow
from storage.records import add_record


def asked_of(store: Store, name: str, text: bytes, question: str) -> Answer:
    """Asked once the record is added as a coordinator adds one: read, then stored."""
    store.call(add_record, read_record(name, text), utcnow(), added_by="test")
    return store.call(answer_question, question)


FOOTNOTED = b"""# Notes on the harbour statute

## 1. Background

The harbour statute governs how moorings are let.[^1] Boat owners have long disliked it.

[^1]: The Harbour Statute, adopted by the Town Council on 4 March 2019 and in force since 2020.
"""


def test_a_footnote_answers_what_only_it_says(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "harbour.md",
        FOOTNOTED,
        "When was the harbour statute adopted by the town council?",
    )

    assert answer.found, answer.text
    assert "4 March 2019" in answer.text[:400]


MARKED = b"""# Notes on the harbour statute

## 1. Background

The harbour statute governs how moorings are let in the old port.[^1] Forty-one boats are moored
there this winter.

[^1]: In force since 2020.
"""


def test_a_footnote_mark_ends_its_sentence_and_is_no_markdown(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store, "harbour.md", MARKED, "How many boats are moored in the old port?"
    )

    assert answer.found, answer.text
    assert answer.text.startswith("Forty-one boats are moored"), answer.text
    assert "[^" not in answer.text


def test_who_turned_up_is_who_attended(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir minutes\n\n## 1. First meeting \xe2\x80\x93 14 February, Old Mill, Tarrow\n\n"
        b"The first meeting was held in the loft of the Old Mill in Tarrow. Eleven people"
        b" attended, including four observers. The conductor chaired.\n",
        "how many ppl turned up to the first meeting",
    )

    assert answer.found, answer.text
    assert answer.text.startswith("Eleven people attended"), answer.text


REPLIES = b"""# The council's replies

## Our requests and the replies

| No. | Recommendation | Council response | Status |
|-----|----------------|------------------|--------|
| Q1 | Allow choirs in the old mill without a booking | Rejected | Closed |
| Q2 | Light the footpath to the harbour | Accepted | Agreed |
"""


def test_asked_whether_a_thing_was_done_its_opposite_answers(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "replies.md",
        REPLIES,
        "did the council accept our recommendation on choirs in the old mill",
    )

    assert answer.found, answer.text
    assert answer.text.startswith("No.: Q1"), answer.text  # not the row the council accepted
    assert "Council response: Rejected" in answer.text[:400]


def test_a_note_that_says_a_thing_answers_a_count(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "harbour.md",
        b"# Harbour notes\n\n## Background\n\nThe new harbour statute needs 12 berth holders to"
        b" found a harbour club.[^1]\n\n[^1]: The old harbour statute required only 7 berth"
        b" holders.\n",
        "How many berth holders did the old harbour statute require?",
    )

    assert answer.found, answer.text
    assert "7 berth holders" in answer.text[:400]


def test_a_day_without_its_year_is_dated_by_the_year_the_title_names(
    seeded_store: Store,
) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir minutes: record of the 2033 season\n\n## Summer concert\n\nThe choir sang in"
        b" the old mill. The programme for the winter concert was sent to the printers on 3"
        b" September.\n",
        "When was the programme sent to the printers?",
    )

    assert answer.found, answer.text
    assert answer.text.startswith("3 September 2033"), answer.text


def test_the_sentence_before_sets_the_scene_of_a_count(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir minutes\n\n## Questions from the singers\n\nOn 3 May the choir held an open"
        b" rehearsal at the old mill. Thirty-four people attended. The most frequent questions"
        b" are below.\n",
        "how many people came to the open rehearsal in may?",
    )

    assert answer.found, answer.text
    assert answer.text.startswith("Thirty-four people attended"), answer.text


DATED_HEADINGS = """# Minutes of the choir's 2033 season

## 1. First meeting – 14 March, Old Mill, Tarrow

The first meeting was held in the loft of the Old Mill in Tarrow. Forty people came.

## 2. Next meeting

The first meeting of 2034 is scheduled for 20 March 2034 in Brevik. The hall is not yet booked.
"""


def test_a_heading_s_day_dates_the_sentences_under_it(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store, "choir.md", DATED_HEADINGS.encode(), "where did we meet in march?"
    )

    assert answer.found, answer.text
    assert answer.text.startswith("The first meeting was held in the loft"), answer.text


def test_the_hour_asked_is_not_given_by_a_date(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir minutes\n\n## Next meeting\n\nThe first meeting of 2034 is scheduled for 12"
        b" February 2034 in the old mill. The hall is not yet booked.\n",
        "what time will the february meeting at the mill start?",
    )

    assert not answer.found, answer.text


def test_who_a_counted_group_were_is_not_answered_without_their_names(
    seeded_store: Store,
) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir minutes\n\n## 1. First meeting \xe2\x80\x93 14 March, Old Mill, Tarrow\n\n"
        b"The first meeting was held in the loft of the Old Mill in Tarrow. Eleven people"
        b" attended, including four observers.\n",
        "who were the four observers at the first meeting",
    )

    assert not answer.found, answer.text


def test_six_of_them_counts_what_the_sentence_named_before(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir minutes\n\n## Second meeting\n\nThe conductor had invited village choirs from"
        b" the Tarrow and Upper Brevik valleys to sing, and five of them gave a recital.\n",
        "how many of the village choirs gave a recital in Tarrow?",
    )

    assert answer.found, answer.text
    assert "five of them gave a recital" in answer.text[:400]


def test_what_needs_to_be_done_is_what_must_be(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "choir.md",
        b"# Choir rules\n\n## Rehearsals at home\n\nHome rehearsals of more than nine singers"
        b" must still be announced to the parish office in advance.\n",
        "above how many singers does a home rehearsal need to be announced to the parish office?",
    )

    assert answer.found, answer.text
    assert "more than nine singers" in answer.text[:400]


def test_a_note_s_mark_is_no_amount(seeded_store: Store) -> None:
    answer = asked_of(
        seeded_store,
        "club.md",
        b"# Club accounts\n\n## Funding\n\nThe club's sailing courses were funded mainly by a grant"
        b" from the Harbour Trust, with the balance covered by the club's own reserve.[^2]\n\n"
        b"[^2]: All figures are rounded.\n",
        "how much did the club's own reserve end up covering for the courses?",
    )

    assert not answer.found, answer.text  # "[2]" is a note, not 2 of anything
