"""Letters' buttons and modals: Sign on (and Confirm) open the signing modal; its submission signs;
the coordinators' button opens the letter form, whose submission creates or edits (and may
publish) a letter. Every handler acknowledges first; a modal's fields are checked before its
acknowledgement so that a mistake shows beside the field, and the outcome is sent privately."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit.commands import CommandTable
from bot.kit.failures import reply_or_apologise
from bot.kit.replies import Reply
from bot.letters.commands import edited, publish, sign_letter
from bot.letters.views import (
    COMPOSE_ACTION,
    COMPOSE_VIEW,
    CONFIRM_ACTION,
    IDENTIFICATION,
    SIGN_ACTION,
    SIGN_VIEW,
    compose_modal,
    notice_modal,
    sign_modal,
)
from bot.services import Services
from storage import letters, signatures
from storage.errors import InvalidInput, UserError
from storage.models import Letter, LetterStatus, Signature, max_length

log = logging.getLogger(__name__)

Values = dict[str, dict[str, dict[str, Any]]]


def _value(values: Values, block: str) -> Any:
    return values.get(block, {}).get("value", {})


def _text(values: Values, block: str) -> str:
    return str(_value(values, block).get("value") or "")


def _chosen(values: Values, block: str) -> list[str]:
    element = _value(values, block)
    if element.get("selected_option"):
        return [str(element["selected_option"]["value"])]
    return [str(option["value"]) for option in element.get("selected_options") or []]


def _metadata_letter(view: dict[str, Any]) -> int | None:
    try:
        letter = json.loads(view.get("private_metadata") or "{}").get("letter")
    except (ValueError, AttributeError):
        return None
    return int(letter) if isinstance(letter, int) else None


def _checked_fields(checks: dict[str, Callable[[], Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Run each field's check; the errors, keyed by block, are what Slack shows beside them."""
    results: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for block, check in checks.items():
        try:
            results[block] = check()
        except InvalidInput as error:
            errors[block] = str(error)[:150]
    return results, errors


def signer_details(values: Values) -> tuple[signatures.SignerDetails | None, dict[str, str]]:
    fields, errors = _checked_fields(
        {
            "name": lambda: letters.text_field(
                "Name", _text(values, "name"), max_length(Signature, "name"), required=True
            ),
            "title": lambda: letters.text_field(
                "Job title", _text(values, "title"), max_length(Signature, "title"), required=False
            ),
            "organization": lambda: letters.text_field(
                "Organization",
                _text(values, "organization"),
                max_length(Signature, "organization"),
                required=True,
            ),
            "comment": lambda: letters.text_field(
                "Comment",
                _text(values, "comment"),
                max_length(Signature, "comment"),
                required=False,
                one_line=False,
            ),
        }
    )
    if errors:
        return None, errors
    on_behalf = _chosen(values, "capacity") != [IDENTIFICATION] and "capacity" in values
    return signatures.SignerDetails(**fields, on_behalf=on_behalf), {}


def letter_draft(
    values: Values, now: datetime, default_zone: str, kept_body: str = ""
) -> tuple[letters.LetterDraft | None, dict[str, str]]:
    """The form's letter; `kept_body` is the text of a letter too long for the form to show."""

    def deadline() -> datetime:
        stamp = _value(values, "deadline").get("selected_date_time")
        if not isinstance(stamp, int | float):
            raise InvalidInput("Choose the deadline's date and time.")
        moment = datetime.fromtimestamp(stamp, UTC)
        if moment <= now:
            raise InvalidInput("That deadline has already passed: please choose a later one.")
        return moment

    fields, errors = _checked_fields(
        {
            "title": lambda: letters.text_field(
                "Title", _text(values, "title"), max_length(Letter, "title"), required=True
            ),
            "body": lambda: letters.text_field(
                "Text",
                _text(values, "body") if "body" in values else kept_body,
                max_length(Letter, "body"),
                required=True,
                one_line=False,
            ),
            "addressees": lambda: letters.text_field(
                "Addressees",
                _text(values, "addressees"),
                max_length(Letter, "addressees"),
                required=False,
            ),
            "deadline": deadline,
            "timezone": lambda: letters.valid_zone(_text(values, "timezone") or default_zone),
        }
    )
    channel = _value(values, "channel").get("selected_conversation")
    if not channel:
        errors["channel"] = "Choose the channel to post the letter in."
    if errors:
        return None, errors
    visibility = (_chosen(values, "visibility") or ["coalition"])[0]
    return letters.LetterDraft(
        **fields,
        channel_id=str(channel),
        on_behalf_allowed=_chosen(values, "on_behalf") == ["yes"],
        signers_visible_to=visibility if visibility in letters.VISIBILITY else "coalition",
    ), {}


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def tell(user_id: str, where: str, produce: Callable[[], Awaitable[Reply]]) -> None:
        reply = await reply_or_apologise(where, produce)
        slack = services.letters
        if slack is not None:
            await slack.dm(user_id, reply)

    async def open_sign_modal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user_id = body["user"]["id"]
        try:
            letter_id = int(body["actions"][0]["value"])
            letter = await services.store.run(letters.find_letter, letter_id)
            now = services.clock()
            if not letters.is_accepting(letter, now):
                raise signatures.refusal(letter)
            profile = await services.people.profile(user_id)
            previous = await services.store.run(signatures.own_signature, letter_id, user_id)
            view = sign_modal(letter, profile, previous, now)
        except (UserError, ValueError) as error:
            message = (
                table.explain(error) if isinstance(error, UserError) else "That letter is unknown."
            )
            view = notice_modal(message)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def sign_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        details, errors = signer_details(view["state"]["values"])
        letter_id = _metadata_letter(view)
        if details is None or letter_id is None:
            await ack(
                response_action="errors", errors=errors or {"name": "Please open the letter again."}
            )
            return
        await ack()
        user_id = body["user"]["id"]

        async def produce() -> Reply:
            try:
                return await sign_letter(services, letter_id, user_id, details)
            except UserError as error:
                return Reply(table.explain(error))

        await tell(user_id, "letter signing", produce)

    async def open_compose_modal(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user_id = body["user"]["id"]
        now = services.clock()
        value = str(body["actions"][0].get("value") or "")
        zone = services.settings.timezone_name
        try:
            if not services.is_coordinator(user_id):
                raise UserError("Only coordinators can draft or edit letters.")
            letter = await services.store.run(letters.find_letter, value) if value else None
            view = compose_modal(letter, zone, now)
        except UserError as error:
            view = notice_modal(table.explain(error))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def compose_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        user_id = body["user"]["id"]
        if not services.is_coordinator(user_id):
            await ack(
                response_action="errors", errors={"title": "Only coordinators can save letters."}
            )
            return
        values = view["state"]["values"]
        letter_id = _metadata_letter(view)
        kept_body = ""
        if "body" not in values and letter_id is not None:
            kept_body = (await services.store.run(letters.find_letter, letter_id)).body
        draft, errors = letter_draft(
            values, services.clock(), services.settings.timezone_name, kept_body
        )
        if draft is None:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        publish_now = _chosen(values, "publish") == ["yes"]

        async def produce() -> Reply:
            try:
                now = services.clock()
                if letter_id is None:
                    letter = await services.store.run(letters.create_letter, draft, user_id, now)
                    saved = f"Saved the draft {letter.ref}."
                else:
                    outcome = await services.store.run(
                        letters.edit_letter, letter_id, draft, user_id, now
                    )
                    letter, saved = outcome.letter, await edited(services, outcome)
                if letter.status != LetterStatus.DRAFT:
                    return Reply(saved)
                if publish_now and letter.id is not None:
                    return await publish(services, letter.id, user_id)
                return Reply(f"{saved} Publish it with `/roundtable letter publish {letter.ref}`.")
            except UserError as error:
                return Reply(table.explain(error))

        await tell(user_id, "letter form", produce)

    app.action(SIGN_ACTION)(open_sign_modal)
    app.action(CONFIRM_ACTION)(open_sign_modal)
    app.action(COMPOSE_ACTION)(open_compose_modal)
    app.view(SIGN_VIEW)(sign_submitted)
    app.view(COMPOSE_VIEW)(compose_submitted)
