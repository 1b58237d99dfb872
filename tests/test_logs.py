"""The log: a record's context (`extra={"letter": 3}`) is printed after its message, as key=value
or in a JSON line, and only the whitelisted keys, so that people's data never reaches it."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import logs
from tests.support.processes import bot_environment

# What a careless call might pass: a person's id, name and words.
PERSONAL = {"user": "U0PERSON1", "person": "Aigerim N.", "text": "my private question"}


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO, logging.Handler]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    test_logger = logging.getLogger("tests.logs")
    test_logger.addHandler(handler)
    test_logger.propagate = False
    yield test_logger, stream, handler
    test_logger.removeHandler(handler)
    test_logger.propagate = True


def test_text_lines_end_with_the_whitelisted_context(
    logger: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    log, stream, handler = logger
    handler.setFormatter(logs.formatter("text"))

    log.warning("a deadline reminder DM failed", extra={"letter": 3, **PERSONAL})
    log.warning("%s failed", "/roundtable history", extra={"surface": "/roundtable history"})
    log.warning("nothing to add")

    first, second, third = stream.getvalue().splitlines()
    assert first.endswith("WARNING tests.logs: a deadline reminder DM failed letter=3")
    assert second.endswith('/roundtable history failed surface="/roundtable history"')
    assert third.endswith("tests.logs: nothing to add")
    for value in (*PERSONAL, *PERSONAL.values()):
        assert value not in stream.getvalue()


def test_the_context_comes_before_a_traceback(
    logger: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    log, stream, handler = logger
    handler.setFormatter(logs.formatter("text"))

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("updating a letter's post failed", extra={"letter": 7, "meeting": 2})

    first, *rest = stream.getvalue().splitlines()
    assert first.endswith("updating a letter's post failed letter=7 meeting=2")
    assert rest[0].startswith("Traceback")
    assert rest[-1] == "RuntimeError: boom"


def test_json_lines_carry_the_whitelisted_context(
    logger: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    log, stream, handler = logger
    handler.setFormatter(logs.formatter("json"))

    log.warning("a deadline reminder DM failed", extra={"letter": 3, "status": "open", **PERSONAL})
    try:
        raise ValueError("bad")
    except ValueError:
        log.exception("a reminder send failed", extra={"reminder": 9})

    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first.pop("time").endswith("+00:00")
    assert first == {
        "level": "WARNING",
        "logger": "tests.logs",
        "message": "a deadline reminder DM failed",
        "letter": 3,
        "status": "open",
    }
    assert second["reminder"] == 9
    assert second["exception"].endswith("ValueError: bad")


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_setting_chooses_the_format_of_the_processs_log(
    tmp_path: Path, log_format: str
) -> None:
    # What `roundtable-bot` does at start, in a process of its own (the root logger is its own).
    script = (
        "import logging\n"
        "from bot import logs\n"
        "from bot.settings import load_settings\n"
        "logs.configure(load_settings().log_format, logging.INFO)\n"
        "logging.getLogger('jobs.letter_deadlines').warning(\n"
        "    'a deadline reminder DM failed', extra={'letter': 3, 'user': 'U0PERSON1'})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_environment(ROUNDTABLE_LOG_FORMAT=log_format),
        timeout=60,
        check=True,
    )

    (line,) = result.stderr.splitlines()
    assert "U0PERSON1" not in line
    if log_format == "json":
        entry = json.loads(line)
        assert (entry["message"], entry["letter"]) == ("a deadline reminder DM failed", 3)
        assert "user" not in entry
    else:
        assert line.endswith(
            "WARNING jobs.letter_deadlines: a deadline reminder DM failed letter=3"
        )
