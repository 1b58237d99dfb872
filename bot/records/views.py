"""What the library of records says: the list, a record added or removed, how to add one."""

from __future__ import annotations

from bot.kit.blocks import context, sections
from bot.kit.commands import SLASH_COMMAND
from bot.kit.dates import day
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from storage.extraction import MAX_BYTES
from storage.records import Added, RecordRow

KINDS = "Markdown, plain text, PDF, Word (.docx) or HTML"

HOW_TO_ADD = (
    "To add a record, share the file with me here in our direct message (drag it in, or"
    f" *+* → *Upload from your computer*): {KINDS}, up to {MAX_BYTES // 1024 // 1024} MB. I read"
    " it, tell you how many passages it holds, and answer from it from then on."
)
HOW_TO_ADD_OFFLINE = (
    "In the console, add a file from a terminal: `roundtable-bot records add FILE [--title T]"
    " [--date YYYY-MM-DD] [--source S]`."
)
ONLY_COORDINATORS = (
    "Only coordinators can add records to the library, so I haven't read “{name}”. If the"
    " coalition should have it, send it to a coordinator."
)


def record_list(rows: list[RecordRow]) -> Reply:
    if not rows:
        return Reply("The library of records is empty.")
    lines = [f"*The library of records* ({len(rows)}): the answers draw on these."]
    for row in rows:
        when = f", {day(row.date)}" if row.date else ""
        source = f" — {escape(row.source)}" if row.source else ""
        lines.append(f"• *{row.ref}* {escape(row.title)}{when}{source} ({row.passages} passages)")
    text = "\n".join(lines)
    hint = f"Coordinators: `{SLASH_COMMAND} records add`, `{SLASH_COMMAND} records remove D3`."
    return Reply(text, [*sections(text), context(hint)])


def added(result: Added) -> Reply:
    title = escape(result.title)
    if not result.added:
        return Reply(
            f"“{title}” is already in the library as *{result.ref}* ({result.passages} passages):"
            " nothing changed."
        )
    return Reply(
        f"Added *{result.ref}* “{title}” to the library of records: it holds"
        f" {result.passages} passages, and I answer from it from now on. Remove it with"
        f" `{SLASH_COMMAND} records remove {result.ref}`."
    )


def removed(row: RecordRow) -> Reply:
    return Reply(
        f"Removed *{row.ref}* “{escape(row.title)}” and its {row.passages} passages: I no longer"
        " answer from it."
    )


def reading(name: str) -> Reply:
    return Reply(f"Reading “{escape(name)}” for the library of records…")
