"""Builders of signed Slack requests, ready to POST to Bolt's `/slack/events`.

Each builder returns `(body, headers)`: the raw body exactly as Slack sends it (form-encoded for
commands and interactions, JSON for events) and headers carrying a real `v0=` signature made by
`slack_sdk.signature.SignatureVerifier`, so requests pass through Bolt's own verification.
Pass `timestamp=stale_timestamp()` to build a request Bolt must reject as a replay, or another
secret to build a forged one. Payload shapes follow what Slack sends, trimmed to fields that
Bolt or our bot read.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.support.fake_slack import APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID

SignedRequest = tuple[str, dict[str, str]]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# Where a request without an explicit response_url points: a closed port on loopback, so a bot
# answering it fails fast instead of reaching the internet.
UNROUTED_RESPONSE_URL = "http://127.0.0.1:9/response/unset"

_serial = itertools.count(1)


def stale_timestamp(age_seconds: int = 600) -> int:
    """A timestamp older than Slack's 5-minute replay window."""
    return int(time.time()) - age_seconds


def sign(
    secret: str, body: str, content_type: str, timestamp: float | None = None
) -> SignedRequest:
    """Sign any body as Slack does; the other builders all end here."""
    ts = str(int(time.time() if timestamp is None else timestamp))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }
    return body, headers


def _unique_ts() -> str:
    # Message timestamps must be unique per channel; a serial keeps them so within a test run.
    return f"{int(time.time())}.{next(_serial):06d}"


def _team() -> dict[str, str]:
    return {"id": TEAM_ID, "domain": "test-team"}


def _user(user_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


# --------------------------------------------------------------------------- slash commands


def slash_command(
    secret: str,
    text: str,
    command: str = "/roundtable",
    user_id: str = "U111",
    channel_id: str = "C111",
    response_url: str | None = None,
    trigger_id: str = "T-trig",
    team_id: str = TEAM_ID,
    timestamp: float | None = None,
) -> SignedRequest:
    form = {
        "token": "verification-token",  # deprecated by Slack, still sent
        "team_id": team_id,
        "team_domain": "test-team",
        "channel_id": channel_id,
        "channel_name": "directmessage" if channel_id.startswith("D") else channel_id.lower(),
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url or UNROUTED_RESPONSE_URL,
        "trigger_id": trigger_id,
    }
    return sign(secret, urlencode(form), FORM, timestamp)


# --------------------------------------------------------------------------- Events API


def event_callback(
    secret: str,
    event: dict[str, Any],
    event_id: str | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    team_id: str = TEAM_ID,
    timestamp: float | None = None,
) -> SignedRequest:
    """Wrap `event` in Slack's envelope. Pass the same `event_id` to model a redelivery."""
    envelope = {
        "token": "verification-token",
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_serial):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    body, headers = sign(secret, json.dumps(envelope), JSON, timestamp)
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return body, headers


def app_mention(
    text: str,
    user: str = "U111",
    channel: str = "C111",
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An `app_mention` event; `text` follows the bot's mention, as users type it."""
    ts = ts or _unique_ts()
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm_message(
    text: str,
    user: str = "U111",
    channel: str = "D111",
    ts: str | None = None,
    thread_ts: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A `message` event in a DM (`channel_type: im`); `subtype`/`bot_id` model bot echoes."""
    ts = ts or _unique_ts()
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    if subtype:
        event["subtype"] = subtype
    if bot_id:
        event["bot_id"] = bot_id
    return event


def app_home_opened(
    user: str = "U111", channel: str = "D111", tab: str = "home", view_id: str | None = None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": _unique_ts(),
    }
    if view_id:  # Slack includes the current Home view once one was published
        event["view"] = {"id": view_id, "type": "home", "team_id": TEAM_ID, "app_id": APP_ID}
    return event


# --------------------------------------------------------------------------- interactivity


def _payload(secret: str, payload: dict[str, Any], timestamp: float | None) -> SignedRequest:
    return sign(secret, urlencode({"payload": json.dumps(payload)}), FORM, timestamp)


def block_actions(
    secret: str,
    action_id: str,
    value: str,
    user_id: str = "U111",
    channel_id: str | None = "C111",
    message_ts: str | None = None,
    trigger_id: str = "T-trig",
    response_url: str | None = None,
    block_id: str | None = None,
    timestamp: float | None = None,
    action_ts: str | None = None,
) -> SignedRequest:
    """A button click (at `action_ts`, Slack's time of the press). `channel_id=None` models a
    click in the App Home (a view container)."""
    action = {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id or f"b-{action_id}",
        "text": {"type": "plain_text", "text": value, "emoji": True},
        "value": value,
        "action_ts": action_ts or _unique_ts(),
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": "verification-token",
        "trigger_id": trigger_id,
        "team": _team(),
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": {}},
        "actions": [action],
    }
    if channel_id is None:
        view = {"id": "VH" + user_id, "type": "home", "team_id": TEAM_ID, "app_id": APP_ID}
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
        return _payload(secret, payload, timestamp)
    message_ts = message_ts or _unique_ts()
    payload["container"] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    payload["channel"] = {"id": channel_id, "name": channel_id.lower()}
    payload["message"] = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "ts": message_ts,
        "text": "",
    }
    payload["response_url"] = response_url or UNROUTED_RESPONSE_URL
    return _payload(secret, payload, timestamp)


def plain_text_values(fields: dict[str, dict[str, str]]) -> dict[str, Any]:
    """`{block_id: {action_id: text}}` -> Slack's `view.state.values` for plain-text inputs."""
    return {
        block_id: {
            action_id: {"type": "plain_text_input", "value": text}
            for action_id, text in actions.items()
        }
        for block_id, actions in fields.items()
    }


def view_submission(
    secret: str,
    callback_id: str,
    values: dict[str, Any],
    user_id: str = "U111",
    private_metadata: str = "",
    view_id: str = "V0000000001",
    timestamp: float | None = None,
) -> SignedRequest:
    """A modal submitted; `values` is Slack's `state.values` shape (see `plain_text_values`)."""
    payload = {
        "type": "view_submission",
        "team": _team(),
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": "verification-token",
        "trigger_id": "T-trig-submit",
        "view": {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "blocks": [],
            "state": {"values": values},
            "hash": "1700000000.abcdef",
            "title": {"type": "plain_text", "text": "Roundtable"},
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": APP_ID,
            "external_id": "",
            "bot_id": BOT_ID,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _payload(secret, payload, timestamp)
