"""1,000 different people sign one letter at once through the Sign on modal, over signed HTTP to
the bot in its own process, with 10% of the submissions sent twice (as Slack's retries would):
on SQLite and on PostgreSQL, it prints the signatures stored (must be 1,000), duplicates (0),
failed requests (0), the acknowledgement latency p50/p99 (goal: p99 under 500 ms with 100 in
flight) and the bot's processor time per submission.

    .venv/bin/python benchmarks/letter_signing.py [--signers 1000] [--concurrency 100]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]   # "" to skip PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import aiohttp
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support import (
    ROOT,
    SIGNING_SECRET,
    bot_env,
    describe,
    free_port,
    server_process,
)
from bot.letters.views import SIGN_VIEW
from storage import letters
from storage.db import Store, normalize_url
from storage.models import LetterChange, Signature, utcnow
from tests.support import signed

# The fake Slack Web API in its own process, as in `benchmarks.support`, that also answers "count"
# on its stdin with how many calls of each method it answered since it was last asked. (Counted
# past a mark, not cleared: calls answered between a count and a clear would go uncounted.)
_COUNTING_FAKE_SLACK = (
    "import collections, json, sys\n"
    "from tests.support.fake_slack import FakeSlack\n"
    "fake = FakeSlack().start()\n"
    "print(fake.root_url, flush=True)\n"
    "counted = 0\n"
    "for _ in sys.stdin:\n"
    "    calls = fake.calls[counted:]\n"
    "    counted += len(calls)\n"
    "    answered = [c.method for c in calls if not c.faulted]\n"
    "    print(json.dumps(collections.Counter(answered)), flush=True)\n"
)


class CountingFakeSlack:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _COUNTING_FAKE_SLACK],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.root_url = self.process.stdout.readline().strip()

    def counts(self) -> dict[str, int]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return dict(json.loads(self.process.stdout.readline()))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def submissions(letter_id: int, signers: int, retried: float) -> list[tuple[str, dict[str, str]]]:
    metadata = json.dumps({"letter": letter_id})
    requests = []
    for number in range(signers):
        values = signed.plain_text_values(
            {
                "name": {"value": f"Signer {number}"},
                "title": {"value": "Director"},
                "organization": {"value": f"Organization {number % 40}"},
                "comment": {"value": ""},
            }
        )
        values["capacity"] = {"value": {"selected_option": {"value": "on_behalf"}}}
        requests.append(
            signed.view_submission(
                SIGNING_SECRET,
                SIGN_VIEW,
                values,
                user_id=f"U{number:06d}",
                private_metadata=metadata,
            )
        )
    requests += random.sample(requests, int(signers * retried))
    random.shuffle(requests)
    return requests


async def send_all(
    port: int, requests: list[tuple[str, dict[str, str]]], concurrency: int
) -> tuple[list[float], int, float]:
    """`concurrency` senders, each timing one request from its sending to its answer."""
    latencies: list[float] = []
    failures = 0
    queue = list(reversed(requests))

    async def sender(http: aiohttp.ClientSession) -> None:
        nonlocal failures
        while queue:
            body, headers = queue.pop()
            started = time.perf_counter()
            try:
                async with http.post(
                    f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers
                ) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            latencies.append(time.perf_counter() - started)
            failures += not ok

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.perf_counter()
        await asyncio.gather(*(sender(http) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, failures, wall


def stored(store: Store, letter_id: int) -> tuple[int, int, int]:
    """Rows, distinct signers, and "sign" entries in the audit trail."""
    with store.session() as session:
        rows, people = session.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(Signature.user_id))).where(
                Signature.letter_id == letter_id
            )
        ).one()
        audited = session.execute(
            sa.select(sa.func.count()).where(
                LetterChange.letter_id == letter_id, LetterChange.action == "sign"
            )
        ).scalar_one()
    return int(rows), int(people), int(audited)


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalize_url(url))
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        scoped = normalize_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def cpu_seconds(pid: int) -> float | None:
    """The processor time a process has used so far (Linux's /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    user, system = int(fields[11]), int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return (user + system) / os.sysconf("SC_CLK_TCK")


def run(name: str, database_url: str, slack: CountingFakeSlack, args: argparse.Namespace) -> None:
    slack_root = slack.root_url
    port = free_port()
    with server_process(
        [sys.executable, "-m", "bot", "serve"], port, bot_env(slack_root, database_url)
    ) as bot:
        store = Store.from_url(database_url)  # migrated and seeded by the bot's start-up
        now = utcnow()
        draft = letters.LetterDraft.checked(
            title="Benchmark letter",
            body="Text.",
            deadline=now + timedelta(days=1),
            timezone="UTC",
            channel_id="C0BENCH",
        )
        letter = store.call(letters.create_letter, draft, "bench", now)
        assert letter.id is not None
        store.call(letters.publish_letter, letter.id, "bench", now)
        store.call(letters.record_message, letter.id, "C0BENCH", "1700000000.000100")
        # Warm-up, as in help_latency: Bolt's first auth.test, connection pools.
        warm_up = [
            signed.slash_command(SIGNING_SECRET, "help", response_url=f"{slack_root}/response/w")
            for _ in range(50)
        ]
        asyncio.run(send_all(port, warm_up, args.concurrency))
        slack.counts()  # forget the warm-up's calls
        requests = submissions(letter.id, args.signers, args.retried)
        cpu_before = cpu_seconds(bot.pid)
        latencies, failures, wall = asyncio.run(send_all(port, requests, args.concurrency))
        # Signing happens after the acknowledgement: wait for the store to settle.
        deadline, last = time.monotonic() + 120, (-1, -1, -1)
        while time.monotonic() < deadline:
            counts = stored(store, letter.id)
            if counts == last and counts[0] >= args.signers:
                break
            last = counts
            time.sleep(1.0)
        rows, people, audited = stored(store, letter.id)
        store.dispose()
        # Every submission, the repeated ones too, is answered with a private confirmation.
        calls: dict[str, int] = {}
        while time.monotonic() < deadline:
            new = slack.counts()
            for method, number in new.items():
                calls[method] = calls.get(method, 0) + number
            if calls.get("chat.postMessage", 0) >= len(requests) and not new:
                break
            time.sleep(1.0)
        cpu_after = cpu_seconds(bot.pid)
    print(
        f"{name}: {len(requests)} submissions ({args.signers} signers,"
        f" {len(requests) - args.signers} sent twice), {args.concurrency} at a time"
    )
    print(
        f"  stored signatures={rows} (expected {args.signers})  duplicates={rows - people}"
        f"  audit 'sign' entries={audited}  failed requests={failures}"
    )
    print("  " + describe("ack", latencies, wall))
    if cpu_before is not None and cpu_after is not None:
        # The bot's own processor time for each submission, whatever else the machine runs:
        # acknowledging, storing, and sending the confirmation and the count's edit.
        each = (cpu_after - cpu_before) / len(requests) * 1000
        print(f"  bot processor time per submission={each:.2f} ms")
    print(
        f"  confirmations sent={calls.get('chat.postMessage', 0)} (expected {len(requests)})"
        f"  count updates (chat.update)={calls.get('chat.update', 0)}"
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--signers", type=int, default=1000)
    options.add_argument("--retried", type=float, default=0.10)
    options.add_argument("--concurrency", type=int, default=100)
    options.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = options.parse_args()
    slack = CountingFakeSlack()
    try:
        with tempfile.TemporaryDirectory() as folder:
            run("SQLite", f"sqlite:///{folder}/bench.db", slack, args)
            if args.postgres:
                with postgres_schema(args.postgres) as url:
                    run("PostgreSQL", url, slack, args)
    finally:
        slack.close()


if __name__ == "__main__":
    main()
