"""The Bolt app: our listeners on a Web API client that honours Slack's rate limits."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import CommandTable
from bot.listeners import register_all
from bot.services import Services


def web_client(services: Services) -> AsyncWebClient:
    """slack-sdk retries only connection errors by default; a 429 (with its Retry-After) and
    Slack's own 5xx are worth retrying too."""
    settings = services.settings
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_app(services: Services, table: CommandTable) -> AsyncApp:
    settings = services.settings
    settings.require_slack()
    app = AsyncApp(
        client=web_client(services),
        # Socket Mode requests arrive authenticated by the app token; HTTP ones are verified
        # against this secret by Bolt before any listener runs.
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
    )
    register_all(app, services, table)
    return app
