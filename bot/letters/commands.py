"""`/roundtable sign | unsign | letters | letter`: signing coalition letters by command, and the
coordinators' letter actions. The flows here (sign, publish, announce) serve the buttons and
modals of `bot.letters.listeners` too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bot.kit import say
from bot.kit.blocks import actions, button, section
from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from bot.letters.slack import first_post, reconfirmations, refreshed
from bot.letters.views import (
    COMPOSE_ACTION,
    compose_modal,
    count_text,
    deadline_text,
    headline,
    letter_detail,
    own_status,
    sign_button_blocks,
    state_text,
)
from bot.services import Services
from storage import letters, signatures
from storage.errors import InvalidInput, NotAllowed
from storage.models import Letter, LetterStatus
from storage.outbox import Outgoing

COORDINATOR_ACTIONS = ("new", "edit", "publish", "close", "reopen", "extend", "export")


SIGN_USAGE = "sign L2 [ORGANIZATION | on behalf of ORGANIZATION]"
_ON_BEHALF = re.compile(r"^on\s+behalf\s+of\b\s*", re.IGNORECASE)
_FOR = re.compile(r"^for\b\s*", re.IGNORECASE)


def signing_capacity(text: str) -> tuple[bool, str]:
    """`on behalf of Acme` signs for Acme; `Acme` (or `for Acme`) names it for identification
    only, the default: nobody signs on an organization's behalf without saying so."""
    text = text.strip()
    if _ON_BEHALF.match(text):
        return True, _ON_BEHALF.sub("", text, count=1).strip()
    return False, _FOR.sub("", text, count=1).strip()


def _how_to_sign(letter: Letter, missing: str = "") -> str:
    need = f"I need {missing}. " if missing else "Which organization do you sign with? "
    return (
        f"To sign {headline(letter)}: {need}"
        f"`{SLASH_COMMAND} sign {letter.ref} Acme Faith Coalition` names your organization for"
        f" identification only; `{SLASH_COMMAND} sign {letter.ref} on behalf of Acme Faith"
        " Coalition` signs on its behalf. Or use the form."
    )


def _usage(text: str) -> InvalidInput:
    return InvalidInput(f"Usage: `{SLASH_COMMAND} {text}`.")


# --- flows shared with the buttons and modals ----------------------------------------------


async def sign_letter(
    invocation: Invocation, letter_id: int, details: signatures.SignerDetails
) -> Reply:
    """`/roundtable sign`: its acknowledgement promised nothing; its reply and the edit of the
    letter's count are committed with the signature, where the transport can take the reply."""
    services, user_id = invocation.services, invocation.user_id
    zone = await services.people.zone_of(user_id)  # may ask Slack: before the transaction
    now = services.clock()
    return await invocation.change(
        lambda session: signatures.sign(session, letter_id, user_id, details, now),
        lambda outcome: confirmation(outcome, zone),
        _signed_edit,
    )


async def sign_by_form(
    services: Services,
    letter_id: int,
    user_id: str,
    details: signatures.SignerDetails,
    form: signatures.SignForm | None,
) -> None:
    """The Sign on form, whose closing tells the person it is done: the confirmation DM and the
    edit of the count are committed with the signature, so a signature stored is always
    confirmed, through any crash. A refusal is raised before anything is written."""
    now = services.clock()

    # Slack waits for the form's answer: no call to Slack here (opening the form read the zone,
    # which the signature's own transaction reads back).
    def said(outcome: signatures.SignOutcome) -> list[Outgoing]:
        zone = outcome.signer_zone or services.people.default_zone
        return [say.dm(user_id, confirmation(outcome, zone)), *_signed_edit(outcome)]

    await services.change(
        lambda session: signatures.sign(session, letter_id, user_id, details, now, form=form), said
    )


def _signed_edit(outcome: signatures.SignOutcome) -> list[Outgoing]:
    # The letter's post shows the new count.
    unchanged = outcome.result == signatures.SignResult.UNCHANGED
    return [] if unchanged else refreshed(outcome.letter)


def confirmation(outcome: signatures.SignOutcome, zone: str) -> Reply:
    """What a signer is told once their signature is stored."""
    letter = outcome.letter
    if outcome.result == signatures.SignResult.UNCHANGED:
        return Reply(f"Your signature on {headline(letter)} is already recorded: nothing changed.")
    s = outcome.signature
    who = ", ".join(escape(part) for part in (s.name, s.title, s.organization) if part)
    verb = (
        "signed" if outcome.result == signatures.SignResult.SIGNED else "updated your signature on"
    )
    if s.on_behalf:
        capacity = f"on behalf of {escape(s.organization)}"
    else:
        capacity = "your organization named for identification only"
        if letter.on_behalf_allowed:
            capacity += (
                f" (to sign on its behalf: `{SLASH_COMMAND} sign {letter.ref} on behalf of"
                f" {escape(s.organization)}`)"
            )
    return Reply(
        f"You {verb} {headline(letter)} (version {s.letter_version}) as {who},"
        f" {capacity}. You can withdraw it before the deadline"
        f" ({deadline_text(letter, zone)}) with `{SLASH_COMMAND} unsign {letter.ref}`."
    )


def published(letter: Letter) -> Reply:
    return Reply(f"Published {headline(letter)} in <#{letter.channel_id}>.")


def publishing(services: Services, session: Session, ref: str | int, actor: str) -> Letter:
    """Open a letter for signing; the caller commits its post (`first_post`) with it."""
    if services.letters is None:
        raise InvalidInput("Publishing needs Slack: run the bot with its Slack token.")
    return letters.publish_letter(session, ref, actor, services.clock())


async def publish(services: Services, ref: str | int, actor: str) -> Reply:
    """Publish a letter, its post committed with the publication (the CLI's way)."""
    letter = await services.change(
        lambda session: publishing(services, session, ref, actor), first_post
    )
    return published(letter)


def after_change(services: Services, letter: Letter, announcement: str) -> list[Outgoing]:
    """What tells of a change to a published letter: its post redrawn, the news in its thread."""
    return [] if services.letters is None else services.letters.told(letter, announcement)


def edited(services: Services, outcome: letters.EditOutcome) -> tuple[str, list[Outgoing]]:
    """What the coordinator is told of an edit, and what tells others of it."""
    letter = outcome.letter
    messages: list[Outgoing] = []
    if letter.status == LetterStatus.OPEN:
        note = f" The text is now version {letter.version}." if outcome.new_version else ""
        messages += after_change(services, letter, f"{headline(letter)} was edited.{note}")
    if services.letters is not None:
        messages += reconfirmations(letter, outcome.reconfirm)
    count = len(outcome.reconfirm)
    asked = (
        f" {count} earlier signer{'s were' if count > 1 else ' was'} asked to confirm."
        if count
        else ""
    )
    return f"Saved {headline(letter)} (version {letter.version}).{asked}", messages


# --- the commands ---------------------------------------------------------------------------


def register(table: CommandTable) -> None:
    table.hint("letter", f"`{SLASH_COMMAND} letters` lists open ones.")

    @table.command(
        "sign",
        "sign L2 [ORGANIZATION | on behalf of ORGANIZATION]",
        "Sign a letter: your organization named for identification only, or signing on its behalf",
        example="sign L2 Acme Faith Coalition",
    )
    async def sign(invocation: Invocation) -> Reply:
        ref, _, rest = invocation.args.partition(" ")
        if not ref:
            raise _usage(SIGN_USAGE)
        services, user_id = invocation.services, invocation.user_id
        letter = await services.store.run(letters.find_letter, ref)
        if letter.status == LetterStatus.DRAFT and invocation.is_coordinator:
            raise InvalidInput(
                f"{letter.ref} is still a draft: it takes signatures once it is published,"
                f" with `{SLASH_COMMAND} letter publish {letter.ref}`."
            )
        if not letters.is_accepting(letter, services.clock()):
            raise signatures.refusal(letter)
        on_behalf, organization = signing_capacity(rest)
        if on_behalf and not letter.on_behalf_allowed:
            raise InvalidInput(
                f"{letter.ref} is signed in a personal capacity, not on behalf of organizations:"
                f" `{SLASH_COMMAND} sign {letter.ref} {escape(organization) or 'ORGANIZATION'}`"
                " names yours for identification only."
            )
        assert letter.id is not None
        known = await services.people.profile(user_id)
        previous = await services.store.run(signatures.own_signature, letter.id, user_id)
        # What they signed this letter with before, else their profile and last organization.
        name = (previous.name if previous else "") or (known.name if known else "")
        title = (previous.title if previous else "") or (known.title if known else "")
        organization = (
            organization
            or (previous.organization if previous else "")
            or (known.organization if known else "")
        )
        if not name or not organization:
            text = _how_to_sign(letter, "your name and organization" if not name else "")
            return Reply(text, sign_button_blocks(text, letter))
        details = signatures.SignerDetails.checked(
            name=name, title=title, organization=organization, on_behalf=on_behalf
        )
        return await sign_letter(invocation, letter.id, details)

    @table.command("unsign", "unsign L2", "Withdraw your signature before the deadline")
    async def unsign(invocation: Invocation) -> Reply:
        if not invocation.args:
            raise _usage("unsign L2")
        ref, user_id = invocation.args.split()[0], invocation.user_id
        now = invocation.services.clock()

        def withdrawn(letter: Letter) -> Reply:
            return Reply(
                f"Your signature on {headline(letter)} is withdrawn. You can sign again before"
                f" the deadline with `{SLASH_COMMAND} sign {letter.ref}`."
            )

        # The letter's post shows the count without this signature.
        return await invocation.change(
            lambda session: signatures.withdraw(session, ref, user_id, now), withdrawn, refreshed
        )

    @table.command("letters", "letters", "Open letters, and whether you signed them")
    async def list_letters(invocation: Invocation) -> Reply:
        services = invocation.services
        overviews = await services.store.run(
            signatures.letters_for,
            invocation.user_id,
            services.clock(),
            include_drafts=invocation.is_coordinator,
        )
        if not overviews:
            return Reply("No letter is open for signing right now.")
        zone = await services.people.zone_of(invocation.user_id)
        now = services.clock()
        lines = ["*Coalition letters:*"]
        for o in overviews:
            lines.append(
                f"• {headline(o.letter)} — {state_text(o.letter, now, zone)}"
                f" — {count_text(o.count)} — {own_status(o)}"
            )
        lines.append(f"Details: `{SLASH_COMMAND} letter {overviews[0].letter.ref}`.")
        text = "\n".join(lines)
        return Reply(text, [section(text)])

    @table.command(
        "letter",
        "letter L2 | letter new | letter edit|publish|close|export L2"
        " | letter extend|reopen L2 DEADLINE",
        "Show a letter; coordinators draft, manage and export letters",
        example="letter L2",
    )
    async def letter(invocation: Invocation) -> Reply:
        words = invocation.args.split()
        if not words:
            raise _usage("letter L2")
        if words[0].lower() in COORDINATOR_ACTIONS:
            return await _coordinate(invocation, words[0].lower(), words[1:])
        services = invocation.services
        overview = await services.store.run(
            signatures.letter_overview, words[0], invocation.user_id, invocation.is_coordinator
        )
        zone = await services.people.zone_of(invocation.user_id)
        text, blocks = letter_detail(overview, services.clock(), zone)
        return Reply(text, blocks)


async def _coordinate(invocation: Invocation, action: str, rest: list[str]) -> Reply:
    if not invocation.is_coordinator:
        raise NotAllowed(
            f"Only coordinators can use `{SLASH_COMMAND} letter {action}`."
            " Ask a coordinator if you need it done."
        )
    services, actor = invocation.services, invocation.user_id
    zone = services.settings.timezone_name
    if action == "new":
        form = compose_modal(None, zone, services.clock())
        return _compose_button("Draft a new coalition letter:", "New letter", "", form)
    if not rest:
        raise _usage(f"letter {action} L2")
    ref = rest[0]
    now = services.clock()
    if action == "edit":
        letter = await services.store.run(letters.find_letter, ref)
        form = compose_modal(letter, zone, now)
        return _compose_button(
            f"Edit {headline(letter)}:", f"Edit {letter.ref}", str(letter.id), form
        )
    if action == "publish":
        return await invocation.change(
            lambda session: publishing(services, session, ref, actor), published, first_post
        )
    if action == "export":
        return await _export(invocation, ref)
    if action == "close":
        return await _changed(
            invocation,
            lambda session: letters.close_letter(session, ref, actor, now),
            lambda letter: "closed: signatures are no longer collected",
        )
    current = await services.store.run(letters.find_letter, ref)
    moment = (
        letters.parse_deadline(" ".join(rest[1:3]), current.timezone) if len(rest) > 1 else None
    )
    deadline = moment.at if moment else None
    note = f" {moment.note}" if moment and moment.note else ""
    if action == "extend":
        if deadline is None:
            raise _usage(f"letter extend {current.ref} 2026-12-20 17:00")
        return await _changed(
            invocation,
            lambda session: letters.extend_deadline(session, ref, deadline, actor, now),
            lambda letter: f"has a new deadline: {deadline_text(letter)}",
            note,
        )
    try:
        return await _changed(
            invocation,
            lambda session: letters.reopen_letter(session, ref, actor, now, deadline),
            lambda letter: f"is open again until {deadline_text(letter)}",
            note,
        )
    except InvalidInput as error:
        if error.about != "deadline":
            raise
        example = f"{SLASH_COMMAND} letter reopen {current.ref} 2026-12-20 17:00"
        raise InvalidInput(f"{str(error).rstrip('.')}, `{example}`.") from None


async def _changed(
    invocation: Invocation,
    change: Callable[[Session], Letter],
    news: Callable[[Letter], str],
    note: str = "",
) -> Reply:
    """A coordinator's change to a letter, committed with its reply, the post redrawn and the
    news in its thread."""

    def told(letter: Letter) -> str:
        return f"{headline(letter)} {news(letter)}."

    return await invocation.change(
        change,
        lambda letter: Reply(told(letter) + note),
        lambda letter: after_change(invocation.services, letter, told(letter)),
    )


def _compose_button(text: str, label: str, value: str, form: dict[str, Any]) -> Reply:
    # In Slack the form opens at once; the button is for where it cannot (an expired trigger).
    blocks = [section(text), actions(button(label, COMPOSE_ACTION, value, style="primary"))]
    return Reply(text, blocks, modal=form)


async def _export(invocation: Invocation, ref: str) -> Reply:
    services = invocation.services
    letter = await services.store.run(letters.find_letter, ref)
    slack = services.letters
    if slack is None:
        return Reply(
            f"Print it with `roundtable-bot letters signatures {letter.ref} --format csv`."
        )
    count = await slack.send_export(invocation.user_id, letter)
    return Reply(
        f"I sent you the export of {headline(letter)} in a direct message: the CSV of"
        f" {count_text(count)} and the letter with its signatories."
    )
