"""The same question gets the same answer in every process. Python orders a set of words
differently from one process to the next (PYTHONHASHSEED): an engine that let that order break a
tie between words as rare as each other answered some questions one way in one run and another
way in the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from storage.db import Store

ROOT = Path(__file__).resolve().parents[2]
EVAL = Path(__file__).with_name("eval")
# Asked in a fresh process: every question of two development sets, their answers as JSON.
_ASK = """
import json, sys
from bot.answers.engine import answer_question
from storage.db import Store
store = Store.from_url(sys.argv[1])
questions = [q["question"] for name in sys.argv[2:] for q in json.load(open(name))["questions"]]
print(json.dumps([store.call(answer_question, q).text for q in questions]))
"""


def answers_in_a_process(database_url: str, hash_seed: str) -> list[str]:
    sets = [str(EVAL / "seed_dev4.json"), str(EVAL / "seed_dev5.json")]
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", _ASK, database_url, *sets],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    answers: list[str] = json.loads(done.stdout)
    return answers


def test_a_question_is_answered_the_same_whatever_order_python_gives_its_sets(
    seeded_store: Store, database_url: str
) -> None:
    # Hash seed 3 answered "Did the officials claim the 2011 law is perfect?" otherwise than 0.
    first = answers_in_a_process(database_url, "0")
    second = answers_in_a_process(database_url, "3")

    assert len(first) == 315
    assert [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b] == []
