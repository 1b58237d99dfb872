"""Block Kit as a terminal shows it: sections, fields, context and lists as plain lines (no raw
`*bold*`), channels and people by their names, and buttons as numbered choices (`[#3 Sign on]`)
that the console presses when `#3` or the label is typed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["Button", "plain", "render"]

Json = dict[str, Any]

_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^<>]*))?>")
_PERSON = re.compile(r"<@([A-Z0-9]+)(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!(channel|here|everyone)(?:\|[^<>]*)?>")
_GROUP = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|([^<>]*))?>")
_DATE = re.compile(r"<!date\^[^|<>]*\|([^<>]*)>")
_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>")
_BARE = re.compile(r"<([^<>|@#!][^<>|]*)>")
# Slack's markup: *bold*, _italic_, ~struck~, each around words and not inside one.
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_STRUCK = re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")
_EMOJI = {
    ":spiral_calendar_pad:": "📅",
    ":alarm_clock:": "⏰",
    ":warning:": "⚠",
    ":white_check_mark:": "✔",
    ":x:": "✘",
}


def plain(mrkdwn: str, names: Mapping[str, str] | None = None) -> str:
    """Slack mrkdwn as plain text: links as `text (url)`, `<#C…>` as `#name`, `<@U…>` as `@name`,
    a date token as its fallback, emphasis marks dropped and entities unescaped."""
    names = names or {}

    def channel(match: re.Match[str]) -> str:
        return "#" + (match.group(2) or names.get(match.group(1)) or match.group(1))

    def person(match: re.Match[str]) -> str:
        return "@" + (match.group(2) or names.get(match.group(1)) or match.group(1)).lstrip("@")

    text = _DATE.sub(lambda m: m.group(1), mrkdwn)
    text = _CHANNEL.sub(channel, text)
    text = _PERSON.sub(person, text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _GROUP.sub(lambda m: m.group(2) or "@" + m.group(1), text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE.sub(lambda m: m.group(1), text)
    for pattern in (_BOLD, _ITALIC, _STRUCK):
        text = pattern.sub(lambda m: m.group(1), text)
    for code, symbol in _EMOJI.items():
        text = text.replace(code, symbol)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Button:
    """A button shown in the terminal, and what pressing it sends."""

    def __init__(self, element: Json, block_id: str) -> None:
        self.action_id = str(element.get("action_id") or "")
        self.value = str(element.get("value") or "")
        self.label = str((element.get("text") or {}).get("text") or self.value)
        self.block_id = block_id
        self.style = element.get("style")


def _text_of(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("text") or "")
    return ""


def _rich_text(block: Json, names: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    for element in block.get("elements") or []:
        kind = element.get("type")
        if kind == "rich_text_list":
            for number, item in enumerate(element.get("elements") or [], 1):
                marker = f"{number}." if element.get("style") == "ordered" else "•"
                lines.append(f"  {marker} {_inline(item, names)}")
        else:
            lines.extend(_inline(element, names).splitlines() or [""])
    return lines


def _inline(element: Json, names: Mapping[str, str]) -> str:
    parts: list[str] = []
    for item in element.get("elements") or []:
        kind = item.get("type")
        if kind == "text":
            parts.append(str(item.get("text") or ""))
        elif kind == "link":
            parts.append(str(item.get("text") or item.get("url") or ""))
        elif kind == "user":
            parts.append("@" + names.get(str(item.get("user_id")), str(item.get("user_id"))))
        elif kind == "channel":
            channel = str(item.get("channel_id"))
            parts.append("#" + names.get(channel, channel))
        elif kind == "emoji":
            parts.append(_EMOJI.get(f":{item.get('name')}:", f":{item.get('name')}:"))
    return "".join(parts)


def render(
    text: str,
    blocks: Sequence[Json] | None,
    names: Mapping[str, str],
    number: Callable[[Button], int | None],
) -> str:
    """The message as lines for the terminal. `number` registers a button and gives the number
    that presses it (None: shown, but not to be pressed here)."""
    if not blocks:
        return plain(text, names)
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "section":
            if block.get("text"):
                lines.extend(plain(_text_of(block["text"]), names).splitlines())
            fields = [plain(_text_of(field), names) for field in block.get("fields") or []]
            lines.extend(f"  {field}" for field in fields)
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                lines.append(
                    _buttons([Button(accessory, str(block.get("block_id") or ""))], number)
                )
        elif kind == "header":
            heading = plain(_text_of(block.get("text")), names)
            lines += [heading.upper(), "=" * min(len(heading), 60)]
        elif kind == "context":
            parts = [plain(_text_of(element), names) for element in block.get("elements") or []]
            lines.extend("  " + line for line in " · ".join(p for p in parts if p).splitlines())
        elif kind == "divider":
            lines.append("-" * 40)
        elif kind == "rich_text":
            lines.extend(_rich_text(block, names))
        elif kind == "actions":
            buttons = [
                Button(element, str(block.get("block_id") or ""))
                for element in block.get("elements") or []
                if element.get("type") == "button"
            ]
            if buttons:
                lines.append(_buttons(buttons, number))
        elif kind == "image":
            lines.append(f"[image: {block.get('alt_text') or ''}]")
    return "\n".join(lines)


def _buttons(buttons: Sequence[Button], number: Callable[[Button], int | None]) -> str:
    shown = []
    for button in buttons:
        n = number(button)
        shown.append(f"[#{n} {button.label}]" if n is not None else f"[{button.label}]")
    return "  ".join(shown)
