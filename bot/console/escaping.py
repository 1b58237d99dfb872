"""A line typed in the console, as Slack would send it with `should_escape: true`: `&`, `<` and
`>` as entities, and `#channel` and `@person` as `<#C…|channel>` and `<@U…|person>`, the names
found in (or added to) the pretend workspace."""

from __future__ import annotations

import re

from storage import workspace
from storage.db import Store

__all__ = ["as_slack_sends"]

# A name after a space, a quote, `=` or `,` (not inside a word or an e-mail address).
_MENTION = re.compile(r"""(?<![^\s"'=,(])([#@])([a-zA-Z][a-zA-Z0-9._-]*)""")


async def as_slack_sends(store: Store, text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    found = {(sign, name.rstrip(".").lower()) for sign, name in _MENTION.findall(text)}
    ids: dict[tuple[str, str], str] = {}
    for sign, name in found:
        kind = workspace.CHANNEL if sign == "#" else workspace.PERSON
        ids[(sign, name)] = await store.run(workspace.find_or_add, kind, name)

    def escaped(match: re.Match[str]) -> str:
        sign, name = match.group(1), match.group(2)
        trailing = name[len(name.rstrip(".")) :]
        key = (sign, name.rstrip(".").lower())
        slack_id = ids[key]
        shown = key[1]
        mention = f"<#{slack_id}|{shown}>" if sign == "#" else f"<@{slack_id}|{shown}>"
        return mention + trailing

    return _MENTION.sub(escaped, text)
