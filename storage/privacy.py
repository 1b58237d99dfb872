"""What the bot keeps about a person: shown to them whole (`personal_data`), erased at their request
(`forget_person`), and pruned for everyone once the retention period is over (`prune`).

One exception, the letters': a signature on a closed letter stays, because a closed letter is the
letter as it was sent and its list of signatories is its record. Everything else about the person
is erased, or where a record of the coalition must keep the fact of a change (a letter's audit
trail, a recommendation's status history, who scheduled a meeting), no longer names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, delete, func, select, update

from storage.models import (
    AnswerFeedback,
    Delivery,
    Invitation,
    Letter,
    LetterChange,
    LetterReminder,
    LetterStatus,
    Meeting,
    OutboxMessage,
    OutboxStatus,
    Person,
    Question,
    Signature,
    StatusChange,
)

__all__ = [
    "ERASED",
    "Forgotten",
    "PersonalData",
    "Pruned",
    "forget_person",
    "personal_data",
    "prune",
]

# Who did it, once the person asked to be forgotten: the record keeps the change, not the name.
ERASED = "erased"


@dataclass(frozen=True)
class SignatureKept:
    signature: Signature
    letter: Letter


@dataclass(frozen=True)
class RsvpKept:
    invitation: Invitation
    meeting: Meeting


@dataclass(frozen=True)
class PersonalData:
    """Everything the store keeps about one person."""

    profile: Person | None
    signatures: list[SignatureKept]
    rsvps: list[RsvpKept]
    questions: list[Question]
    feedback: list[tuple[AnswerFeedback, Question]]
    # Records that name them without being about them: counted, not listed.
    reminders_sent: int = 0
    audit_entries: int = 0
    coordinator_records: int = 0
    messages_kept: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.profile
            or self.signatures
            or self.rsvps
            or self.questions
            or self.feedback
            or self.reminders_sent
            or self.audit_entries
            or self.coordinator_records
            or self.messages_kept
        )


def record_requires(signature: Signature, letter: Letter) -> bool:
    """Whether a letter's record needs this signature: it is on the closed letter as sent."""
    return letter.status == LetterStatus.CLOSED and signature.withdrawn_at is None


def _count(session: Session, model: type[SQLModel], condition: sa.ColumnElement[bool]) -> int:
    return int(session.exec(select(func.count()).select_from(model).where(condition)).one())


def _addressed_to(user_id: str) -> sa.ColumnElement[bool]:
    return sa.or_(col(OutboxMessage.user_id) == user_id, col(OutboxMessage.channel) == user_id)


def personal_data(session: Session, user_id: str) -> PersonalData:
    signed = session.exec(
        select(Signature, Letter)
        .join(Letter, col(Letter.id) == col(Signature.letter_id))
        .where(Signature.user_id == user_id)
        .order_by(col(Signature.signed_at))
    ).all()
    rsvps = session.exec(
        select(Invitation, Meeting)
        .join(Meeting, col(Meeting.id) == col(Invitation.meeting_id))
        .where(Invitation.user_id == user_id)
        .order_by(col(Meeting.starts_at))
    ).all()
    questions = session.exec(
        select(Question).where(Question.asked_by == user_id).order_by(col(Question.asked_at))
    ).all()
    feedback = session.exec(
        select(AnswerFeedback, Question)
        .join(Question, col(Question.id) == col(AnswerFeedback.question_id))
        .where(AnswerFeedback.user_id == user_id)
        .order_by(col(AnswerFeedback.at))
    ).all()
    coordinator_records = (
        _count(session, Meeting, col(Meeting.created_by) == user_id)
        + _count(session, Letter, col(Letter.created_by) == user_id)
        + _count(session, StatusChange, col(StatusChange.recorded_by) == user_id)
    )
    reminders = _count(session, Delivery, col(Delivery.recipient) == user_id) + _count(
        session, LetterReminder, col(LetterReminder.user_id) == user_id
    )
    return PersonalData(
        profile=session.get(Person, user_id),
        signatures=[SignatureKept(s, letter) for s, letter in signed],
        rsvps=[RsvpKept(i, m) for i, m in rsvps],
        questions=list(questions),
        feedback=[(f, q) for f, q in feedback],
        reminders_sent=reminders,
        audit_entries=_count(session, LetterChange, col(LetterChange.actor) == user_id),
        coordinator_records=coordinator_records,
        messages_kept=_count(session, OutboxMessage, _addressed_to(user_id)),
    )


@dataclass(frozen=True)
class Forgotten:
    """What `forget_person` did: the signatures it kept (with their letters), the letters whose
    count changed (to show it again), and how many rows it erased or made nameless."""

    kept: list[SignatureKept] = field(default_factory=list)
    letters_changed: list[int] = field(default_factory=list)
    erased: int = 0


def forget_person(session: Session, user_id: str, now: datetime) -> Forgotten:
    """Erase what the store keeps about `user_id`, but a signature on a closed letter; one
    transaction. `now` is when it was asked for (kept nowhere: nothing of the person is)."""
    del now  # the same shape as every operation; the erasure itself leaves no date behind
    signed = session.exec(
        select(Signature, Letter)
        .join(Letter, col(Letter.id) == col(Signature.letter_id))
        .where(Signature.user_id == user_id)
    ).all()
    kept = [SignatureKept(s, letter) for s, letter in signed if record_requires(s, letter)]
    kept_letters = {k.letter.id for k in kept}
    gone = [s for s, letter in signed if letter.id not in kept_letters]
    changed = sorted(
        {s.letter_id for s, _ in signed if s.letter_id not in kept_letters and not s.withdrawn_at}
    )
    erased = 0

    def run(statement: object) -> None:
        nonlocal erased
        erased += int(session.exec(statement).rowcount)  # type: ignore[call-overload]

    if gone:
        run(delete(Signature).where(col(Signature.id).in_([s.id for s in gone])))
    # The audit trail keeps what happened to each letter, but not by whom, except on the letters
    # whose record keeps the signature.
    run(
        update(LetterChange)
        .where(
            col(LetterChange.actor) == user_id,
            col(LetterChange.letter_id).not_in(sorted(i for i in kept_letters if i is not None)),
        )
        .values(actor=ERASED)
    )
    asked = select(Question.id).where(Question.asked_by == user_id)
    run(delete(AnswerFeedback).where(col(AnswerFeedback.question_id).in_(asked)))
    run(delete(AnswerFeedback).where(col(AnswerFeedback.user_id) == user_id))
    run(delete(Question).where(col(Question.asked_by) == user_id))
    run(delete(Invitation).where(col(Invitation.user_id) == user_id))
    run(delete(Delivery).where(col(Delivery.recipient) == user_id))
    run(delete(LetterReminder).where(col(LetterReminder.user_id) == user_id))
    run(update(Meeting).where(col(Meeting.created_by) == user_id).values(created_by=""))
    run(update(Letter).where(col(Letter.created_by) == user_id).values(created_by=""))
    run(
        update(StatusChange)
        .where(col(StatusChange.recorded_by) == user_id)
        .values(recorded_by=ERASED)
    )
    # Messages already sent (answers, confirmations, reminders); what is still to be sent, such
    # as the reply to this very request, goes out first.
    run(
        delete(OutboxMessage).where(
            _addressed_to(user_id), col(OutboxMessage.status) != OutboxStatus.PENDING.value
        )
    )
    run(delete(Person).where(col(Person.user_id) == user_id))
    return Forgotten(kept=kept, letters_changed=changed, erased=erased)


@dataclass(frozen=True)
class Pruned:
    questions: int
    profiles: int
    withdrawn_signatures: int
    messages: int

    def as_json(self) -> dict[str, int]:
        return {
            "questions": self.questions,
            "profiles": self.profiles,
            "withdrawn_signatures": self.withdrawn_signatures,
            "messages": self.messages,
        }


def prune(session: Session, now: datetime, keep_for: timedelta) -> Pruned:
    """Delete what is kept only for a while, once `keep_for` has passed: questions (and their
    feedback), profiles not refreshed since, withdrawn signatures, and messages already sent.
    Running it twice, or on two replicas at once, deletes nothing more."""
    cutoff = now - keep_for

    def deleted(statement: object) -> int:
        return int(session.exec(statement).rowcount)  # type: ignore[call-overload]

    old = select(Question.id).where(col(Question.asked_at) < cutoff)
    session.exec(delete(AnswerFeedback).where(col(AnswerFeedback.question_id).in_(old)))
    questions = deleted(delete(Question).where(col(Question.asked_at) < cutoff))
    profiles = deleted(delete(Person).where(col(Person.updated_at) < cutoff))
    withdrawn = deleted(
        delete(Signature).where(
            col(Signature.withdrawn_at).is_not(None), col(Signature.withdrawn_at) < cutoff
        )
    )
    messages = deleted(
        delete(OutboxMessage).where(
            col(OutboxMessage.status) != OutboxStatus.PENDING.value,
            col(OutboxMessage.created_at) < cutoff,
        )
    )
    return Pruned(questions, profiles, withdrawn, messages)
