"""Meeting buttons and modals: RSVP (Going / Maybe / Not going), the scheduling form and the
after-meeting outcome form. Coordinator-only steps are checked here, on the server."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit import say
from bot.kit.commands import CommandTable
from bot.kit.forms import Form
from bot.kit.guard import coordinators_only
from bot.kit.mrkdwn import clean, escape
from bot.kit.replies import Reply
from bot.meetings import views as messages
from bot.services import Services
from storage.errors import UserError
from storage.invitations import respond as record_rsvp
from storage.meetings import build_request, check_request, get_meeting, schedule_meeting
from storage.models import Meeting
from storage.outbox import Outgoing
from storage.outcomes import log_outcome, parse_status_changes

log = logging.getLogger(__name__)

# The form's field for what a refusal is about (`UserError.about`); anything else shows by Start.
FORM_FIELD_OF = {
    "title": "title",
    "channel": "channel",
    "invitees": "invitees",
    "timezone": "timezone",
    "duration": "duration",
    "remind": "remind",
}
RSVP_BY_ACTION = {action_id: response for response, action_id in messages.RSVP_ACTIONS.items()}


def _pressed_at(action: dict[str, Any], now: datetime) -> datetime:
    """When the button was pressed, by Slack's `action_ts` (the listeners of two presses a moment
    apart run side by side, and may store them in either order); now, when the time is missing
    or unreadable, and never later than now."""
    try:
        pressed = datetime.fromtimestamp(float(action["action_ts"]), UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return now
    return min(pressed, now)


def _text(form: Form, block_id: str) -> str:
    return clean(form.text(block_id), 3000)


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def rsvp(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        action = body["actions"][0]
        answer = RSVP_BY_ACTION[action["action_id"]]
        user_id = body["user"]["id"]
        viewer = await services.visibility.of_person(user_id)
        pressed_at = _pressed_at(action, services.clock())

        def thanks(meeting: Meeting | None) -> list[Outgoing]:
            if meeting is None:  # pressed before the answer already stored, which says it
                return []
            text = (
                f"Thanks: you are marked *{messages.RSVP_LABELS[answer]}* for"
                f" *{escape(meeting.title)}* ({messages.ref(meeting)})."
            )
            return [say.respond(body["response_url"], Reply(text), replace_original=False)]

        try:
            # The answer is stored with its thanks, or not at all.
            await services.change(
                lambda session: record_rsvp(
                    session, int(action["value"]), user_id, answer, pressed_at, viewer
                ),
                thanks,
            )
        except UserError as error:
            refusal = Reply(table.explain(error))
            await services.say(say.respond(body["response_url"], refusal, replace_original=False))

    async def open_form(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        channel_id = (body.get("channel") or {}).get("id")
        view = messages.schedule_modal(channel_id, services.settings.timezone_name)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def schedule_submitted(ack: AsyncAck, body: dict[str, Any]) -> None:
        user_id = body["user"]["id"]
        form = Form(body["view"]["state"]["values"])
        try:
            request = build_request(
                title=_text(form, "title"),
                start=_text(form, "start"),
                channel=form.text("channel") or None,
                default_zone=services.settings.timezone_name,
                timezone=_text(form, "timezone") or None,
                place=_text(form, "place"),
                agenda=_text(form, "agenda"),
                remind=_text(form, "remind") or None,
                invite=form.choices("invitees"),
                duration=_text(form, "duration") or None,
                created_by=user_id,
            )
            check_request(request, services.clock())
            # Write, then close the form: a closed form says the meeting is scheduled, and the
            # DM that says when is committed with it.
            now = services.clock()
            await services.change(
                lambda session: schedule_meeting(session, request, now),
                lambda created: [
                    say.dm(user_id, Reply(messages.scheduled(created, request.note, now)))
                ],
            )
        except UserError as error:
            # Slack shows the message under the field it is about; the form stays open for a fix.
            field = FORM_FIELD_OF.get(error.about, "start")
            await ack(response_action="errors", errors={field: str(error)})
            return
        await ack()

    async def open_outcome(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        meeting = await services.store.run(get_meeting, int(body["actions"][0]["value"]))
        await client.views_open(trigger_id=body["trigger_id"], view=messages.outcome_modal(meeting))

    async def outcome_submitted(ack: AsyncAck, body: dict[str, Any]) -> None:
        user_id = body["user"]["id"]
        form = Form(body["view"]["state"]["values"])
        summary = _text(form, "outcome")
        try:
            changes = parse_status_changes(_text(form, "changes"))
        except UserError as error:
            await ack(response_action="errors", errors={"changes": str(error)})
            return
        if not summary:
            await ack(response_action="errors", errors={"outcome": "Write what happened."})
            return
        meeting_id = int(body["view"]["private_metadata"])
        # Write, then close the form; the DM that confirms it is committed with the outcome.
        logged = Reply(f"Logged the outcome of M{meeting_id}: it is now part of the history.")
        now = services.clock()
        try:
            await services.change(
                lambda session: log_outcome(session, meeting_id, summary, user_id, now, changes),
                lambda _: [say.dm(user_id, logged)],
            )
        except UserError as error:
            await ack(response_action="errors", errors={"outcome": table.explain(error)[:300]})
            return
        await ack()

    app.action(re.compile("^meeting_rsvp_"))(rsvp)
    coordinators = coordinators_only(services)
    app.action(messages.OPEN_FORM_ACTION, middleware=coordinators)(open_form)
    app.action(messages.LOG_OUTCOME_ACTION, middleware=coordinators)(open_outcome)
    app.view(messages.SCHEDULE_VIEW, middleware=coordinators)(schedule_submitted)
    app.view(messages.OUTCOME_VIEW, middleware=coordinators)(outcome_submitted)
