"""The store's tables. Times are UTC-aware datetimes; dates are calendar dates as the sources give
them. Alembic owns the schema: `create_all` is for tests only."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import annotated_types
import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import AutoString, Field, SQLModel

# Stable constraint names, so that migrations can name what they alter on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores UTC, gives back aware datetimes: on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def max_length(model: type[SQLModel], field: str) -> int:
    """The most characters the model's `field` takes: declared once, on the model, and read by
    the validators and the forms."""
    for constraint in model.model_fields[field].metadata:
        if isinstance(constraint, annotated_types.MaxLen):
            return int(constraint.max_length)
    raise LookupError(f"{model.__name__}.{field} declares no max_length")


def utc_field(*, nullable: bool = False, index: bool = False, **kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, nullable=nullable, index=index, **kwargs)


# A meeting's place (a long Teams or Zoom link) becomes the place of the history event its
# outcome makes: one limit for both columns.
PLACE_MAX_LENGTH = 500


# --- people -------------------------------------------------------------------------------


class Person(SQLModel, table=True):
    """A cache of a Slack profile, and what the person last told us (their organization)."""

    user_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=200)
    organization: str = Field(default="", max_length=300)
    tz: str | None = Field(default=None, max_length=64)
    updated_at: datetime = utc_field(default_factory=utcnow)
    # When Slack last gave us the profile: the zone is asked for again once this is a day old.
    profile_read_at: datetime | None = utc_field(default=None, nullable=True)


# --- the dialogue's history ---------------------------------------------------------------


class EventKind(StrEnum):
    DIALOGUE = "dialogue"  # a step of the dialogue itself: meetings, trips, visits
    BACKGROUND = "background"  # what led to it: the 2012 coalition, USCIRF's findings
    REPORT = "report"  # a document: a trip report, the Special Rapporteur's report


class HistoryEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=80)
    kind: str = Field(default=EventKind.DIALOGUE, max_length=20)
    # The sources give some dates only to the month ("In March of 2013"); `date_precision` keeps
    # that, so that we never show a day the report does not give.
    date: dt.date | None = Field(default=None, index=True)
    end_date: dt.date | None = None
    date_precision: str = Field(default="day", max_length=10)
    title: str = Field(max_length=300)
    place: str = Field(default="", max_length=PLACE_MAX_LENGTH)
    participants: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    summary: str = Field(default="")
    key_points: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    source: str = Field(default="", max_length=500)
    created_at: datetime = utc_field(default_factory=utcnow)


class Document(SQLModel, table=True):
    """A source's full text (the coalition's report, minutes, a statement), cut into passages."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=120)
    title: str = Field(max_length=300)
    date: dt.date | None = None
    date_precision: str = Field(default="day", max_length=10)  # "day", "month" or "year"
    text: str
    # A record a coordinator added (`storage/records.py`): where it came from, the file it was
    # read from and the SHA-256 of that file's bytes, so that the same file is never added twice.
    source: str = Field(default="", max_length=300)
    filename: str = Field(default="", max_length=300)
    content_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    added_by: str = Field(default="", max_length=64)
    added_at: datetime | None = utc_field(default=None, nullable=True)


class SourcePassage(SQLModel, table=True):
    """A retrievable piece of a source's text, tied to the event, section or document it tells
    of."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=120)
    event_id: int | None = Field(default=None, foreign_key="historyevent.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    section: str = Field(default="", max_length=300)
    position: int = 0
    text: str


# --- recommendations ----------------------------------------------------------------------


class RecommendationSource(StrEnum):
    UN_SPECIAL_RAPPORTEUR = "un_special_rapporteur"
    ROUNDTABLE_DELEGATION = "roundtable_delegation"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in progress"
    PARTIALLY_IMPLEMENTED = "partially implemented"
    IMPLEMENTED = "implemented"
    DECLINED = "declined"


class Recommendation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, max_length=20)  # "UN-d", "RT-3": what people type
    made_by: str = Field(max_length=40)
    label: str = Field(max_length=20)  # as in the source: "(d)", "3"
    text: str
    addressee: str = Field(default="", max_length=300)
    source_event_id: int | None = Field(default=None, foreign_key="historyevent.id")


class StatusChange(SQLModel, table=True):
    """One step in a recommendation's status history; the newest `as_of` is its status now."""

    # The same person recording the same status as of the same day twice (a double click, a
    # retried submission) is one change, not two: the database refuses the second.
    __table_args__ = (sa.UniqueConstraint("recommendation_id", "status", "as_of", "recorded_by"),)

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id", index=True)
    status: str = Field(max_length=30)
    as_of: dt.date
    evidence: str = Field(default="", sa_type=AutoString, max_length=1500)
    recorded_by: str = Field(
        max_length=80
    )  # a Slack user id, or "seed" for the report's own account
    recorded_at: datetime = utc_field(default_factory=utcnow)


# --- letters and signatures ---------------------------------------------------------------


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class LetterStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Letter(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    # A limit checked on input only: the column stays unbounded (`sa_type`), as the schema has it.
    body: str = Field(default="", sa_type=AutoString, max_length=20_000)
    addressees: str = Field(default="", max_length=500)
    status: str = Field(default=LetterStatus.DRAFT, max_length=10)
    deadline: datetime | None = utc_field(default=None, nullable=True)
    timezone: str = Field(default="America/New_York", max_length=64)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    on_behalf_allowed: bool = True
    signers_visible_to: str = Field(default="coalition", max_length=20)  # or "coordinators"
    version: int = 1  # raised when a published letter's text changes
    # What the sources say of a letter signed before the bot existed ("approximately 30").
    recorded_signers: str = Field(default="", max_length=300)
    created_by: str = Field(default="", max_length=80)
    created_at: datetime = utc_field(default_factory=utcnow)
    published_at: datetime | None = utc_field(default=None, nullable=True)
    closed_at: datetime | None = utc_field(default=None, nullable=True)
    # The deadline reminder: how long before the deadline it goes out, and when every member of
    # the channel had theirs (each one a `LetterReminder`); cleared when the deadline moves.
    remind_before_minutes: int = 1440
    reminded_at: datetime | None = utc_field(default=None, nullable=True)

    @property
    def ref(self) -> str:
        return f"L{self.id}"


class Signature(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("letter_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    letter_id: int = Field(foreign_key="letter.id", index=True)
    user_id: str = Field(max_length=32)
    name: str = Field(max_length=200)
    title: str = Field(default="", max_length=200)
    organization: str = Field(default="", max_length=300)
    on_behalf: bool = False  # signs for the organization, not only with it as affiliation
    comment: str = Field(default="", max_length=1000)
    letter_version: int = 1
    signed_at: datetime = utc_field(default_factory=utcnow)
    withdrawn_at: datetime | None = utc_field(default=None, nullable=True)


class LetterReminder(SQLModel, table=True):
    """One person's deadline reminder for one letter, claimed before the DM is sent: the unique
    constraint is what lets several replicas send each person one DM."""

    __table_args__ = (sa.UniqueConstraint("letter_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    letter_id: int = Field(foreign_key="letter.id", index=True)
    user_id: str = Field(max_length=32)
    status: str = Field(default=DeliveryStatus.CLAIMED, max_length=20)  # claimed, sent, failed
    claimed_at: datetime = utc_field(default_factory=utcnow)


class LetterChange(SQLModel, table=True):
    """The audit trail of a letter: who did what (sign, withdraw, edit, close) and when."""

    id: int | None = Field(default=None, primary_key=True)
    letter_id: int = Field(foreign_key="letter.id", index=True)
    actor: str = Field(max_length=80)
    action: str = Field(max_length=30)
    detail: str = ""
    at: datetime = utc_field(default_factory=utcnow)


# --- meetings and reminders ---------------------------------------------------------------


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"


class Meeting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    starts_at: datetime = utc_field(index=True)
    timezone: str = Field(max_length=64)
    duration_minutes: int = 60
    place: str = Field(default="", max_length=PLACE_MAX_LENGTH)
    agenda: str = Field(default="", sa_type=AutoString, max_length=3000)
    channel_id: str = Field(max_length=32)
    status: str = Field(default=MeetingStatus.SCHEDULED, max_length=20)
    sequence: int = 0  # iCalendar SEQUENCE: raised on every change
    # The last `sequence` announced in Slack (-1: never). The announcement and change notices are
    # claimed by moving this forward in one conditional UPDATE, so one replica posts each.
    announced_sequence: int = Field(default=-1, sa_column_kwargs={"server_default": "-1"})
    reminder_offsets: str = Field(default="7d,1d,1h", max_length=100)
    message_ts: str | None = Field(default=None, max_length=32)
    outcome_event_id: int | None = Field(default=None, foreign_key="historyevent.id")
    created_by: str = Field(default="", max_length=80)
    created_at: datetime = utc_field(default_factory=utcnow)
    updated_at: datetime = utc_field(default_factory=utcnow)


class Invitation(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    user_id: str = Field(max_length=32)
    response: str | None = Field(default=None, max_length=20)  # going, maybe, not going
    responded_at: datetime | None = utc_field(default=None, nullable=True)


class Reminder(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("meeting_id", "offset_minutes"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    offset_minutes: int
    due_at: datetime = utc_field(index=True)


class Delivery(SQLModel, table=True):
    """One reminder to one recipient. The row is claimed before the message is sent; the unique
    constraint is what stops two replicas from sending the same reminder twice."""

    __table_args__ = (sa.UniqueConstraint("reminder_id", "recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = Field(foreign_key="reminder.id", index=True)
    recipient: str = Field(max_length=32)  # a channel id, or a user id for a DM
    status: str = Field(default=DeliveryStatus.CLAIMED, max_length=20)
    claimed_by: str = Field(default="", max_length=120)
    claimed_at: datetime = utc_field(default_factory=utcnow)
    sent_at: datetime | None = utc_field(default=None, nullable=True)
    attempts: int = 0
    late: bool = False
    message_ts: str | None = Field(default=None, max_length=32)
    last_error: str = Field(default="", max_length=500)


# --- Slack plumbing -----------------------------------------------------------------------


class SlackEventSeen(SQLModel, table=True):
    """Event ids already handled, so that Slack's retries (and a second replica) change nothing."""

    event_id: str = Field(primary_key=True, max_length=64)
    seen_at: datetime = utc_field(default_factory=utcnow, index=True)


# --- questions and answers ------------------------------------------------------------------


class Question(SQLModel, table=True):
    """A question someone asked and what the bot answered: the context of follow-ups in the same
    thread, what feedback and "Ask a coordinator" refer to, and a record of what went unanswered.
    """

    __table_args__ = (sa.Index("ix_question_thread", "channel_id", "thread_ts"),)

    id: int | None = Field(default=None, primary_key=True)
    asked_by: str = Field(max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    text: str = Field(default="", max_length=2000)
    topic: str = Field(default="", max_length=120)  # "event:<slug>" or "rec:<ref>"
    found: bool = False
    # Set once, by a conditional update: a double click shares or escalates an answer only once.
    shared: bool = False
    escalated: bool = False
    asked_at: datetime = utc_field(default_factory=utcnow)


class AnswerFeedback(SQLModel, table=True):
    """One person's 👍 or 👎 on one answer; clicking again changes it, never adds a second."""

    __table_args__ = (sa.UniqueConstraint("question_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    user_id: str = Field(max_length=32)
    helpful: bool
    at: datetime = utc_field(default_factory=utcnow)


# --- the outbox -------------------------------------------------------------------------------


class OutboxKind(StrEnum):
    POST = "post"  # a message in a channel, thread or DM; carries its outbox id as metadata
    EPHEMERAL = "ephemeral"  # seen by one person in a channel
    RESPOND = "respond"  # through a slash command's or a button's response_url
    UPDATE = "update"  # a new text for a message the bot posted
    UPLOAD = "upload"  # files, in a channel or a DM


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(SQLModel, table=True):
    """Something the bot will say, committed with the change that causes it; one sender delivers
    it (jobs/outbox.py). `key`, when given, makes saying it twice a no-op (a retried event, a
    double click)."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_status_due_at", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, unique=True, max_length=200)
    kind: str = Field(max_length=20)
    channel: str = Field(default="", max_length=64)
    user_id: str = Field(default="", max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)  # the message an UPDATE replaces
    # The key of an earlier outbox message this one answers in the thread of, or edits: its ts
    # is known only once that one is sent.
    thread_of: str | None = Field(default=None, max_length=200)
    edit_of: str | None = Field(default=None, max_length=200)
    response_url: str = Field(default="", sa_type=sa.Text)
    text: str = Field(default="", sa_type=sa.Text)
    blocks: str = Field(default="", sa_type=sa.Text)  # JSON
    extra: str = Field(default="", sa_type=sa.Text)  # JSON: the kind's own arguments
    status: str = Field(default=OutboxStatus.PENDING, max_length=10)
    created_at: datetime = utc_field(default_factory=utcnow)
    due_at: datetime = utc_field(default_factory=utcnow)
    attempts: int = 0
    claimed_by: str = Field(default="", max_length=120)
    claimed_until: datetime | None = utc_field(default=None, nullable=True)
    sent_at: datetime | None = utc_field(default=None, nullable=True)
    message_ts: str | None = Field(default=None, max_length=32)
    last_error: str = Field(default="", max_length=200)


# --- the offline console's pretend workspace ------------------------------------------------


class WorkspaceName(SQLModel, table=True):
    """A channel or a person of the offline console's pretend workspace, by the name people type
    (`#dialogue`, `@alice`) and the Slack-shaped id the bot stores (`C0DIALOGUE`, `U0ALICE`)."""

    __table_args__ = (sa.UniqueConstraint("kind", "name", name="uq_workspacename_kind_name"),)

    slack_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=10)  # "channel" or "person"
    name: str = Field(max_length=80)
