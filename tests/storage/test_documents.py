"""The document-agnostic chunker and ingestion: headings, overlap, footnotes, bullets, lead-ins,
and idempotent storage."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from storage.db import Store
from storage.documents import MAX_CHARACTERS, NOTES, chunk, ingest, is_ingested, sentences
from storage.models import SourcePassage

MINUTES = """Minutes of the spring meeting

Opening

The chair opened the meeting at nine. Dr. Smith read the agenda. The members approved it. The
treasurer gave her report. Nobody objected.

# Decisions

  • The group will meet again in May.
  • It will write to the ministry:
    (a) about the new registration rules;
    (b) about the fines.

[1] The agenda was sent by e-mail on 3 March.
"""


def test_passages_sit_under_their_headings_plain_or_markdown() -> None:
    pieces = chunk(MINUTES, "Minutes", dt.date(2026, 3, 10))

    # A heading with nothing under it ("Minutes of the spring meeting") gives no passage.
    assert [piece.section for piece in pieces] == [
        "Opening",
        "Opening",
        "Decisions",
        "Decisions",
        NOTES,
    ]
    assert all(piece.title == "Minutes" and piece.date == dt.date(2026, 3, 10) for piece in pieces)
    opening = [p.text for p in pieces if p.section == "Opening"]
    assert opening[0].startswith("The chair opened the meeting at nine.")
    # A hard-wrapped paragraph keeps its sentences whole across its lines.
    assert "The treasurer gave her report." in opening[1]


def test_passages_overlap_by_one_sentence_and_keep_abbreviations_whole() -> None:
    opening = [p.text for p in chunk(MINUTES, "Minutes") if p.section == "Opening"]

    assert len(opening) >= 2
    first, second = sentences(opening[0]), sentences(opening[1])
    assert first[-1] == second[0]  # the overlap
    assert "Dr. Smith read the agenda." in first  # "Dr." does not end a sentence


def test_bullets_are_dropped_and_a_lead_in_stays_with_what_follows() -> None:
    decisions = [p.text for p in chunk(MINUTES, "Minutes") if p.section == "Decisions"]

    assert not any(text.startswith(("•", "(a)")) for text in decisions)
    assert any("write to the ministry: about the new registration rules;" in t for t in decisions)


def test_footnotes_form_a_section_of_their_own() -> None:
    notes = [p.text for p in chunk(MINUTES, "Minutes") if p.section == NOTES]

    assert notes == ["[1] The agenda was sent by e-mail on 3 March."]


def test_a_passage_is_never_much_longer_than_its_limit() -> None:
    text = "Heading\n\n" + " ".join(f"Sentence number {n} says a little more." for n in range(200))

    pieces = chunk(text, "Long")

    assert len(pieces) > 20
    assert all(len(piece.text) <= MAX_CHARACTERS for piece in pieces)


def test_ingesting_twice_changes_nothing_and_a_new_text_replaces_the_passages(
    store: Store,
) -> None:
    _, written = store.call(ingest, "minutes", "Minutes", MINUTES, dt.date(2026, 3, 10))
    _, again = store.call(ingest, "minutes", "Minutes", MINUTES, dt.date(2026, 3, 10))
    assert written > 0
    assert again == 0
    assert store.call(is_ingested, "minutes", MINUTES)

    store.call(ingest, "minutes", "Minutes", "Only one line that is a sentence.")
    with store.session() as session:
        texts = session.exec(select(SourcePassage.text)).all()
    assert texts == ["Only one line that is a sentence."]
