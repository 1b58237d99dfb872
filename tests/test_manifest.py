"""The Slack app manifest is the app's source of truth: it must declare what the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.kit.commands import SLASH_COMMAND

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "manifest.json").read_text())

# The bot scopes each Web API method we call needs (Slack's method reference pages).
SCOPES_OF_METHOD = {
    "auth_test": set(),
    "chat_postEphemeral": {"chat:write"},
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_delete": {"chat:write"},
    "conversations_members": {"channels:read", "groups:read"},
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_open": {"im:write"},
    # The outbox reads back where it posted, to see whether a send in doubt arrived.
    "conversations_history": {"channels:history", "groups:history", "im:history"},
    "conversations_replies": {"channels:history", "groups:history", "im:history"},
    "files_upload_v2": {"files:write"},
    # The library of records reads a file a coordinator shares with the bot.
    "files_info": {"files:read"},
    "usergroups_users_list": {"usergroups:read"},
    "users_info": {"users:read"},
    "views_open": set(),
    "views_update": set(),
    "views_push": set(),
    "views_publish": set(),
}
WEB_API_CALL = re.compile(
    r"\b((?:auth|chat|conversations|files|pins|reactions|team|usergroups|users|views)_\w+)\("
)


def test_every_web_api_method_we_call_has_its_scopes_in_the_manifest() -> None:
    called = {
        method
        for source in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("jobs/**/*.py")]
        for method in WEB_API_CALL.findall(source.read_text())
    }
    unknown = called - SCOPES_OF_METHOD.keys()
    assert not unknown, f"add the scopes these methods need to SCOPES_OF_METHOD: {unknown}"
    declared = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    needed = set().union(*(SCOPES_OF_METHOD[method] for method in called))
    assert needed <= declared, f"missing from manifest.json: {needed - declared}"


def test_the_manifest_declares_the_command_events_and_surfaces_the_bot_serves() -> None:
    (command,) = MANIFEST["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.im", "app_home_opened", "file_shared"}
    assert {"app_mentions:read", "im:history", "commands"} <= set(
        MANIFEST["oauth_config"]["scopes"]["bot"]
    )
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
