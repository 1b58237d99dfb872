"""The coordinators' status-change modal for recommendations, opened from `/roundtable rec`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit import say
from bot.kit.commands import CommandTable
from bot.kit.forms import Form
from bot.kit.guard import coordinators_only
from bot.recommendations.commands import status_change_reply, today
from bot.recommendations.views import OPEN_STATUS_MODAL, STATUS_MODAL, status_modal
from bot.services import Services
from storage.errors import InvalidInput, UserError
from storage.moments import parse_day
from storage.recommendations import parse_status, record_status_change

__all__ = ["register"]


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def open_status_modal(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        ref = str(body["actions"][0].get("value", ""))[:20]
        view = status_modal(ref, today(services))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def submit_status(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = body["user"]["id"]
        form = Form(view.get("state", {}).get("values", {}))
        ref = str(view.get("private_metadata", ""))[:20]
        status, as_of, errors = _checked(form)
        if status is None or as_of is None:
            await ack(response_action="errors", errors=errors)
            return
        # Write, then close the form: a closed form says the change is recorded, and the DM
        # that says so is committed with it.
        evidence = form.text("evidence")
        day = today(services)
        try:
            await services.change(
                lambda session: record_status_change(
                    session, ref, status, as_of, evidence, user, today=day
                ),
                lambda recorded: [
                    say.dm(user, status_change_reply(*recorded, status, as_of, evidence))
                ],
            )
        except UserError as error:
            field = "as_of" if error.about == "as_of" else "status"
            await ack(response_action="errors", errors={field: table.explain(error)[:300]})
            return
        await ack()

    coordinators = coordinators_only(services)
    app.action(OPEN_STATUS_MODAL, middleware=coordinators)(open_status_modal)
    app.view(STATUS_MODAL, middleware=coordinators)(submit_status)


def _checked(form: Form) -> tuple[str | None, dt.date | None, dict[str, str]]:
    """The modal's status and date, or the message to show under each field that is wrong."""
    status: str | None = None
    as_of: dt.date | None = None
    errors: dict[str, str] = {}
    try:
        status = parse_status(form.text("status"))
    except InvalidInput as error:
        errors["status"] = str(error)
    try:
        as_of = _date(form.text("as_of"))
    except InvalidInput as error:
        errors["as_of"] = str(error)
    return status, as_of, errors


def _date(text: str) -> dt.date:
    return parse_day(text, "as-of date")
