"""`/roundtable records [add | remove REF]`: the library of records the answers draw on. Anyone
sees the list; coordinators add (by sharing the file with the bot in a direct message) and
remove."""

from __future__ import annotations

from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.replies import Reply
from bot.records import views
from storage import records
from storage.errors import InvalidInput, NotAllowed

USAGE = (
    f"Usage: `{SLASH_COMMAND} records`, `{SLASH_COMMAND} records add`,"
    f" `{SLASH_COMMAND} records remove D3`."
)


def register(table: CommandTable) -> None:
    table.hint("record", f"See `{SLASH_COMMAND} records` for the library.")

    @table.command(
        "records",
        "records [add | remove REF]",
        "The library of records I answer from; coordinators add and remove them",
    )
    async def records_(invocation: Invocation) -> Reply:
        action, _, rest = invocation.args.partition(" ")
        action = action.lower()
        services = invocation.services
        if action in ("", "list"):
            return views.record_list(await services.store.run(records.list_records))
        if action not in ("add", "remove"):
            raise InvalidInput(USAGE)
        if not invocation.is_coordinator:
            raise NotAllowed(
                f"Only coordinators can {action} records. Ask a coordinator if you need it done."
            )
        if action == "add":
            slack = invocation.transport == "slack"
            return Reply(views.HOW_TO_ADD if slack else views.HOW_TO_ADD_OFFLINE)
        if not rest.strip():
            raise InvalidInput(f"Name the record: `{SLASH_COMMAND} records remove D3`.")
        return await invocation.change(
            lambda session: records.remove_record(session, rest), views.removed
        )
