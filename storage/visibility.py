"""Who may see what, as one rule the store applies everywhere: a meeting is seen by the members of
its channel (by everyone, for a public channel's), its invitees and whoever scheduled it; a draft
letter by coordinators only.

The face learns from Slack which channels a reader may see (`bot.kit.visibility`) and hands the
store a `Viewer`. Listings filter with `meetings_seen_by` / `letters_seen_by`; `viewing_as` puts
the same conditions on every query a session makes, so that code that reads meetings and letters
without knowing of privacy (question answering) cannot reveal one the reader may not see.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from storage.errors import NotFound
from storage.models import (
    HistoryEvent,
    Invitation,
    Letter,
    LetterStatus,
    Meeting,
    MeetingStatus,
)

__all__ = [
    "EVERYTHING",
    "Viewer",
    "can_see_meeting",
    "letters_seen_by",
    "meeting_channels",
    "meetings_seen_by",
    "seen_meeting",
    "viewing_as",
]

_VIEWER = "roundtable.viewer"


@dataclass(frozen=True)
class Viewer:
    """Whoever will read what the store gives: a person (`user_id`), or everyone in a channel
    (`user_id` None) when the answer is posted there. `channels` are the channels whose meetings
    they may see (public ones, and private ones they are in); None: every channel."""

    user_id: str | None = None
    is_coordinator: bool = False
    channels: frozenset[str] | None = frozenset()


# The terminal (`roundtable-bot …`, the offline console's operator): whoever runs it has the
# database itself.
EVERYTHING = Viewer(None, is_coordinator=True, channels=None)


def meetings_seen_by(viewer: Viewer) -> Any:
    """The condition, on `Meeting`, for the meetings `viewer` may see."""
    if viewer.channels is None:
        return sa.true()
    seen: list[Any] = [col(Meeting.channel_id).in_(sorted(viewer.channels))]
    if viewer.user_id:
        invited = select(Invitation.meeting_id).where(Invitation.user_id == viewer.user_id)
        seen += [col(Meeting.id).in_(invited), col(Meeting.created_by) == viewer.user_id]
    return sa.or_(*seen)


def letters_seen_by(viewer: Viewer) -> Any:
    """The condition, on `Letter`, for the letters `viewer` may see: drafts are coordinators'."""
    return sa.true() if viewer.is_coordinator else col(Letter.status) != LetterStatus.DRAFT.value


def can_see_meeting(session: Session, meeting_id: int, viewer: Viewer) -> bool:
    seen = select(Meeting.id).where(col(Meeting.id) == meeting_id, meetings_seen_by(viewer))
    return session.exec(seen).first() is not None


def seen_meeting(session: Session, meeting_id: int, viewer: Viewer) -> Meeting:
    """The meeting, or `NotFound` worded as for a meeting that does not exist: whether a meeting
    the viewer may not see exists is not theirs to learn either."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or not can_see_meeting(session, meeting_id, viewer):
        raise NotFound(f"There is no meeting M{meeting_id}.", about="meeting")
    return meeting


def meeting_channels(session: Session, now: datetime) -> list[str]:
    """The channels of the meetings still to come (or under way): the ones whose privacy and
    members decide what a reader may see."""
    statement = (
        select(Meeting.channel_id)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Meeting.starts_at) > now - timedelta(hours=24),
        )
        .distinct()
    )
    return sorted(session.exec(statement).all())


@contextmanager
def viewing_as(session: Session, viewer: Viewer) -> Iterator[Session]:
    """Within the block, every query of `session` sees only the meetings and letters `viewer`
    may see (SQLAlchemy's global criteria, `with_loader_criteria`, added on execution)."""
    previous = session.info.get(_VIEWER)
    session.info[_VIEWER] = viewer
    try:
        yield session
    finally:
        if previous is None:
            session.info.pop(_VIEWER, None)
        else:
            session.info[_VIEWER] = previous


def outcomes_seen_by(viewer: Viewer) -> Any:
    """The condition, on `HistoryEvent`, for the history `viewer` may see: a logged meeting
    outcome (slug `meeting-<id>`) only when they may see that meeting."""
    if viewer.channels is None:
        return sa.true()
    # Said as what may be seen: within a viewer's session the meetings they may not see are
    # out of every query, this one's subquery included.
    seen = select(sa.literal("meeting-") + sa.cast(Meeting.id, sa.String)).where(
        meetings_seen_by(viewer)
    )
    slug = col(HistoryEvent.slug)
    return sa.or_(sa.not_(slug.startswith("meeting-")), slug.in_(seen))


def current_viewer(session: Session) -> Viewer | None:
    viewer: Viewer | None = session.info.get(_VIEWER)
    return viewer


@event.listens_for(OrmSession, "do_orm_execute")
def _only_what_the_viewer_may_see(state: ORMExecuteState) -> None:
    viewer = state.session.info.get(_VIEWER)
    if viewer is None or not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("skip_viewer"):
        return  # a query that must count everything (to tell what the viewer may not see)
    state.statement = state.statement.options(*_criteria(viewer))


# The conditions are built once a viewer, not once a query: building them (and the subqueries
# they hold) cost more than running most queries. Bounded: the viewers of the last few minutes.
@lru_cache(maxsize=256)
def _criteria(viewer: Viewer) -> tuple[Any, ...]:
    return (
        with_loader_criteria(Meeting, meetings_seen_by(viewer)),
        with_loader_criteria(Letter, letters_seen_by(viewer)),
        with_loader_criteria(HistoryEvent, outcomes_seen_by(viewer)),
    )
