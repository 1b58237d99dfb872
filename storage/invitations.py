"""Who is invited to a meeting and what they answered (going, maybe, not going), and invited user
groups replaced by their members once those are known."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, delete, select

from storage.db import insert_if_absent
from storage.errors import InvalidInput
from storage.meetings import open_meeting
from storage.models import Invitation, Meeting
from storage.visibility import Viewer, seen_meeting

RESPONSES = ("going", "maybe", "not going")
DECLINED = "not going"


def respond(
    session: Session,
    meeting_id: int,
    user_id: str,
    response: str,
    pressed_at: datetime,
    viewer: Viewer,
) -> Meeting | None:
    """Record someone's RSVP, pressed at `pressed_at`; clicking the same button twice changes
    nothing more. None when an answer pressed later is already stored: presses a moment apart
    can reach the store in either order, and the one pressed last is the one that counts. Only a
    meeting `viewer` (the person answering) may see takes their answer: answering would invite
    them, and so show them the meeting."""
    if response not in RESPONSES:
        raise InvalidInput("Answer going, maybe or not going.")
    seen_meeting(session, meeting_id, viewer)
    meeting = open_meeting(session, meeting_id)
    # Whoever answers is invited from then on; the constraint keeps one row per person.
    insert_if_absent(session, Invitation, meeting_id=meeting_id, user_id=user_id)
    answered = session.connection().execute(
        sa.update(Invitation)
        .where(
            col(Invitation.meeting_id) == meeting_id,
            col(Invitation.user_id) == user_id,
            sa.or_(
                col(Invitation.responded_at).is_(None), col(Invitation.responded_at) <= pressed_at
            ),
        )
        .values(response=response, responded_at=pressed_at)
    )
    return meeting if answered.rowcount else None


def invitees(session: Session, meeting_id: int, *, including_declined: bool = False) -> list[str]:
    query = select(Invitation.user_id).where(Invitation.meeting_id == meeting_id)
    if not including_declined:
        query = query.where(
            sa.or_(col(Invitation.response).is_(None), col(Invitation.response) != DECLINED)
        )
    return sorted(session.exec(query.order_by(col(Invitation.user_id))))


def expand_group(session: Session, meeting_id: int, group_id: str, members: Sequence[str]) -> None:
    """Replace an invited user group by its members (once Slack has told us who they are)."""
    for user_id in members:
        insert_if_absent(session, Invitation, meeting_id=meeting_id, user_id=user_id)
    session.exec(
        delete(Invitation).where(
            col(Invitation.meeting_id) == meeting_id, col(Invitation.user_id) == group_id
        )
    )
