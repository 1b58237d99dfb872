"""What meetings look like in Slack: announcements with RSVP buttons, reminders in each reader's own
time zone, change notices, the after-meeting prompt and the modals (the `.ics` calendar file is
`bot.meetings.calendar`). Pure functions of the store's records: no I/O here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.kit import dates
from bot.kit.blocks import (
    actions,
    button,
    channel_input,
    context,
    modal,
    people_input,
    section,
    text_input,
)
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from bot.meetings.calendar import ics as ics  # re-exported: jobs/reminders.py reads it from here
from storage.models import Letter, Meeting, MeetingStatus, max_length
from storage.recommendations import OpenRecommendation
from storage.reminders import describe_offset, parse_offsets, past_offsets_note

RSVP_ACTIONS = {
    "going": "meeting_rsvp_going",
    "maybe": "meeting_rsvp_maybe",
    "not going": "meeting_rsvp_not_going",
}
RSVP_LABELS = {"going": "Going", "maybe": "Maybe", "not going": "Not going"}
OPEN_FORM_ACTION = "meeting_open_form"
LOG_OUTCOME_ACTION = "meeting_log_outcome"
SCHEDULE_VIEW = "meeting_schedule"
OUTCOME_VIEW = "meeting_outcome"


def ref(meeting: Meeting) -> str:
    return f"M{meeting.id}"


def when(meeting: Meeting, reader_zone: str | None = None) -> str:
    """The start in the reader's zone when we know it, else in the meeting's own zone."""
    return dates.local_time(meeting.starts_at, reader_zone or meeting.timezone)


def slack_when(meeting: Meeting) -> str:
    """Slack's date token shows every reader the start in their own zone; the fallback (for
    clients that cannot) names the meeting's zone."""
    epoch = int(meeting.starts_at.timestamp())
    return f"<!date^{epoch}^{{date_long_pretty}} at {{time}}|{when(meeting)}>"


def _details(meeting: Meeting, when_text: str) -> list[str]:
    lines = [f"*{escape(meeting.title)}* ({ref(meeting)})", f"*When:* {when_text}"]
    lines.append(f"*Length:* {describe_offset(meeting.duration_minutes)}")
    if meeting.place:
        lines.append(f"*Where:* {escape(meeting.place)}")
    if meeting.agenda:
        lines.append(f"*Agenda:* {escape(meeting.agenda)}")
    return lines


def _notes(meeting: Meeting, note: str, now: datetime) -> str:
    past = past_offsets_note(meeting.starts_at, parse_offsets(meeting.reminder_offsets), now)
    return "".join(f" {text}" for text in (note, past) if text)


def scheduled(meeting: Meeting, note: str, now: datetime) -> str:
    """To whoever scheduled it: what was recorded, and what they should know."""
    return (
        f"Scheduled *{escape(meeting.title)}* as {ref(meeting)}: {when(meeting)}."
        f" I'll announce it in <#{meeting.channel_id}>.{_notes(meeting, note, now)}"
    )


def moved(meeting: Meeting, note: str, now: datetime) -> str:
    return (
        f"Moved {ref(meeting)} to {when(meeting)}. Reminders follow, and I'll tell the"
        f" invitees.{_notes(meeting, note, now)}"
    )


def rsvp_buttons(meeting: Meeting) -> dict[str, Any]:
    return actions(
        *(
            button(
                RSVP_LABELS[response],
                action_id,
                str(meeting.id),
                style="primary" if response == "going" else None,
            )
            for response, action_id in RSVP_ACTIONS.items()
        ),
        block_id=f"meeting-rsvp-{meeting.id}",
    )


def announcement(meeting: Meeting) -> Reply:
    """The channel's message about a meeting; edited in place when it changes."""
    if meeting.status == MeetingStatus.CANCELLED:
        text = f"~{escape(meeting.title)}~ ({ref(meeting)}) has been *cancelled*."
        return Reply(text, [section(text)])
    lines = [":spiral_calendar_pad: *Follow-up meeting*", *_details(meeting, slack_when(meeting))]
    text = "\n".join(lines)
    return Reply(
        text,
        [
            section(text),
            rsvp_buttons(meeting),
            context("Will you attend? The calendar file below adds it to your calendar."),
        ],
    )


def change_notice(meeting: Meeting, reader_zone: str | None = None) -> Reply:
    """What invitees are told when a meeting moves or is cancelled."""
    if meeting.status == MeetingStatus.CANCELLED:
        text = (
            f"*{escape(meeting.title)}* ({ref(meeting)}) has been cancelled: no reminders follow."
        )
    else:
        text = (
            f"*{escape(meeting.title)}* ({ref(meeting)}) has moved: it now starts"
            f" {when(meeting, reader_zone)}. Reminders follow the new time."
        )
    return Reply(text, [section(text)])


def invitation(meeting: Meeting, reader_zone: str | None) -> Reply:
    lines = [
        ":spiral_calendar_pad: You are invited to a follow-up meeting.",
        *_details(meeting, when(meeting, reader_zone)),
    ]
    text = "\n".join(lines)
    return Reply(text, [section(text), rsvp_buttons(meeting)])


def reminder(
    meeting: Meeting,
    offset_minutes: int,
    *,
    late: bool,
    reader_zone: str | None,
    in_channel: bool,
    recommendations: Sequence[OpenRecommendation] = (),
    letters: Sequence[Letter] = (),
) -> Reply:
    """A reminder: to the channel (Slack shows each reader their own time) or to one person
    (the time in their Slack time zone, named)."""
    when_text = slack_when(meeting) if in_channel else when(meeting, reader_zone)
    lines = [f":alarm_clock: *Reminder:* in {describe_offset(offset_minutes)}"]
    lines += _details(meeting, when_text)
    if late:
        lines.append(
            "_This reminder is late: I was offline when it was due. The meeting is still ahead._"
        )
    blocks = [section("\n".join(lines))]
    if recommendations:
        raise_lines = ["*Open recommendations to raise:*"] + [
            f"• *{escape(r.ref)}* ({escape(r.status)}): {escape(_short(r.text))}"
            for r in recommendations
        ]
        lines += raise_lines
        blocks.append(section("\n".join(raise_lines)))
    if letters:
        letter_lines = ["*Letters awaiting your signature:*"] + [
            f"• *{letter.ref}* {escape(letter.title)}" for letter in letters
        ]
        lines += letter_lines
        blocks.append(section("\n".join(letter_lines)))
    if not in_channel and meeting.status == MeetingStatus.SCHEDULED:
        blocks.append(rsvp_buttons(meeting))
    return Reply("\n".join(lines), blocks)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outcome_prompt(meeting: Meeting, coordinators: Sequence[str]) -> Reply:
    mentions = " ".join(f"<@{user}>" for user in sorted(coordinators))
    text = (
        f"*{escape(meeting.title)}* ({ref(meeting)}) has ended. {mentions} please log its"
        " outcome: it becomes part of the history I answer from."
    ).replace("  ", " ")
    log_it = actions(button("Log the outcome", LOG_OUTCOME_ACTION, str(meeting.id)))
    return Reply(text, [section(text), log_it])


def undeliverable(meeting: Meeting, recipient: str, code: str) -> Reply:
    """To the coordinators: a reminder could not be delivered, every retry spent."""
    where = f"<#{recipient}>" if recipient == meeting.channel_id else f"<@{recipient}>"
    text = (
        f":warning: I could not deliver a reminder for *{escape(meeting.title)}*"
        f" ({ref(meeting)}) to {where} after several tries (`{code}`)."
        " Please pass it on."
    )
    return Reply(text)


def upcoming_list(
    rows: Sequence[tuple[Meeting, str | None, bool]], reader_zone: str | None
) -> Reply:
    if not rows:
        return Reply("No follow-up meetings are scheduled.")
    lines = ["*Upcoming meetings:*"]
    for meeting, response, invited in rows:
        answer = (
            f"you said *{RSVP_LABELS[response]}*"
            if response
            else ("you have not answered" if invited else "not invited")
        )
        lines.append(
            f"• *{escape(meeting.title)}* ({ref(meeting)}) — {when(meeting, reader_zone)}"
            f" — {answer}"
        )
    text = "\n".join(lines)
    return Reply(text, [section(text)])


# --- modals -------------------------------------------------------------------------------


def schedule_modal(channel_id: str | None, default_zone: str) -> dict[str, Any]:
    """The scheduling form, its channel preset to where it was asked for (a channel, not a DM)."""
    channel_id = channel_id if channel_id and channel_id[:1] in ("C", "G") else None
    return modal(
        "Schedule a meeting",
        [
            text_input("title", "Title", limit=max_length(Meeting, "title")),
            text_input("start", "Start", hint="Such as 2026-12-10 09:00"),
            text_input("timezone", "Time zone", optional=True, hint=f"Default {default_zone}"),
            text_input("duration", "Length in minutes", optional=True, hint="Default 60"),
            text_input(
                "place",
                "Place or call link",
                optional=True,
                limit=max_length(Meeting, "place"),
            ),
            text_input(
                "agenda",
                "Agenda",
                optional=True,
                multiline=True,
                limit=max_length(Meeting, "agenda"),
            ),
            channel_input("channel", "Channel", channel_id),
            people_input("invitees", "Invitees"),
            text_input("remind", "Reminders before", optional=True, hint="Default 7d,1d,1h"),
        ],
        callback_id=SCHEDULE_VIEW,
        submit="Schedule",
    )


def outcome_modal(meeting: Meeting) -> dict[str, Any]:
    return modal(
        "Meeting outcome",
        [
            section(f"*{escape(meeting.title)}* ({ref(meeting)})"),
            text_input("outcome", "What happened", multiline=True),
            text_input(
                "changes",
                "Recommendation status changes",
                optional=True,
                multiline=True,
                hint="One per line, such as RT-3: in progress",
            ),
        ],
        callback_id=OUTCOME_VIEW,
        submit="Log it",
        private_metadata=str(meeting.id),
    )
