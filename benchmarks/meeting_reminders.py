"""1,000 meeting reminders falling due in the same minute across 100 channels, delivered by
`roundtable-bot serve` replicas through the fake Slack API: prints the delivered count, repeats,
and lateness (Slack's receipt of each reminder minus its due time) p50/p99/max.

    .venv/bin/python benchmarks/meeting_reminders.py [--reminders 1000] [--channels 100]
        [--replicas 2] [--spread 10] [--database-url postgresql://postgres@127.0.0.1:5432/test]

Without --database-url a fresh SQLite file is used (one machine; use PostgreSQL for replicas).
The announcements of the generated meetings are marked done beforehand so that only reminders
are measured. The fake Slack API runs in this process, in a thread; this process only waits.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support import bot_env, free_port, percentile, server_process
from storage.db import Store, normalize_url
from storage.meetings import MeetingRequest, schedule_meeting
from storage.migrate import upgrade
from storage.models import Meeting
from storage.seeding import seed
from tests.support.fake_slack import FakeSlack

LEAD = timedelta(seconds=20)  # time to schedule everything before the first falls due


def fresh_database(url: str | None, folder: str) -> str:
    if url is None:
        return f"sqlite:///{folder}/bench.db"
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalize_url(url))
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    with_schema = normalize_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return with_schema.render_as_string(hide_password=False)


def schedule(store: Store, count: int, channels: int, spread: float) -> dict[str, datetime]:
    """Meetings whose one reminder (1 minute ahead) falls due within `spread` seconds."""
    now = datetime.now(UTC)
    first_due = now + LEAD
    due: dict[str, datetime] = {}
    for number in range(count):
        title = f"Bench meeting {number:04d}"
        due_at = first_due + timedelta(seconds=spread * number / count)
        request = MeetingRequest(
            title=title,
            starts_at=due_at + timedelta(minutes=1),
            timezone="Asia/Almaty",
            channel_id=f"C0BENCH{number % channels:03d}",
            offsets=(1,),
        )
        store.call(schedule_meeting, request, now)
        due[title] = due_at
    with store.session() as session:
        session.exec(sa.update(Meeting).values(announced_sequence=Meeting.sequence))  # type: ignore[call-overload]
    return due


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--reminders", type=int, default=1000)
    options.add_argument("--channels", type=int, default=100)
    options.add_argument("--replicas", type=int, default=2)
    options.add_argument("--spread", type=float, default=10.0, help="seconds the due times span")
    options.add_argument("--database-url", default=None)
    args = options.parse_args()

    with tempfile.TemporaryDirectory() as folder, FakeSlack() as fake, ExitStack() as stack:
        url = fresh_database(args.database_url, folder)
        upgrade(url)
        store = Store.from_url(url)
        store.call(seed)
        env = bot_env(fake.root_url, url)
        python = sys.executable
        for _ in range(args.replicas):
            stack.enter_context(server_process([python, "-m", "bot", "serve"], free_port(), env))
        started = time.monotonic()
        due = schedule(store, args.reminders, args.channels, args.spread)
        took = time.monotonic() - started
        assert took < LEAD.total_seconds(), f"scheduling took {took:.1f} s: raise LEAD"
        print(
            f"{args.reminders} reminders over {args.channels} channels, due within"
            f" {args.spread:g} s, {args.replicas} replica(s) on {store.dialect}"
        )
        last_due = max(due.values()).timestamp()
        received: dict[str, list[float]] = {}
        while time.time() < last_due + 90:
            received = {}
            for call in fake.calls_to("chat.postMessage"):
                text = str(call.params.get("text", ""))
                if text.startswith(":alarm_clock:"):
                    received.setdefault(text.split("\n")[1].split("*")[1], []).append(call.at)
            if len(received) >= len(due) and time.time() > last_due + 3:
                break
            time.sleep(0.5)
        store.dispose()

    lateness = [min(times) - due[title].timestamp() for title, times in received.items()]
    repeats = sum(len(times) - 1 for times in received.values())
    print(f"delivered {len(received)}/{len(due)}  repeats {repeats}")
    by_due = sorted(received, key=lambda title: due[title])
    for tenth in range(10):
        part = by_due[tenth * len(by_due) // 10 : (tenth + 1) * len(by_due) // 10]
        worst = max(min(received[t]) - due[t].timestamp() for t in part)
        print(f"  due-order decile {tenth}: worst lateness {worst:.3f} s")
    if lateness:
        print(
            f"lateness p50={percentile(lateness, 0.5):.3f} s"
            f"  p99={percentile(lateness, 0.99):.3f} s  max={max(lateness):.3f} s"
            "  (goal: within 2 s)"
        )


if __name__ == "__main__":
    main()
