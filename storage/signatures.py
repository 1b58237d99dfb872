"""Signatures on coalition letters, collected under the rules that must hold: one signature per
person per letter (a unique constraint), none after the deadline or on a closed letter (decided
inside the writing statement, against the caller's clock), and the letter version every
signature was given to; and what a reader sees of a letter's signatures."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from storage.db import upsert_builder
from storage.errors import Closed, InvalidInput, NotFound, UserError
from storage.letters import audit, can_see_signers, find_letter, parse_ref, text_field
from storage.models import Letter, LetterStatus, Signature, max_length
from storage.people import remember_person, remembered_zone

__all__ = [
    "LetterOverview",
    "SignForm",
    "SignOutcome",
    "SignResult",
    "SignerDetails",
    "active_signatures",
    "letter_overview",
    "letters_awaiting",
    "letters_for",
    "own_signature",
    "refusal",
    "sign",
    "signature_count",
    "signer_ids",
    "withdraw",
]

_letters = Letter.__table__  # type: ignore[attr-defined]
_signatures = Signature.__table__  # type: ignore[attr-defined]


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
            name=text_field("Name", name, max_length(Signature, "name"), required=True),
            title=text_field("Job title", title, max_length(Signature, "title"), required=False),
            organization=text_field(
                "Organization",
                organization,
                max_length(Signature, "organization"),
                required=True,
            ),
            on_behalf=on_behalf,
            comment=text_field(
                "Comment", comment, max_length(Signature, "comment"), required=False, one_line=False
            ),
        )


# --- reading --------------------------------------------------------------------------------


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
        raise NotFound(f"There is no letter {letter.ref}.", about="letter")
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


def signer_ids(session: Session, letter_id: int) -> set[str]:
    return {signature.user_id for signature in active_signatures(session, letter_id)}


def letters_awaiting(session: Session, user_id: str) -> list[Letter]:
    """Open letters this person has not signed (or has withdrawn from)."""
    signed = select(Signature.letter_id).where(
        Signature.user_id == user_id, col(Signature.withdrawn_at).is_(None)
    )
    return list(
        session.exec(
            select(Letter)
            .where(Letter.status == LetterStatus.OPEN, col(Letter.id).not_in(signed))
            .order_by(col(Letter.id))
        )
    )


# --- signatures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignForm:
    """What the signing form knew when it was opened: the letter's version it showed, and the
    person's withdrawal it was opened after (None: no withdrawal then). A submission is taken only
    for that state, so a form opened before a withdrawal (or a captured submission of it,
    replayed) cannot sign again: a new sign-on needs a newly opened form."""

    version: int
    withdrawn_at: datetime | None = None


class SignResult(StrEnum):
    SIGNED = "signed"
    UPDATED = "updated"  # signed again: the same signature now says what was given
    UNCHANGED = "unchanged"  # a double click, a retry, a modal submitted twice


@dataclass(frozen=True)
class SignOutcome:
    letter: Letter
    signature: Signature
    result: SignResult
    # The signer's time zone as the store remembers it (None: never read from Slack), so that a
    # confirmation drawn in the signature's transaction gives the deadline in their time.
    signer_zone: str | None = None


def _accepting(letter_id: Any, now: Any) -> Any:
    """The letter takes signatures: a condition the database evaluates in the writing statement
    itself, so a close or a deadline racing a signature is decided there."""
    return sa.and_(
        _letters.c.id == letter_id,
        _letters.c.status == LetterStatus.OPEN.value,
        _letters.c.deadline > now,
    )


_AT = sa.bindparam("accepting_at", type_=_letters.c.deadline.type)
_ACCEPTING = _accepting(sa.bindparam("accepting_letter", type_=_letters.c.id.type), _AT)
_SIGNED_FIELDS = ("name", "title", "organization", "on_behalf", "comment")
# The letter a signature's outcome tells of, read by a statement built once: `session.get` builds
# its SELECT and that statement's cache key at each call, which cost more than running it.
_LETTER = select(Letter).where(col(Letter.id) == sa.bindparam("letter"))


@functools.cache
def _first_signature(insert: Callable[[sa.Table], Any]) -> Any:
    """The INSERT of a signature while the letter takes them, built once (building a statement
    costs more than running it, and every signature runs this one); its values are parameters."""
    source = sa.select(
        _letters.c.id,
        sa.bindparam("signer", type_=_signatures.c.user_id.type),
        *(sa.bindparam(f"signed_{k}", type_=_signatures.c[k].type) for k in _SIGNED_FIELDS),
        _letters.c.version,
        _AT,
    ).where(_ACCEPTING)
    columns = ["letter_id", "user_id", *_SIGNED_FIELDS, "letter_version", "signed_at"]
    statement = insert(_signatures).from_select(columns, source).on_conflict_do_nothing()
    return statement.returning(*_signatures.c)


def refusal(letter: Letter) -> UserError:
    """Why a letter does not take a signature or a withdrawal."""
    if letter.status == LetterStatus.DRAFT:
        # Participants do not see drafts: to them it does not exist yet.
        return NotFound(f"There is no letter {letter.ref}.", about="letter")
    if letter.recorded_signers:
        return Closed(
            f"{letter.ref} was signed and sent before I kept letters: it is part of the record,"
            " and takes no more signatures."
        )
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
    form: SignForm | None = None,
) -> SignOutcome:
    """Sign, or sign again (the same row is updated); refused after the deadline or on a closed
    letter. The open-and-before-deadline test is part of the INSERT and UPDATE statements, so a
    close or a deadline racing the signature is decided by the database.

    One transaction of few statements: the writes return the signature's row, so it is not read
    again; a first signature takes four (insert, the letter, the audit, the signer's profile,
    which returns their zone).

    With `form`, what the signing form was opened for must still hold (see `SignForm`)."""
    letter_id = ref if isinstance(ref, int) else parse_ref(ref)
    values = {field: getattr(details, field) for field in _SIGNED_FIELDS}
    connection = session.connection()
    row = connection.execute(
        _first_signature(upsert_builder(session)),
        {
            "accepting_letter": letter_id,
            "accepting_at": now,
            "signer": user_id,
            **{f"signed_{k}": v for k, v in values.items()},
        },
    ).first()
    result = SignResult.SIGNED
    if row is None:
        accepting = _accepting(letter_id, now)
        version = sa.select(_letters.c.version).where(accepting).scalar_subquery()
        changed = sa.or_(
            *(_signatures.c[k] != v for k, v in values.items()),
            _signatures.c.withdrawn_at.is_not(None),
            _signatures.c.letter_version != version,
        )
        mine = sa.and_(_signatures.c.letter_id == letter_id, _signatures.c.user_id == user_id)
        # A withdrawn signature comes back only through a form opened after the withdrawal.
        withdrawn_at = _signatures.c.withdrawn_at
        fresh = sa.true()
        if form is not None:
            known = withdrawn_at.is_(None)
            if form.withdrawn_at is not None:
                seen = sa.literal(form.withdrawn_at, withdrawn_at.type)
                known = sa.or_(known, withdrawn_at == seen)
            fresh = known
        row = connection.execute(
            sa.update(_signatures)
            .where(mine, sa.exists().where(accepting), changed, fresh)
            .values(**values, letter_version=version, signed_at=now, withdrawn_at=None)
            .returning(*_signatures.c)
        ).first()
        result = SignResult.UPDATED
        if row is None:
            # Nothing to change, or the letter takes no signature: one read tells which.
            row = connection.execute(
                sa.select(*_signatures.c).where(mine, sa.exists().where(accepting))
            ).first()
            if row is None:
                raise refusal(find_letter(session, letter_id))
            if row.withdrawn_at is not None:
                raise Closed(
                    f"This form was opened before you withdrew your signature from L{letter_id}:"
                    " to sign again, open the letter again with its Sign on button."
                )
            result = SignResult.UNCHANGED
    # The letter exists: the row above refers to it.
    letter = session.exec(_LETTER, params={"letter": letter_id}).one()
    if form is not None and form.version != letter.version:
        # Raising rolls the transaction back: nothing above is kept.
        raise Closed(
            f"{letter.ref} changed since this form was opened (it is now version"
            f" {letter.version}): open it again to read the new text before signing."
        )
    if details.on_behalf and not letter.on_behalf_allowed:
        # Raising rolls the transaction back: the signature above is not kept.
        raise InvalidInput(
            f"{letter.ref} takes signatures in a personal capacity only: choose"
            " “affiliation for identification only”."
        )
    signature = Signature(**row._mapping)
    if result == SignResult.UNCHANGED:
        zone = remembered_zone(session, user_id)
    else:
        audit(
            session,
            letter_id,
            user_id,
            action if result == SignResult.SIGNED else "resign",
            now,
            f"version {signature.letter_version}",
        )
        # The signer's profile, and their zone as it stands, in one statement.
        zone = remember_person(
            session,
            user_id,
            now,
            name=details.name,
            title=details.title,
            organization=details.organization,
        )
    return SignOutcome(letter, signature, result, zone)


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
    audit(session, letter_id, user_id, "withdraw", now)
    return find_letter(session, letter_id)
