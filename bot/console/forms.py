"""A Slack form (a modal's input blocks) asked in the terminal, one field at a time: the default
is shown and Enter keeps it, a multi-line field ends with a line holding only `.`, choices are
numbered, `/cancel` closes the form, and a field the bot refused is asked again with the reason
beside it. The answers come back as Slack's `view.state.values`, which the same handlers read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.console.render import plain
from bot.console.terminal import Terminal
from bot.kit.mentions import mentioned_ids
from storage import workspace
from storage.errors import InvalidInput, UserError
from storage.moments import parse_moment

__all__ = ["CANCEL", "Cancelled", "FormAsker"]

CANCEL = "/cancel"
Json = dict[str, Any]
ReadLine = Callable[[], Awaitable[str | None]]


class Cancelled(Exception):
    """The person typed /cancel, or the input ended, in the middle of a form."""


def _label(block: Json) -> str:
    return str((block.get("label") or {}).get("text") or block.get("block_id") or "")


def _option_text(option: Json) -> str:
    return str((option.get("text") or {}).get("text") or option.get("value") or "")


class FormAsker:
    def __init__(self, terminal: Terminal, read_line: ReadLine, zone: str, prompt: bool) -> None:
        self.terminal = terminal
        self.read_line = read_line
        self.zone = zone
        self.prompt = prompt  # a person at a keyboard: prompts stay on the line they answer

    def inputs(self, view: Json) -> list[Json]:
        return [block for block in view.get("blocks") or [] if block.get("type") == "input"]

    def introduce(self, view: Json) -> None:
        title = str((view.get("title") or {}).get("text") or "Form")
        others = [block for block in view.get("blocks") or [] if block.get("type") != "input"]
        self.terminal.show(f"form: {title}", "", others or None, channel="", message_ts="")
        if self.inputs(view):
            submit = str((view.get("submit") or {}).get("text") or "Submit")
            self.terminal.say(
                f"Fill in the form field by field (Enter keeps what is shown in [brackets];"
                f" {CANCEL} closes it). It is sent ({submit}) after the last field."
            )

    async def ask(
        self, view: Json, values: Json | None = None, errors: dict[str, str] | None = None
    ) -> Json:
        """The form's values: every field asked, or with `errors` only those fields again."""
        values = dict(values or {})
        for block in self.inputs(view):
            block_id = str(block.get("block_id") or "")
            if errors is not None and block_id not in errors:
                continue
            error = (errors or {}).get(block_id)
            action_id = str((block.get("element") or {}).get("action_id") or "value")
            values[block_id] = {action_id: await self._field(block, error)}
        return values

    async def _line(self, question: str) -> str:
        if self.prompt:
            print(question + " ", end="", file=self.terminal.out, flush=True)
        elif question:
            print(question, file=self.terminal.out, flush=True)
        line = await self.read_line()
        if line is None or line.strip() == CANCEL:
            raise Cancelled
        return line.rstrip("\n")

    async def _field(self, block: Json, error: str | None) -> Json:
        element = dict(block.get("element") or {})
        kind = str(element.get("type") or "")
        label = _label(block)
        optional = bool(block.get("optional"))
        hint = (block.get("hint") or {}).get("text")
        notes = [f"({hint})"] if hint else []
        if error:
            notes.insert(0, f"⚠ {plain(error, self.terminal.names)}")
        marked = optional and "optional" not in label.lower()
        heading = " ".join([label + (" (optional)" if marked else ""), *notes])
        while True:
            try:
                return await self._answer(kind, element, heading, optional)
            except UserError as problem:
                heading = f"{label} ⚠ {plain(str(problem), self.terminal.names)}"

    async def _answer(self, kind: str, element: Json, heading: str, optional: bool) -> Json:
        if kind == "plain_text_input":
            return await self._text(element, heading, optional)
        if kind in ("static_select", "radio_buttons"):
            return await self._choose(kind, element, heading)
        if kind == "checkboxes":
            return await self._checkboxes(element, heading)
        if kind == "datetimepicker":
            return await self._moment(element, heading)
        if kind == "datepicker":
            return await self._date(element, heading, optional)
        if kind in ("conversations_select", "channels_select"):
            return await self._channel(kind, element, heading, optional)
        if kind in ("multi_users_select", "users_select"):
            return await self._people(kind, heading, optional)
        raise InvalidInput(f"The console cannot fill a `{kind}` field.")

    async def _text(self, element: Json, heading: str, optional: bool) -> Json:
        initial = str(element.get("initial_value") or "")
        if element.get("multiline"):
            shown = f" [{_short(initial)}]" if initial else ""
            first = await self._line(
                f"{heading}{shown} — several lines; end with a line holding only ."
            )
            lines: list[str] = []
            line = first
            # Enter (or `.`) at once keeps what was there; after that, `.` alone ends the text.
            while line.strip() not in (".", "") or (lines and line.strip() != "."):
                lines.append(line)
                line = await self._line("")
            text = "\n".join(lines).strip("\n") or initial
        else:
            shown = f" [{initial}]" if initial else ""
            text = (await self._line(f"{heading}{shown}:")).strip() or initial
        if not text and not optional:
            raise InvalidInput("This field is required: please fill it in.")
        limit = element.get("max_length")
        if isinstance(limit, int) and len(text) > limit:
            raise InvalidInput(f"At most {limit:,} characters, please ({len(text):,} now).")
        return {"type": "plain_text_input", "value": text or None}

    async def _pick(self, options: list[Json], heading: str, chosen: list[str], many: bool) -> str:
        lines = [heading]
        for number, option in enumerate(options, 1):
            mark = " (chosen)" if option.get("value") in chosen else ""
            lines.append(f"  {number}. {_option_text(option)}{mark}")
        how = "numbers separated by commas, - for none" if many else "a number"
        return (await self._line("\n".join(lines) + f"\nChoose ({how}):")).strip()

    async def _choose(self, kind: str, element: Json, heading: str) -> Json:
        options = list(element.get("options") or [])
        initial = element.get("initial_option") or {}
        answer = await self._pick(options, heading, [str(initial.get("value"))], many=False)
        option = initial if not answer else _option(options, answer)
        if not option:
            raise InvalidInput("Choose one of the numbers shown.")
        return {"type": kind, "selected_option": option}

    async def _checkboxes(self, element: Json, heading: str) -> Json:
        options = list(element.get("options") or [])
        initial = list(element.get("initial_options") or [])
        chosen = [str(o.get("value")) for o in initial]
        answer = await self._pick(options, heading, chosen, many=True)
        if not answer:
            return {"type": "checkboxes", "selected_options": initial}
        if answer == "-":
            return {"type": "checkboxes", "selected_options": []}
        picked = [_option(options, part.strip()) for part in answer.split(",") if part.strip()]
        if not all(picked):
            raise InvalidInput("Choose among the numbers shown, separated by commas.")
        return {"type": "checkboxes", "selected_options": picked}

    async def _moment(self, element: Json, heading: str) -> Json:
        initial = element.get("initial_date_time")
        zone = ZoneInfo(self.zone)
        shown = (
            datetime.fromtimestamp(int(initial), UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")
            if isinstance(initial, int)
            else ""
        )
        answer = (
            await self._line(
                f"{heading} — a date and time in {self.zone}, such as 2026-12-15 17:00"
                + (f" [{shown}]:" if shown else ":")
            )
        ).strip() or shown
        if not answer:
            raise InvalidInput("Give a date and a time, such as 2026-12-15 17:00.")
        moment = parse_moment(answer, self.zone, date_only="refuse")
        return {"type": "datetimepicker", "selected_date_time": int(moment.at.timestamp())}

    async def _date(self, element: Json, heading: str, optional: bool) -> Json:
        initial = str(element.get("initial_date") or "")
        shown = f" [{initial}]" if initial else ""
        answer = (await self._line(f"{heading} — such as 2026-11-20{shown}:")).strip() or initial
        if answer:
            try:
                datetime.strptime(answer, "%Y-%m-%d")
            except ValueError:
                raise InvalidInput("Write the date as YYYY-MM-DD, such as 2026-11-20.") from None
        elif not optional:
            raise InvalidInput("This field is required: please fill it in.")
        return {"type": "datepicker", "selected_date": answer or None}

    async def _channel(self, kind: str, element: Json, heading: str, optional: bool) -> Json:
        initial = str(element.get("initial_conversation") or element.get("initial_channel") or "")
        shown = f" [#{self.terminal.names.get(initial, initial)}]" if initial else ""
        answer = (await self._line(f"{heading} — such as #dialogue{shown}:")).strip()
        channel = initial
        if answer:
            if not answer.startswith("#"):
                raise InvalidInput("Name the channel with #, such as #dialogue.")
            channel = await self.terminal.store.run(
                workspace.find_or_add, workspace.CHANNEL, answer
            )
            await self.terminal.refresh_names()
        if not channel and not optional:
            raise InvalidInput("Choose a channel, such as #dialogue.")
        key = "selected_conversation" if kind == "conversations_select" else "selected_channel"
        return {"type": kind, key: channel or None}

    async def _people(self, kind: str, heading: str, optional: bool) -> Json:
        answer = await self._line(f"{heading} — people such as @alice @bob:")
        people: list[str] = []
        for name in answer.replace(",", " ").split():
            if not name.startswith("@"):
                raise InvalidInput("Name each person with @, such as @alice @bob.")
            people.append(
                await self.terminal.store.run(workspace.find_or_add, workspace.PERSON, name)
            )
        people = mentioned_ids(people)
        if not people and not optional:
            raise InvalidInput("Name at least one person, such as @alice.")
        if kind == "users_select":
            return {"type": kind, "selected_user": people[0] if people else None}
        return {"type": kind, "selected_users": people}


def _option(options: list[Json], answer: str) -> Json | None:
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    for option in options:
        if answer.casefold() in (_option_text(option).casefold(), str(option.get("value"))):
            return option
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
