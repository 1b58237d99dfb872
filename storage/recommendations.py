"""The recommendations tracker: each recommendation's status now, its history, and coordinators'
status changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.db import insert_if_absent
from storage.errors import InvalidInput, NotFound
from storage.models import (
    HistoryEvent,
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
    StatusChange,
    max_length,
    utcnow,
)

__all__ = [
    "CLOSED_STATUSES",
    "MADE_BY",
    "OpenRecommendation",
    "TrackedRecommendation",
    "is_open",
    "latest_changes",
    "open_recommendations",
    "parse_status",
    "record_status_change",
    "tracked",
    "tracked_one",
]

MADE_BY = {
    RecommendationSource.UN_SPECIAL_RAPPORTEUR: "the U.N. Special Rapporteur",
    RecommendationSource.ROUNDTABLE_DELEGATION: "the IRF Roundtable delegation",
}
MAX_EVIDENCE = max_length(StatusChange, "evidence")
# The one rule for an open recommendation, which the tracker's list and the meeting reminders
# share: neither implemented nor declined (a recommendation with no status recorded is open).
CLOSED_STATUSES = (RecommendationStatus.IMPLEMENTED, RecommendationStatus.DECLINED)


def is_open(status: str) -> bool:
    return status not in CLOSED_STATUSES


@dataclass(frozen=True)
class TrackedRecommendation:
    recommendation: Recommendation
    history: tuple[StatusChange, ...]  # oldest first; the last is the status now
    source_event: HistoryEvent | None

    @property
    def current(self) -> StatusChange | None:
        return self.history[-1] if self.history else None

    @property
    def status(self) -> str:
        return self.current.status if self.current else RecommendationStatus.OPEN.value

    @property
    def made_by(self) -> str:
        return MADE_BY.get(RecommendationSource(self.recommendation.made_by), "")

    @property
    def is_open(self) -> bool:
        return is_open(self.status)


def _order(change: StatusChange) -> tuple[dt.date, dt.datetime, int]:
    # The newest as-of date wins; on the same day, the one recorded last.
    return (change.as_of, change.recorded_at, change.id or 0)


def tracked(session: Session) -> list[TrackedRecommendation]:
    """Every recommendation with its status history, in the order the sources give them."""
    recommendations = session.exec(select(Recommendation).order_by(col(Recommendation.id))).all()
    changes: dict[int, list[StatusChange]] = {}
    for change in session.exec(select(StatusChange)).all():
        changes.setdefault(change.recommendation_id, []).append(change)
    events = {event.id: event for event in session.exec(select(HistoryEvent)).all()}
    return [
        TrackedRecommendation(
            recommendation,
            tuple(sorted(changes.get(recommendation.id or 0, []), key=_order)),
            events.get(recommendation.source_event_id),
        )
        for recommendation in recommendations
    ]


def normalize_ref(ref: str) -> str:
    """ "rt3", "RT 3", "un-d", "UN (d)" -> "RT-3", "UN-d"."""
    match = re.fullmatch(r"\s*(un|rt)\s*[-_ ]?\s*\(?([a-z]|\d{1,2})\)?\s*", ref, re.IGNORECASE)
    if not match:
        return ref.strip()
    prefix, label = match.group(1).upper(), match.group(2)
    return f"{prefix}-{label.lower() if prefix == 'UN' else label}"


def tracked_one(session: Session, ref: str) -> TrackedRecommendation:
    wanted = normalize_ref(ref)
    for item in tracked(session):
        if item.recommendation.ref.lower() == wanted.lower():
            return item
    # Only the characters a reference can have are repeated back: nothing typed can become markup.
    shown = re.sub(r"[^\w\- ()]", "", wanted)[:20]
    raise NotFound(f"There is no recommendation `{shown}`.", about="recommendation")


def parse_status(text: str) -> str:
    """A status as people type it ("in-progress", "Partially implemented") -> its stored value."""
    wanted = " ".join(re.split(r"[\s_-]+", text.strip().lower()))
    for status in RecommendationStatus:
        if wanted == status.value:
            return status.value
    names = ", ".join(f"`{status.value}`" for status in RecommendationStatus)
    raise InvalidInput(f"A status is one of {names}.")


def record_status_change(
    session: Session,
    ref: str,
    status: str,
    as_of: dt.date,
    evidence: str,
    recorded_by: str,
    *,
    today: dt.date | None = None,
) -> tuple[TrackedRecommendation, bool]:
    """Record a new status; True if recorded, False if the same person had already recorded the same
    status as of the same day (a retry or a double click). The as-of date must lie between the
    day the recommendation was made and `today` (in the coalition's zone; a day's grace without)."""
    status = parse_status(status)
    evidence = evidence.strip()
    if not evidence:
        raise InvalidInput("Say what shows the new status (the evidence), with its source.")
    if len(evidence) > MAX_EVIDENCE:
        raise InvalidInput(f"Keep the evidence under {MAX_EVIDENCE} characters.")
    latest = today or utcnow().date() + dt.timedelta(days=1)
    if as_of > latest:
        raise InvalidInput(
            f"The as-of date {as_of.isoformat()} is in the future: give the day the status"
            f" changed, {latest.isoformat()} at the latest.",
            about="as_of",
        )
    item = tracked_one(session, ref)
    made = item.source_event.date if item.source_event else None
    if made is not None and as_of < made:
        raise InvalidInput(
            f"{item.recommendation.ref} was made on {made.isoformat()}: a status as of"
            f" {as_of.isoformat()} would come before it. Check the date.",
            about="as_of",
        )
    inserted = insert_if_absent(
        session,
        StatusChange,
        recommendation_id=item.recommendation.id,
        status=status,
        as_of=as_of,
        evidence=evidence,
        recorded_by=recorded_by,
        recorded_at=utcnow(),
    )
    session.flush()
    return tracked_one(session, ref), inserted


def latest_changes(session: Session, limit: int = 5) -> list[tuple[Recommendation, StatusChange]]:
    """The most recently recorded status changes, newest first."""
    rows = session.exec(
        select(Recommendation, StatusChange)
        .join(StatusChange, col(StatusChange.recommendation_id) == col(Recommendation.id))
        .order_by(col(StatusChange.recorded_at).desc(), col(StatusChange.id).desc())
        .limit(limit)
    ).all()
    return [(recommendation, change) for recommendation, change in rows]


def with_status(
    items: Sequence[TrackedRecommendation], statuses: Sequence[str]
) -> list[TrackedRecommendation]:
    return [item for item in items if item.status in statuses]


@dataclass(frozen=True)
class OpenRecommendation:
    ref: str
    text: str
    status: str


def open_recommendations(session: Session, limit: int = 5) -> list[OpenRecommendation]:
    """The first open recommendations by reference, with their status now (what a meeting
    reminder lists)."""
    items = sorted(
        (item for item in tracked(session) if item.is_open),
        key=lambda item: item.recommendation.ref,
    )
    return [
        OpenRecommendation(item.recommendation.ref, item.recommendation.text, item.status)
        for item in items[:limit]
    ]
