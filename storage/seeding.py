"""Loads the seed data (storage/seed/dialogue.json, transcribed from the coalition's report, and the
report's full text, cut into passages) into the store, idempotently: a second run inserts nothing
and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from datetime import datetime
from importlib import resources
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.documents import chunk, ingest, is_ingested
from storage.models import (
    Document,
    EventKind,
    HistoryEvent,
    Letter,
    LetterStatus,
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
    SourcePassage,
    StatusChange,
)
from storage.search import settle_index

__all__ = [
    "SEED_RECORDED_BY",
    "SeedCounts",
    "is_seeded",
    "load_seed_data",
    "report_passages",
    "report_text",
    "seed",
]

SEED_PACKAGE = "storage.seed"
DATA_FILE = "dialogue.json"
REPORT_FILE = "dialogue-report.txt"
SEED_RECORDED_BY = "seed"  # StatusChange.recorded_by and Letter.created_by for the report's account
DATE_PRECISIONS = frozenset({"day", "month", "year"})


class SeedCounts(NamedTuple):
    """How many rows one run of `seed` inserted, per kind."""

    events: int = 0
    passages: int = 0
    recommendations: int = 0
    status_changes: int = 0
    letters: int = 0

    @property
    def total(self) -> int:
        return sum(self)


class _Present(NamedTuple):
    """The seed keys already in the store."""

    events: set[str]
    documents: set[str]
    recommendations: set[str]
    letters: set[str]


def load_seed_data() -> dict[str, Any]:
    """The reviewed data file, as parsed JSON."""
    text = resources.files(SEED_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def report_text() -> str:
    """The coalition's report as the package ships it: the text the seed data is checked against."""
    return _packaged(REPORT_FILE)


def report_passages() -> int:
    """How many passages the seed's documents are cut into."""
    data = load_seed_data()
    return sum(len(chunk(_packaged(raw["file"]), raw["title"])) for raw in data["documents"])


def _packaged(name: str) -> str:
    return resources.files(SEED_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def seed(session: Session) -> SeedCounts:
    """Insert whatever of the seed data the store lacks, keyed on event slug, document key,
    recommendation ref and letter title. A recommendation already present keeps its history as it
    is: its seed status changes are only written together with the recommendation itself."""
    data = load_seed_data()
    recorded_at = _utc_datetime(data["recorded_at"])
    present = _present(session)

    events = [
        _event(raw, recorded_at) for raw in data["events"] if raw["slug"] not in present.events
    ]
    session.add_all(events)
    session.flush()
    event_ids = _event_ids(session)

    passages = 0
    for raw in data["documents"]:
        _, written = ingest(
            session,
            raw["key"],
            raw["title"],
            _packaged(raw["file"]),
            _date(raw["date"]),
            raw["date_precision"],
        )
        passages += written
    _link_sections(session, data["events"], event_ids)

    recommendations = 0
    status_changes = 0
    for raw in data["recommendations"]:
        if raw["ref"] in present.recommendations:
            continue
        recommendation = _recommendation(raw, event_ids)
        session.add(recommendation)
        session.flush()  # its id, for the status history
        assert recommendation.id is not None
        history = [
            _status_change(step, recommendation.id, recorded_at) for step in raw["status_history"]
        ]
        session.add_all(history)
        recommendations += 1
        status_changes += len(history)

    letters = [_letter(raw) for raw in data["letters"] if raw["title"] not in present.letters]
    session.add_all(letters)
    session.flush()
    settle_index(session)

    return SeedCounts(
        events=len(events),
        passages=passages,
        recommendations=recommendations,
        status_changes=status_changes,
        letters=len(letters),
    )


def is_seeded(session: Session) -> bool:
    """Whether every record of the seed data is in the store: `seed` would insert nothing."""
    data = load_seed_data()
    present = _present(session)
    return (
        {raw["slug"] for raw in data["events"]} <= present.events
        and all(
            is_ingested(session, raw["key"], _packaged(raw["file"])) for raw in data["documents"]
        )
        and {raw["ref"] for raw in data["recommendations"]} <= present.recommendations
        and {raw["title"] for raw in data["letters"]} <= present.letters
    )


def _link_sections(
    session: Session, events: list[dict[str, Any]], event_ids: dict[str, int]
) -> None:
    """A passage of a section that tells of one event (the data's "section" of the event) is
    tied to it: the event's date is the passage's date."""
    for raw in events:
        section = raw.get("section")
        if not section:
            continue
        document = session.exec(select(Document).where(Document.key == section["document"])).one()
        session.execute(
            sa.update(SourcePassage)
            .where(
                col(SourcePassage.document_id) == document.id,
                col(SourcePassage.section) == section["heading"],
                col(SourcePassage.event_id).is_(None),
            )
            .values(event_id=event_ids[raw["slug"]])
        )


# --- reading the store ---------------------------------------------------------------------


def _present(session: Session) -> _Present:
    return _Present(
        events=set(session.exec(select(HistoryEvent.slug)).all()),
        documents=set(session.exec(select(Document.key)).all()),
        recommendations=set(session.exec(select(Recommendation.ref)).all()),
        letters=set(session.exec(select(Letter.title)).all()),
    )


def _event_ids(session: Session) -> dict[str, int]:
    ids: dict[str, int] = {}
    for slug, event_id in session.exec(select(HistoryEvent.slug, HistoryEvent.id)).all():
        assert event_id is not None
        ids[slug] = event_id
    return ids


def _event_id(slug: str | None, event_ids: dict[str, int]) -> int | None:
    if slug is None:
        return None
    if slug not in event_ids:
        raise ValueError(f"seed data names an unknown event: {slug!r}")
    return event_ids[slug]


# --- building rows from the data file -------------------------------------------------------


def _event(raw: dict[str, Any], recorded_at: datetime) -> HistoryEvent:
    precision = str(raw["date_precision"])
    if precision not in DATE_PRECISIONS:
        raise ValueError(f"event {raw['slug']!r}: unknown date precision {precision!r}")
    return HistoryEvent(
        slug=raw["slug"],
        kind=EventKind(raw["kind"]).value,
        date=_date(raw["date"]),
        end_date=_date(raw["end_date"]),
        date_precision=precision,
        title=raw["title"],
        place=raw["place"],
        participants=list(raw["participants"]),
        summary=raw["summary"],
        key_points=list(raw["key_points"]),
        source=raw["source"],
        # A fixed time rather than now(), so that every seeded store holds the same rows.
        created_at=recorded_at,
    )


def _recommendation(raw: dict[str, Any], event_ids: dict[str, int]) -> Recommendation:
    return Recommendation(
        ref=raw["ref"],
        made_by=RecommendationSource(raw["made_by"]).value,
        label=raw["label"],
        text=raw["text"],
        addressee=raw["addressee"],
        source_event_id=_event_id(raw["source_event"], event_ids),
    )


def _status_change(
    raw: dict[str, Any], recommendation_id: int, recorded_at: datetime
) -> StatusChange:
    return StatusChange(
        recommendation_id=recommendation_id,
        status=RecommendationStatus(raw["status"]).value,
        as_of=dt.date.fromisoformat(raw["as_of"]),
        evidence=raw["evidence"],
        recorded_by=SEED_RECORDED_BY,
        recorded_at=recorded_at,
    )


def _letter(raw: dict[str, Any]) -> Letter:
    # The data's "date_precision" is for readers only: Letter keeps datetimes, the report a month.
    return Letter(
        title=raw["title"],
        body=raw["body"],
        addressees=raw["addressees"],
        status=LetterStatus(raw["status"]).value,
        recorded_signers=raw["recorded_signers"],
        deadline=_optional_utc_datetime(raw["deadline"]),
        created_by=SEED_RECORDED_BY,
        created_at=_utc_datetime(raw["created_at"]),
        closed_at=_optional_utc_datetime(raw["closed_at"]),
    )


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _utc_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"seed data gives a time without a zone: {value!r}")
    return parsed.astimezone(dt.UTC)


def _optional_utc_datetime(value: str | None) -> datetime | None:
    return None if value is None else _utc_datetime(value)
