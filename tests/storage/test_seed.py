"""The seed data against the report it is transcribed from, and the loader's idempotence."""

from __future__ import annotations

import datetime as dt
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from storage.db import Store
from storage.documents import NOTES, sentences
from storage.models import (
    EventKind,
    HistoryEvent,
    Letter,
    Recommendation,
    RecommendationStatus,
    SourcePassage,
    StatusChange,
)
from storage.seeding import (
    SeedCounts,
    is_seeded,
    load_seed_data,
    report_passages,
    report_text,
    seed,
)

SHARED_REPORT = Path(__file__).parents[2] / ".." / "shared" / "seed" / "dialogue-report.txt"
REPORT = report_text()
NO_RESPONSE = "The report records no response from the government on this recommendation."
BULLETS = re.compile(r"^[\s\u2022]+")  # leading whitespace (no-break spaces too) and "•"


def normalize(text: str) -> str:
    """The report's text with bullets and spacing (no-break spaces included) evened out."""
    return " ".join(BULLETS.sub("", text).split())


FLAT_REPORT = normalize(REPORT)


@pytest.fixture
def seeded(store: Store) -> Store:
    store.call(seed)
    return store


def all_rows(store: Store, model: Any, order_by: Any) -> list[Any]:
    with store.session() as session:
        return list(session.exec(select(model).order_by(order_by)).all())


def event(store: Store, slug: str) -> HistoryEvent:
    with store.session() as session:
        return session.exec(select(HistoryEvent).where(HistoryEvent.slug == slug)).one()


def events_on(store: Store, date: dt.date) -> list[HistoryEvent]:
    with store.session() as session:
        return list(session.exec(select(HistoryEvent).where(HistoryEvent.date == date)).all())


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with store.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                ).all()
            ]
            for table in SQLModel.metadata.sorted_tables
        }


# --- the packaged report ------------------------------------------------------------------


def test_packaged_report_is_the_shared_report() -> None:
    if not SHARED_REPORT.exists():
        pytest.skip(f"no shared copy of the report at {SHARED_REPORT}")
    packaged = resources.files("storage.seed").joinpath("dialogue-report.txt").read_bytes()
    assert packaged == SHARED_REPORT.read_bytes()


# --- passages -----------------------------------------------------------------------------


NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|\([a-z]\))\s+")  # "66. ", "(a) ": dropped, like bullets


def test_passages_are_the_reports_own_sentences_a_few_at_a_time(seeded: Store) -> None:
    passages = all_rows(seeded, SourcePassage, SourcePassage.position)
    lines = (NUMBERING.sub("", normalize(line)) for line in REPORT.splitlines())
    flat = " ".join(filter(None, lines))
    assert len(passages) > 40
    for passage in passages:
        assert passage.document_id is not None
        assert passage.text == passage.text.strip()
        assert not passage.text.startswith("\u2022")
        assert len(passage.text) <= 800, passage.key  # sized for answers, not whole pages
        for sentence in sentences(passage.text):
            assert sentence in flat, f"{passage.key} is not verbatim: {sentence[:60]!r}"


def test_passages_cover_every_sentence_of_the_report(seeded: Store) -> None:
    passages = all_rows(seeded, SourcePassage, SourcePassage.position)
    texts = [p.text for p in passages]
    headings = {p.section for p in passages}
    lines = [NUMBERING.sub("", normalize(line)) for line in REPORT.splitlines()]
    said = [s for line in lines for s in sentences(line)]
    uncovered = [s for s in said if s not in headings and not any(s in t for t in texts)]
    assert uncovered == []


def test_each_passage_names_the_heading_it_sits_under(seeded: Store) -> None:
    passages = all_rows(seeded, SourcePassage, SourcePassage.position)
    lines = [normalize(line) for line in REPORT.splitlines()]
    assert {p.section for p in passages} - {"", NOTES} <= set(lines)
    trip = next(p for p in passages if "five-member" in p.text)
    assert trip.section == "The Trip to Kazakhstan"
    assert next(p for p in passages if p.text.startswith("[1]")).section == NOTES


# --- events -------------------------------------------------------------------------------


def test_every_event_date_is_written_in_the_report(seeded: Store) -> None:
    report_lines = [normalize(line) for line in REPORT.splitlines()]
    for ev in all_rows(seeded, HistoryEvent, HistoryEvent.slug):
        for date in (ev.date, ev.end_date):
            if date is None:
                continue
            if ev.date_precision == "day":
                written = (f"{date:%B} {date.day}", str(date.year))
                assert any(all(w in line for w in written) for line in report_lines), ev.slug
            elif ev.date_precision == "month":
                assert date.day == 1
                # "In March of 2013"; "In June 0f 2012", as the report types it.
                assert re.search(rf"{date:%B} [o0]f {date.year}", FLAT_REPORT), ev.slug
            else:
                assert ev.date_precision == "year"
                assert (date.month, date.day) == (1, 1)
                assert str(date.year) in FLAT_REPORT


def test_participants_are_named_as_the_report_names_them(seeded: Store) -> None:
    for ev in all_rows(seeded, HistoryEvent, HistoryEvent.slug):
        assert ev.kind in set(EventKind)
        for participant in ev.participants:
            assert normalize(participant) in FLAT_REPORT, (ev.slug, participant)


def test_the_dialogue_as_the_report_tells_it(seeded: Store) -> None:
    (invitation,) = events_on(seeded, dt.date(2013, 3, 1))
    assert invitation.date_precision == "month"
    assert invitation.participants == ["Greg Mitchell", "the Kazakh Ambassador to the U.S."]

    (breakfast,) = events_on(seeded, dt.date(2013, 5, 8))
    assert (breakfast.kind, breakfast.date_precision) == ("dialogue", "day")
    assert breakfast.place == "Kazakh Embassy in Washington"
    assert "15 participants of the IRF Roundtable" in breakfast.participants
    assert "leaders of the Agency for Religious Affairs (ARA)" in breakfast.participants

    (trip,) = events_on(seeded, dt.date(2013, 12, 1))
    assert "Greg Mitchell" in trip.participants
    assert "a five-member IRF Roundtable delegation" in trip.participants
    assert "Mitchell led a five-member IRF Roundtable delegation" in trip.key_points[0]
    assert "Astana and Almaty" in trip.place
    assert any("observers in a conference" in point for point in trip.key_points)

    (visit,) = events_on(seeded, dt.date(2014, 3, 25))
    assert visit.end_date == dt.date(2014, 4, 4)
    assert any("Heiner Bielefeldt" in p for p in visit.participants)

    (meeting,) = events_on(seeded, dt.date(2014, 11, 19))
    assert meeting.place == "Kazakh Embassy in Washington"
    assert "leaders of the Ministry of Culture and Sport" in meeting.participants
    assert "the Committee for Religious Affairs" in meeting.participants

    coalition = event(seeded, "coalition-2012-06")
    assert (coalition.date, coalition.date_precision) == (dt.date(2012, 6, 1), "month")
    assert coalition.participants == ["approximately 30 participants of the Roundtable"]

    uscirf = event(seeded, "uscirf-tier-2-2013")
    assert (uscirf.kind, uscirf.date, uscirf.date_precision) == (
        "background",
        dt.date(2013, 1, 1),
        "year",
    )

    for slug in ("special-rapporteur-report", "roundtable-trip-report"):
        report = event(seeded, slug)
        assert (report.kind, report.date, report.end_date) == ("report", None, None)


# --- recommendations ----------------------------------------------------------------------


def test_recommendations_are_verbatim_under_their_labels(seeded: Store) -> None:
    recommendations = all_rows(seeded, Recommendation, Recommendation.ref)
    assert [r.ref for r in recommendations] == [
        "RT-1",
        "RT-3",
        "RT-6",
        "RT-7",
        "UN-a",
        "UN-b",
        "UN-d",
        "UN-e",
    ]
    for rec in recommendations:
        first, *bullets = rec.text.split("\n")
        # "(d) Above all, …" and "3. If it has not …": the label is the one the report gives.
        assert re.search(re.escape(rec.label) + r"\.? " + re.escape(first), REPORT), rec.ref
        for bullet in bullets:
            assert bullet.startswith("\u2022 ")
            assert bullet.removeprefix("\u2022 ") in REPORT, rec.ref
        assert rec.addressee == "Government of Kazakhstan"
        expected = (
            ("roundtable_delegation", "roundtable-trip-report")
            if rec.ref.startswith("RT-")
            else ("un_special_rapporteur", "special-rapporteur-report")
        )
        with seeded.session() as session:
            source = session.get(HistoryEvent, rec.source_event_id)
        assert source is not None
        assert (rec.made_by, source.slug) == expected
    rt3 = next(r for r in recommendations if r.ref == "RT-3")
    assert len(rt3.text.split("\n")) == 5  # the recommendation and its four sub-bullets


def test_status_evidence_is_quoted_from_the_report(seeded: Store) -> None:
    changes = all_rows(seeded, StatusChange, StatusChange.id)
    with seeded.session() as session:
        dialogue_dates = set(
            session.exec(
                select(col(HistoryEvent.date)).where(HistoryEvent.kind == "dialogue")
            ).all()
        )
    assert changes
    for change in changes:
        assert change.status in set(RecommendationStatus)
        assert change.recorded_by == "seed"
        assert change.as_of in dialogue_dates  # a status as of a step the report tells of
        if change.status == "open":
            assert change.evidence == NO_RESPONSE
        else:
            assert change.evidence, change.id
            assert change.evidence in REPORT, change.evidence


def test_latest_statuses_follow_the_report(seeded: Store) -> None:
    latest: dict[str, tuple[str, dt.date]] = {}
    with seeded.session() as session:
        rows = session.exec(
            select(Recommendation.ref, StatusChange.status, col(StatusChange.as_of))
            .join(StatusChange, col(StatusChange.recommendation_id) == Recommendation.id)
            .order_by(col(StatusChange.as_of))
        ).all()
    for ref, status, as_of in rows:
        latest[ref] = (status, as_of)
    nov_19 = dt.date(2014, 11, 19)
    assert latest == {
        "UN-a": ("open", nov_19),
        "UN-b": ("open", nov_19),
        "UN-d": ("declined", nov_19),
        "UN-e": ("open", nov_19),
        "RT-1": ("in progress", nov_19),
        "RT-3": ("partially implemented", nov_19),
        "RT-6": ("open", nov_19),
        "RT-7": ("open", nov_19),
    }
    rt3 = [(status, as_of) for ref, status, as_of in rows if ref == "RT-3"]
    assert rt3 == [("in progress", dt.date(2013, 12, 1)), ("partially implemented", nov_19)]


# --- letters ------------------------------------------------------------------------------


def test_the_2012_letter_is_closed_with_its_recorded_signers(seeded: Store) -> None:
    (letter,) = all_rows(seeded, Letter, Letter.id)
    assert letter.status == "closed"
    assert letter.addressees == "U.S. government leaders"
    assert letter.recorded_signers == "approximately 30 participants of the Roundtable"
    assert letter.body == ""  # the report does not give the letter's text
    assert letter.deadline is None
    assert letter.created_at == letter.closed_at == datetime(2012, 6, 1, tzinfo=UTC)


# --- the loader ---------------------------------------------------------------------------


def test_seeding_twice_changes_nothing(store: Store) -> None:
    data = load_seed_data()
    assert store.call(is_seeded) is False

    first = store.call(seed)
    assert first == SeedCounts(
        events=len(data["events"]),
        passages=report_passages(),
        recommendations=len(data["recommendations"]),
        status_changes=sum(len(r["status_history"]) for r in data["recommendations"]),
        letters=len(data["letters"]),
    )
    assert store.call(is_seeded) is True
    before = dump(store)
    assert all(before[t] for t in ("historyevent", "sourcepassage", "statuschange", "letter"))

    assert store.call(seed) == SeedCounts()
    assert dump(store) == before


def test_reseeding_restores_what_is_missing_and_keeps_later_history(store: Store) -> None:
    store.call(seed)

    def remove_a_passage_and_record_news(session: Session) -> None:
        passage = session.exec(
            select(SourcePassage).where(SourcePassage.key == "dialogue-report#55")
        ).one()
        session.delete(passage)
        rt6 = session.exec(select(Recommendation).where(Recommendation.ref == "RT-6")).one()
        assert rt6.id is not None
        session.add(
            StatusChange(
                recommendation_id=rt6.id,
                status="acknowledged",
                as_of=dt.date(2015, 1, 1),
                recorded_by="U0COORD",
            )
        )

    store.call(remove_a_passage_and_record_news)
    assert store.call(is_seeded) is False

    # The document is cut again whole; the missing passage is back.
    assert store.call(seed) == SeedCounts(passages=report_passages())
    assert store.call(is_seeded) is True
    with store.session() as session:
        rt6_history = session.exec(
            select(StatusChange.status)
            .join(Recommendation, col(StatusChange.recommendation_id) == Recommendation.id)
            .where(Recommendation.ref == "RT-6")
            .order_by(col(StatusChange.as_of))
        ).all()
    assert rt6_history == ["open", "acknowledged"]
