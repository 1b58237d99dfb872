"""Text the bot shows: escaping what people typed, so that it can never ping `@channel` or forge a
link, and turning our Slack markup into plain text for the console."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>")
_BARE = re.compile(r"<([^<>|]+)>")


def clean(text: str, limit: int | None = None) -> str:
    """Drop control characters (keeping newlines and tabs) and normalise Unicode; cut to `limit`."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text)).strip()
    return text[:limit] if limit is not None else text


def escape(text: str) -> str:
    """Make text someone typed inert in Slack mrkdwn: `<!channel>`, `<@U…>` and `<url|…>` need
    `<` and `>`, which become entities here (Slack's documented escaping)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Text as people typed it: Slack sends their `&`, `<` and `>` as entities (mentions and
    links, which it writes with real angle brackets, are left as they are)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_plain(mrkdwn: str) -> str:
    """What the console prints for a Slack-formatted reply."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", mrkdwn)
    text = _BARE.sub(lambda m: m.group(1).lstrip("!@#"), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
