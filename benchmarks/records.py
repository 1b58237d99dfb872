"""The library of records under load: a 300-page PDF (the report's own sentences in another order,
so its passages read like real ones) is read and added the way a file shared in Slack is (the
reading in a worker thread, the storing through the store's worker threads), while other people's
questions are answered and recorded on the same event loop, as the bot does. Prints how long the
ingestion took (goal: under a minute) and the answers' latency before and during it (goal: no
stall; every answer as quick as it is when nothing else runs, give or take the CPU it shares).

    .venv/bin/python benchmarks/records.py [--pages 300] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support import percentile
from bot.answers.conversation import ask
from storage.db import Store
from storage.documents import sentences, squeeze
from storage.extraction import read_record
from storage.migrate import upgrade
from storage.models import utcnow
from storage.records import add_record
from storage.seeding import report_text, seed
from storage.visibility import EVERYTHING
from tests.records.samples import lines
from tests.support.documents import paged, pdf_bytes

QUESTIONS = [
    "When did the dialogue begin?",
    "Who is the UN Special Rapporteur?",
    "What is the status of RT-3?",
    "How many people came to the breakfast?",
    "What did the delegation learn in Astana?",
    "Who chairs the ARA?",
]


def big_pdf(pages: int) -> bytes:
    said = [s for p in report_text().split("\n\n") for s in sentences(squeeze(p))]
    rng = random.Random(300)
    paragraphs = [" ".join(rng.choice(said) for _ in range(5)) for _ in range(pages * 9)]
    return pdf_bytes(paged(lines(paragraphs))[:pages], title="A long annual report")


async def answering(store: Store, until: asyncio.Event, seconds: list[float]) -> None:
    """One person after another asking, each answer recorded, until `until` is set."""
    n = 0
    while not until.is_set():
        started = time.perf_counter()
        await store.run(ask, EVERYTHING, f"U{n % 50:04d}", QUESTIONS[n % len(QUESTIONS)])
        seconds.append(time.perf_counter() - started)
        n += 1


async def run(store: Store, data: bytes) -> None:
    quiet: list[float] = []
    done = asyncio.Event()
    asker = asyncio.create_task(answering(store, done, quiet))
    await asyncio.sleep(3)
    done.set()
    await asker

    during: list[float] = []
    done = asyncio.Event()
    asker = asyncio.create_task(answering(store, done, during))
    started = time.perf_counter()
    extracted = await asyncio.to_thread(read_record, "annual-report.pdf", data)
    read = time.perf_counter() - started
    added = await store.run(add_record, extracted, utcnow(), added_by="benchmark")
    took = time.perf_counter() - started
    done.set()
    await asker

    print(
        f"ingested {len(data) / 1024 / 1024:.1f} MB PDF: {added.passages:,} passages in"
        f" {took:.1f} s (reading {read:.1f} s, storing {took - read:.1f} s); goal < 60 s"
    )
    for label, seconds in (("before", quiet), ("during", during)):
        print(
            f"answers {label} ingestion: {len(seconds)} in all, p50"
            f" {percentile(seconds, 0.5) * 1000:.1f} ms, p95 {percentile(seconds, 0.95) * 1000:.1f}"
            f" ms, max {max(seconds) * 1000:.0f} ms"
        )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--pages", type=int, default=300)
    options.add_argument("--database-url")
    args = options.parse_args()
    data = big_pdf(args.pages)
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'records.db'}"
        upgrade(url)
        store = Store.from_url(url)
        store.call(seed)
        print(f"{store.dialect}, {args.pages} pages")
        asyncio.run(run(store, data))
        store.dispose()


if __name__ == "__main__":
    main()
