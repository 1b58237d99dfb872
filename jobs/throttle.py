"""How the loops that run every second (the scheduler's jobs, the outbox sender, the reminder
sweeps) report a failure: each kind at most once a minute, so that a database outage is one line a
minute ("database unreachable: OperationalError; retrying"), not a traceback a second.

A database that cannot be reached is one kind however many loops meet it, and its line has no
traceback (the cause is not in our code); any other failure is a bug, and keeps its traceback, once
a minute for each place and exception type. When the database answers again one line says so.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping

import sqlalchemy.exc

__all__ = ["DATABASE_ERRORS", "Throttle", "report_failure", "report_success"]

# What a database that is down, restarting or unreachable raises through SQLAlchemy (a pool that
# waited in vain raises its own TimeoutError).
DATABASE_ERRORS = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
)

PERIOD_SECONDS = 60.0
_DATABASE = "database"


class Throttle:
    """Remembers when each kind of failure was last logged, and how many were kept quiet since."""

    def __init__(
        self, period: float = PERIOD_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.period = period
        self.clock = clock
        self._last: dict[str, float] = {}
        self._quiet: dict[str, int] = {}
        self._lock = threading.Lock()  # the store's worker threads report too

    def failure(
        self,
        log: logging.Logger,
        where: str,
        error: BaseException,
        extra: Mapping[str, object] | None = None,
    ) -> bool:
        """Log `error`, met in `where` ("the outbox sender", "job meeting-reminders"), unless the
        same kind was logged within the period; True if a line was written."""
        database = isinstance(error, DATABASE_ERRORS)
        kind = _DATABASE if database else f"{where}:{type(error).__name__}"
        with self._lock:
            now = self.clock()
            last = self._last.get(kind)
            if last is not None and now - last < self.period:
                self._quiet[kind] = self._quiet.get(kind, 0) + 1
                return False
            self._last[kind] = now
            quiet = self._quiet.pop(kind, 0)
        since = f" ({quiet} more since the last report)" if quiet else ""
        if database:
            log.warning(
                "database unreachable: %s; retrying%s", type(error).__name__, since, extra=extra
            )
        else:
            log.error(
                "%s failed: %s; retrying%s",
                where,
                type(error).__name__,
                since,
                exc_info=error,
                extra=extra,
            )
        return True

    def success(self, log: logging.Logger) -> None:
        """A loop reached the database: if an outage was reported, say once that it is over."""
        if _DATABASE not in self._last:  # the common case, without the lock
            return
        with self._lock:
            if self._last.pop(_DATABASE, None) is None:
                return
            self._quiet.pop(_DATABASE, None)
        log.warning("database reachable again")


# The process's one: an outage is one line a minute however many loops meet it.
_THROTTLE = Throttle()


def report_failure(
    log: logging.Logger,
    where: str,
    error: BaseException,
    extra: Mapping[str, object] | None = None,
) -> bool:
    return _THROTTLE.failure(log, where, error, extra)


def report_success(log: logging.Logger) -> None:
    _THROTTLE.success(log)
