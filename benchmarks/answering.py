"""Question answering measured on evaluation sets (by default the dev set,
tests/answers/eval/seed_dev.json), on the seeded store and then again with synthetic passages added.
For each set: accuracy (the expected facts found within the first 400 characters of the answer),
honest "don't know" on the unanswerable questions, quotations that are not the source's own words,
latency p50/p95 a question and answers a second.
Goals: p95 < 20 ms seeded and < 150 ms with 100,000 extra passages; >= 200 answers a second.

    .venv/bin/python benchmarks/answering.py [--set PATH ...] [--passages 100000]
        [--database-url URL]

Without --database-url it uses a fresh SQLite file; with a PostgreSQL URL, give it an empty
database (or schema, via `?options=-csearch_path%3D<schema>`). Tune only on the dev set. A set
whose JSON names a "document" (such as tests/answers/eval/followup_test.json) is about that file,
beside the set: it is added through the records path (`storage.extraction`, `storage.records`)
after the seed sets have run, and its questions are asked with it in the library.
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

import sqlalchemy as sa
from sqlmodel import select

from benchmarks.support import percentile
from bot.answers.engine import answer_question, words_of
from storage.db import Store
from storage.documents import chunk, squeeze
from storage.extraction import read_record
from storage.migrate import upgrade
from storage.models import Document, SourcePassage, utcnow
from storage.records import add_record
from storage.seeding import report_text, seed

EVALUATION = Path(__file__).resolve().parents[1] / "tests" / "answers" / "eval" / "seed_dev.json"


FIRST = 400  # characters of an answer in which its fact must stand
PASSAGES_A_DOCUMENT = 100  # about, in a synthetic document
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


def add_synthetic_passages(store: Store, count: int, share: float = 0.3) -> None:
    """Synthetic documents, cut into passages by the real chunker, `count` passages in all: an
    archive of other sources. Their words are the report's own words (a `share` of them, drawn as
    often as the report uses them, so that every query word matches thousands of passages) among
    made-up words of other subjects; with `share` 1 they are the report's words in random order
    (word salad, in which every sentence says a little of everything)."""
    with store.session() as session:
        texts = session.exec(select(SourcePassage.text)).all()
    report = [w for text in texts for w in words_of(text)]
    made_up = _made_up_words(random.Random(1979), 20_000)
    rng = random.Random(2014)
    written = number = 0
    while written < count:
        number += 1
        paragraphs = []
        for _ in range(PASSAGES_A_DOCUMENT // 4):
            said = [
                " ".join(
                    rng.choice(report) if rng.random() < share else _zipf(rng, made_up)
                    for _ in range(rng.randint(8, 30))
                )
                for _ in range(8)
            ]
            paragraphs.append(" ".join(f"{s[0].upper()}{s[1:]}." for s in said))
        text = f"Synthetic section {number}\n\n" + "\n\n".join(paragraphs)
        pieces = chunk(text, f"Synthetic document {number}")[: count - written]
        with store.session() as session:
            document = Document(
                key=f"synthetic-{number}", title=f"Synthetic document {number}", text=text
            )
            session.add(document)
            session.flush()
            session.execute(
                sa.insert(SourcePassage),
                [
                    {
                        "key": f"synthetic-{number}#{p.position + 1}",
                        "document_id": document.id,
                        "section": p.section,
                        "position": p.position,
                        "text": p.text,
                    }
                    for p in pieces
                ],
            )
        written += len(pieces)


def _made_up_words(rng: random.Random, count: int) -> list[str]:
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    return ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(count)]


def _zipf(rng: random.Random, words: list[str]) -> str:
    """A word drawn as often as its rank says (Zipf's law), as words are in any text."""
    return words[min(int(rng.paretovariate(1.0)) - 1, len(words) - 1)]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument(
        "--set", action="append", type=Path, dest="sets", help="an evaluation set (repeatable)"
    )
    options.add_argument("--passages", type=int, default=100_000)
    options.add_argument(
        "--report-words",
        type=float,
        default=0.3,
        help="the share of the synthetic passages' words drawn from the report (1: word salad)",
    )
    options.add_argument("--database-url")
    args = options.parse_args()
    loaded = {
        path: json.loads(path.read_text(encoding="utf-8")) for path in args.sets or [EVALUATION]
    }
    sets = {path: data["questions"] for path, data in loaded.items()}
    # A set about another document than the seed report names it: it is added to the library
    # the way a coordinator adds a record (read, then stored), after the seed sets have run.
    documents = {
        path: path.parent / data["document"] for path, data in loaded.items() if "document" in data
    }
    source = squeeze(report_text())
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'answering.db'}"
        upgrade(url)
        store = Store.from_url(url)
        store.call(seed)
        print(f"{store.dialect}")
        for path, questions in sets.items():
            if path not in documents:
                report = run_set(store, questions, source)
                print(f"{path.name} ({len(questions)} questions), seeded store: {report}")
        for document in documents.values():
            extracted = read_record(document.name, document.read_bytes())
            added = store.call(add_record, extracted, utcnow(), added_by="benchmark")
            source += " " + squeeze(extracted.text)
            print(f"added {document.name} through the records path: {added.passages} passages")
        for path in documents:
            questions = sets[path]
            report = run_set(store, questions, source)
            print(f"{path.name} ({len(questions)} questions), with its record: {report}")
        if args.passages:
            started = time.perf_counter()
            add_synthetic_passages(store, args.passages, args.report_words)
            if store.dialect == "postgresql":
                # What autovacuum does soon after a bulk load: statistics for the planner, and
                # the full-text index's pending entries merged (until then every search reads
                # them one by one).
                with store.engine.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                        sa.text("VACUUM ANALYZE sourcepassage")
                    )
            took = time.perf_counter() - started
            print(
                f"added {args.passages:,} synthetic passages"
                f" ({args.report_words:.0%} of their words the report's) in {took:.0f} s"
            )
            for path, questions in sets.items():
                print(f"{path.name}, with them: {run_set(store, questions, source)}")
        store.dispose()


if __name__ == "__main__":
    main()
