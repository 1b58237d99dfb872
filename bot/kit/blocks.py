"""Typed Block Kit builders on `slack_sdk.models`: every message, modal and Home tab the bot shows
is built from these, and slack_sdk checks Slack's limits when each is turned into JSON. They give
plain dicts back, the form `Reply`, the console and Slack's Web API all take."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    DateTimePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

__all__ = [
    "FIELD",
    "SECTION_LIMIT",
    "actions",
    "button",
    "channel_input",
    "checkbox_input",
    "context",
    "date_input",
    "datetime_input",
    "divider",
    "header",
    "home",
    "modal",
    "people_input",
    "radio_input",
    "section",
    "sections",
    "select_input",
    "text_input",
]

Json = dict[str, Any]

SECTION_LIMIT = 3000  # Slack rejects section text of 3,000 characters or more
FIELD = "value"  # every input's action id: `bot.kit.forms.Form` reads a block whatever it holds


def _plain(text: str, limit: int = 75) -> PlainTextObject:
    return PlainTextObject(text=text[:limit] or " ", emoji=True)


def _cut(text: str, limit: int = SECTION_LIMIT - 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json(block: Block | View) -> Json:
    return block.to_dict()


# --- message blocks -----------------------------------------------------------------------


def section(text: str) -> Json:
    return _json(SectionBlock(text=MarkdownTextObject(text=_cut(text))))


def sections(text: str, size: int = 2800) -> list[Json]:
    """Long text in several sections, split at line ends."""
    chunks, current = [], ""
    for line in text.splitlines(keepends=True):
        if current and len(current) + len(line) > size:
            chunks.append(current)
            current = ""
        current += line
    chunks.append(current)
    return [section(chunk) for chunk in chunks if chunk.strip()]


def context(text: str) -> Json:
    return _json(ContextBlock(elements=[MarkdownTextObject(text=_cut(text))]))


def header(text: str) -> Json:
    return _json(HeaderBlock(text=_plain(text, 150)))


def divider() -> Json:
    return _json(DividerBlock())


def button(label: str, action_id: str, value: str, *, style: str | None = None) -> ButtonElement:
    """`style` is "primary" or "danger"; none is Slack's plain button."""
    return ButtonElement(text=_plain(label), action_id=action_id, value=value, style=style)


def actions(*buttons: ButtonElement, block_id: str | None = None) -> Json:
    return _json(ActionsBlock(elements=list(buttons), block_id=block_id))


# --- forms -----------------------------------------------------------------------------------


def _options(choices: Mapping[str, str]) -> list[Option]:
    return [Option(value=value, label=label[:75]) for value, label in choices.items()]


def _input(
    block_id: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> Json:
    return _json(
        InputBlock(
            block_id=block_id,
            label=_plain(label, 2000),
            element=element,
            optional=optional,
            hint=_plain(hint, 2000) if hint else None,
        )
    )


def text_input(
    block_id: str,
    label: str,
    *,
    initial: str = "",
    limit: int = 3000,
    multiline: bool = False,
    optional: bool = False,
    hint: str | None = None,
    placeholder: str | None = None,
) -> Json:
    element = PlainTextInputElement(
        action_id=FIELD,
        initial_value=initial[:limit] or None,
        max_length=min(limit, 3000),  # Slack's most for a plain-text input
        multiline=multiline or None,
        placeholder=_plain(placeholder, 150) if placeholder else None,
    )
    return _input(block_id, label, element, optional=optional, hint=hint)


def select_input(
    block_id: str, label: str, choices: Mapping[str, str], *, initial: str | None = None
) -> Json:
    options = _options(choices)
    chosen = next((o for o in options if o.value == initial), None)
    element = StaticSelectElement(action_id=FIELD, options=options, initial_option=chosen)
    return _input(block_id, label, element)


def radio_input(block_id: str, label: str, choices: Mapping[str, str], initial: str) -> Json:
    options = _options(choices)
    chosen = next((o for o in options if o.value == initial), None)
    element = RadioButtonsElement(action_id=FIELD, options=options, initial_option=chosen)
    return _input(block_id, label, element)


def checkbox_input(
    block_id: str, label: str, choices: Mapping[str, str], *, checked: Sequence[str] = ()
) -> Json:
    options = _options(choices)
    initial = [o for o in options if o.value in checked] or None
    element = CheckboxesElement(action_id=FIELD, options=options, initial_options=initial)
    return _input(block_id, label, element, optional=True)


def date_input(block_id: str, label: str, initial: str | None = None) -> Json:
    """`initial` as YYYY-MM-DD."""
    return _input(block_id, label, DatePickerElement(action_id=FIELD, initial_date=initial))


def datetime_input(block_id: str, label: str, initial: int | None = None) -> Json:
    """`initial` in seconds since the epoch."""
    element = DateTimePickerElement(action_id=FIELD, initial_date_time=initial)
    return _input(block_id, label, element)


def channel_input(
    block_id: str, label: str, initial: str | None = None, *, hint: str | None = None
) -> Json:
    element = ConversationSelectElement(
        action_id=FIELD,
        initial_conversation=initial,
        filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
    )
    return _input(block_id, label, element, hint=hint)


def people_input(block_id: str, label: str, *, optional: bool = True) -> Json:
    return _input(block_id, label, UserMultiSelectElement(action_id=FIELD), optional=optional)


def modal(
    title: str,
    blocks: Sequence[Json],
    *,
    callback_id: str | None = None,
    submit: str | None = None,
    close: str = "Cancel",
    private_metadata: str | None = None,
) -> Json:
    view = View(
        type="modal",
        callback_id=callback_id,
        title=_plain(title, 24),
        submit=_plain(submit, 24) if submit else None,
        close=_plain(close, 24),
        blocks=list(blocks),
        private_metadata=private_metadata,
    )
    return _json(view)


def home(blocks: Sequence[Json]) -> Json:
    return _json(View(type="home", blocks=list(blocks)))
