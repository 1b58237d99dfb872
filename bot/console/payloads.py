"""What Slack sends the bot, built by the console: a slash command, a button click, a form
submitted, a direct message. The shapes are Slack's own (as Socket Mode delivers them), trimmed
to the fields Bolt and the bot read; `tests/support/signed.py` builds the same for HTTP."""

from __future__ import annotations

import uuid
from typing import Any

from bot.console.client import BOT_USER_ID, TEAM_ID
from bot.console.terminal import Pressable
from bot.kit.commands import SLASH_COMMAND

__all__ = ["block_actions", "direct_message", "slash_command", "view_submission"]

Json = dict[str, Any]
APP_ID = "A0CONSOLE"


def _user(user_id: str, name: str) -> Json:
    return {"id": user_id, "username": name, "name": name, "team_id": TEAM_ID}


def _team() -> Json:
    return {"id": TEAM_ID, "domain": "console"}


def slash_command(
    user_id: str, name: str, channel_id: str, text: str, response_url: str, trigger_id: str
) -> Json:
    return {
        "team_id": TEAM_ID,
        "team_domain": "console",
        "channel_id": channel_id,
        "channel_name": "directmessage",
        "user_id": user_id,
        "user_name": name,
        "command": SLASH_COMMAND,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def block_actions(
    user_id: str,
    name: str,
    pressed: Pressable,
    response_url: str,
    trigger_id: str,
    pressed_at: float,
) -> Json:
    """A press of `pressed` at `pressed_at` (a Unix time, as Slack's `action_ts`)."""
    button = pressed.button
    action = {
        "type": "button",
        "action_id": button.action_id,
        "block_id": button.block_id or f"b-{button.action_id}",
        "text": {"type": "plain_text", "text": button.label, "emoji": True},
        "value": button.value,
        "action_ts": f"{pressed_at:.6f}",
    }
    return {
        "type": "block_actions",
        "user": _user(user_id, name),
        "api_app_id": APP_ID,
        "trigger_id": trigger_id,
        "team": _team(),
        "enterprise": None,
        "is_enterprise_install": False,
        "container": {
            "type": "message",
            "message_ts": pressed.message_ts,
            "channel_id": pressed.channel,
            "is_ephemeral": pressed.ephemeral,
        },
        "channel": {"id": pressed.channel, "name": pressed.channel.lower()},
        "message": {"type": "message", "user": BOT_USER_ID, "ts": pressed.message_ts, "text": ""},
        "state": {"values": {}},
        "response_url": pressed.response_url or response_url,
        "actions": [action],
    }


def view_submission(user_id: str, name: str, view: Json, values: Json) -> Json:
    submitted = {
        **view,
        "team_id": TEAM_ID,
        "state": {"values": values},
        "private_metadata": view.get("private_metadata") or "",
        "callback_id": view.get("callback_id") or "",
        "app_id": APP_ID,
    }
    return {
        "type": "view_submission",
        "team": _team(),
        "user": _user(user_id, name),
        "api_app_id": APP_ID,
        "trigger_id": f"console-{uuid.uuid4().hex[:12]}",
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def direct_message(user_id: str, channel: str, text: str, ts: str, thread_ts: str | None) -> Json:
    event: Json = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user_id,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        # Unique across consoles sharing a store: the bot remembers every event id it handled.
        "event_id": f"Ev{uuid.uuid4().hex[:20].upper()}",
        "event_time": int(float(ts)),
        "authorizations": [
            {"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "enterprise_id": None}
        ],
    }
