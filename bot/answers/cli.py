"""`roundtable-bot ask`: answers from a terminal, as text or one JSON object per question (for
evaluation and batch use: `roundtable-bot ask --json -` reads one question per line)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bot.answers.engine import Answer, answer_question
from bot.answers.generative import GenerativeReader, draft
from bot.settings import Settings


def _as_text(answer: Answer) -> str:
    # Several excerpts of one document (recommendations listed from one report) are one source.
    sources = (f"  Source: {s.title}{f', {s.when}' if s.when else ''}" for s in answer.sources)
    return "\n".join([answer.text, *dict.fromkeys(sources)])


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import prepare_database

    joined = " ".join(args.question)
    questions = (line.rstrip("\n") for line in sys.stdin) if joined == "-" else iter([joined])
    store = prepare_database(settings)
    reader = GenerativeReader.from_settings(settings)
    try:
        for text in questions:
            if reader is None:
                answer = store.call(answer_question, text)
            else:
                answer = asyncio.run(reader.compose(text, store.call(draft, text)))
            out = (
                json.dumps(answer.as_json(), ensure_ascii=False) if args.json else _as_text(answer)
            )
            print(out, flush=True)
    finally:
        store.dispose()
    return 0


def add_commands(commands: Any) -> None:
    """Add `ask` to the CLI's subcommands."""
    ask = commands.add_parser("ask", help="answer a question about the dialogue from the store")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("question", nargs="*", help='the question, or "-" to read one per line')
    ask.set_defaults(run=_ask)
