"""Coalition letters: drafting, publishing, editing, closing and reopening them, with an audit trail
of every change; a letter's text and deadline as coordinators give them, cleaned and checked.

Every operation that changes a letter starts with a write, so that SQLite takes its write lock
before reading (a read-then-write transaction in WAL mode fails at once when another writer got
in between) and PostgreSQL locks the letter's row while the change is decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, col, delete, select

from storage.errors import Closed, InvalidInput, NotFound
from storage.models import Letter, LetterChange, LetterReminder, LetterStatus, Signature, max_length
from storage.moments import Moment, parse_moment
from storage.text import one_line as plain_line
from storage.text import without_bidi_controls

__all__ = [
    "VISIBILITY",
    "EditOutcome",
    "LetterDraft",
    "audit",
    "can_see_signers",
    "close_letter",
    "close_past_deadline",
    "create_letter",
    "edit_letter",
    "extend_deadline",
    "find_letter",
    "is_accepting",
    "parse_deadline",
    "parse_ref",
    "publish_letter",
    "record_message",
    "reopen_letter",
    "signers_to_reconfirm",
    "text_field",
    "valid_zone",
]

VISIBILITY = ("coalition", "coordinators")
_REF = re.compile(r"^[Ll]?(\d{1,9})$")

_letters = Letter.__table__  # type: ignore[attr-defined]
_changes = LetterChange.__table__  # type: ignore[attr-defined]


# --- input ----------------------------------------------------------------------------------


def text_field(
    label: str, value: str | None, limit: int, *, required: bool, one_line: bool = True
) -> str:
    """Clean what someone typed; a missing or oversized value (over `limit`, which the model's
    field declares: see `storage.models.max_length`) is a clear `InvalidInput`."""
    # Names and titles lose every invisible character (see `storage.text`), texts their
    # direction controls: neither can disguise one signer as another.
    text = plain_line(value or "") if one_line else without_bidi_controls(value or "").strip()
    if required and not text:
        raise InvalidInput(f"{label} is empty: please fill it in.")
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


def parse_deadline(text: str, zone: str) -> Moment:
    """`2026-12-15T17:00-05:00`, `2026-12-15 17:00` in the letter's own zone, or `2026-12-15`:
    the end of that day there (the moment's note says so)."""
    return parse_moment(text, valid_zone(zone), date_only="end_of_day", what="deadline")


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
            title=text_field("Title", title, max_length(Letter, "title"), required=True),
            body=text_field(
                "Text", body, max_length(Letter, "body"), required=True, one_line=False
            ),
            deadline=deadline.astimezone(UTC),
            timezone=valid_zone(timezone),
            channel_id=(channel_id or "").strip() or None,
            addressees=text_field(
                "Addressees", addressees, max_length(Letter, "addressees"), required=False
            ),
            on_behalf_allowed=on_behalf_allowed,
            signers_visible_to=signers_visible_to,
            remind_before_minutes=remind_before_minutes,
        )


# --- reading --------------------------------------------------------------------------------


def find_letter(session: Session, ref: str | int) -> Letter:
    letter_id = ref if isinstance(ref, int) else parse_ref(ref)
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound(f"There is no letter L{letter_id}.", about="letter")
    return letter


def is_accepting(letter: Letter, now: datetime) -> bool:
    return (
        letter.status == LetterStatus.OPEN and letter.deadline is not None and letter.deadline > now
    )


def can_see_signers(letter: Letter, is_coordinator: bool) -> bool:
    return is_coordinator or letter.signers_visible_to == "coalition"


def signers_to_reconfirm(session: Session, letter_id: int, version: int) -> list[str]:
    statement = select(Signature.user_id).where(
        Signature.letter_id == letter_id,
        col(Signature.withdrawn_at).is_(None),
        Signature.letter_version < version,
    )
    return list(session.exec(statement).all())


# --- coordinators' changes ------------------------------------------------------------------


def audit(
    session: Session, letter_id: int, actor: str, action: str, now: datetime, detail: str = ""
) -> None:
    entry = {"letter_id": letter_id, "actor": actor, "action": action, "detail": detail, "at": now}
    session.connection().execute(_AUDITING, entry)


_AUDITING = sa.insert(_changes)  # built once: every signature writes an entry


def locked(session: Session, ref: str | int) -> Letter:
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
    audit(session, letter.id, actor, "create", now)
    return letter


@dataclass(frozen=True)
class EditOutcome:
    letter: Letter
    new_version: bool  # the text of a published letter changed
    reconfirm: list[str]  # signers of an earlier version, to be asked to confirm again


def edit_letter(
    session: Session, ref: str | int, draft: LetterDraft, actor: str, now: datetime
) -> EditOutcome:
    letter = locked(session, ref)
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
    audit(session, letter.id, actor, "edit", now, f"version {letter.version}")
    session.flush()
    new_version = published and text_changed
    reconfirm = signers_to_reconfirm(session, letter.id, letter.version) if new_version else []
    return EditOutcome(letter, new_version, reconfirm)


def publish_letter(session: Session, ref: str | int, actor: str, now: datetime) -> Letter:
    """Open a draft for signing. Publishing an open letter whose post never reached Slack is
    allowed, so that the post can be tried again; anything else is refused."""
    letter = locked(session, ref)
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
    audit(session, letter.id, actor, "publish", now)
    return letter


def record_message(session: Session, letter_id: int, channel_id: str, message_ts: str) -> None:
    session.connection().execute(
        sa.update(_letters)
        .where(_letters.c.id == letter_id)
        .values(channel_id=channel_id, message_ts=message_ts)
    )


def close_letter(session: Session, ref: str | int, actor: str, now: datetime) -> Letter:
    letter = locked(session, ref)
    if letter.status != LetterStatus.OPEN:
        raise Closed(f"{letter.ref} is not open, so there is nothing to close.")
    letter.status = LetterStatus.CLOSED
    letter.closed_at = now
    session.add(letter)
    assert letter.id is not None
    audit(session, letter.id, actor, "close", now)
    return letter


def reopen_letter(
    session: Session, ref: str | int, actor: str, now: datetime, deadline: datetime | None = None
) -> Letter:
    letter = locked(session, ref)
    if letter.status != LetterStatus.CLOSED or letter.message_ts is None:
        raise Closed("Only a closed letter that was published here can be reopened.")
    deadline = deadline or letter.deadline
    if deadline is None or deadline <= now:
        raise InvalidInput(
            f"The deadline of {letter.ref} has passed: reopen it with a new one.", about="deadline"
        )
    letter.status, letter.closed_at, letter.deadline = LetterStatus.OPEN, None, deadline
    session.add(letter)
    assert letter.id is not None
    audit(session, letter.id, actor, "reopen", now, deadline.isoformat())
    return letter


def extend_deadline(
    session: Session, ref: str | int, deadline: datetime, actor: str, now: datetime
) -> Letter:
    letter = locked(session, ref)
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
    audit(session, letter.id, actor, "extend", now, deadline.isoformat())
    return letter


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
        audit(session, letter_id, "bot", "close", now, "deadline")
    return ids
