"""Coalition letters: drafting, publishing and closing them, and collecting signatures under the
rules that must hold — one signature per person per letter (a unique constraint), none after the
deadline or on a closed letter (decided inside the writing statement, against the caller's clock),
the letter version every signature was given to, and an audit trail of every change.

Every operation that changes a letter starts with a write, so that SQLite takes its write lock
before reading (a read-then-write transaction in WAL mode fails at once when another writer got
in between) and PostgreSQL locks the letter's row while the change is decided.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, col, delete, func, select

from storage.db import insert_if_absent, upsert_builder
from storage.errors import Closed, InvalidInput, NotFound, UserError
from storage.meetings import CLAIM_LEASE
from storage.models import (
    DeliveryStatus,
    Letter,
    LetterChange,
    LetterReminder,
    LetterStatus,
    Signature,
)
from storage.people import remember_person

__all__ = [
    "VISIBILITY",
    "EditOutcome",
    "LetterDraft",
    "LetterOverview",
    "SignOutcome",
    "SignResult",
    "SignerDetails",
    "active_signatures",
    "can_see_signers",
    "claim_reminder",
    "close_letter",
    "close_past_deadline",
    "create_letter",
    "edit_letter",
    "export_csv",
    "export_text",
    "extend_deadline",
    "find_letter",
    "finish_reminders",
    "is_accepting",
    "letter_overview",
    "letters_for",
    "mark_reminder",
    "own_signature",
    "parse_deadline",
    "parse_ref",
    "publish_letter",
    "record_message",
    "refusal",
    "reminder_candidates",
    "reopen_letter",
    "sign",
    "signature_count",
    "signer_ids",
    "signers_to_reconfirm",
    "text_field",
    "valid_zone",
    "withdraw",
]

VISIBILITY = ("coalition", "coordinators")
LIMITS = {
    "Title": 300,
    "Text": 20_000,
    "Addressees": 500,
    "Name": 200,
    "Job title": 200,
    "Organization": 300,
    "Comment": 1000,
}
_REF = re.compile(r"^[Ll]?(\d{1,9})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_letters = Letter.__table__  # type: ignore[attr-defined]
_signatures = Signature.__table__  # type: ignore[attr-defined]


# --- input ----------------------------------------------------------------------------------


def text_field(label: str, value: str | None, *, required: bool, one_line: bool = True) -> str:
    """Clean what someone typed; a missing or oversized value is a clear `InvalidInput`."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", value or "")).strip()
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        raise InvalidInput(f"{label} is empty: please fill it in.")
    limit = LIMITS[label]
    if len(text) > limit:
        raise InvalidInput(
            f"{label} is too long ({len(text):,} characters): at most {limit:,}, please shorten it."
        )
    return text


def parse_ref(ref: str) -> int:
    match = _REF.match(ref.strip())
    if match is None:
        # What was typed is not repeated: this message is shown as it is, unescaped.
        raise NotFound("That is not a letter reference: they look like `L2`.")
    return int(match.group(1))


def valid_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "That time zone is unknown: use a name such as America/New_York or Asia/Almaty."
        ) from None
    return name


def parse_deadline(text: str, zone: str) -> datetime:
    """`2026-12-15T17:00-05:00`, or without an offset in the letter's own zone."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            "I could not read that deadline: write it like 2026-12-15T17:00-05:00."
        ) from None
    local = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(valid_zone(zone)))
    return local.astimezone(UTC)


@dataclass(frozen=True)
class LetterDraft:
    """What a coordinator gives for a letter, cleaned and checked by `draft`."""

    title: str
    body: str
    deadline: datetime
    timezone: str
    channel_id: str | None
    addressees: str = ""
    on_behalf_allowed: bool = True
    signers_visible_to: str = "coalition"
    remind_before_minutes: int = 1440

    @classmethod
    def checked(
        cls,
        *,
        title: str,
        body: str,
        deadline: datetime,
        timezone: str,
        channel_id: str | None,
        addressees: str = "",
        on_behalf_allowed: bool = True,
        signers_visible_to: str = "coalition",
        remind_before_minutes: int = 1440,
    ) -> LetterDraft:
        if deadline.tzinfo is None:
            raise InvalidInput("Give the deadline with its time zone, such as 17:00-05:00.")
        if signers_visible_to not in VISIBILITY:
            raise InvalidInput("Who may see the signers: `coalition` or `coordinators`.")
        if not 0 <= remind_before_minutes <= 60 * 24 * 60:
            raise InvalidInput("The reminder goes out between 0 and 60 days before the deadline.")
        return cls(
            title=text_field("Title", title, required=True),
            body=text_field("Text", body, required=True, one_line=False),
            deadline=deadline.astimezone(UTC),
            timezone=valid_zone(timezone),
            channel_id=(channel_id or "").strip() or None,
            addressees=text_field("Addressees", addressees, required=False),
            on_behalf_allowed=on_behalf_allowed,
            signers_visible_to=signers_visible_to,
            remind_before_minutes=remind_before_minutes,
        )


@dataclass(frozen=True)
class SignerDetails:
    """What a signer gives, cleaned and checked by `checked`."""

    name: str
    title: str
    organization: str
    on_behalf: bool
    comment: str = ""

    @classmethod
    def checked(
        cls, *, name: str, title: str, organization: str, on_behalf: bool, comment: str = ""
    ) -> SignerDetails:
        return cls(
            name=text_field("Name", name, required=True),
            title=text_field("Job title", title, required=False),
            organization=text_field("Organization", organization, required=True),
            on_behalf=on_behalf,
            comment=text_field("Comment", comment, required=False, one_line=False),
        )


# --- reading --------------------------------------------------------------------------------


def find_letter(session: Session, ref: str | int) -> Letter:
    letter_id = ref if isinstance(ref, int) else parse_ref(ref)
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound(f"There is no letter L{letter_id}. `/roundtable letters` lists open ones.")
    return letter


def is_accepting(letter: Letter, now: datetime) -> bool:
    return (
        letter.status == LetterStatus.OPEN and letter.deadline is not None and letter.deadline > now
    )


def can_see_signers(letter: Letter, is_coordinator: bool) -> bool:
    return is_coordinator or letter.signers_visible_to == "coalition"


def signature_count(session: Session, letter_id: int) -> int:
    statement = select(func.count()).where(
        Signature.letter_id == letter_id, col(Signature.withdrawn_at).is_(None)
    )
    return int(session.exec(statement).one())


def active_signatures(session: Session, letter_id: int) -> list[Signature]:
    statement = (
        select(Signature)
        .where(Signature.letter_id == letter_id, col(Signature.withdrawn_at).is_(None))
        .order_by(col(Signature.signed_at), col(Signature.id))
    )
    return list(session.exec(statement).all())


def signers_to_reconfirm(session: Session, letter_id: int, version: int) -> list[str]:
    statement = select(Signature.user_id).where(
        Signature.letter_id == letter_id,
        col(Signature.withdrawn_at).is_(None),
        Signature.letter_version < version,
    )
    return list(session.exec(statement).all())


def own_signature(session: Session, letter_id: int, user_id: str) -> Signature | None:
    statement = select(Signature).where(
        Signature.letter_id == letter_id, Signature.user_id == user_id
    )
    return session.exec(statement).first()


@dataclass(frozen=True)
class LetterOverview:
    letter: Letter
    count: int
    own: Signature | None  # the reader's signature, withdrawn or not
    signers: list[Signature] | None  # None when the reader may not see them
    awaiting_confirmation: int = 0


def letter_overview(
    session: Session, ref: str | int, user_id: str, is_coordinator: bool
) -> LetterOverview:
    letter = find_letter(session, ref)
    if letter.status == LetterStatus.DRAFT and not is_coordinator:
        raise NotFound(f"There is no letter {letter.ref}. `/roundtable letters` lists open ones.")
    assert letter.id is not None
    signers = active_signatures(session, letter.id)
    return LetterOverview(
        letter=letter,
        count=len(signers),
        own=own_signature(session, letter.id, user_id),
        signers=signers if can_see_signers(letter, is_coordinator) else None,
        awaiting_confirmation=sum(1 for s in signers if s.letter_version < letter.version),
    )


def letters_for(
    session: Session, user_id: str, now: datetime, *, include_drafts: bool
) -> list[LetterOverview]:
    """Letters open for signing (and drafts, for coordinators), each with the reader's status."""
    accepting = sa.and_(
        col(Letter.status) == LetterStatus.OPEN,
        col(Letter.deadline).is_not(None),
        col(Letter.deadline) > now,
    )
    condition = (
        sa.or_(accepting, col(Letter.status) == LetterStatus.DRAFT) if include_drafts else accepting
    )
    letters = session.exec(select(Letter).where(condition).order_by(col(Letter.id))).all()
    return [
        LetterOverview(
            letter=letter,
            count=signature_count(session, letter.id),  # type: ignore[arg-type]
            own=own_signature(session, letter.id, user_id),  # type: ignore[arg-type]
            signers=None,
        )
        for letter in letters
    ]


# --- coordinators' changes ------------------------------------------------------------------


def _audit(
    session: Session, letter_id: int, actor: str, action: str, now: datetime, detail: str = ""
) -> None:
    session.add(
        LetterChange(letter_id=letter_id, actor=actor, action=action, detail=detail, at=now)
    )


def _locked(session: Session, ref: str | int) -> Letter:
    """The letter, its row locked for this transaction (a no-op write: see the module's note)."""
    letter_id = ref if isinstance(ref, int) else parse_ref(ref)
    session.connection().execute(
        sa.update(_letters).where(_letters.c.id == letter_id).values(status=_letters.c.status)
    )
    letter = find_letter(session, letter_id)
    session.refresh(letter)
    return letter


def _future(deadline: datetime, now: datetime) -> datetime:
    if deadline <= now:
        raise InvalidInput("That deadline has already passed: please choose a later one.")
    return deadline


def create_letter(session: Session, draft: LetterDraft, actor: str, now: datetime) -> Letter:
    letter = Letter(
        title=draft.title,
        body=draft.body,
        addressees=draft.addressees,
        deadline=_future(draft.deadline, now),
        timezone=draft.timezone,
        channel_id=draft.channel_id,
        on_behalf_allowed=draft.on_behalf_allowed,
        signers_visible_to=draft.signers_visible_to,
        remind_before_minutes=draft.remind_before_minutes,
        created_by=actor,
        created_at=now,
    )
    session.add(letter)
    session.flush()
    assert letter.id is not None
    _audit(session, letter.id, actor, "create", now)
    return letter


@dataclass(frozen=True)
class EditOutcome:
    letter: Letter
    new_version: bool  # the text of a published letter changed
    reconfirm: list[str]  # signers of an earlier version, to be asked to confirm again


def edit_letter(
    session: Session, ref: str | int, draft: LetterDraft, actor: str, now: datetime
) -> EditOutcome:
    letter = _locked(session, ref)
    if letter.status == LetterStatus.CLOSED:
        raise Closed(f"{letter.ref} is closed: reopen it before editing.")
    published = letter.status == LetterStatus.OPEN
    if published and draft.channel_id != letter.channel_id:
        raise InvalidInput(f"{letter.ref} is already posted: its channel can no longer change.")
    text_changed = (draft.title, draft.body) != (letter.title, letter.body)
    if draft.deadline != letter.deadline:
        _future(draft.deadline, now)
    for key, value in vars(draft).items():
        setattr(letter, key, value)
    if published and text_changed:
        letter.version += 1
    session.add(letter)
    assert letter.id is not None
    _audit(session, letter.id, actor, "edit", now, f"version {letter.version}")
    session.flush()
    new_version = published and text_changed
    reconfirm = signers_to_reconfirm(session, letter.id, letter.version) if new_version else []
    return EditOutcome(letter, new_version, reconfirm)


def publish_letter(session: Session, ref: str | int, actor: str, now: datetime) -> Letter:
    """Open a draft for signing. Publishing an open letter whose post never reached Slack is
    allowed, so that the post can be tried again; anything else is refused."""
    letter = _locked(session, ref)
    if letter.status == LetterStatus.OPEN and letter.message_ts is None:
        return letter
    if letter.status != LetterStatus.DRAFT:
        raise Closed(f"{letter.ref} is already published.")
    if not letter.channel_id:
        raise InvalidInput(f"{letter.ref} has no channel to post in: edit it and choose one.")
    if letter.deadline is None or letter.deadline <= now:
        raise InvalidInput(f"The deadline of {letter.ref} has passed: edit it first.")
    letter.status = LetterStatus.OPEN
    letter.published_at = now
    session.add(letter)
    assert letter.id is not None
    _audit(session, letter.id, actor, "publish", now)
    return letter


def record_message(session: Session, letter_id: int, channel_id: str, message_ts: str) -> None:
    session.connection().execute(
        sa.update(_letters)
        .where(_letters.c.id == letter_id)
        .values(channel_id=channel_id, message_ts=message_ts)
    )


def close_letter(session: Session, ref: str | int, actor: str, now: datetime) -> Letter:
    letter = _locked(session, ref)
    if letter.status != LetterStatus.OPEN:
        raise Closed(f"{letter.ref} is not open, so there is nothing to close.")
    letter.status = LetterStatus.CLOSED
    letter.closed_at = now
    session.add(letter)
    assert letter.id is not None
    _audit(session, letter.id, actor, "close", now)
    return letter


def reopen_letter(
    session: Session, ref: str | int, actor: str, now: datetime, deadline: datetime | None = None
) -> Letter:
    letter = _locked(session, ref)
    if letter.status != LetterStatus.CLOSED or letter.message_ts is None:
        raise Closed("Only a closed letter that was published here can be reopened.")
    deadline = deadline or letter.deadline
    if deadline is None or deadline <= now:
        raise InvalidInput(
            f"The deadline of {letter.ref} has passed: reopen it with a new one,"
            f" `/roundtable letter reopen {letter.ref} 2026-12-20T17:00-05:00`."
        )
    letter.status, letter.closed_at, letter.deadline = LetterStatus.OPEN, None, deadline
    session.add(letter)
    assert letter.id is not None
    _audit(session, letter.id, actor, "reopen", now, deadline.isoformat())
    return letter


def extend_deadline(
    session: Session, ref: str | int, deadline: datetime, actor: str, now: datetime
) -> Letter:
    letter = _locked(session, ref)
    if letter.status == LetterStatus.CLOSED:
        raise Closed(f"{letter.ref} is closed: reopen it with its new deadline instead.")
    if letter.deadline is not None and deadline <= letter.deadline:
        raise InvalidInput("The new deadline must be later than the current one.")
    letter.deadline = _future(deadline, now)
    # A later deadline deserves its own reminder, to everyone who has not signed by then.
    letter.reminded_at = None
    session.exec(delete(LetterReminder).where(col(LetterReminder.letter_id) == letter.id))
    session.add(letter)
    assert letter.id is not None
    _audit(session, letter.id, actor, "extend", now, deadline.isoformat())
    return letter


# --- signatures -----------------------------------------------------------------------------


class SignResult(StrEnum):
    SIGNED = "signed"
    UPDATED = "updated"  # signed again: the same signature now says what was given
    UNCHANGED = "unchanged"  # a double click, a retry, a modal submitted twice


@dataclass(frozen=True)
class SignOutcome:
    letter: Letter
    signature: Signature
    result: SignResult


def _accepting(letter_id: int, now: datetime) -> Any:
    """The condition, evaluated by the database in the writing statement itself."""
    return sa.and_(
        _letters.c.id == letter_id,
        _letters.c.status == LetterStatus.OPEN.value,
        _letters.c.deadline > now,
    )


def refusal(letter: Letter) -> UserError:
    """Why a letter does not take a signature or a withdrawal."""
    if letter.status == LetterStatus.DRAFT:
        return NotFound(f"There is no letter {letter.ref}. `/roundtable letters` lists open ones.")
    closed_early = letter.closed_at is None or (
        letter.deadline is not None and letter.closed_at < letter.deadline
    )
    if letter.status == LetterStatus.CLOSED and closed_early:
        return Closed(f"{letter.ref} is closed: signatures can no longer be added or withdrawn.")
    return Closed(
        f"The deadline for {letter.ref} has passed: signatures can no longer be added or"
        " withdrawn. A coordinator can extend it."
    )


def sign(
    session: Session,
    ref: str | int,
    user_id: str,
    details: SignerDetails,
    now: datetime,
    *,
    action: str = "sign",
) -> SignOutcome:
    """Sign, or sign again (the same row is updated); refused after the deadline or on a closed
    letter. The open-and-before-deadline test is part of the INSERT and UPDATE statements, so a
    close or a deadline racing the signature is decided by the database."""
    letter_id = ref if isinstance(ref, int) else parse_ref(ref)
    accepting = _accepting(letter_id, now)
    version = sa.select(_letters.c.version).where(accepting).scalar_subquery()
    values = {
        "name": details.name,
        "title": details.title,
        "organization": details.organization,
        "on_behalf": details.on_behalf,
        "comment": details.comment,
    }
    typed = [sa.literal(v, _signatures.c[k].type) for k, v in values.items()]
    source = sa.select(
        sa.literal(letter_id),
        sa.literal(user_id),
        *typed,
        _letters.c.version,
        sa.literal(now, _signatures.c.signed_at.type),
    ).where(accepting)
    columns = ["letter_id", "user_id", *values, "letter_version", "signed_at"]
    connection = session.connection()
    inserted = connection.execute(
        upsert_builder(session)(_signatures)
        .from_select(columns, source)
        .on_conflict_do_nothing()
        .returning(_signatures.c.id)
    ).first()
    result = SignResult.SIGNED
    if inserted is None:
        changed = sa.or_(
            *(_signatures.c[k] != v for k, v in values.items()),
            _signatures.c.withdrawn_at.is_not(None),
            _signatures.c.letter_version != version,
        )
        updated = connection.execute(
            sa.update(_signatures)
            .where(
                _signatures.c.letter_id == letter_id,
                _signatures.c.user_id == user_id,
                sa.exists().where(accepting),
                changed,
            )
            .values(**values, letter_version=version, signed_at=now, withdrawn_at=None)
            .returning(_signatures.c.id)
        ).first()
        if updated is not None:
            result = SignResult.UPDATED
        elif connection.execute(sa.select(sa.exists().where(accepting))).scalar():
            result = SignResult.UNCHANGED
        else:
            raise refusal(find_letter(session, letter_id))
    letter = find_letter(session, letter_id)
    if details.on_behalf and not letter.on_behalf_allowed:
        # Raising rolls the transaction back: the signature above is not kept.
        raise InvalidInput(
            f"{letter.ref} takes signatures in a personal capacity only: choose"
            " “affiliation for identification only”."
        )
    signature = own_signature(session, letter_id, user_id)
    assert signature is not None
    session.refresh(signature)
    if result != SignResult.UNCHANGED:
        detail = f"version {signature.letter_version}"
        _audit(
            session,
            letter_id,
            user_id,
            action if result == SignResult.SIGNED else "resign",
            now,
            detail,
        )
        remember_person(
            session,
            user_id,
            now,
            name=details.name,
            title=details.title,
            organization=details.organization,
        )
    return SignOutcome(letter, signature, result)


def withdraw(session: Session, ref: str | int, user_id: str, now: datetime) -> Letter:
    letter_id = ref if isinstance(ref, int) else parse_ref(ref)
    accepting = _accepting(letter_id, now)
    withdrawn = (
        session.connection()
        .execute(
            sa.update(_signatures)
            .where(
                _signatures.c.letter_id == letter_id,
                _signatures.c.user_id == user_id,
                _signatures.c.withdrawn_at.is_(None),
                sa.exists().where(accepting),
            )
            .values(withdrawn_at=now)
            .returning(_signatures.c.id)
        )
        .first()
    )
    if withdrawn is None:
        if not session.connection().execute(sa.select(sa.exists().where(accepting))).scalar():
            raise refusal(find_letter(session, letter_id))
        raise UserError(f"You have not signed L{letter_id}, so there is nothing to withdraw.")
    _audit(session, letter_id, user_id, "withdraw", now)
    return find_letter(session, letter_id)


# --- the deadline reminder ------------------------------------------------------------------


def reminder_candidates(session: Session, now: datetime) -> list[int]:
    """Open letters whose reminder is due and not yet given to every member of their channel."""
    letters = session.exec(
        select(Letter).where(
            Letter.status == LetterStatus.OPEN,
            col(Letter.reminded_at).is_(None),
            col(Letter.deadline) > now,
            col(Letter.message_ts).is_not(None),
        )
    ).all()
    return [
        letter.id
        for letter in letters
        if letter.id is not None
        and letter.deadline is not None
        and (letter.deadline - now).total_seconds() <= letter.remind_before_minutes * 60
    ]


_reminders = LetterReminder.__table__  # type: ignore[attr-defined]


def _reminder_of(letter_id: int, user_id: str) -> Any:
    return sa.and_(_reminders.c.letter_id == letter_id, _reminders.c.user_id == user_id)


def claim_reminder(session: Session, letter_id: int, user_id: str, now: datetime) -> bool:
    """True for the one replica that may DM this person this letter's reminder: the one whose
    insert the unique constraint let through, or, once CLAIM_LEASE has passed, the one that takes
    over a claim whose replica died before it could say how the DM went."""
    if insert_if_absent(
        session, LetterReminder, letter_id=letter_id, user_id=user_id, claimed_at=now
    ):
        return True
    taken = session.connection().execute(
        sa.update(_reminders)
        .where(
            _reminder_of(letter_id, user_id),
            _reminders.c.status == DeliveryStatus.CLAIMED.value,
            _reminders.c.claimed_at < now - CLAIM_LEASE,
        )
        .values(claimed_at=now)
        .returning(_reminders.c.id)
    )
    return taken.first() is not None


def mark_reminder(session: Session, letter_id: int, user_id: str, *, sent: bool) -> None:
    status = DeliveryStatus.SENT if sent else DeliveryStatus.FAILED
    session.connection().execute(
        sa.update(_reminders).where(_reminder_of(letter_id, user_id)).values(status=status.value)
    )


def finish_reminders(session: Session, letter_id: int, now: datetime) -> bool:
    """Mark the letter reminded once no reminder of it is still being sent; True (and an entry
    in its audit trail) for the one caller that marked it."""
    pending = sa.exists().where(
        _reminders.c.letter_id == letter_id, _reminders.c.status == DeliveryStatus.CLAIMED.value
    )
    finished = (
        session.connection()
        .execute(
            sa.update(_letters)
            .where(_letters.c.id == letter_id, _letters.c.reminded_at.is_(None), ~pending)
            .values(reminded_at=now)
            .returning(_letters.c.id)
        )
        .first()
    )
    if finished is not None:
        _audit(session, letter_id, "bot", "remind", now)
    return finished is not None


def close_past_deadline(session: Session, now: datetime) -> list[int]:
    """Close the open letters whose deadline has passed: their list is final. Each letter is
    closed by one conditional update, so one replica alone gets its id back (and announces it)."""
    closed = session.connection().execute(
        sa.update(_letters)
        .where(_letters.c.status == LetterStatus.OPEN.value, _letters.c.deadline <= now)
        .values(status=LetterStatus.CLOSED.value, closed_at=_letters.c.deadline)
        .returning(_letters.c.id)
    )
    ids = [row.id for row in closed]
    for letter_id in ids:
        _audit(session, letter_id, "bot", "close", now, "deadline")
    return ids


def signer_ids(session: Session, letter_id: int) -> set[str]:
    return {signature.user_id for signature in active_signatures(session, letter_id)}


# --- export ---------------------------------------------------------------------------------


def _sheet_cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with "=" as a formula: what signers typed stays text.
    return "'" + value if value.startswith(_FORMULA_START) else value


def capacity(signature: Signature) -> str:
    return "on behalf of organization" if signature.on_behalf else "for identification only"


def export_csv(signatures: Sequence[Signature]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["name", "title", "organization", "capacity", "signed_at", "letter_version", "comment"]
    )
    for s in signatures:
        writer.writerow(
            [
                *(_sheet_cell(v) for v in (s.name, s.title, s.organization)),
                capacity(s),
                s.signed_at.isoformat(timespec="seconds"),
                s.letter_version,
                _sheet_cell(s.comment),
            ]
        )
    return out.getvalue()


def export_text(letter: Letter, signatures: Sequence[Signature]) -> str:
    """The letter as it will be sent: its text, then its signatories (Markdown)."""
    lines = [f"# {letter.title}", ""]
    if letter.addressees:
        lines += [f"To: {letter.addressees}", ""]
    lines += [letter.body, "", f"## Signatories ({len(signatures)})", ""]
    for number, s in enumerate(signatures, start=1):
        who = ", ".join(part for part in (s.name, s.title, s.organization) if part)
        note = "" if s.on_behalf else " (affiliation for identification only)"
        older = f" — signed version {s.letter_version}" if s.letter_version < letter.version else ""
        lines.append(f"{number}. {who}{note}{older}")
    lines += ["", f"{letter.ref}, version {letter.version}."]
    return "\n".join(lines) + "\n"
