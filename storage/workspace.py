"""The offline console's pretend workspace: channels and people known by the names people type,
each with a stable Slack-shaped id (`dialogue` is `C0DIALOGUE`, `alice` is `U0ALICE`), shared by
every console that opens the same store."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from storage.db import insert_if_absent
from storage.errors import InvalidInput
from storage.models import WorkspaceName

__all__ = ["CHANNEL", "NAME", "PERSON", "add_id", "everyone", "find_or_add", "name_of", "names"]

CHANNEL, PERSON = "channel", "person"
_PREFIX = {CHANNEL: "C0", PERSON: "U0"}
NAME = re.compile(r"^[a-z][a-z0-9._-]{0,39}$")


def find_or_add(session: Session, kind: str, name: str) -> str:
    """The id of the channel or person called `name`, added to the workspace the first time."""
    name = name.strip().lstrip("#@").lower()
    if not NAME.match(name):
        raise InvalidInput(
            f"`{name[:40]}` is not a name I can use: start with a letter, then letters, digits,"
            " `.`, `-` or `_`, such as `dialogue` or `alice`."
        )
    base = _PREFIX[kind] + re.sub(r"[^A-Z0-9]", "", name.upper())[:24]
    for attempt in range(100):
        candidate = base if attempt == 0 else f"{base}{attempt}"
        if insert_if_absent(session, WorkspaceName, slack_id=candidate, kind=kind, name=name):
            return candidate
        known = _find(session, kind, name)
        if known is not None:
            return known
    raise InvalidInput(f"Too many names like `{name}`: choose another.")


def add_id(session: Session, kind: str, slack_id: str) -> str:
    """A channel or person given by its id (`--user U0123ABCD`): known by that id as a name."""
    if session.get(WorkspaceName, slack_id) is None:
        insert_if_absent(
            session, WorkspaceName, slack_id=slack_id, kind=kind, name=slack_id.lower()
        )
    return slack_id


def _find(session: Session, kind: str, name: str) -> str | None:
    statement = select(WorkspaceName.slack_id).where(
        WorkspaceName.kind == kind, WorkspaceName.name == name
    )
    return session.exec(statement).first()


def name_of(session: Session, slack_id: str) -> str | None:
    row = session.get(WorkspaceName, slack_id)
    return row.name if row is not None else None


def names(session: Session, kind: str) -> dict[str, str]:
    """Every id of that kind with its name, by name."""
    statement = (
        select(WorkspaceName).where(WorkspaceName.kind == kind).order_by(col(WorkspaceName.name))
    )
    return {row.slack_id: row.name for row in session.exec(statement)}


def everyone(session: Session) -> list[str]:
    """The people of the workspace: every one of them is in every channel."""
    return list(names(session, PERSON))
