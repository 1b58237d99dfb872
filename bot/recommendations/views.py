"""Block Kit for the recommendations tracker: the coordinators' status-change form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.kit.blocks import date_input, modal, select_input, text_input
from storage.models import RecommendationStatus

OPEN_STATUS_MODAL = "rec_status_open"
STATUS_MODAL = "rec_status"


def status_modal(ref: str, today: dt.date) -> dict[str, Any]:
    return modal(
        f"Status of {ref}",
        [
            select_input("status", "New status", {s.value: s.value for s in RecommendationStatus}),
            date_input("as_of", "As of", today.isoformat()),
            text_input("evidence", "Evidence, with its source", limit=1500, multiline=True),
        ],
        callback_id=STATUS_MODAL,
        submit="Record",
        private_metadata=ref,
    )
