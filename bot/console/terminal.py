"""What the console shows and remembers between lines: who you are, the pretend workspace's names,
every message as readable text with where it went (`[#dialogue] …`, `[to @alice] …`), the
buttons you can press (`#3`), the forms waiting to be filled, and the files the bot sent."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.console.render import Button, plain, render
from storage import workspace
from storage.db import Store

__all__ = ["Pressable", "Terminal"]


@dataclass(frozen=True)
class Pressable:
    """A button as shown, with the message it sits in (what Slack sends when it is clicked)."""

    button: Button
    channel: str
    message_ts: str
    response_url: str
    ephemeral: bool


class Terminal:
    def __init__(self, store: Store, user_id: str, out: TextIO, files: Path) -> None:
        self.store = store
        self.user_id = user_id
        self.out = out
        self.files = files
        self.names: dict[str, str] = {}
        self.buttons: dict[int, Pressable] = {}
        self.views: list[dict[str, Any]] = []  # forms opened, to be asked in turn
        self._numbers = itertools.count(1)
        self._serial = itertools.count(1)

    # --- ids and names --------------------------------------------------------------------------

    @property
    def dm_channel(self) -> str:
        return dm_of(self.user_id)

    def new_ts(self) -> str:
        return f"{time.time():.0f}.{next(self._serial):06d}"

    async def refresh_names(self) -> None:
        people = await self.store.run(workspace.names, workspace.PERSON)
        channels = await self.store.run(workspace.names, workspace.CHANNEL)
        self.names = {**people, **channels}
        for user_id, name in people.items():
            self.names[dm_of(user_id)] = name

    def is_mine(self, channel: str) -> bool:
        return channel in (self.user_id, self.dm_channel)

    def where(self, channel: str, *, thread: bool = False, to: str | None = None) -> str:
        """The label of a message's place; empty for your own conversation with the bot."""
        if channel[:1] in ("C", "G"):
            place = "#" + self.names.get(channel, channel)
            if thread:
                place += ", in the thread"
            if to is not None and to != self.user_id:
                place += f", only @{self.names.get(to, to)} sees"
            elif to is not None:
                place += ", only you see"
            return place
        if self.is_mine(channel) and (to is None or to == self.user_id):
            return ""
        return "to @" + self.names.get(channel, self.names.get(to or "", channel))

    # --- showing --------------------------------------------------------------------------------

    def show(
        self,
        label: str,
        text: str,
        blocks: list[dict[str, Any]] | None,
        *,
        channel: str,
        message_ts: str,
        response_url: str = "",
        ephemeral: bool = False,
        pressable: bool = True,
    ) -> None:
        def number(button: Button) -> int | None:
            if not pressable or not button.action_id:
                return None
            n = next(self._numbers)
            self.buttons[n] = Pressable(button, channel, message_ts, response_url, ephemeral)
            return n

        body = render(text, blocks, self.names, number)
        self.print(f"[{label}] {body}" if label else body)

    def say(self, text: str) -> None:
        """A line of the console's own (not the bot's): plain text."""
        self.print(plain(text, self.names))

    def print(self, text: str) -> None:
        print(text.rstrip(), file=self.out)
        print(file=self.out, flush=True)

    def button(self, line: str) -> Pressable | None:
        """The button `#N` names, or the latest shown with that label."""
        line = line.strip()
        if line.startswith("#") and line[1:].isdigit():
            return self.buttons.get(int(line[1:]))
        for n in sorted(self.buttons, reverse=True):
            if self.buttons[n].button.label.casefold() == line.casefold():
                return self.buttons[n]
        return None

    def save_file(self, filename: str, content: str | bytes) -> Path:
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / Path(filename).name
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path


def dm_of(user_id: str) -> str:
    """The id of a person's direct-message conversation with the bot."""
    return "D" + user_id[1:] if user_id[:1] in ("U", "W") else user_id
