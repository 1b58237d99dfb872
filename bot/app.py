"""The composition root: settings, store, command table and transports are built here, once, and
passed down."""

from __future__ import annotations

import logging

from bot.features import build_command_table
from bot.kit.commands import CommandTable
from bot.services import Services
from bot.settings import Settings
from jobs import letter_deadlines
from jobs.reminders import MeetingJobs
from jobs.scheduler import PeriodicJob, build_scheduler
from storage.db import Store, exclusively
from storage.migrate import upgrade
from storage.seeding import is_seeded, seed
from storage.slack_events import forget_old

log = logging.getLogger(__name__)


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


def periodic_jobs(services: Services) -> list[PeriodicJob]:
    """Every capability's periodic work, run by each replica (each job is safe to run twice)."""
    return [
        PeriodicJob(
            "forget-old-slack-events",
            3600,
            lambda: services.store.run(forget_old, services.clock()),
        ),
        PeriodicJob("letter-deadlines", 60, lambda: letter_deadlines.sweep(services)),
        *MeetingJobs(services).periodic(),
    ]


def build_services(settings: Settings, *, slack: bool = False) -> tuple[Services, CommandTable]:
    """The process's services, with the Slack client when `slack` (the console goes without)."""
    from bot.slack.app import web_client

    client = web_client(settings) if slack else None
    return Services(settings, prepare_database(settings), slack=client), build_command_table()


async def serve(settings: Settings) -> None:
    from bot.slack.app import build_app
    from bot.slack.server import serve as serve_slack

    settings.require_slack()
    services, table = build_services(settings, slack=True)
    app = build_app(services, table)
    scheduler = build_scheduler(periodic_jobs(services))
    scheduler.start()  # inside the running loop, as AsyncIOScheduler requires
    try:
        await serve_slack(app, port=settings.port, app_token=settings.slack_app_token)
    finally:
        scheduler.shutdown(wait=False)
        services.store.dispose()
