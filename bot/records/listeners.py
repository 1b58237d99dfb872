"""A file shared with the bot in a direct message: a coordinator's is downloaded, read and added to
the library of records, anyone else's is refused unread. Reading runs off the event loop (a
300-page PDF takes seconds), so answers to others go on meanwhile."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit import say
from bot.kit.commands import CommandTable
from bot.kit.failures import SOMETHING_WENT_WRONG
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from bot.records import slack, views
from bot.services import Services
from storage import records
from storage.errors import UserError
from storage.extraction import check_name, read_record

__all__ = ["add_shared_file", "register"]

log = logging.getLogger(__name__)


async def add_shared_file(
    services: Services, client: AsyncWebClient, user_id: str, file_id: str, key: str
) -> None:
    """Fetch, read and store the file `file_id` that `user_id` (a coordinator) shared, and tell
    them in a DM (under `key`) committed with the record. Its name and size are checked before
    a byte of it is downloaded."""
    file = await slack.file_info(client, file_id)
    check_name(file.name, file.size)
    await services.say(say.dm(user_id, views.reading(file.name), key=f"{key}-reading"))
    data = await slack.download(file, client.token or "", services.settings.slack_api_url)
    extracted = await asyncio.to_thread(read_record, file.name, data)
    # The file's own title (a Markdown heading, a PDF's) comes first, then the one given in
    # Slack when it differs from the file's name.
    title = extracted.title or (file.title if file.title not in ("", file.name) else None)
    now = services.clock()
    await services.change(
        lambda session: records.add_record(session, extracted, now, title=title, added_by=user_id),
        lambda added: [say.dm(user_id, views.added(added), key=key)],
    )


def register(app: AsyncApp, services: Services, _table: CommandTable) -> None:
    async def file_shared(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        user_id = str(event.get("user_id") or "")
        channel_id = str(event.get("channel_id") or "")
        file_id = str(event.get("file_id") or (event.get("file") or {}).get("id") or "")
        # Sharing the same file again is another event: it gets its own answer.
        key = f"record-{file_id}-{event.get('event_ts') or ''}"
        # Only a person's file in a direct message with the bot: not the bot's own uploads (a
        # letter's CSV, a meeting's calendar file), not files shared in channels.
        if not user_id or not file_id or user_id == context.get("bot_user_id"):
            return
        if not channel_id.startswith("D"):
            return
        # Read after the acknowledgement: a long file takes up to a minute.
        services.later.start(answer(user_id, file_id, key, client), "shared file")

    async def answer(user_id: str, file_id: str, key: str, client: AsyncWebClient) -> None:
        if not services.is_coordinator(user_id):
            name = await _name_of(client, file_id)
            reply = Reply(views.ONLY_COORDINATORS.format(name=escape(name)))
        else:
            try:
                await add_shared_file(services, client, user_id, file_id, key)
                return
            except UserError as error:
                reply = Reply(escape(str(error)))
            except Exception:
                log.exception("adding a shared file failed")
                reply = SOMETHING_WENT_WRONG
        await services.say(say.dm(user_id, reply, key=key))

    app.event("file_shared")(file_shared)


async def _name_of(client: AsyncWebClient, file_id: str) -> str:
    try:
        return (await slack.file_info(client, file_id)).name
    except UserError:
        return "that file"
