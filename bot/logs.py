"""The process's one logging set-up: each line carries its record's context (`extra={"letter": 3}`)
after the message as key=value, or the whole record as a JSON line, and only the context keys named
here, so that people's data (names, user ids, what they typed) never reaches the log."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["text", "json"]

# Ids of the store's records, where something happened and what became of it: nothing about a
# person. A key that is not here is dropped, however it was passed.
CONTEXT_KEYS = (
    "letter",
    "meeting",
    "reminder",
    "delivery",
    "outbox",
    "recommendation",
    "surface",
    "event",
    "job",
    "status",
)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def context(record: logging.LogRecord) -> dict[str, object]:
    """The record's whitelisted context, in CONTEXT_KEYS' order."""
    fields = vars(record)
    return {key: fields[key] for key in CONTEXT_KEYS if key in fields}


def _text_value(value: object) -> str:
    text = str(value)
    # Quoted when a reader could not otherwise tell where the value ends.
    if not text or any(c.isspace() or c in '"=' for c in text):
        return json.dumps(text, ensure_ascii=False)
    return text


def _json_value(value: object) -> object:
    return value if isinstance(value, bool | int | float | None) else str(value)


class TextFormatter(logging.Formatter):
    """`2026-12-01 09:00:00,000 WARNING jobs.letter_deadlines: a DM failed letter=3`; a traceback,
    if any, follows on the next lines as usual."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        pairs = [f"{key}={_text_value(value)}" for key, value in context(record).items()]
        return " ".join([line, *pairs])


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the context, any exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {key: _json_value(value) for key, value in context(record).items()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def formatter(log_format: LogFormat) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else TextFormatter()


def configure(log_format: LogFormat, level: int) -> None:
    """Called once, by the CLI: the root logger writes to stderr in `log_format`. Like
    `logging.basicConfig`, it leaves a root logger that already has handlers alone."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=level, handlers=[handler])
    # Migrations and the sweeps that run every second would bury what matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
