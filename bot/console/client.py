"""The console's Slack: a Web API client that answers in the process. What the bot posts, updates
or uploads is shown in the terminal; the forms it opens are queued for the console to ask; people
and channels come from the pretend workspace in the store (`storage/workspace.py`). The Bolt app,
the outbox sender and the jobs use it as they use Slack's own client, so the console runs the same
handlers as Slack. A response_url is reached through `ConsoleWebhook` in the same way."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from io import IOBase
from typing import Any

from aiohttp import FormData
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.console.terminal import Terminal, dm_of
from storage import workspace

__all__ = ["BOT_USER_ID", "ConsoleClient", "ConsoleRespond", "ConsoleWebhook"]

BOT_USER_ID = "U0ROUNDTABLEBOT"
TEAM_ID = "T0CONSOLE"
RESPONSE_URL = "console://respond/"
Json = dict[str, Any]


def _blocks(value: object) -> list[Json] | None:
    if isinstance(value, str):
        value = json.loads(value) if value else None
    return list(value) if isinstance(value, list) else None


def _view(value: object) -> Json:
    return dict(json.loads(value)) if isinstance(value, str) else dict(value or {})  # type: ignore[call-overload]


class ConsoleClient(AsyncWebClient):
    def __init__(self, terminal: Terminal, default_zone: str) -> None:
        # Not a secret: Bolt wants a token-shaped string, and nothing leaves the process.
        super().__init__(token="xoxb-console", base_url="https://console.invalid/api/")  # noqa: S106
        self.terminal = terminal
        self.default_zone = default_zone
        self._methods: dict[str, Callable[[Json], Awaitable[Json]]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post,
            "chat.postEphemeral": self._ephemeral,
            "chat.update": self._update,
            "chat.delete": self._ok,
            "conversations.open": self._open,
            "conversations.members": self._members,
            "conversations.info": self._channel_info,
            "conversations.history": self._no_messages,
            "conversations.replies": self._no_messages,
            "users.info": self._user_info,
            "usergroups.users.list": self._no_users,
            "views.open": self._open_view,
            "views.push": self._open_view,
            "views.update": self._open_view,
            "views.publish": self._ok,
        }

    async def api_call(
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[str, Any] | None = None,
        data: dict[str, Any] | FormData | None = None,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
    ) -> AsyncSlackResponse:
        args: Json = {**(params or {}), **(data if isinstance(data, dict) else {}), **(json or {})}
        method = self._methods.get(api_method)
        answer = await method(args) if method else {"ok": False, "error": "unknown_method"}
        response = AsyncSlackResponse(
            client=self,
            http_verb=http_verb,
            api_url=self.base_url + api_method,
            req_args={"params": args},
            data=answer,
            headers={},
            status_code=200,
        )
        # Slack's "ok": false becomes SlackApiError here, as it does for Slack's own answers.
        validated: AsyncSlackResponse = response.validate()  # type: ignore[no-untyped-call]
        return validated

    async def files_upload_v2(
        self,
        *,
        filename: str | None = None,
        file: str | bytes | IOBase | os.PathLike[str] | None = None,
        content: str | bytes | None = None,
        title: str | None = None,
        alt_txt: str | None = None,
        highlight_type: str | None = None,
        snippet_type: str | None = None,
        file_uploads: list[dict[str, Any]] | None = None,
        channel: str | None = None,
        channels: list[str] | None = None,
        initial_comment: str | None = None,
        thread_ts: str | None = None,
        request_file_info: bool = True,
        **kwargs: Any,
    ) -> AsyncSlackResponse:
        """Files are written to the console's folder, and the message says where."""
        uploads = file_uploads or [{"filename": filename, "content": content, "title": title}]
        await self.terminal.refresh_names()
        lines = [initial_comment] if initial_comment else []
        for upload in uploads:
            name = str(upload.get("filename") or upload.get("title") or "file.txt")
            data = upload.get("content")
            if data is None:
                continue
            path = self.terminal.save_file(name, data if isinstance(data, str | bytes) else "")
            lines.append(f"File {name} saved as {path}")
        where = channel or (channels or [""])[0]
        label = self.terminal.where(where, thread=bool(thread_ts))
        self.terminal.show(
            label, "\n".join(lines), None, channel=where, message_ts=self.terminal.new_ts()
        )
        return await self.api_call("chat.delete")  # an empty success

    # --- the methods ----------------------------------------------------------------------------

    async def _ok(self, _args: Json) -> Json:
        return {"ok": True}

    async def _auth_test(self, _args: Json) -> Json:
        return {
            "ok": True,
            "url": "https://console.invalid/",
            "team": "Offline console",
            "user": "roundtable-bot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": "B0ROUNDTABLEBOT",
        }

    def _conversation(self, channel: str) -> str:
        return dm_of(channel) if channel[:1] in ("U", "W") else channel

    async def _post(self, args: Json) -> Json:
        channel = self._conversation(str(args.get("channel") or ""))
        ts = self.terminal.new_ts()
        await self.terminal.refresh_names()
        self.terminal.show(
            self.terminal.where(channel, thread=bool(args.get("thread_ts"))),
            str(args.get("text") or ""),
            _blocks(args.get("blocks")),
            channel=channel,
            message_ts=ts,
            pressable=self.terminal.is_mine(channel) or channel[:1] in ("C", "G"),
        )
        return {"ok": True, "channel": channel, "ts": ts, "message": {"ts": ts}}

    async def _ephemeral(self, args: Json) -> Json:
        channel = self._conversation(str(args.get("channel") or ""))
        user = str(args.get("user") or "")
        await self.terminal.refresh_names()
        self.terminal.show(
            self.terminal.where(channel, to=user),
            str(args.get("text") or ""),
            _blocks(args.get("blocks")),
            channel=channel,
            message_ts=self.terminal.new_ts(),
            ephemeral=True,
            pressable=user == self.terminal.user_id,
        )
        return {"ok": True, "message_ts": self.terminal.new_ts()}

    async def _update(self, args: Json) -> Json:
        # An edited post is shown by its one-line text: the whole post again would drown the rest.
        channel = self._conversation(str(args.get("channel") or ""))
        await self.terminal.refresh_names()
        label = self.terminal.where(channel) or "your conversation"
        self.terminal.show(
            f"{label}, edited",
            str(args.get("text") or ""),
            None,
            channel=channel,
            message_ts=str(args.get("ts") or ""),
        )
        return {"ok": True, "channel": channel, "ts": args.get("ts")}

    async def _open(self, args: Json) -> Json:
        users = str(args.get("users") or "").split(",")[0]
        return {"ok": True, "channel": {"id": dm_of(users)}}

    async def _members(self, _args: Json) -> Json:
        members = await self.terminal.store.run(workspace.everyone)
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    async def _channel_info(self, args: Json) -> Json:
        channel = str(args.get("channel") or "")
        name = await self.terminal.store.run(workspace.name_of, channel)
        if name is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {"id": channel, "name": name, "is_channel": True}}

    async def _no_messages(self, _args: Json) -> Json:
        return {"ok": True, "messages": [], "has_more": False}

    async def _no_users(self, _args: Json) -> Json:
        return {"ok": True, "users": []}

    async def _user_info(self, args: Json) -> Json:
        user = str(args.get("user") or "")
        name = await self.terminal.store.run(workspace.name_of, user)
        if name is None:
            return {"ok": False, "error": "user_not_found"}
        profile = {"real_name": name, "display_name": name, "title": ""}
        return {
            "ok": True,
            "user": {"id": user, "name": name, "tz": self.default_zone, "profile": profile},
        }

    async def _open_view(self, args: Json) -> Json:
        view = _view(args.get("view"))
        view.setdefault("id", "V" + self.terminal.new_ts().replace(".", ""))
        self.terminal.views.append(view)
        return {"ok": True, "view": view}


class ConsoleWebhook(AsyncWebhookClient):
    """A response_url, answered in the terminal: the reply to a command or a button."""

    def __init__(self, url: str, terminal: Terminal) -> None:
        super().__init__(url)
        self.terminal = terminal

    async def send_dict(
        self, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> WebhookResponse:
        if not body.get("delete_original"):
            await self.terminal.refresh_names()
            self.terminal.show(
                "",
                str(body.get("text") or ""),
                _blocks(body.get("blocks")),
                channel=self.terminal.dm_channel,
                message_ts=self.terminal.new_ts(),
                response_url=self.url,
                ephemeral=body.get("response_type") != "in_channel",
            )
        return WebhookResponse(url=self.url, status_code=200, body="ok", headers={})


class ConsoleRespond(AsyncRespond):
    """Bolt's `respond` for the console's requests: through `ConsoleWebhook`, not HTTP."""

    def __init__(self, response_url: str | None, terminal: Terminal) -> None:
        super().__init__(response_url=response_url)
        self.terminal = terminal

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", **message: Any
    ) -> WebhookResponse:
        webhook = ConsoleWebhook(self.response_url or RESPONSE_URL, self.terminal)
        body = dict(text) if isinstance(text, dict) else {"text": text, **message}
        body["blocks"] = [
            block if isinstance(block, dict) else block.to_dict()
            for block in body.get("blocks") or []
        ]
        return await webhook.send_dict({k: v for k, v in body.items() if v is not None})
