"""Letters' buttons and modals: Sign on (and Confirm) open the signing modal; its submission signs;
the coordinators' button opens the letter form, whose submission creates or edits (and may
publish) a letter. Every handler acknowledges first; a modal's fields are checked before its
acknowledgement so that a mistake shows beside the field, and the outcome is sent privately."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.kit import say
from bot.kit.commands import CommandTable
from bot.kit.forms import Form
from bot.kit.guard import coordinators_only
from bot.kit.replies import Reply
from bot.letters.commands import edited, published, publishing, sign_by_form
from bot.letters.slack import first_post
from bot.letters.views import (
    COMPOSE_ACTION,
    COMPOSE_VIEW,
    CONFIRM_ACTION,
    IDENTIFICATION,
    SIGN_ACTION,
    SIGN_VIEW,
    compose_modal,
    notice_modal,
    sign_form,
    sign_modal,
)
from bot.services import Services
from storage import letters, signatures
from storage.errors import InvalidInput, UserError
from storage.models import Letter, LetterStatus, Signature, max_length
from storage.outbox import Outgoing

log = logging.getLogger(__name__)


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return metadata if isinstance(metadata, dict) else {}


def _metadata_letter(view: dict[str, Any]) -> int | None:
    letter = _metadata(view).get("letter")
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


def signer_details(form: Form) -> tuple[signatures.SignerDetails | None, dict[str, str]]:
    def field(label: str, block: str, required: bool, one_line: bool = True) -> Callable[[], str]:
        limit = max_length(Signature, block)
        return lambda: letters.text_field(
            label, form.text(block), limit, required=required, one_line=one_line
        )

    fields, errors = _checked_fields(
        {
            "name": field("Name", "name", required=True),
            "title": field("Job title", "title", required=False),
            "organization": field("Organization", "organization", required=True),
            "comment": field("Comment", "comment", required=False, one_line=False),
        }
    )
    if errors:
        return None, errors
    on_behalf = form.choices("capacity") != [IDENTIFICATION] and "capacity" in form
    return signatures.SignerDetails(**fields, on_behalf=on_behalf), {}


def letter_draft(
    form: Form, now: datetime, default_zone: str, kept_body: str = ""
) -> tuple[letters.LetterDraft | None, dict[str, str]]:
    """The form's letter; `kept_body` is the text of a letter too long for the form to show."""

    def deadline() -> datetime:
        stamp = form.timestamp("deadline")
        if stamp is None:
            raise InvalidInput("Choose the deadline's date and time.")
        moment = datetime.fromtimestamp(stamp, UTC)
        if moment <= now:
            raise InvalidInput("That deadline has already passed: please choose a later one.")
        return moment

    fields, errors = _checked_fields(
        {
            "title": lambda: letters.text_field(
                "Title", form.text("title"), max_length(Letter, "title"), required=True
            ),
            "body": lambda: letters.text_field(
                "Text",
                form.text("body") if "body" in form else kept_body,
                max_length(Letter, "body"),
                required=True,
                one_line=False,
            ),
            "addressees": lambda: letters.text_field(
                "Addressees",
                form.text("addressees"),
                max_length(Letter, "addressees"),
                required=False,
            ),
            "deadline": deadline,
            "timezone": lambda: letters.valid_zone(form.text("timezone") or default_zone),
        }
    )
    channel = form.text("channel")
    if not channel:
        errors["channel"] = "Choose the channel to post the letter in."
    if errors:
        return None, errors
    visibility = (form.choices("visibility") or ["coalition"])[0]
    return letters.LetterDraft(
        **fields,
        channel_id=str(channel),
        on_behalf_allowed=form.choices("on_behalf") == ["yes"],
        signers_visible_to=visibility if visibility in letters.VISIBILITY else "coalition",
    ), {}


@dataclass(frozen=True)
class Composed:
    """What the letter form stored: the letter, the edit it made (None: a new draft), and
    whether it was published too."""

    letter: Letter
    edit: letters.EditOutcome | None
    published: bool


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
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
        details, errors = signer_details(Form(view["state"]["values"]))
        letter_id = _metadata_letter(view)
        if details is None or letter_id is None:
            await ack(
                response_action="errors", errors=errors or {"name": "Please open the letter again."}
            )
            return
        user_id = body["user"]["id"]
        # Write, then close the form: a closed form tells the person their signature is saved,
        # so it must be (storing it, with its confirmation, takes milliseconds, well inside
        # Slack's 3 seconds).
        try:
            await sign_by_form(services, letter_id, user_id, details, sign_form(_metadata(view)))
        except UserError as error:
            await ack(response_action="errors", errors={"name": table.explain(error)[:300]})
            return
        await ack()

    async def open_compose_modal(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        now = services.clock()
        value = str(body["actions"][0].get("value") or "")
        zone = services.settings.timezone_name
        try:
            letter = await services.store.run(letters.find_letter, value) if value else None
            view = compose_modal(letter, zone, now)
        except UserError as error:
            view = notice_modal(table.explain(error))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def compose_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        user_id = body["user"]["id"]
        form = Form(view["state"]["values"])
        letter_id = _metadata_letter(view)
        kept_body = ""
        if "body" not in form and letter_id is not None:
            kept_body = (await services.store.run(letters.find_letter, letter_id)).body
        draft, errors = letter_draft(
            form, services.clock(), services.settings.timezone_name, kept_body
        )
        if draft is None:
            await ack(response_action="errors", errors=errors)
            return
        publish_now = form.choices("publish") == ["yes"]
        # Write, then close the form (see sign_submitted): the letter, what the coordinator is
        # told of it in a DM, and what tells others (its post, the news in its thread, the
        # requests to confirm) are committed in one transaction.
        now = services.clock()

        def save(session: Session) -> Composed:
            if letter_id is None:
                letter, edit = letters.create_letter(session, draft, user_id, now), None
            else:
                edit = letters.edit_letter(session, letter_id, draft, user_id, now)
                letter = edit.letter
            if publish_now and letter.status == LetterStatus.DRAFT:
                return Composed(publishing(services, session, letter.ref, user_id), edit, True)
            return Composed(letter, edit, False)

        def said(composed: Composed) -> list[Outgoing]:
            letter, edit = composed.letter, composed.edit
            if composed.published:
                # A draft, until now: nobody else has heard of it, nor signed it.
                return [*first_post(letter), say.dm(user_id, published(letter))]
            saved, messages = (
                (f"Saved the draft {letter.ref}.", []) if edit is None else edited(services, edit)
            )
            if letter.status == LetterStatus.DRAFT:
                saved += f" Publish it with `/roundtable letter publish {letter.ref}`."
            return [*messages, say.dm(user_id, Reply(saved))]

        try:
            await services.change(save, said)
        except UserError as error:
            await ack(response_action="errors", errors={"title": table.explain(error)[:300]})
            return
        await ack()

    app.action(SIGN_ACTION)(open_sign_modal)
    app.action(CONFIRM_ACTION)(open_sign_modal)
    coordinators = coordinators_only(services)
    app.action(COMPOSE_ACTION, middleware=coordinators)(open_compose_modal)
    app.view(SIGN_VIEW)(sign_submitted)
    app.view(COMPOSE_VIEW, middleware=coordinators)(compose_submitted)
