"""Reading the dialogue's history: the timeline and the events in it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from storage.models import EventKind, HistoryEvent


def timeline(session: Session, kinds: Sequence[str] = (EventKind.DIALOGUE,)) -> list[HistoryEvent]:
    """The dated events of the dialogue, oldest first."""
    query = (
        select(HistoryEvent)
        .where(col(HistoryEvent.kind).in_(kinds), col(HistoryEvent.date).is_not(None))
        .order_by(col(HistoryEvent.date), col(HistoryEvent.id))
    )
    return list(session.exec(query))
