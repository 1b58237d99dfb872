"""How letters look in Slack: the published post, the Sign on and coordinator modals, and the
texts of replies. Pure functions; everything people typed is escaped here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.kit import dates
from bot.kit.blocks import (
    actions,
    button,
    channel_input,
    checkbox_input,
    context,
    datetime_input,
    modal,
    radio_input,
    section,
    sections,
    text_input,
)
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from storage.letter_exports import capacity
from storage.letters import is_accepting
from storage.models import Letter, LetterStatus, Person, Signature, max_length
from storage.signatures import LetterOverview, SignForm

SIGN_ACTION = "letter_sign"
CONFIRM_ACTION = "letter_confirm"
COMPOSE_ACTION = "letter_compose"
SIGN_VIEW = "letter_sign_modal"
COMPOSE_VIEW = "letter_compose_modal"
EXCERPT = 1200
FORM_TEXT_LIMIT = 3000  # Slack's most for a plain-text input
ON_BEHALF, IDENTIFICATION = "on_behalf", "identification"
CAPACITY_LABELS = {
    IDENTIFICATION: "For identification only: my organization is named to say who I am",
    ON_BEHALF: "On behalf of my organization: it signs too",
}


def deadline_text(letter: Letter, zone: str | None = None) -> str:
    if letter.deadline is None:
        return "no deadline"
    return dates.local_time(letter.deadline, zone or letter.timezone)


def headline(letter: Letter) -> str:
    return f"*{letter.ref} · {escape(letter.title)}*"


def count_text(count: int) -> str:
    return f"{count} signature" + ("" if count == 1 else "s")


def state_text(letter: Letter, now: datetime, zone: str | None = None) -> str:
    if letter.status == LetterStatus.DRAFT:
        return "Draft (not published)"
    if letter.status == LetterStatus.CLOSED:
        return "Closed"
    if not is_accepting(letter, now):
        return f"Deadline passed ({deadline_text(letter, zone)})"
    return f"Open until {deadline_text(letter, zone)}"


def letter_post(letter: Letter, count: int, now: datetime) -> tuple[str, list[dict[str, Any]]]:
    """The letter as posted in its channel: summary, count and deadline, and a Sign on button
    while it takes signatures. It never names signers."""
    body = letter.body if len(letter.body) <= EXCERPT else letter.body[:EXCERPT] + "…"
    to = f"\nTo: {escape(letter.addressees)}" if letter.addressees else ""
    blocks = [
        section(f"{headline(letter)}{to}"),
        section(escape(body)),
        context(
            f"*{count_text(count)}* · {state_text(letter, now)} · version {letter.version}"
            f" · full text: `/roundtable letter {letter.ref}`"
        ),
    ]
    if is_accepting(letter, now):
        blocks.append(actions(button("Sign on", SIGN_ACTION, str(letter.id), style="primary")))
    text = f"{letter.ref}: {escape(letter.title)} — {count_text(count)}, {state_text(letter, now)}"
    return text, blocks


def sign_button_blocks(text: str, letter: Letter, label: str = "Sign on") -> list[dict[str, Any]]:
    action = SIGN_ACTION if label == "Sign on" else CONFIRM_ACTION
    return [section(text), actions(button(label, action, str(letter.id), style="primary"))]


def deadline_reminder(letter: Letter, reader_zone: str) -> Reply:
    """Before the deadline, to a member of the letter's channel who has not signed it."""
    text = (
        f"Reminder: {headline(letter)} takes signatures until"
        f" {deadline_text(letter, reader_zone)}, and you have not"
        f" signed it. Read it with `/roundtable letter {letter.ref}`, or sign on here."
    )
    return Reply(text, sign_button_blocks(text, letter))


def deadline_passed(letter: Letter) -> str:
    return f"The deadline of {headline(letter)} has passed: the list of signers is final."


def sign_modal(
    letter: Letter, profile: Person | None, previous: Signature | None, now: datetime
) -> dict[str, Any]:
    """Prefilled from the person's last signature of this letter, else their Slack profile and
    the organization they last signed with."""
    name = previous.name if previous else (profile.name if profile else "")
    title = previous.title if previous else (profile.title if profile else "")
    organization = previous.organization if previous else (profile.organization if profile else "")
    blocks: list[dict[str, Any]] = [
        section(f"{headline(letter)}\n{state_text(letter, now)}"),
        text_input("name", "Your name", initial=name, limit=max_length(Signature, "name")),
        text_input(
            "title",
            "Your title",
            initial=title,
            limit=max_length(Signature, "title"),
            optional=True,
        ),
        text_input(
            "organization",
            "Organization",
            initial=organization,
            limit=max_length(Signature, "organization"),
        ),
    ]
    if letter.on_behalf_allowed:
        # Nobody signs for an organization without choosing to: identification is the default.
        initial = ON_BEHALF if previous is not None and previous.on_behalf else IDENTIFICATION
        blocks.append(radio_input("capacity", "You sign", CAPACITY_LABELS, initial))
    else:
        blocks.append(
            context(
                "This letter is signed in a personal capacity:"
                " your organization is shown for identification only."
            )
        )
    comment = previous.comment if previous else ""
    blocks.append(
        text_input(
            "comment",
            "Comment (optional)",
            initial=comment,
            limit=max_length(Signature, "comment"),
            multiline=True,
            optional=True,
        )
    )
    return modal(
        "Sign on",
        blocks,
        callback_id=SIGN_VIEW,
        submit="Sign",
        private_metadata=json.dumps(sign_form_metadata(letter, previous)),
    )


def sign_form_metadata(letter: Letter, previous: Signature | None) -> dict[str, Any]:
    """What the form was opened for (`storage.signatures.SignForm`), carried in the modal: Slack
    gives it back with the submission, under the request's signature, so no one can change it."""
    withdrawn = previous.withdrawn_at if previous is not None else None
    return {
        "letter": letter.id,
        "version": letter.version,
        "withdrawn": withdrawn.isoformat() if withdrawn is not None else None,
    }


def sign_form(metadata: dict[str, Any]) -> SignForm | None:
    """The form's state from its metadata; None for a form opened before forms carried it."""
    version, withdrawn = metadata.get("version"), metadata.get("withdrawn")
    if not isinstance(version, int) or not isinstance(withdrawn, str | None):
        return None
    try:
        moment = datetime.fromisoformat(withdrawn) if withdrawn else None
    except ValueError:
        return None
    return SignForm(version, moment)


def notice_modal(text: str) -> dict[str, Any]:
    return modal("Letters", [section(text)], close="OK")


def compose_modal(letter: Letter | None, default_zone: str, now: datetime) -> dict[str, Any]:
    """The coordinators' form: a new letter, or the edit of a draft or an open letter."""
    deadline = int(letter.deadline.timestamp()) if letter and letter.deadline else None
    visibility = letter.signers_visible_to if letter else "coalition"
    on_behalf = letter.on_behalf_allowed if letter else True
    blocks = [
        text_input(
            "title",
            "Title",
            initial=letter.title if letter else "",
            limit=max_length(Letter, "title"),
        ),
        text_input(
            "addressees",
            "Addressees",
            initial=letter.addressees if letter else "",
            limit=max_length(Letter, "addressees"),
            optional=True,
        ),
        # A text input holds 3,000 characters: a longer text (from the CLI) is kept as it is,
        # never cut by the form.
        context("The text is longer than this form can hold: it stays as it is.")
        if letter is not None and len(letter.body) > FORM_TEXT_LIMIT
        else text_input(
            "body",
            "Text (Slack markdown)",
            initial=letter.body if letter else "",
            limit=FORM_TEXT_LIMIT,
            multiline=True,
        ),
        datetime_input("deadline", "Deadline", deadline),
        text_input(
            "timezone",
            "Time zone of the deadline",
            initial=letter.timezone if letter else default_zone,
            limit=max_length(Letter, "timezone"),
            hint="Such as America/New_York or Asia/Almaty.",
        ),
        channel_input("channel", "Channel to post in", letter.channel_id if letter else None),
        checkbox_input(
            "on_behalf",
            "Signing capacity",
            {"yes": "Signers may sign on behalf of their organization"},
            checked=["yes"] if on_behalf else [],
        ),
        radio_input(
            "visibility",
            "Who may see the list of signers",
            {"coalition": "The coalition", "coordinators": "Coordinators only"},
            visibility,
        ),
    ]
    if letter is None or letter.status == LetterStatus.DRAFT:
        blocks.append(checkbox_input("publish", "Publish", {"yes": "Publish now"}))
    return modal(
        "Edit " + letter.ref if letter else "New letter",
        blocks,
        callback_id=COMPOSE_VIEW,
        submit="Save",
        private_metadata=json.dumps({"letter": letter.id if letter else None}),
    )


def own_status(overview: LetterOverview) -> str:
    own, letter = overview.own, overview.letter
    if own is None:
        return "you have not signed"
    if own.withdrawn_at is not None:
        return "you withdrew your signature"
    if own.letter_version < letter.version:
        return f"you signed version {own.letter_version}: please confirm the new text"
    return "you signed"


def signer_line(signature: Signature) -> str:
    who = ", ".join(
        escape(part) for part in (signature.name, signature.title, signature.organization) if part
    )
    return f"• {who} ({capacity(signature)}, version {signature.letter_version})"


def letter_detail(
    overview: LetterOverview, now: datetime, zone: str | None
) -> tuple[str, list[dict[str, Any]]]:
    letter = overview.letter
    to = f"\nTo: {escape(letter.addressees)}" if letter.addressees else ""
    # A letter signed before the bot existed has its signers on record, not in our table.
    counted = (
        ""
        if letter.recorded_signers
        else f" · {count_text(overview.count)} · version {letter.version} · {own_status(overview)}"
    )
    summary = f"{headline(letter)}{to}\n{state_text(letter, now, zone)}{counted}"
    if letter.recorded_signers:
        summary += f"\nThe record says it was signed by {escape(letter.recorded_signers)}."
    blocks = [section(summary), *sections(escape(letter.body))]
    if overview.awaiting_confirmation:
        blocks.append(
            context(
                f"{overview.awaiting_confirmation} signed an earlier version"
                " and were asked to confirm."
            )
        )
    if overview.signers is not None and overview.signers:
        blocks += sections("*Signers*\n" + "\n".join(signer_line(s) for s in overview.signers))
    elif overview.signers is None:
        blocks.append(context("The list of signers of this letter is seen by coordinators only."))
    if is_accepting(letter, now):
        label = "Sign on" if own_status(overview) != "you signed" else "Change my signature"
        blocks.append(actions(button(label, SIGN_ACTION, str(letter.id), style="primary")))
    return summary, blocks[:50]
