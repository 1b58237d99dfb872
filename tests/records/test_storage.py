"""The library of records in the store, on SQLite and PostgreSQL: a record added is answered from
with its title as the source, the same file twice is one record, a removed one is never cited."""

from __future__ import annotations

import pytest

from bot.answers.engine import answer_question
from storage.db import Store
from storage.errors import NotAllowed, NotFound
from storage.extraction import read_record
from storage.models import utcnow
from storage.records import add_record, list_records, remove_record
from tests.records.samples import NOTES_MARKDOWN, NOTES_TITLE

QUESTION = "Who hosted the meeting with the regional commissioner in Shymkent?"


def test_a_record_is_answered_from_until_it_is_removed(seeded_store: Store) -> None:
    notes = read_record("shymkent.md", NOTES_MARKDOWN.encode())
    added = seeded_store.call(add_record, notes, utcnow(), added_by="U1")
    assert added.added
    assert added.title == NOTES_TITLE
    assert added.passages >= 2

    answer = seeded_store.call(answer_question, QUESTION)
    assert answer.found
    assert "Bolat Nurlanov" in answer.text[:400]
    assert answer.sources[0].title.startswith(NOTES_TITLE)

    again = seeded_store.call(add_record, notes, utcnow(), title="Another title")
    assert (again.ref, again.title, again.passages, again.added) == (
        added.ref,
        NOTES_TITLE,
        added.passages,
        False,
    )
    assert [row.title for row in seeded_store.call(list_records)].count(NOTES_TITLE) == 1

    removed = seeded_store.call(remove_record, added.ref)
    assert removed.passages == added.passages
    answer = seeded_store.call(answer_question, QUESTION)
    assert "Nurlanov" not in answer.text
    assert not any(s.title.startswith(NOTES_TITLE) for s in answer.sources)
    with pytest.raises(NotFound):
        seeded_store.call(remove_record, added.ref)


def test_the_seed_report_is_listed_and_stays(seeded_store: Store) -> None:
    (report,) = seeded_store.call(list_records)
    assert report.ref == "D1"
    assert report.passages > 50
    with pytest.raises(NotAllowed, match="seed data"):
        seeded_store.call(remove_record, "D1")
    with pytest.raises(NotFound):
        seeded_store.call(remove_record, "D999")
