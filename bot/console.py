"""The offline console: the real handlers on the real store, stdin and stdout in place of Slack.
A line starting with `/roundtable` is the slash command; any other line is a direct message."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TextIO

from bot.answers.conversation import reply_to_message
from bot.kit.commands import SLASH_COMMAND, CommandTable
from bot.kit.failures import reply_or_apologise
from bot.kit.mrkdwn import to_plain
from bot.kit.replies import Reply
from bot.services import Services

CONSOLE_CHANNEL = "console"
BANNER = (
    "Roundtable Bot — offline console. Type `/roundtable help`, or ask a question.\n"
    "End with Ctrl-D."
)


async def reply_to_line(services: Services, table: CommandTable, user_id: str, line: str) -> Reply:
    if line == SLASH_COMMAND or line.startswith(SLASH_COMMAND + " "):
        return await table.dispatch(
            services, user_id, line.removeprefix(SLASH_COMMAND), transport="console"
        )
    if line.startswith("/"):
        return Reply(f"Only `{SLASH_COMMAND}` commands work here. Try `{SLASH_COMMAND} help`.")
    # The console is one long conversation: a follow-up leans on the question before it.
    return await reply_to_message(
        services, user_id, line, channel_id=CONSOLE_CHANNEL, thread_ts=f"console-{user_id}"
    )


async def run_console(
    services: Services, table: CommandTable, user_id: str, stdin: TextIO, stdout: TextIO
) -> None:
    interactive = stdin.isatty()
    if interactive:
        print(BANNER, file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        reply = await reply_or_apologise(
            "console", partial(reply_to_line, services, table, user_id, line)
        )
        print(to_plain(reply.text), file=stdout)
        print(file=stdout, flush=True)
