"""What a command or a message handler gives back, independent of the transport that shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """`text` is Slack mrkdwn with everything people typed already escaped; it is the message's
    notification text in Slack and what the console prints. `blocks`, when given, are the rich
    Slack rendering of the same content."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    # Slash-command replies are ephemeral (only the asker sees them) unless a command says so.
    in_channel: bool = False
    # A form to open at once where the transport can (a slash command carries the trigger Slack
    # needs to open one); where it cannot, or the trigger has expired, `text` and `blocks` are
    # shown instead, and should offer a button that opens the same form.
    modal: dict[str, Any] | None = None
    # Already in the outbox, committed with the change it tells of (see `Invocation.reply_to`):
    # the transport sends nothing more.
    sent: bool = False
