"""What every handler is given: the settings, the store and the clock, built once by the
composition root (`bot.app`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.settings import Settings
from storage.db import Store
from storage.models import utcnow


@dataclass
class Services:
    settings: Settings
    store: Store
    # Injected so that tests can move time (reminders, deadlines) without sleeping.
    clock: Callable[[], datetime] = field(default=utcnow)

    def is_coordinator(self, user_id: str) -> bool:
        return user_id in self.settings.coordinators
