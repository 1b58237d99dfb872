"""The offline console: the whole bot in a terminal, Slack's part played in the process."""

from bot.console.session import BANNER, Console, console_user

__all__ = ["BANNER", "Console", "console_user"]
