"""The Bolt app: our listeners on a Web API client that honours Slack's rate limits."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.features import register_listeners
from bot.kit.commands import CommandTable
from bot.services import Services
from bot.settings import Settings
from bot.slack import commands, events


def web_client(settings: Settings) -> AsyncWebClient:
    """The process's one Web API client, built by the composition root. slack-sdk retries only
    connection errors by default; a 429 (with its Retry-After) and Slack's own 5xx are worth
    retrying too."""
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class _ClientTokenWins(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself, then warns that the client's
    token wins over it. We always give it the client, built from our settings with that same
    token, so the warning would only alarm whoever reads the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


_bolt_log = logging.getLogger("slack_bolt.AsyncApp")
_bolt_log.addFilter(_ClientTokenWins())


def build_app(services: Services, table: CommandTable) -> AsyncApp:
    settings = services.settings
    settings.require_slack()
    if services.slack is None:
        raise ValueError("the Slack app needs Services built with the Slack client")
    app = AsyncApp(
        client=services.slack,
        # Socket Mode requests arrive authenticated by the app token; HTTP ones are verified
        # against this secret by Bolt before any listener runs.
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
    )
    events.register(app, services)
    commands.register(app, services, table)
    register_listeners(app, services, table)
    return app
