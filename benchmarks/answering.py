"""Question answering measured on evaluation sets (by default the dev set,
tests/answers/eval/seed_dev.json), on the seeded store and then again with synthetic passages added.
For each set: accuracy (the expected facts found within the first 400 characters of the answer),
honest "don't know" on the unanswerable questions, quotations that are not the source's own words,
latency p50/p95 a question and answers a second.
Goals: p95 < 20 ms seeded and < 150 ms with 100,000 extra passages; >= 200 answers a second.

    .venv/bin/python benchmarks/answering.py [--set PATH ...] [--passages 100000]
        [--database-url URL]

Without --database-url it uses a fresh SQLite file; with a PostgreSQL URL, give it an empty
database (or schema, via `?options=-csearch_path%3D<schema>`). Tune only on the dev set.
"""

from __future__ import annotations

import argparse
import json
import random
import re
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
from storage.documents import squeeze
from storage.migrate import upgrade
from storage.models import SourcePassage
from storage.seeding import report_text, seed

EVALUATION = Path(__file__).resolve().parents[1] / "tests" / "answers" / "eval" / "seed_dev.json"


FIRST = 400  # characters of an answer in which its fact must stand
_QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"")


def unquoted(text: str, source: str) -> list[str]:
    """The quotations in `text` that are not in `source` (pieces between ellipses each)."""
    wrong = []
    for match in _QUOTED.finditer(text):
        quoted = match.group(1) or match.group(2) or ""
        pieces = [p.strip(" .,;:") for p in squeeze(quoted).split("…")]
        if any(p and p not in source for p in pieces):
            wrong.append(quoted)
    return wrong


def run_set(store: Store, questions: list[dict[str, Any]], source: str) -> str:
    store.call(answer_question, "warm-up: when did the dialogue begin?")
    right = honest = answerable = 0
    seconds: list[float] = []
    misses: list[str] = []
    quotes: list[str] = []
    for item in questions:
        started = time.perf_counter()
        answer = store.call(answer_question, item["question"])
        seconds.append(time.perf_counter() - started)
        quotes += unquoted(answer.text, source)
        if item.get("answerable", True) is False:
            honest += not answer.found
            if answer.found:
                misses.append(f"{item['question']} (answered: {answer.text[:100]})")
            continue
        answerable += 1
        first = answer.text[:FIRST].lower()
        if answer.found and all(fact.lower() in first for fact in item["expect"]):
            right += 1
        else:
            misses.append(f"{item['question']} -> {answer.text[:140]}")
    unanswerable = len(questions) - answerable
    total = sum(seconds)
    report = (
        f"accuracy {right}/{answerable} = {right / max(answerable, 1):.1%}; "
        f"don't know on unanswerable {honest}/{unanswerable}"
        f" = {honest / max(unanswerable, 1):.1%}; "
        f"quotations not in the source {len(quotes)}; "
        f"latency p50 {percentile(seconds, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(seconds, 0.95) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms; "
        f"{len(seconds) / total:.0f} answers/s"
    )
    return (
        report
        + "".join(f"\n  missed: {q}" for q in misses)
        + "".join(f"\n  not verbatim: “{q}”" for q in quotes)
    )


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
    options.add_argument(
        "--set", action="append", type=Path, dest="sets", help="an evaluation set (repeatable)"
    )
    options.add_argument("--passages", type=int, default=100_000)
    options.add_argument("--database-url")
    args = options.parse_args()
    sets = {
        path: json.loads(path.read_text(encoding="utf-8"))["questions"]
        for path in args.sets or [EVALUATION]
    }
    source = squeeze(report_text())
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'answering.db'}"
        upgrade(url)
        store = Store.from_url(url)
        store.call(seed)
        print(f"{store.dialect}")
        for path, questions in sets.items():
            report = run_set(store, questions, source)
            print(f"{path.name} ({len(questions)} questions), seeded store: {report}")
        if args.passages:
            started = time.perf_counter()
            add_synthetic_passages(store, args.passages)
            took = time.perf_counter() - started
            print(f"added {args.passages:,} synthetic passages in {took:.0f} s")
            for path, questions in sets.items():
                print(f"{path.name}, with them: {run_set(store, questions, source)}")
        store.dispose()


if __name__ == "__main__":
    main()
