"""Starting the bot as a real process: an environment free of the developer's own settings."""

from __future__ import annotations

import os
import socket

OUR_VARIABLES = ("SLACK_", "ROUNDTABLE_", "DATABASE_URL", "PORT")


def bot_environment(**values: str) -> dict[str, str]:
    """The current environment without any Roundtable or Slack setting, plus `values`."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(OUR_VARIABLES)}
    return {**base, **values}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
