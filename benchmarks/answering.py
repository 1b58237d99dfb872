"""The question-answering evaluation set (tests/answers/eval/seed_dev.json) run against the seeded
store, then again with 100,000 synthetic passages added: accuracy on the answerable questions, the
honest "don't know" rate on the unanswerable ones, and p50/p95 latency a question.
Goals: ≥ 95% correct, 100% "don't know", p95 < 50 ms seeded and < 250 ms with the extra passages.

    .venv/bin/python benchmarks/answering.py [--passages 100000] [--database-url URL]

Without --database-url it uses a fresh SQLite file; with a PostgreSQL URL, give it an empty
database (or schema, via `?options=-csearch_path%3D<schema>`).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select

from benchmarks.support import percentile
from bot.answers.engine import answer_question, words_of
from storage.db import Store
from storage.migrate import upgrade
from storage.models import SourcePassage
from storage.seeding import seed

EVALUATION = Path(__file__).resolve().parents[1] / "tests" / "answers" / "eval" / "seed_dev.json"


def run_set(store: Store, questions: list[dict[str, Any]]) -> str:
    store.call(answer_question, "warm-up: when did the dialogue begin?")
    right = honest = answerable = 0
    seconds: list[float] = []
    misses: list[str] = []
    for item in questions:
        started = time.perf_counter()
        answer = store.call(answer_question, item["question"])
        seconds.append(time.perf_counter() - started)
        if item.get("answerable", True) is False:
            honest += not answer.found
            if answer.found:
                misses.append(f"{item['question']} (answered: {answer.text[:100]})")
            continue
        answerable += 1
        text = answer.text.lower()
        if answer.found and all(fact.lower() in text for fact in item["expect"]):
            right += 1
        else:
            misses.append(item["question"])
    unanswerable = len(questions) - answerable
    report = (
        f"accuracy {right}/{answerable} = {right / answerable:.1%}; "
        f"don't know on unanswerable {honest}/{unanswerable} = {honest / unanswerable:.1%}; "
        f"latency p50 {percentile(seconds, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(seconds, 0.95) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms"
    )
    return report + "".join(f"\n  missed: {q}" for q in misses)


def add_synthetic_passages(store: Store, count: int) -> None:
    """Passages made of the report's own words in random order: every query word matches tens of
    thousands of them, which is what makes ranking work hard."""
    with store.session() as session:
        texts = session.exec(select(SourcePassage.text)).all()
    words = [w for text in texts for w in words_of(text)]
    rng = random.Random(2014)
    batch = 5000
    for start in range(0, count, batch):
        rows = [
            SourcePassage(
                key=f"synthetic-{n}",
                section="Synthetic",
                position=100_000 + n,
                text=" ".join(rng.choices(words, k=rng.randint(20, 60))) + ".",
            )
            for n in range(start, min(start + batch, count))
        ]
        with store.session() as session:
            session.add_all(rows)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--passages", type=int, default=100_000)
    options.add_argument("--database-url")
    args = options.parse_args()
    questions = json.loads(EVALUATION.read_text(encoding="utf-8"))["questions"]
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'answering.db'}"
        upgrade(url)
        store = Store.from_url(url)
        store.call(seed)
        print(f"{len(questions)} questions, {store.dialect}")
        print(f"seeded store: {run_set(store, questions)}")
        started = time.perf_counter()
        add_synthetic_passages(store, args.passages)
        took = time.perf_counter() - started
        print(f"added {args.passages:,} synthetic passages in {took:.0f} s")
        print(f"with them:    {run_set(store, questions)}")
        store.dispose()


if __name__ == "__main__":
    main()
