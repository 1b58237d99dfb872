"""Faults against real `roundtable-bot serve` processes and the fake Slack, on SQLite (and
PostgreSQL with --postgres): kill -9 and SIGTERM during 200 sign-ons, SIGTERM during 40 reminders,
500s during an announcement. For each fault it prints messages expected / delivered / duplicated /
lost, and sign-ons confirmed / stored.

    .venv/bin/python benchmarks/chaos.py [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.letter_signing import postgres_schema
from storage.db import Store
from storage.migrate import upgrade
from storage.models import utcnow
from tests.chaos.support import (
    SLACK_TIMEOUT,
    chaos_env,
    confirmations,
    pending,
    posts_per_outbox_id,
    published_letter,
    send_crowd,
    sign_requests,
    stored_signers,
    wait_until,
)
from tests.chaos.test_delivery import is_announcement, is_reminder, schedule_reminders
from tests.support.fake_slack import FakeSlack
from tests.support.processes import run_cli, serving


def line(fault: str, expected: int, per_id: Counter[int], extra: str = "") -> None:
    delivered = len(per_id)
    duplicated = sum(times - 1 for times in per_id.values())
    print(
        f"  {fault:<28} messages expected={expected} delivered={delivered}"
        f" duplicated={duplicated} lost={expected - delivered}{extra}"
    )


def sign_ons(url: str, folder: Path, signum: signal.Signals) -> None:
    with FakeSlack() as fake:
        env = chaos_env(fake, url)
        with serving(env, folder, "first") as bot:
            store = Store.from_url(url)
            letter_id, ref = published_letter(store)
            requests = sign_requests(fake, letter_id, ref, 200)
            crowd = asyncio.run(send_crowd(bot.port, requests, 50, bot.process, signum, 60))
            code = bot.process.wait(timeout=30)
        with serving(env, folder, "second"):
            wait_until(lambda: pending(store) == 0, 60, "the outbox to drain")
        stored = stored_signers(store, letter_id)
        store.dispose()
        told = confirmations(fake)
    confirmed = crowd.forms_closed | set(told)
    expected = len(stored)  # one confirmation per stored sign-on
    per_person = Counter({hash(who): times for who, times in told.items()})
    line(
        f"{signum.name} during sign-ons",
        expected,
        per_person,
        f"  sign-ons confirmed={len(confirmed)} stored={len(stored)}"
        f" confirmed-not-stored={len(confirmed - stored)} exit={code}",
    )


def reminders(url: str, folder: Path) -> None:
    with FakeSlack() as fake:
        upgrade(url)
        store = Store.from_url(url)
        schedule_reminders(store, 40, timedelta(seconds=1))
        fake.late_answers["chat.postMessage"] = SLACK_TIMEOUT / 3
        env = chaos_env(fake, url)
        with serving(env, folder, "first") as bot:
            wait_until(lambda: len(posts_per_outbox_id(fake, is_reminder)) >= 8, 30, "burst")
            bot.process.send_signal(signal.SIGTERM)
            bot.process.wait(timeout=30)
        with serving(env, folder, "second"):
            wait_until(lambda: len(posts_per_outbox_id(fake, is_reminder)) >= 40, 60, "all")
            wait_until(lambda: pending(store) == 0, 30, "the outbox to drain")
        store.dispose()
        line("SIGTERM during 40 reminders", 40, posts_per_outbox_id(fake, is_reminder))


def announcement(url: str, folder: Path) -> None:
    with FakeSlack() as fake:
        env = chaos_env(fake, url)
        with serving(env, folder):
            store = Store.from_url(url)
            fake.fail("chat.postMessage", status=500)
            start = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M+00:00")
            run_cli(
                "meetings", "add", "--title", "Chaos meeting", "--start", start,
                "--channel", "C0CHAOS", "--remind", "1d", cwd=folder, env={"DATABASE_URL": url},
            )  # fmt: skip
            wait_until(
                lambda: len(fake.calls_to("chat.postMessage", include_faulted=True)) >= 3,
                30,
                "500s",
            )
            fake.heal()
            wait_until(lambda: pending(store) == 0, 60, "the outbox to drain")
            store.dispose()
        line("500s during announcement", 1, posts_per_outbox_id(fake, is_announcement))


def run(name: str, url_for: str, args: argparse.Namespace) -> None:
    print(name)
    for fault in ("kill", "term", "reminders", "announcement"):
        with tempfile.TemporaryDirectory() as folder:
            url = url_for.format(folder=folder)
            if url.startswith("postgresql"):
                with postgres_schema(url) as scoped:
                    one(fault, scoped, Path(folder))
            else:
                one(fault, url, Path(folder))


def one(fault: str, url: str, folder: Path) -> None:
    if fault == "kill":
        sign_ons(url, folder, signal.SIGKILL)
    elif fault == "term":
        sign_ons(url, folder, signal.SIGTERM)
    elif fault == "reminders":
        reminders(url, folder)
    else:
        announcement(url, folder)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--postgres", default="")
    args = options.parse_args()
    run("SQLite", "sqlite:///{folder}/chaos.db", args)
    if args.postgres:
        run("PostgreSQL", args.postgres, args)


if __name__ == "__main__":
    main()
