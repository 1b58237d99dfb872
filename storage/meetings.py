"""Follow-up meetings: what a coordinator asks for (its start, zone, channel and invitees, checked),
scheduling, moving and cancelling a meeting, and the meetings still to come.

Every operation takes `now` from the caller (the injectable clock), so tests move time freely.
Channels and people are given by their ids: reading mentions is the face's work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, select

from storage.errors import Closed, InvalidInput, NotFound
from storage.models import Invitation, Meeting, MeetingStatus, max_length
from storage.moments import parse_moment
from storage.reminders import DEFAULT_OFFSETS, format_offsets, parse_offsets, plan_reminders
from storage.text import one_line
from storage.visibility import Viewer, meetings_seen_by

# How far ahead a meeting may be scheduled: further is a typo (9999-12-31), and times near the end
# of the calendar overflow when a duration or a time zone is added to them.
HORIZON_YEARS = 5
HORIZON = timedelta(days=365 * HORIZON_YEARS + 1)

# Slack ids: a letter for the kind, then capitals and digits (at least one digit, so that a
# channel's name such as "general" is never taken for an id).
_CHANNEL = re.compile(r"^[CG](?=[A-Z]*\d)[A-Z0-9]{2,31}$")
_PERSON = re.compile(r"^[UW](?=[A-Z]*\d)[A-Z0-9]{2,31}$")
_GROUP = re.compile(r"^S(?=[A-Z]*\d)[A-Z0-9]{2,31}$")  # a user group, expanded when announced


# --- parsing people's input --------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"I don't know the time zone `{name[:60]}`: use a name such as America/New_York"
            " or Asia/Almaty.",
            about="timezone",
        ) from None


def parse_start(text: str, zone_name: str | None, default_zone: str) -> tuple[datetime, str, str]:
    """A meeting's start, its time zone's name and a note for the reader (a wall-clock time
    that happens twice), from `2026-12-10T09:00-05:00` (the offset names the moment) and/or an
    IANA zone (which names the zone shown and put in the calendar). A wall-clock time alone is
    read in the coalition's zone; one that daylight saving skips is refused."""
    zone_name = zone_name or None
    if zone_name:
        zone(zone_name)
    moment = parse_moment(text, zone_name or default_zone, what="start")
    if zone_name or not _has_offset(text):
        return moment.at, zone_name or default_zone, moment.note
    value = datetime.fromisoformat(text.strip().replace(" ", "T", 1).replace("z", "Z"))
    return moment.at, _zone_for_offset(value, default_zone), moment.note


def _has_offset(text: str) -> bool:
    return bool(re.search(r"(Z|[+-]\d{2}:?\d{2})$", text.strip(), re.IGNORECASE))


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


def check_channel(channel_id: str | None) -> str:
    """A channel's id, such as C0123ABCD."""
    channel = (channel_id or "").strip()
    if not channel:
        raise InvalidInput(
            "A meeting needs a channel for its announcement and reminders.", about="channel"
        )
    if not _CHANNEL.match(channel):
        raise InvalidInput(
            f"`{channel[:40]}` is not a channel I know: name it as #dialogue, or give its id,"
            " such as C0123ABCD.",
            about="channel",
        )
    return channel


def check_invitees(ids: Sequence[str]) -> list[str]:
    """People (`U…`) and user groups (`S…`) by their ids, each once."""
    checked: list[str] = []
    for user in ids:
        if not (_PERSON.match(user) or _GROUP.match(user)):
            raise InvalidInput(
                f"`{user[:40]}` is not a person or a user group I know: name people as @alice,"
                " or give their ids, such as U0123ABCD (S… for a user group).",
                about="invitees",
            )
        if user not in checked:
            checked.append(user)
    return checked


def is_group(invitee: str) -> bool:
    return bool(_GROUP.match(invitee))


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
    note: str = ""  # what the reader should know about how the start was read


def check_start(starts_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise InvalidInput("That start is in the past: give a time still to come.")
    if starts_at > now + HORIZON:
        raise InvalidInput(
            f"That start is too far away: a meeting can be at most {HORIZON_YEARS} years ahead."
        )


def check_request(request: MeetingRequest, now: datetime) -> None:
    if not one_line(request.title):
        raise InvalidInput("A meeting needs a title.", about="title")
    limits = {field: max_length(Meeting, field) for field in ("title", "place", "agenda")}
    if any(len(getattr(request, field)) > limit for field, limit in limits.items()):
        raise InvalidInput(
            f"Keep the title under {limits['title']:,}, the place under {limits['place']:,}"
            f" characters, the agenda under {limits['agenda']:,}."
        )
    check_start(request.starts_at, now)
    if not 5 <= request.duration_minutes <= 24 * 60:
        raise InvalidInput(
            "The length must be between 5 minutes and 24 hours (1440 minutes).", about="duration"
        )
    zone(request.timezone)
    check_channel(request.channel_id)
    check_invitees(request.invitees)
    if not request.offsets:
        raise InvalidInput("Give at least one reminder offset, such as `7d,1d,1h`.")


def schedule_meeting(session: Session, request: MeetingRequest, now: datetime) -> Meeting:
    """Create a meeting with its invitations and reminders; all or nothing."""
    check_request(request, now)
    meeting = Meeting(
        title=one_line(request.title),
        starts_at=request.starts_at,
        timezone=request.timezone,
        duration_minutes=request.duration_minutes,
        place=one_line(request.place),
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
    plan_reminders(session, meeting, now)
    return meeting


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting M{meeting_id}.", about="meeting")
    return meeting


def parse_meeting_id(text: str) -> int:
    digits = text.strip().upper().removeprefix("M")
    if not digits.isdigit() or len(digits) > 9:
        raise InvalidInput(f"`{text[:20]}` is not a meeting id: they look like `M12` or `12`.")
    return int(digits)


def open_meeting(session: Session, meeting_id: int) -> Meeting:
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
    meeting = open_meeting(session, meeting_id)
    check_start(starts_at, now)
    if timezone is not None:
        zone(timezone)
        meeting.timezone = timezone
    meeting.starts_at = starts_at
    meeting.sequence += 1
    meeting.updated_at = now
    session.add(meeting)
    session.flush()
    plan_reminders(session, meeting, now)
    return meeting


def cancel_meeting(session: Session, meeting_id: int, now: datetime) -> Meeting:
    """Cancel a meeting: the reminder sweep only looks at scheduled meetings, so none fires."""
    meeting = open_meeting(session, meeting_id)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = now
    session.add(meeting)
    return meeting


@dataclass(frozen=True)
class Upcoming:
    meeting: Meeting
    response: str | None  # the asker's RSVP, None when they have not answered
    invited: bool


def upcoming_meetings(session: Session, now: datetime, viewer: Viewer) -> list[Upcoming]:
    """The meetings still to start (or under way) that `viewer` may see, soonest first, with the
    viewer's own answer."""
    user_id = viewer.user_id
    query = (
        select(Meeting)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Meeting.starts_at) > now - timedelta(hours=24),
            meetings_seen_by(viewer),
        )
        .order_by(col(Meeting.starts_at), col(Meeting.id))
    )
    meetings = [m for m in session.exec(query) if ends_at(m) > now]
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


def ends_at(meeting: Meeting) -> datetime:
    try:
        return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    except OverflowError:  # a start at the calendar's end, stored before the horizon was checked
        return datetime.max.replace(tzinfo=UTC)


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
    invite: Sequence[str] = (),
    duration: str | int | None = None,
    created_by: str = "",
) -> MeetingRequest:
    """A MeetingRequest from what a person typed (Slack command, modal or CLI), the channel and
    invitees already read as ids, or a clear error naming the first problem."""
    if not title.strip():
        raise InvalidInput("A meeting needs a title.", about="title")
    channel_id = check_channel(channel)
    starts_at, zone_name, note = parse_start(start, timezone or None, default_zone)
    try:
        minutes = int(duration) if duration not in (None, "") else 60
    except ValueError:
        raise InvalidInput("Give the length in minutes, such as `90`.", about="duration") from None
    return MeetingRequest(
        title=title.strip(),
        starts_at=starts_at,
        timezone=zone_name,
        channel_id=channel_id,
        offsets=parse_offsets(remind or DEFAULT_OFFSETS),
        duration_minutes=minutes,
        place=place,
        agenda=agenda,
        invitees=check_invitees(invite),
        created_by=created_by,
        note=note,
    )
