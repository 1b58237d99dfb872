"""What the bot says, as outbox messages: a reply to a command or a button (through its
response_url), a post in a channel or thread, a direct message, an ephemeral message. Features
build these and hand them to `Services.say`, which commits them and wakes the sender; nothing
the bot says goes to Slack any other way."""

from __future__ import annotations

from typing import Any

from bot.kit.replies import Reply
from storage.models import OutboxKind
from storage.outbox import Outgoing

__all__ = ["dm", "edit", "ephemeral", "post", "respond"]


def respond(
    response_url: str,
    reply: Reply,
    *,
    replace_original: bool | None = None,
    delete_original: bool | None = None,
    key: str | None = None,
) -> Outgoing:
    extra: dict[str, Any] = {"response_type": "in_channel" if reply.in_channel else "ephemeral"}
    if replace_original is not None:
        extra["replace_original"] = replace_original
    if delete_original is not None:
        extra["delete_original"] = delete_original
    return Outgoing(
        OutboxKind.RESPOND,
        text=reply.text,
        blocks=reply.blocks,
        response_url=response_url,
        extra=extra,
        key=key,
    )


def post(
    channel: str, reply: Reply, *, thread_ts: str | None = None, key: str | None = None
) -> Outgoing:
    return Outgoing(
        OutboxKind.POST,
        text=reply.text,
        blocks=reply.blocks,
        channel=channel,
        thread_ts=thread_ts,
        key=key,
    )


def edit(channel: str, reply: Reply, *, edit_of: str) -> Outgoing:
    """A new text for the post saved under the key `edit_of` (sent once Slack has given its ts)."""
    return Outgoing(
        OutboxKind.UPDATE, text=reply.text, blocks=reply.blocks, channel=channel, edit_of=edit_of
    )


def dm(user_id: str, reply: Reply, *, key: str | None = None) -> Outgoing:
    """A direct message: Slack delivers a post to a person's id in their DM with the bot."""
    return post(user_id, reply, key=key)


def ephemeral(channel: str, user_id: str, reply: Reply, *, key: str | None = None) -> Outgoing:
    return Outgoing(
        OutboxKind.EPHEMERAL,
        text=reply.text,
        blocks=reply.blocks,
        channel=channel,
        user_id=user_id,
        key=key,
    )
