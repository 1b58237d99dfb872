"""A coalition letter's deadline reminder: a set time before the deadline, one DM to each member of
its channel who has not signed, each claimed (see `storage.claims`) before it is sent, so that
several replicas send each person one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage import claims
from storage.letters import audit
from storage.models import DeliveryStatus, Letter, LetterReminder, LetterStatus

__all__ = ["claim_reminder", "finish_reminders", "mark_reminder", "reminder_candidates"]

_letters = Letter.__table__  # type: ignore[attr-defined]
_reminders = LetterReminder.__table__  # type: ignore[attr-defined]


def reminder_candidates(session: Session, now: datetime) -> list[int]:
    """Open letters whose reminder is due and not yet given to every member of their channel."""
    letters = session.exec(
        select(Letter).where(
            Letter.status == LetterStatus.OPEN,
            col(Letter.reminded_at).is_(None),
            col(Letter.deadline) > now,
            col(Letter.message_ts).is_not(None),
        )
    ).all()
    return [
        letter.id
        for letter in letters
        if letter.id is not None
        and letter.deadline is not None
        and (letter.deadline - now).total_seconds() <= letter.remind_before_minutes * 60
    ]


def _reminder_of(letter_id: int, user_id: str) -> Any:
    return sa.and_(_reminders.c.letter_id == letter_id, _reminders.c.user_id == user_id)


def claim_reminder(session: Session, letter_id: int, user_id: str, now: datetime) -> bool:
    """True for the one replica that may DM this person this letter's reminder: the one whose
    insert the unique constraint let through, or, once the claim's lease has passed, the one that
    takes over a claim whose replica died before it could say how the DM went."""
    if claims.claim(session, LetterReminder, letter_id=letter_id, user_id=user_id, claimed_at=now):
        return True
    return claims.take_over(session, LetterReminder, now, _reminder_of(letter_id, user_id))


def mark_reminder(session: Session, letter_id: int, user_id: str, *, sent: bool) -> None:
    claims.release(session, LetterReminder, _reminder_of(letter_id, user_id), sent=sent)


def finish_reminders(session: Session, letter_id: int, now: datetime) -> bool:
    """Mark the letter reminded once no reminder of it is still being sent; True (and an entry
    in its audit trail) for the one caller that marked it."""
    pending = sa.exists().where(
        _reminders.c.letter_id == letter_id, _reminders.c.status == DeliveryStatus.CLAIMED.value
    )
    finished = (
        session.connection()
        .execute(
            sa.update(_letters)
            .where(_letters.c.id == letter_id, _letters.c.reminded_at.is_(None), ~pending)
            .values(reminded_at=now)
            .returning(_letters.c.id)
        )
        .first()
    )
    if finished is not None:
        audit(session, letter_id, "bot", "remind", now)
    return finished is not None
