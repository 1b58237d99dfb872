"""Reading the dialogue's history: the timeline and the events in it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from storage.models import EventKind, HistoryEvent
from storage.visibility import EVERYTHING, Viewer, viewing_as


def timeline(
    session: Session, viewer: Viewer = EVERYTHING, kinds: Sequence[str] = (EventKind.DIALOGUE,)
) -> list[HistoryEvent]:
    """The dated events of the dialogue, oldest first, as `viewer` may see them (a private
    meeting's logged outcome only by those who may see the meeting)."""
    query = (
        select(HistoryEvent)
        .where(col(HistoryEvent.kind).in_(kinds), col(HistoryEvent.date).is_not(None))
        .order_by(col(HistoryEvent.date), col(HistoryEvent.id))
    )
    with viewing_as(session, viewer):
        return list(session.exec(query))
