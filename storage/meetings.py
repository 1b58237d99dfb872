"""Follow-up meetings: scheduling, rescheduling, cancelling, RSVPs, and the claims that make each
reminder, announcement and after-meeting prompt go out once however many replicas run.

Every operation takes `now` from the caller (the injectable clock), so tests move time freely.
Claims are decided by the database (a unique constraint, a conditional UPDATE, or on PostgreSQL
`SELECT … FOR UPDATE SKIP LOCKED`), never by a read followed by a write.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, col, delete, select

from storage.db import insert_if_absent
from storage.errors import Closed, InvalidInput, NotFound
from storage.models import (
    Delivery,
    DeliveryStatus,
    HistoryEvent,
    Invitation,
    Letter,
    LetterStatus,
    Meeting,
    MeetingStatus,
    Recommendation,
    RecommendationStatus,
    Reminder,
    Signature,
    SourcePassage,
    StatusChange,
)

log = logging.getLogger(__name__)

DEFAULT_OFFSETS = "7d,1d,1h"
MAX_OFFSET_MINUTES = 60 * 24 * 90  # three months ahead is already generous for a reminder
_UNITS = {"d": 24 * 60, "h": 60, "m": 1}
_OFFSET = re.compile(r"^(\d{1,4})([dhm])$")
# Slack ids: a letter for the kind, then capitals and digits (at least one digit, so that a
# channel's name such as "general" is never taken for an id).
_CHANNEL = re.compile(r"^[CG](?=[A-Z]*\d)[A-Z0-9]{2,31}$")
_PERSON = re.compile(r"^[UW](?=[A-Z]*\d)[A-Z0-9]{2,31}$")
_GROUP = re.compile(r"^S(?=[A-Z]*\d)[A-Z0-9]{2,31}$")  # a user group, expanded when announced

# A reminder claimed this long after its due time fell due while no replica was running: it is
# sent with a "late" note (or skipped once the meeting has begun). Sweeps run every second, so
# a healthy bot is never this far behind.
LATE_AFTER = timedelta(seconds=90)
# A claim not marked sent (or failed) after this long belongs to a replica that died between
# claiming and sending: another replica takes it over. Longer than any send with its retries.
CLAIM_LEASE = timedelta(minutes=5)

RESPONSES = ("going", "maybe", "not going")
DECLINED = "not going"
OPEN_STATUSES = (
    RecommendationStatus.OPEN,
    RecommendationStatus.ACKNOWLEDGED,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.PARTIALLY_IMPLEMENTED,
)


# --- parsing people's input --------------------------------------------------------------


def parse_offsets(text: str) -> list[int]:
    """`7d,1d,1h,30m` -> minutes before the start, largest first, each once."""
    parts = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not parts:
        raise InvalidInput("Give at least one reminder offset, such as `7d,1d,1h` or `30m`.")
    minutes: set[int] = set()
    for part in parts:
        match = _OFFSET.match(part)
        if match is None:
            raise InvalidInput(
                f"I can't read the reminder offset `{part[:20]}`: use a number and d, h or m,"
                " such as `7d,1d,1h,30m`."
            )
        value = int(match.group(1)) * _UNITS[match.group(2)]
        if not 0 < value <= MAX_OFFSET_MINUTES:
            raise InvalidInput(
                f"The reminder offset `{part}` is out of range: from 1m up to 90d before."
            )
        minutes.add(value)
    return sorted(minutes, reverse=True)


def format_offsets(minutes: Iterable[int]) -> str:
    """The canonical text of offsets, as stored: `7d,1d,1h,30m`."""
    return ",".join(_offset_token(value) for value in sorted(set(minutes), reverse=True))


def _offset_token(minutes: int) -> str:
    for unit, size in _UNITS.items():
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    raise AssertionError("minutes are always whole")


def describe_offset(minutes: int) -> str:
    """`1 day`, `7 days`, `1 hour`, `30 minutes`: how far ahead a reminder is."""
    for unit, size in (("day", 24 * 60), ("hour", 60), ("minute", 1)):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError("minutes are always whole")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"I don't know the time zone `{name[:60]}`: use a name such as America/New_York"
            " or Asia/Almaty."
        ) from None


def parse_start(text: str, zone_name: str | None, default_zone: str) -> tuple[datetime, str]:
    """A meeting's start and its time zone's name, from `2026-12-10T09:00-05:00` (the offset
    names the moment) and/or an IANA zone (which names the zone shown and put in the calendar)."""
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise InvalidInput(
            f"I can't read the start `{text[:40]}`: use a date and time such as"
            " `2026-12-10T09:00-05:00`, or `2026-12-10T09:00` with a time zone."
        ) from None
    if zone_name:
        tz = zone(zone_name)
        local = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
        return local.astimezone(UTC), zone_name
    if value.tzinfo is None:
        # A wall-clock time alone is ambiguous only in the zone: the coalition's own is the default.
        return value.replace(tzinfo=zone(default_zone)).astimezone(UTC), default_zone
    return value.astimezone(UTC), _zone_for_offset(value, default_zone)


def _zone_for_offset(value: datetime, default_zone: str) -> str:
    """The zone to show for a start given only with an offset: the coalition's own zone when it
    matches there and then, else the fixed Etc/GMT zone of a whole-hour offset, else UTC."""
    offset = value.utcoffset() or timedelta(0)
    if value.astimezone(ZoneInfo(default_zone)).utcoffset() == offset:
        return default_zone
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest == 0 and hours != 0:
        return f"Etc/GMT{-hours:+d}"  # the Etc zones' signs are inverted, by POSIX convention
    return "UTC"


def slack_id(text: str) -> str:
    """`<#C123|name>`, `<@U123>`, `<!subteam^S123|@team>` or a bare id -> the id."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0].lstrip("#@!")
        text = text.removeprefix("subteam^")
    return text.lstrip("#@").upper()


def parse_channel(text: str | None) -> str:
    channel = slack_id(text or "")
    if not channel:
        raise InvalidInput("A meeting needs a channel for its announcement and reminders.")
    if not _CHANNEL.match(channel):
        raise InvalidInput(
            f"`{channel[:40]}` is not a Slack channel id: give its id, such as C0123ABCD, run"
            " the command in that channel, or use the form."
        )
    return channel


def parse_invitees(text: str | Iterable[str]) -> list[str]:
    """People (`U…`) and user groups (`S…`), from `U1,U2` or mentions separated by spaces."""
    parts = re.split(r"[\s,]+", text) if isinstance(text, str) else list(text)
    ids: list[str] = []
    for part in parts:
        if not part.strip():
            continue
        user = slack_id(part)
        if not (_PERSON.match(user) or _GROUP.match(user)):
            raise InvalidInput(
                f"`{user[:40]}` is not a person or a user group: give Slack member ids such as"
                " U0123ABCD (or S… for a user group), or pick people in the form."
            )
        if user not in ids:
            ids.append(user)
    return ids


# --- scheduling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRequest:
    """What a coordinator asked for, already parsed: starts_at is aware, offsets in minutes."""

    title: str
    starts_at: datetime
    timezone: str
    channel_id: str
    offsets: Sequence[int] = (7 * 24 * 60, 24 * 60, 60)
    duration_minutes: int = 60
    place: str = ""
    agenda: str = ""
    invitees: Sequence[str] = ()
    created_by: str = ""


def check_request(request: MeetingRequest, now: datetime) -> None:
    if not request.title.strip():
        raise InvalidInput("A meeting needs a title.")
    if len(request.title) > 300 or len(request.place) > 500 or len(request.agenda) > 3000:
        raise InvalidInput(
            "Keep the title under 300, the place under 500 characters, the agenda under 3,000."
        )
    if request.starts_at <= now:
        raise InvalidInput("That start is in the past: give a time still to come.")
    if not 5 <= request.duration_minutes <= 24 * 60:
        raise InvalidInput("The duration must be between 5 minutes and 24 hours.")
    zone(request.timezone)
    parse_channel(request.channel_id)
    parse_invitees(request.invitees)
    if not request.offsets:
        raise InvalidInput("Give at least one reminder offset, such as `7d,1d,1h`.")


def schedule_meeting(session: Session, request: MeetingRequest, now: datetime) -> Meeting:
    """Create a meeting with its invitations and reminders; all or nothing."""
    check_request(request, now)
    meeting = Meeting(
        title=request.title.strip(),
        starts_at=request.starts_at,
        timezone=request.timezone,
        duration_minutes=request.duration_minutes,
        place=request.place.strip(),
        agenda=request.agenda.strip(),
        channel_id=request.channel_id,
        reminder_offsets=format_offsets(request.offsets),
        created_by=request.created_by,
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    for user_id in request.invitees:
        session.add(Invitation(meeting_id=meeting.id, user_id=user_id))
    _plan_reminders(session, meeting, now)
    return meeting


def _plan_reminders(session: Session, meeting: Meeting, now: datetime) -> None:
    """Give the meeting a reminder for every offset still ahead. A reminder already sent (it has
    deliveries) is kept as it is; the others are dropped and planned anew from the start."""
    assert meeting.id is not None
    delivered = select(Delivery.reminder_id).where(col(Delivery.reminder_id) == Reminder.id)
    session.exec(
        delete(Reminder).where(
            col(Reminder.meeting_id) == meeting.id, ~sa.exists(delivered.scalar_subquery())
        )
    )
    kept = set(
        session.exec(select(Reminder.offset_minutes).where(Reminder.meeting_id == meeting.id))
    )
    for minutes in parse_offsets(meeting.reminder_offsets):
        due = meeting.starts_at - timedelta(minutes=minutes)
        if due > now and minutes not in kept:
            session.add(Reminder(meeting_id=meeting.id, offset_minutes=minutes, due_at=due))


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting M{meeting_id}: `/roundtable meetings` lists them.")
    return meeting


def parse_meeting_id(text: str) -> int:
    digits = text.strip().upper().removeprefix("M")
    if not digits.isdigit() or len(digits) > 9:
        raise InvalidInput(f"`{text[:20]}` is not a meeting id: they look like `M12` or `12`.")
    return int(digits)


def _open_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = get_meeting(session, meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Closed(f"Meeting M{meeting_id} is {meeting.status}: it can no longer be changed.")
    return meeting


def reschedule_meeting(
    session: Session,
    meeting_id: int,
    starts_at: datetime,
    now: datetime,
    timezone: str | None = None,
) -> Meeting:
    """Move a meeting; its reminders follow the new start and invitees hear of the change."""
    meeting = _open_meeting(session, meeting_id)
    if starts_at <= now:
        raise InvalidInput("That start is in the past: give a time still to come.")
    if timezone is not None:
        zone(timezone)
        meeting.timezone = timezone
    meeting.starts_at = starts_at
    meeting.sequence += 1
    meeting.updated_at = now
    session.add(meeting)
    session.flush()
    _plan_reminders(session, meeting, now)
    return meeting


def cancel_meeting(session: Session, meeting_id: int, now: datetime) -> Meeting:
    """Cancel a meeting: the reminder sweep only looks at scheduled meetings, so none fires."""
    meeting = _open_meeting(session, meeting_id)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = now
    session.add(meeting)
    return meeting


def respond(
    session: Session, meeting_id: int, user_id: str, response: str, now: datetime
) -> Meeting:
    """Record someone's RSVP; clicking the same button twice changes nothing more."""
    if response not in RESPONSES:
        raise InvalidInput("Answer going, maybe or not going.")
    meeting = _open_meeting(session, meeting_id)
    # Whoever answers is invited from then on; the constraint keeps one row per person.
    insert_if_absent(session, Invitation, meeting_id=meeting_id, user_id=user_id)
    session.exec(
        sa.update(Invitation)
        .where(col(Invitation.meeting_id) == meeting_id, col(Invitation.user_id) == user_id)
        .values(response=response, responded_at=now)
    )
    return meeting


@dataclass(frozen=True)
class Upcoming:
    meeting: Meeting
    response: str | None  # the asker's RSVP, None when they have not answered
    invited: bool


def upcoming_meetings(
    session: Session, now: datetime, user_id: str | None = None
) -> list[Upcoming]:
    """Meetings still to start (or under way), soonest first, with the asker's own answer."""
    query = (
        select(Meeting)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Meeting.starts_at) > now - timedelta(hours=24),
        )
        .order_by(col(Meeting.starts_at), col(Meeting.id))
    )
    meetings = [m for m in session.exec(query) if _ends_at(m) > now]
    answers: dict[int, str | None] = {}
    if user_id and meetings:
        rows = session.exec(
            select(Invitation.meeting_id, Invitation.response).where(
                Invitation.user_id == user_id,
                col(Invitation.meeting_id).in_([m.id for m in meetings]),
            )
        )
        answers = dict(rows.all())
    return [Upcoming(m, answers.get(m.id or 0), (m.id or 0) in answers) for m in meetings]


def _ends_at(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)


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


def is_group(invitee: str) -> bool:
    return bool(_GROUP.match(invitee))


# --- what a reminder shows -----------------------------------------------------------------


@dataclass(frozen=True)
class OpenRecommendation:
    ref: str
    text: str
    status: str


def open_recommendations(session: Session, limit: int = 5) -> list[OpenRecommendation]:
    """Recommendations whose newest recorded status is not implemented or declined."""
    newest = (
        select(
            StatusChange.recommendation_id,
            StatusChange.status,
            sa.func.row_number()
            .over(
                partition_by=col(StatusChange.recommendation_id),
                order_by=(col(StatusChange.as_of).desc(), col(StatusChange.id).desc()),
            )
            .label("rank"),
        )
    ).subquery()
    rows = session.exec(
        select(Recommendation.ref, Recommendation.text, newest.c.status)
        .join(newest, newest.c.recommendation_id == Recommendation.id)
        .where(newest.c.rank == 1, newest.c.status.in_([str(s) for s in OPEN_STATUSES]))
        .order_by(col(Recommendation.ref))
        .limit(limit)
    )
    return [OpenRecommendation(ref, text, status) for ref, text, status in rows]


def letters_awaiting(session: Session, user_id: str) -> list[Letter]:
    """Open letters this person has not signed (or has withdrawn from)."""
    signed = select(Signature.letter_id).where(
        Signature.user_id == user_id, col(Signature.withdrawn_at).is_(None)
    )
    return list(
        session.exec(
            select(Letter)
            .where(Letter.status == LetterStatus.OPEN, col(Letter.id).not_in(signed))
            .order_by(col(Letter.id))
        )
    )


# --- claiming reminders -------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """One delivery this replica holds the claim on, with what its message needs."""

    reminder_id: int
    recipient: str  # the channel, or a person for a DM
    meeting: Meeting
    offset_minutes: int
    late: bool

    @property
    def is_channel(self) -> bool:
        return self.recipient == self.meeting.channel_id


@dataclass(frozen=True)
class ClaimResult:
    claimed: list[Claimed]
    skipped: int  # reminders that fell due while no replica ran and whose meeting had begun


def claim_due(session: Session, now: datetime, worker: str, limit: int = 50) -> ClaimResult:
    """Claim the deliveries of reminders now due: the channel and every invitee who has not
    declined. A reminder is open for claiming until its channel delivery row exists, and every
    row of a reminder is inserted in the same transaction, so that row marks it done."""
    channel_done = select(Delivery.id).where(
        Delivery.reminder_id == Reminder.id, Delivery.recipient == Meeting.channel_id
    )
    query = (
        select(Reminder, Meeting)
        .join(Meeting, col(Meeting.id) == Reminder.meeting_id)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Reminder.due_at) <= now,
            ~sa.exists(channel_done.scalar_subquery()),
        )
        .order_by(col(Reminder.due_at), col(Reminder.id))
        .limit(limit)
    )
    claimed: list[Claimed] = []
    skipped = 0
    if session.get_bind().dialect.name == "postgresql":
        # Replicas sweeping at once take different reminders instead of queueing on the same
        # rows. The unique (reminder_id, recipient) constraint is what guarantees exactly-once;
        # this only spreads the work. SQLite serialises writers on its own.
        query = query.with_for_update(of=Reminder, skip_locked=True)
    for reminder, meeting in session.exec(query).all():
        assert reminder.id is not None
        assert meeting.id is not None
        late = now - reminder.due_at > LATE_AFTER
        begun = now >= meeting.starts_at
        recipients = [meeting.channel_id] + [
            person for person in invitees(session, meeting.id) if not is_group(person)
        ]
        for recipient in recipients:
            status = DeliveryStatus.SKIPPED if begun else DeliveryStatus.CLAIMED
            if (
                insert_if_absent(
                    session,
                    Delivery,
                    reminder_id=reminder.id,
                    recipient=recipient,
                    status=status,
                    claimed_by=worker,
                    claimed_at=now,
                    attempts=0 if begun else 1,
                    late=late,
                )
                and not begun
            ):
                claimed.append(
                    Claimed(reminder.id, recipient, meeting, reminder.offset_minutes, late)
                )
        if begun:
            skipped += 1
            # No names or text: the ids are enough to find it in the store.
            log.warning(
                "reminder %s of meeting %s fell due while the bot was down and the meeting has"
                " begun: skipped",
                reminder.id,
                meeting.id,
            )
    return ClaimResult(claimed, skipped)


def reclaim_stale(session: Session, now: datetime, worker: str, limit: int = 50) -> list[Claimed]:
    """Take over claims whose replica died before sending: see CLAIM_LEASE."""
    query = (
        select(Delivery, Reminder, Meeting)
        .join(Reminder, col(Reminder.id) == Delivery.reminder_id)
        .join(Meeting, col(Meeting.id) == Reminder.meeting_id)
        .where(
            Delivery.status == DeliveryStatus.CLAIMED,
            col(Delivery.claimed_at) < now - CLAIM_LEASE,
        )
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Delivery, skip_locked=True)
    taken: list[Claimed] = []
    for delivery, reminder, meeting in session.exec(query).all():
        assert reminder.id is not None
        # Conditional on the claim we read, so two replicas never both take it over.
        moved = session.exec(
            sa.update(Delivery)
            .where(
                col(Delivery.id) == delivery.id,
                col(Delivery.claimed_by) == delivery.claimed_by,
                col(Delivery.claimed_at) == delivery.claimed_at,
            )
            .values(
                claimed_by=worker,
                claimed_at=now,
                attempts=Delivery.attempts + 1,
                late=True,
                status=DeliveryStatus.CLAIMED
                if meeting.status == MeetingStatus.SCHEDULED and now < meeting.starts_at
                else DeliveryStatus.SKIPPED,
            )
        )
        if (
            moved.rowcount == 1
            and meeting.status == MeetingStatus.SCHEDULED
            and now < meeting.starts_at
        ):
            taken.append(
                Claimed(reminder.id, delivery.recipient, meeting, reminder.offset_minutes, True)
            )
    return taken


def mark_delivery(
    session: Session,
    reminder_id: int,
    recipient: str,
    worker: str,
    now: datetime,
    *,
    message_ts: str | None = None,
    error: str = "",
) -> None:
    """Record the outcome of a send this replica claimed: sent (with Slack's ts) or failed."""
    session.exec(
        sa.update(Delivery)
        .where(
            col(Delivery.reminder_id) == reminder_id,
            col(Delivery.recipient) == recipient,
            col(Delivery.claimed_by) == worker,
            col(Delivery.status) == DeliveryStatus.CLAIMED,
        )
        .values(
            status=DeliveryStatus.FAILED if error else DeliveryStatus.SENT,
            sent_at=None if error else now,
            message_ts=message_ts,
            last_error=error[:500],
        )
    )


# --- announcements, change notices and after-meeting prompts ---------------------------------


@dataclass(frozen=True)
class Notice:
    meeting: Meeting
    first: bool  # the announcement itself, rather than news of a change


def claim_notices(session: Session, limit: int = 20) -> list[Notice]:
    """Meetings whose latest change has not been announced; each is claimed by moving its
    announced_sequence forward in a conditional UPDATE, so exactly one replica announces it."""
    pending = session.exec(
        select(Meeting)
        .where(col(Meeting.announced_sequence) < col(Meeting.sequence))
        .order_by(col(Meeting.id))
        .limit(limit)
    ).all()
    notices: list[Notice] = []
    for meeting in pending:
        announced = meeting.announced_sequence  # read before the UPDATE refreshes the object
        moved = session.exec(
            sa.update(Meeting)
            .where(
                col(Meeting.id) == meeting.id,
                col(Meeting.announced_sequence) == announced,
            )
            .values(announced_sequence=meeting.sequence)
        )
        if moved.rowcount == 1:
            notices.append(Notice(meeting, first=announced == -1))
    return notices


def record_announcement(session: Session, meeting_id: int, message_ts: str) -> None:
    session.exec(
        sa.update(Meeting).where(col(Meeting.id) == meeting_id).values(message_ts=message_ts)
    )


def claim_finished(session: Session, now: datetime, limit: int = 20) -> list[Meeting]:
    """Meetings that have ended: each is marked held by one conditional UPDATE, and the replica
    that moved it asks the coordinators for its outcome."""
    ended = session.exec(
        select(Meeting)
        .where(Meeting.status == MeetingStatus.SCHEDULED, col(Meeting.starts_at) <= now)
        .order_by(col(Meeting.starts_at))
        .limit(limit)
    ).all()
    held: list[Meeting] = []
    for meeting in ended:
        if _ends_at(meeting) > now:
            continue
        moved = session.exec(
            sa.update(Meeting)
            .where(col(Meeting.id) == meeting.id, col(Meeting.status) == MeetingStatus.SCHEDULED)
            .values(status=MeetingStatus.HELD)
        )
        if moved.rowcount == 1:
            held.append(meeting)
    return held


def parse_status_changes(text: str) -> list[tuple[str, str]]:
    """Lines such as `RT-3: in progress` -> (ref, status) pairs, checked against the statuses."""
    changes: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        ref, _, status = line.partition(":")
        status = status.strip().lower()
        if status not in {str(s) for s in RecommendationStatus}:
            known = ", ".join(str(s) for s in RecommendationStatus)
            raise InvalidInput(
                f"I can't read `{line.strip()[:60]}`: write `REF: status`, the status one of"
                f" {known}."
            )
        changes.append((ref.strip(), status))
    return changes


def log_outcome(
    session: Session,
    meeting_id: int,
    summary: str,
    recorded_by: str,
    now: datetime,
    changes: Sequence[tuple[str, str]] = (),
) -> HistoryEvent:
    """The outcome of a meeting becomes a history event (logging again edits it), with any
    recommendation status changes it brought; all or nothing."""
    meeting = get_meeting(session, meeting_id)
    summary = summary.strip()
    if not summary:
        raise InvalidInput("Write what happened at the meeting: the outcome can't be empty.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise Closed(f"Meeting M{meeting_id} was cancelled: there is no outcome to log.")
    local_day: dt.date = meeting.starts_at.astimezone(zone(meeting.timezone)).date()
    slug = f"meeting-{meeting_id}"
    insert_if_absent(
        session,
        HistoryEvent,
        slug=slug,
        kind="dialogue",
        date=local_day,
        date_precision="day",
        title=meeting.title,
        place=meeting.place,
        participants=[],
        summary=summary,
        key_points=[],
        source=f"Outcome of meeting M{meeting_id}, logged in Slack by a coordinator",
        created_at=now,
    )
    event = session.exec(select(HistoryEvent).where(HistoryEvent.slug == slug)).one()
    event.summary = summary
    session.add(event)
    # Also a passage of text, which is what question answering retrieves from.
    insert_if_absent(session, SourcePassage, key=f"{slug}-outcome", text=summary)
    session.exec(
        sa.update(SourcePassage)
        .where(col(SourcePassage.key) == f"{slug}-outcome")
        .values(event_id=event.id, section=f"Outcome of {meeting.title}"[:300], text=summary)
    )
    for ref, status in changes:
        recommendation = session.exec(
            select(Recommendation).where(sa.func.upper(Recommendation.ref) == ref.upper())
        ).first()
        if recommendation is None or recommendation.id is None:
            raise NotFound(f"There is no recommendation {ref[:20]}: nothing was logged.")
        session.add(
            StatusChange(
                recommendation_id=recommendation.id,
                status=status,
                as_of=local_day,
                evidence=f"Outcome of meeting M{meeting_id}",
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
    session.flush()
    meeting.outcome_event_id = event.id
    meeting.updated_at = now
    session.add(meeting)
    return event


def build_request(
    *,
    title: str,
    start: str,
    channel: str | None,
    default_zone: str,
    timezone: str | None = None,
    place: str = "",
    agenda: str = "",
    remind: str | None = None,
    invite: str | Sequence[str] = "",
    duration: str | int | None = None,
    created_by: str = "",
) -> MeetingRequest:
    """A MeetingRequest from what a person typed (Slack command, modal or CLI), or a clear error
    naming the first problem."""
    if not title.strip():
        raise InvalidInput("A meeting needs a title.")
    channel_id = parse_channel(channel)
    starts_at, zone_name = parse_start(start, timezone or None, default_zone)
    try:
        minutes = int(duration) if duration not in (None, "") else 60
    except ValueError:
        raise InvalidInput("Give the length in minutes, such as `90`.") from None
    return MeetingRequest(
        title=title.strip(),
        starts_at=starts_at,
        timezone=zone_name,
        channel_id=channel_id,
        offsets=parse_offsets(remind or DEFAULT_OFFSETS),
        duration_minutes=minutes,
        place=place,
        agenda=agenda,
        invitees=parse_invitees(invite),
        created_by=created_by,
    )
