"""Questions people asked and their feedback: the context for follow-ups in a thread."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select, update

from storage.models import AnswerFeedback, Question, utcnow

__all__ = ["claim", "earlier_in_thread", "question", "record_feedback", "record_question"]

MAX_QUESTION = 2000


def record_question(
    session: Session,
    asked_by: str,
    text: str,
    topic: str,
    found: bool,
    channel_id: str | None = None,
    thread_ts: str | None = None,
) -> int:
    row = Question(
        asked_by=asked_by,
        channel_id=channel_id,
        thread_ts=thread_ts,
        text=text[:MAX_QUESTION],
        topic=topic,
        found=found,
        asked_at=utcnow(),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def earlier_in_thread(session: Session, channel_id: str, thread_ts: str) -> Question | None:
    """The latest question asked in a thread, which a follow-up may lean on."""
    return session.exec(
        select(Question)
        .where(Question.channel_id == channel_id, Question.thread_ts == thread_ts)
        .order_by(col(Question.id).desc())
        .limit(1)
    ).first()


def question(session: Session, question_id: int) -> Question | None:
    return session.get(Question, question_id)


def record_feedback(session: Session, question_id: int, user_id: str, helpful: bool) -> bool:
    """One vote per person per answer, a second click replacing the first; False if there is no
    such answer."""
    if session.get(Question, question_id) is None:
        return False
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = insert(AnswerFeedback).values(
        question_id=question_id, user_id=user_id, helpful=helpful, at=utcnow()
    )
    session.connection().execute(
        statement.on_conflict_do_update(
            index_elements=["question_id", "user_id"],
            set_={"helpful": statement.excluded.helpful, "at": statement.excluded.at},
        )
    )
    return True


def claim(session: Session, question_id: int, flag: str) -> bool:
    """Set `shared` or `escalated` on a question; True only for the one call that set it, so that
    a double click or a retry shares or escalates once. The database decides, not a read."""
    column = {"shared": Question.shared, "escalated": Question.escalated}[flag]
    result = session.exec(
        update(Question)
        .where(col(Question.id) == question_id, col(column).is_(False))
        .values({column: True})
    )
    return int(result.rowcount) == 1
