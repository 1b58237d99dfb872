"""The composition root: settings, store, command table and transports are built here, once, and
passed down."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.features import build_command_table
from bot.kit.commands import CommandTable
from bot.letters import views as letter_views
from bot.meetings import calendar
from bot.meetings import views as meeting_views
from bot.services import Services
from bot.settings import Settings
from jobs import letter_deadlines, reminders, retention
from jobs.outbox import OutboxSender, Renderer
from jobs.ports import JobServices
from jobs.reminders import MeetingJobs
from jobs.scheduler import PeriodicJob, build_scheduler
from storage.db import Store, exclusively
from storage.migrate import upgrade
from storage.seeding import is_seeded, seed
from storage.slack_events import forget_old

log = logging.getLogger(__name__)

# How long sends under way may finish when the bot stops (Docker waits 10 s by default before
# it kills; the compose file gives more).
SHUTDOWN_GRACE = 20.0


# Any fixed number: replicas starting together take turns at migrating and seeding.
PREPARE_LOCK = 0x52_54_42_01


def prepare_database(settings: Settings) -> Store:
    """Migrate to head and, on an empty store, load the seeded history."""
    store = Store.from_url(settings.database_url)
    with exclusively(store.engine, PREPARE_LOCK):
        upgrade(settings.database_url)
        if not store.call(is_seeded):
            counts = store.call(seed)
            log.info("seeded the store: %s", counts)
    return store


def job_services(services: Services) -> JobServices:
    """What the jobs are given (`jobs/ports.py`), from the bot's own implementations: the view
    modules render their messages, `LetterSlack` and `People` do their Slack work."""

    def now() -> datetime:
        return services.clock()  # read through, so that a test moving the clock moves theirs

    def wake() -> None:
        if services.sender is not None:
            services.sender.wake()

    return JobServices(
        store=services.store,
        clock=now,
        slack=services.slack,
        coordinators=services.settings.coordinators,
        zone_of=services.people.zone_of,
        meeting_texts=meeting_views,
        letter_texts=letter_views,
        calendar=calendar.ics,
        letters=services.letters,
        wake=wake,
    )


def periodic_jobs(services: Services) -> list[PeriodicJob]:
    """Every capability's periodic work, run by each replica (each job is safe to run twice)."""
    jobs = job_services(services)
    return [
        PeriodicJob(
            "forget-old-slack-events",
            3600,
            lambda: services.store.run(forget_old, services.clock()),
        ),
        PeriodicJob("letter-deadlines", 60, lambda: letter_deadlines.sweep(jobs)),
        PeriodicJob(
            "privacy-retention",
            retention.EVERY_SECONDS,
            lambda: retention.prune_expired(
                services.store,
                lambda: services.clock(),
                timedelta(days=services.settings.retention_days),
            ),
        ),
        *MeetingJobs(jobs).periodic(),
    ]


def build_services(
    settings: Settings, *, slack: AsyncWebClient | None = None
) -> tuple[Services, CommandTable]:
    """The process's services, with the Slack client when given (the console goes without)."""
    return Services(settings, prepare_database(settings), slack=slack), build_command_table()


def renderers(services: Services) -> dict[str, Renderer]:
    """What the outbox sender draws afresh when it sends an edit (jobs/outbox.py)."""
    from bot.letters.slack import RENDER_KIND

    return {} if services.letters is None else {RENDER_KIND: services.letters.render_post}


@asynccontextmanager
async def delivering(services: Services, grace: float = SHUTDOWN_GRACE) -> AsyncIterator[None]:
    """Run the outbox sender for the block: it delivers what `services.say` commits. On leaving,
    sends under way get `grace` seconds to finish and the claims of the rest are given back."""
    from bot.slack.app import sender_client

    assert services.slack is not None
    assert services.slack.session is not None
    client = sender_client(services.settings, services.slack.session)
    # Read through `services`, so that a test moving the clock moves the sender's too.
    jobs = job_services(services)
    sender = OutboxSender(
        services.store,
        client,
        lambda: services.clock(),
        renderers=renderers(services),
        on_failed=lambda message: reminders.tell_coordinators(jobs, message),
    )
    services.sender = sender
    running = asyncio.create_task(sender.run())
    try:
        yield
    finally:
        await sender.stop(grace)
        await running
        services.sender = None


async def deliver_now(services: Services) -> int:
    """Send what is due in the outbox, once: for a command in a terminal, which has no sender
    running (a running bot would send it within a second too; the outbox keeps it to once)."""
    from bot.slack.app import sender_client

    assert services.slack is not None
    assert services.slack.session is not None
    client = sender_client(services.settings, services.slack.session)
    sender = OutboxSender(services.store, client, services.clock, renderers=renderers(services))
    return await sender.deliver_due()


async def serve(settings: Settings) -> None:
    from bot.slack.app import build_app, slack_client
    from bot.slack.server import serve as serve_slack

    settings.require_slack()
    # The Web API client's one HTTP session lives as long as the server, closed on shutdown.
    async with slack_client(settings) as client:
        services, table = build_services(settings, slack=client)
        app = build_app(services, table)
        scheduler = build_scheduler(periodic_jobs(services))
        scheduler.start()  # inside the running loop, as AsyncIOScheduler requires
        try:
            async with delivering(services):
                await serve_slack(app, port=settings.port, app_token=settings.slack_app_token)
        finally:
            scheduler.shutdown(wait=False)
            services.store.dispose()
