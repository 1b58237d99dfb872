"""The commands every other capability builds on: `help` and `history`."""

from __future__ import annotations

from bot.kit import dates
from bot.kit.blocks import context, section
from bot.kit.commands import CommandTable, Invocation
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from storage.history import timeline


def register(table: CommandTable) -> None:
    @table.command("help", "help", "List what I can do")
    async def help_(invocation: Invocation) -> Reply:
        lines = []
        for command in table:
            if command.coordinator_only and not invocation.is_coordinator:
                continue
            marker = " _(coordinators)_" if command.coordinator_only else ""
            lines.append(command.help_line() + marker)
        intro = "*Roundtable Bot* — ask me about the dialogue, or use a command:"
        text = "\n".join([intro, *lines])
        return Reply(text, [section(text)])

    @table.command("history", "history", "The timeline of the dialogue with Kazakhstan")
    async def history(invocation: Invocation) -> Reply:
        services = invocation.services
        # An ephemeral reply: what the asker may see (a private meeting's outcome if theirs).
        viewer = await services.visibility.of_person(invocation.user_id)
        events = await services.store.run(timeline, viewer)
        if not events:
            return Reply(
                "The history is empty: a coordinator can load it with `roundtable-bot seed`."
            )
        lines = ["*The dialogue with Kazakhstan, from our records:*"]
        for event in events:
            when = dates.event_date(event.date, event.end_date, event.date_precision)
            place = f" — {escape(event.place)}" if event.place else ""
            lines.append(f"• *{when}*{place}: {escape(event.summary)}")
        text = "\n".join(lines)
        blocks = [section(text), context("Source: the IRF Roundtable's report on the dialogue.")]
        return Reply(text, blocks)
