"""The offline console: the bot's own Bolt app and handlers, with the terminal in place of Slack.
A line starting with `/roundtable` is the slash command, `#3` (or a button's label) presses a
button, and any other line is a direct message to the bot. What the bot says goes through the
outbox, its forms are asked field by field, and the jobs (reminders, deadlines) run meanwhile."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

from slack_bolt.async_app import AsyncApp, AsyncBoltContext, AsyncBoltRequest

from bot.app import job_services, periodic_jobs, renderers
from bot.console import payloads
from bot.console.client import RESPONSE_URL, ConsoleClient, ConsoleRespond, ConsoleWebhook
from bot.console.escaping import as_slack_sends
from bot.console.forms import Cancelled as FormCancelled
from bot.console.forms import FormAsker
from bot.console.terminal import Pressable, Terminal
from bot.kit.commands import SLASH_COMMAND, CommandTable
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import register
from jobs.outbox import OutboxSender
from jobs.reminders import MeetingJobs
from jobs.scheduler import PeriodicJob, build_scheduler
from storage import workspace
from storage.db import Store

__all__ = ["BANNER", "Console", "console_user"]

# How long a line's work may run before the next prompt (its output shows when it is done): an
# answer from a generative reader takes seconds, a long file read into the library up to a minute.
LINE_WORK_LIMIT = 120.0
BANNER = (
    "Roundtable Bot — offline console. Type `/roundtable help`, ask a question, or press a"
    " button by typing its number (`#1`). End with Ctrl-D."
)
_ID = re.compile(r"^[UW](?=[A-Z]*\d)[A-Z0-9]{2,31}$")
Json = dict[str, Any]


async def console_user(store: Store, user: str) -> str:
    """`--user`: a Slack id (`U0123ABCD`) or a name (`alice`), in the pretend workspace."""
    if _ID.match(user):
        return await store.run(workspace.add_id, workspace.PERSON, user)
    return await store.run(workspace.find_or_add, workspace.PERSON, user)


class _Delivery:
    """The outbox, delivered by one caller at a time: after each line (so that replies show
    before the next prompt) and every half second (what the jobs wrote)."""

    def __init__(self, sender: OutboxSender) -> None:
        self.sender = sender
        self._lock = asyncio.Lock()

    async def deliver(self) -> None:
        async with self._lock:
            while await self.sender.deliver_due():
                pass


class Console:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        table: CommandTable,
        user_id: str,
        stdin: TextIO,
        stdout: TextIO,
        files: Path,
    ) -> None:
        self.stdin = stdin
        self.interactive = stdin.isatty()
        self.terminal = Terminal(store, user_id, stdout, files)
        self.client = ConsoleClient(self.terminal, settings.timezone_name)
        self.services = Services(settings, store, slack=self.client)
        sender = OutboxSender(
            store,
            self.client,
            lambda: self.services.clock(),
            webhook=lambda url: ConsoleWebhook(url, self.terminal),
            renderers=renderers(self.services),
        )
        self.services.sender = sender
        self.delivery = _Delivery(sender)
        self.meeting_jobs = MeetingJobs(job_services(self.services))
        self.app = self._app(table)
        self.forms = FormAsker(self.terminal, self._read, settings.timezone_name, self.interactive)
        self._thread_ts: str | None = None  # the console is one long conversation

    def _app(self, table: CommandTable) -> AsyncApp:
        terminal, client = self.terminal, self.client

        async def in_the_console(
            context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
        ) -> None:
            # Bolt gives each request a new Web API client and an HTTP `respond`: here, both
            # answer in the process.
            context["client"] = client
            context["respond"] = ConsoleRespond(context.response_url, terminal)
            await next()

        app = AsyncApp(
            client=client,
            name="roundtable-console",
            signing_secret="",
            # Nothing reaches the console from outside: lines are typed by the person at it.
            request_verification_enabled=False,
            # A line's work is done before the next prompt, so replies show in order.
            process_before_response=True,
            before_authorize=in_the_console,
            ignoring_self_events_enabled=True,
        )
        register(app, self.services, table)
        return app

    # --- running --------------------------------------------------------------------------------

    async def run(self) -> None:
        await self.terminal.refresh_names()
        scheduler = build_scheduler(
            [*periodic_jobs(self.services), PeriodicJob("console-outbox", 0.5, self._deliver)]
        )
        scheduler.start()
        try:
            if self.interactive:
                self.terminal.say(BANNER)
            while (line := await self._read(prompt="> ")) is not None:
                if line.strip():
                    await self.handle(line.strip())
        finally:
            # The gentle stop: a run under way when the input ends finishes, rather than being
            # cancelled (which APScheduler reports as an error, with a traceback).
            await scheduler.stop(self.services.settings.shutdown_grace)
            await self._settle()

    async def _read(self, prompt: str = "") -> str | None:
        if self.interactive and prompt:
            print(prompt, end="", file=self.terminal.out, flush=True)
        line = await asyncio.to_thread(self.stdin.readline)
        return line if line else None

    async def _deliver(self) -> None:
        await self.delivery.deliver()

    async def _settle(self) -> None:
        """Show everything the last line caused before the next prompt."""
        # The work a listener runs on after its acknowledgement (bot/kit/later.py), first.
        await self.services.later.settled(LINE_WORK_LIMIT)
        await asyncio.sleep(0)  # background work started by the line gets its turn
        await self.delivery.deliver()
        # A meeting just added is announced now rather than at the next sweep.
        await self.meeting_jobs.send_notices()
        await self.delivery.deliver()

    async def handle(self, line: str) -> None:
        pressed = self.terminal.button(line)
        if pressed is not None:
            await self._press(pressed)
        elif line == SLASH_COMMAND or line.startswith(SLASH_COMMAND + " "):
            await self._command(line.removeprefix(SLASH_COMMAND).strip())
        elif line.startswith("#") and line[1:].isdigit():
            self.terminal.say(f"There is no button {line} to press: buttons are shown as [#N …].")
        elif line.startswith("/"):
            self.terminal.say(
                f"Only `{SLASH_COMMAND}` commands work here. Try `{SLASH_COMMAND} help`."
            )
        else:
            await self._message(line)
        await self._settle()
        await self._fill_forms()

    # --- what Slack would send --------------------------------------------------------------

    @property
    def _name(self) -> str:
        return self.terminal.names.get(self.terminal.user_id, self.terminal.user_id.lower())

    def _trigger(self) -> str:
        return f"console-{uuid.uuid4().hex[:12]}"

    async def _dispatch(self, body: Json) -> Json:
        response = await self.app.async_dispatch(AsyncBoltRequest(body=body, mode="socket_mode"))
        if response.status >= 400:
            self.terminal.say("Sorry, that did nothing here.")
        try:
            answer = json.loads(response.body) if response.body else {}
        except ValueError:
            return {}
        return answer if isinstance(answer, dict) else {}

    async def _command(self, text: str) -> None:
        sent = await as_slack_sends(self.terminal.store, text)
        await self.terminal.refresh_names()
        url = RESPONSE_URL + uuid.uuid4().hex[:12]
        body = payloads.slash_command(
            self.terminal.user_id,
            self._name,
            self.terminal.dm_channel,
            sent,
            url,
            self._trigger(),
        )
        await self._dispatch(body)

    async def _press(self, pressed: Pressable) -> None:
        url = RESPONSE_URL + uuid.uuid4().hex[:12]
        body = payloads.block_actions(
            self.terminal.user_id,
            self._name,
            pressed,
            url,
            self._trigger(),
            pressed_at=self.services.clock().timestamp(),
        )
        await self._dispatch(body)

    async def _message(self, line: str) -> None:
        text = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        ts = self.terminal.new_ts()
        body = payloads.direct_message(
            self.terminal.user_id, self.terminal.dm_channel, text, ts, self._thread_ts
        )
        self._thread_ts = self._thread_ts or ts
        await self._dispatch(body)

    # --- forms ------------------------------------------------------------------------------

    async def _fill_forms(self) -> None:
        while self.terminal.views:
            view = self.terminal.views.pop(0)
            try:
                await self._fill(view)
            except FormCancelled:
                self.terminal.views.clear()
                self.terminal.say("The form is closed; nothing was sent.")
            await self._settle()

    async def _fill(self, view: Json) -> None:
        self.forms.introduce(view)
        if not self.forms.inputs(view):
            return  # a notice: read, then closed
        values = await self.forms.ask(view)
        while True:
            body = payloads.view_submission(self.terminal.user_id, self._name, view, values)
            answer = await self._dispatch(body)
            action = answer.get("response_action")
            if action == "errors":
                errors = {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
                fields = {str(block.get("block_id")) for block in self.forms.inputs(view)}
                if not errors.keys() & fields:
                    self.terminal.say(" ".join(errors.values()))
                    return
                self.terminal.say("Please correct the fields marked ⚠.")
                values = await self.forms.ask(view, values, errors)
            elif action in ("update", "push") and isinstance(answer.get("view"), dict):
                self.terminal.views.insert(0, answer["view"])
                return
            else:
                return
