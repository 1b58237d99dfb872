"""The `/roundtable` command table: every feature defines its subcommands once, with usage and
summary, and the same table serves Slack, the console and the generated help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session

from bot.kit.mrkdwn import clean, escape
from bot.kit.replies import Reply
from bot.services import Services
from storage.errors import NotAllowed, UserError
from storage.outbox import Outgoing

__all__ = ["SLASH_COMMAND", "Command", "CommandTable", "Invocation"]

T = TypeVar("T")

SLASH_COMMAND = "/roundtable"
MAX_ARGS = 10_000  # Slack caps a slash command's text well below this; the console does not.


@dataclass(frozen=True)
class Invocation:
    """One use of a subcommand, as the transport saw it."""

    services: Services
    user_id: str
    args: str
    channel_id: str | None = None
    transport: str = "slack"  # or "console"
    # How the transport sends this command's reply. A command that changes something puts its
    # reply in the outbox in the change's own transaction (`change`), and returns
    # `Reply(sent=True)`: a crash between the commit and the reply cannot leave the change untold.
    reply_to: Callable[[Reply], Outgoing] | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.services.is_coordinator(self.user_id)

    async def change(
        self,
        change: Callable[[Session], T],
        reply: Callable[[T], Reply],
        also: Callable[[T], Sequence[Outgoing]] | None = None,
    ) -> Reply:
        """Make a change and answer it: the reply `reply` draws from the outcome (where the
        transport takes it) and the messages `also` draws are committed with the change (see
        `Services.change`); what the handler then returns for the transport to show."""
        reply_to = self.reply_to

        def said(outcome: T) -> list[Outgoing]:
            # The reply last: where it goes to the same conversation as the rest, the outbox
            # sends them in this order, and it is read after what it tells of.
            told = [] if reply_to is None else [reply_to(reply(outcome))]
            return [*(also(outcome) if also is not None else ()), *told]

        outcome = await self.services.change(change, said)
        return Reply("", sent=True) if reply_to is not None else reply(outcome)


Handler = Callable[[Invocation], Awaitable[Reply]]
# What Slack shows at once, in the acknowledgement, while a slow command works (its reply then
# replaces it); None for a command that answers within moments.
Acknowledgement = Callable[[Services], str | None]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str  # the arguments, e.g. "rec <id>"
    summary: str
    handler: Handler
    coordinator_only: bool = False
    example: str = ""  # a use that works as typed, e.g. "rec RT-3" (tests run every one)
    acknowledgement: Acknowledgement | None = None

    def help_line(self) -> str:
        # Usages may name placeholders like <question>, which Slack would read as a link.
        line = f"`{SLASH_COMMAND} {escape(self.usage)}` — {self.summary}"
        if self.example and self.example != self.usage:
            line += f", e.g. `{SLASH_COMMAND} {escape(self.example)}`"
        return line


class CommandTable:
    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}
        self._hints: dict[str, str] = {}

    def command(
        self,
        name: str,
        usage: str,
        summary: str,
        *,
        coordinator_only: bool = False,
        example: str = "",
        acknowledgement: Acknowledgement | None = None,
    ) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            if name in self._commands:
                raise ValueError(f"/roundtable {name} is defined twice")
            self._commands[name] = Command(
                name,
                usage,
                summary,
                handler,
                coordinator_only,
                example or usage,
                acknowledgement,
            )
            return handler

        return add

    def hint(self, about: str, text: str) -> None:
        """What to do next, in this face's words, after a `UserError` about `about` (the store's
        messages say what is wrong, never which command to use)."""
        self._hints[about] = text

    def explain(self, error: UserError) -> str:
        """The error's message, with the hint for what it is about."""
        hint = self._hints.get(error.about)
        return f"{error} {hint}" if hint else str(error)

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def get(self, name: str) -> Command | None:
        return self._commands.get(name)

    def acknowledgement(self, services: Services, text: str) -> str | None:
        """What to show at once for the subcommand `text` names, if it may take a while."""
        command = self._commands.get(clean(text, MAX_ARGS).partition(" ")[0].lower())
        if command is None or command.acknowledgement is None:
            return None
        return command.acknowledgement(services)

    def usage_line(self) -> str:
        names = " | ".join(self._commands)
        return f"Usage: `{SLASH_COMMAND} {names}`. Try `{SLASH_COMMAND} help`."

    async def dispatch(
        self,
        services: Services,
        user_id: str,
        text: str,
        *,
        channel_id: str | None = None,
        transport: str = "slack",
        reply_to: Callable[[Reply], Outgoing] | None = None,
    ) -> Reply:
        """Run the subcommand `text` names; a person's mistake becomes a reply, never an error."""
        text = clean(text, MAX_ARGS)
        name, _, args = text.partition(" ")
        command = self._commands.get(name.lower() or "help")
        if command is None:
            return Reply(f"I don't know `{escape(name[:40])}`. {self.usage_line()}")
        invocation = Invocation(services, user_id, args.strip(), channel_id, transport, reply_to)
        try:
            if command.coordinator_only and not invocation.is_coordinator:
                raise NotAllowed(
                    f"Only coordinators can use `{SLASH_COMMAND} {command.name}`."
                    " Ask a coordinator if you need it done."
                )
            return await command.handler(invocation)
        except UserError as error:
            return Reply(self.explain(error))
