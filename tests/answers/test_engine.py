"""Question answering over the seeded store: the evaluation set, follow-ups, status changes and
bad input, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from storage.extraction import read_record
from storage.models import SourcePassage, utcnow
from storage.recommendations import record_status_change
from storage.records import add_record

EVALUATION = Path(__file__).with_name("eval") / "seed_dev.json"
# Written from the report by someone who had not read the engine: paraphrased as users ask.
PARAPHRASED = Path(__file__).with_name("eval") / "seed_dev2.json"
THIRD = Path(__file__).with_name("eval") / "seed_dev3.json"
FOURTH = Path(__file__).with_name("eval") / "seed_dev4.json"
FIFTH = Path(__file__).with_name("eval") / "seed_dev5.json"
SIXTH = Path(__file__).with_name("eval") / "seed_dev6.json"
# Questions on a follow-up document, added through the records path as a coordinator adds one.
FOLLOW_UP = Path(__file__).with_name("eval") / "followup_dev.json"
FIRST = 400  # characters of an answer in which its fact must stand


def evaluation_set(path: Path = EVALUATION) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["questions"]
    return questions


def is_correct(item: dict[str, Any], answer: Answer) -> bool:
    if item.get("answerable", True) is False:
        return not answer.found
    first = answer.text[:FIRST].lower()
    return answer.found and all(fact.lower() in first for fact in item["expect"])


def test_the_evaluation_set_is_big_enough_and_has_unanswerable_questions() -> None:
    questions = evaluation_set()
    assert len(questions) >= 60
    assert sum(1 for q in questions if q.get("answerable", True) is False) >= 8


@pytest.mark.parametrize(
    ("path", "right", "declined"),
    [
        (EVALUATION, 0.95, 0.999),
        (PARAPHRASED, 0.85, 0.974),
        (THIRD, 0.96, 0.97),
        (FOURTH, 0.945, 0.97),
        (FIFTH, 0.82, 0.91),
        (SIXTH, 0.87, 0.91),
        (FOLLOW_UP, 0.955, 0.999),
    ],
    ids=["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "followup_dev"],
)
def test_the_evaluation_set_is_answered_correctly_and_honestly(
    seeded_store: Store, path: Path, right: float, declined: float
) -> None:
    document = json.loads(path.read_text(encoding="utf-8")).get("document")
    if document:
        added = path.with_name(document)
        seeded_store.call(add_record, read_record(added.name, added.read_bytes()), utcnow())
    answerable: list[tuple[bool, str, str]] = []
    unanswerable: list[tuple[bool, str, str]] = []
    for item in evaluation_set(path):
        answer = seeded_store.call(answer_question, item["question"])
        ok = is_correct(item, answer)
        (answerable if item.get("answerable", True) else unanswerable).append(
            (ok, item["question"], answer.text[:160])
        )
        if answer.found:  # every answer names its source
            assert answer.sources, item["question"]
    # Floors at the figures the reader reaches on this dev set (benchmarks/answering.py prints
    # them); a change that loses ground fails here.
    wrong = [(q, a) for ok, q, a in answerable if not ok]
    assert len(wrong) <= (1 - right) * len(answerable), wrong
    answered = [q for ok, q, _ in unanswerable if not ok]
    assert len(answered) <= (1 - declined) * len(unanswerable), answered


def test_asked_for_a_number_the_records_do_not_give_it_says_so_before_what_they_do_say(
    seeded_store: Store,
) -> None:
    unnumbered = seeded_store.call(
        answer_question, "How many registered religious groups were there after the law?"
    )
    counted = seeded_store.call(answer_question, "How many people were on the trip?")

    assert unnumbered.text.startswith("The records give no number for that.")
    assert "sharp drop" in unnumbered.text
    assert "five-member" in counted.text
    assert not counted.text.startswith("The records give no number")


def test_a_status_answer_gives_the_status_its_as_of_date_and_the_evidence(
    seeded_store: Store,
) -> None:
    answer = seeded_store.call(answer_question, "what's the status of UN-d?")

    assert answer.text.startswith("UN-d is declined, as of 19 November 2014.")
    assert "there will be no changes to the law" in answer.text
    assert answer.sources[0].date == dt.date(2014, 11, 19)


def test_a_coordinators_status_change_shows_in_the_next_answer(seeded_store: Store) -> None:
    seeded_store.call(
        record_status_change,
        "rt-6",
        "acknowledged",
        dt.date(2026, 11, 20),
        "The ARA wrote back that it will consider a safe space for dialogue.",
        "UCOORD1",
    )

    answer = seeded_store.call(answer_question, "Where does RT-6 stand?")

    assert answer.text.startswith("RT-6 is acknowledged, as of 20 November 2026.")
    assert "safe space for dialogue" in answer.text


def test_a_follow_up_leans_on_the_previous_question_of_its_thread(seeded_store: Store) -> None:
    first = seeded_store.call(answer_question, "When was the most recent meeting?")
    assert first.text.startswith("19 November 2014")

    follow_up = seeded_store.call(answer_question, "and who attended it?", first.topic)
    alone = seeded_store.call(answer_question, "and who attended it?")

    assert "Ministry of Culture and Sport" in follow_up.text
    assert "Ministry of Culture and Sport" not in alone.text


def test_dates_the_report_gives_only_to_the_month_are_never_shown_as_days(
    seeded_store: Store,
) -> None:
    answer = seeded_store.call(answer_question, "when was the coalition formed?")

    assert answer.text.startswith("June 2012")
    assert answer.sources[0].date is None  # not 2012-06-01, which the report never says
    # The report itself is dated to the month only.
    assert answer.sources[0].title.startswith("The coalition's report on its dialogue")
    assert "(November 2014)" in answer.sources[0].title


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \t ",
        "x" * 10_000,
        "when did the dialogue begin? " * 400,
        "\x00\x07\x1b[31mwhen\x7f did it begin",
        "<!channel> <@U123> <https://evil.example|click> when did the dialogue begin?",
        '"',
        '"unclosed quote kazakhstan',
        "* OR NEAR(",
        "ara NEAR/3 law OR * AND NOT -",
        "kazakhstan:* & !law | ' ",
        "' OR 1=1; DROP TABLE sourcepassage; --",
        "🙏🕊️",
    ],
)
def test_bad_input_gets_an_answer_or_a_clear_message(seeded_store: Store, question: str) -> None:
    answer = seeded_store.call(answer_question, question)

    assert answer.text
    assert isinstance(answer.as_json()["found"], bool)
    assert "<!channel>" not in answer.text
    # The passages are still there, whatever was typed.
    assert seeded_store.call(answer_question, "When did the dialogue begin?").found


def test_a_new_question_in_a_thread_is_not_bent_to_the_previous_topic(seeded_store: Store) -> None:
    first = seeded_store.call(answer_question, "When did the dialogue begin?")

    answer = seeded_store.call(
        answer_question, "What did the officials say about changing the law?", first.topic
    )

    assert "no changes to the law" in answer.text
    assert answer.sources[0].date == dt.date(2014, 11, 19)


def test_retrieval_answers_from_any_passage_but_not_from_scattered_words(
    seeded_store: Store,
) -> None:
    question = "What did the Ambassador say about climate change?"
    with seeded_store.session() as session:
        session.add(
            SourcePassage(
                key="scattered",
                position=900,
                text="The Ambassador noted a climate of insecurity; the changes were small.",
            )
        )
    assert not seeded_store.call(answer_question, question).found

    with seeded_store.session() as session:
        session.add(
            SourcePassage(
                key="minutes-2026",
                section="Minutes",
                position=901,
                text="The Ambassador said climate change now shapes the region's security.",
            )
        )
    answer = seeded_store.call(answer_question, question)

    assert answer.found
    assert answer.text.startswith("The Ambassador said climate change")
    assert answer.sources[0].title == "The coalition's records, “Minutes”"


def test_a_first_question_with_a_pronoun_is_read_whole_but_and_who_still_asks_for_more(
    seeded_store: Store,
) -> None:
    first = seeded_store.call(answer_question, "What was the conference they sat in on about?")
    leaning = seeded_store.call(answer_question, "And who led it?")

    assert first.found, first.text
    assert "religion, security and citizenship" in first.text
    assert not leaning.found
    assert leaning.text.startswith("I'm not sure what that refers to")


def test_what_happened_in_a_year_gives_that_years_steps_and_none_for_a_year_without_any(
    seeded_store: Store,
) -> None:
    in_2013 = seeded_store.call(answer_question, "What happened in 2013?")
    assert in_2013.text.startswith("From the records, 2013: March 2013: Greg Mitchell invites")
    assert "2014" not in in_2013.text  # not the whole timeline
    # Nothing on record happened in 2015: not the timeline of other years, as it used to be.
    assert not seeded_store.call(answer_question, "what happened in 2015?").found
