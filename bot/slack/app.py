"""The Bolt app: our listeners on a Web API client that honours Slack's rate limits."""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.features import register_listeners
from bot.kit.commands import CommandTable
from bot.services import Services
from bot.settings import Settings
from bot.slack import commands, events

# The one retry policy for every Slack call the bot makes, whoever makes it (listeners, letters,
# the reminder sweep): slack-sdk's own handlers, configured here and nowhere else. slack-sdk counts
# retries per request across all its handlers, so SLACK_RETRIES is the budget for any mix of
# failures: a 429, then a 500, then a dropped connection, then a 429 are all ridden out. A 429
# waits for its Retry-After (plus up to a second of jitter); the rest back off exponentially:
# 0.25 s, 0.5 s, 1 s, 2 s, 4 s, each plus up to a second of jitter: under 13 s in all without
# rate limits, far inside a claim's lease (storage.claims.CLAIM_LEASE). What the bot *says* goes
# through the outbox instead, whose sender waits out rate limits without holding its lease
# (`sender_client` below).
SLACK_RETRIES = 5
SLACK_BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.25)


class _ServerErrorRetryHandler(AsyncServerErrorRetryHandler):
    """slack-sdk's handler retries only 500 and 503; a 502 or 504 from Slack's edge passes too."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code >= 500


def retry_handlers() -> list[AsyncRetryHandler]:
    """Connection errors, rate limits (honouring Retry-After) and Slack's own 5xx. Timeouts are
    not retried: Slack may have accepted the message, and a retry would post it twice."""
    return [
        AsyncConnectionErrorRetryHandler(SLACK_RETRIES, SLACK_BACKOFF),
        AsyncRateLimitErrorRetryHandler(SLACK_RETRIES),
        _ServerErrorRetryHandler(SLACK_RETRIES, SLACK_BACKOFF),
    ]


def web_client(settings: Settings, session: aiohttp.ClientSession) -> AsyncWebClient:
    """The process's one Web API client, built by the composition root, with the retry policy
    above (slack-sdk retries only connection errors by default). Every call goes through
    `session` (without one, slack-sdk opens and closes an aiohttp session per call): see
    `slack_client`."""
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        session=session,
        timeout=math.ceil(settings.slack_timeout),
        retry_handlers=retry_handlers(),
    )


def sender_client(settings: Settings, session: aiohttp.ClientSession) -> AsyncWebClient:
    """The outbox sender's client, on the same session. It retries only a dropped connection:
    a 429 or a 5xx goes back to the outbox, which waits out a Retry-After without holding its
    lease, and looks for a message in doubt before sending it again (jobs/outbox.py)."""
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        session=session,
        timeout=math.ceil(settings.slack_timeout),
        retry_handlers=[AsyncConnectionErrorRetryHandler(max_retry_count=1)],
    )


@asynccontextmanager
async def slack_client(settings: Settings) -> AsyncIterator[AsyncWebClient]:
    """The Web API client on one HTTP session (one connection pool), opened in the running loop,
    as aiohttp requires, and closed on leaving."""
    timeout = aiohttp.ClientTimeout(total=settings.slack_timeout)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        yield web_client(settings, session)


class _ClientTokenWins(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself, then warns that the client's
    token wins over it. We always give it the client, built from our settings with that same
    token, so the warning would only alarm whoever reads the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


class _NoConnectionTracebacks(logging.Filter):
    """Socket Mode (on Bolt's logger) logs a traceback each time it fails to reach Slack, every
    10 s while Slack is unreachable: a network fault, not a bug in the bot. One line suffices
    (readiness says "not connected" meanwhile)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith("Failed to connect"):
            record.exc_info, record.exc_text = None, None
        return True


_bolt_log = logging.getLogger("slack_bolt.AsyncApp")
_bolt_log.addFilter(_ClientTokenWins())
_bolt_log.addFilter(_NoConnectionTracebacks())


class _NoRequestBodies(logging.Filter):
    """Bolt's request verification logs, at INFO, the whole raw body of a request whose signature
    fails: anyone who reaches the port could write to the log (newlines forge lines), and a real
    request with a skewed clock would leave a person's id, words and response_url there. Our edge
    (bot/slack/server.py) turns such requests away before Bolt sees them; this keeps the log clean
    however one gets through. (A filter, not a level: Bolt resets its loggers' levels.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


for _verification in ("slack_bolt.AsyncRequestVerification", "slack_bolt.RequestVerification"):
    logging.getLogger(_verification).addFilter(_NoRequestBodies())


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
        # A request is answered when its listener returns, rather than Bolt running the listener
        # in a task of its own and looking every 10 ms whether it has acknowledged (a cost every
        # form paid for as long as its commit took). Work that may outlast Slack's 3 seconds runs
        # on after the acknowledgement (bot/kit/later.py).
        process_before_response=True,
    )
    register(app, services, table)
    return app


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    """Every listener the bot has, on `app`: Slack's app and the offline console's alike."""
    events.register(app, services)
    commands.register(app, services, table)
    register_listeners(app, services, table)
