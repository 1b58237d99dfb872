"""Channels and people as people type them in Slack (`<#C123|name>`, `<@U123>`,
`<!subteam^S123|@team>`, or a bare id), read as the plain ids the store takes."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["mentioned_id", "mentioned_ids"]


def mentioned_id(text: str | None) -> str:
    """`<#C123|name>`, `<@U123>`, `<!subteam^S123|@team>` or a bare id -> the id."""
    text = (text or "").strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0].lstrip("#@!")
        text = text.removeprefix("subteam^")
    return text.lstrip("#@").upper()


def mentioned_ids(text: str | Iterable[str]) -> list[str]:
    """The ids of `U1,U2`, or of mentions separated by spaces."""
    parts = re.split(r"[\s,]+", text) if isinstance(text, str) else list(text)
    return [mentioned_id(part) for part in parts if part.strip()]
