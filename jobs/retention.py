"""The retention period: once an hour, what is kept only for a while (questions and their feedback,
profiles not refreshed since, withdrawn signatures, messages already sent) is deleted once it is
older than `ROUNDTABLE_RETENTION_DAYS`. Deleting is idempotent: every replica may run it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from storage.db import Store
from storage.privacy import Pruned, prune

log = logging.getLogger(__name__)

EVERY_SECONDS = 3600


async def prune_expired(store: Store, clock: Callable[[], datetime], keep_for: timedelta) -> Pruned:
    pruned = await store.run(prune, clock(), keep_for)
    if any(pruned.as_json().values()):
        # Counts only: nothing of what was deleted reaches the log.
        log.info("pruned what the retention period no longer keeps: %s", pruned.as_json())
    return pruned
