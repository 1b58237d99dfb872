"""Block Kit for the recommendations tracker: the coordinators' status-change form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage.models import RecommendationStatus, StatusChange, max_length

OPEN_STATUS_MODAL = "rec_status_open"
STATUS_MODAL = "rec_status"


def status_modal(ref: str, today: dt.date) -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": s.value}, "value": s.value}
        for s in RecommendationStatus
    ]
    return {
        "type": "modal",
        "callback_id": STATUS_MODAL,
        "private_metadata": ref,
        "title": {"type": "plain_text", "text": f"Status of {ref}"[:24]},
        "submit": {"type": "plain_text", "text": "Record"},
        "blocks": [
            {
                "type": "input",
                "block_id": "status",
                "label": {"type": "plain_text", "text": "New status"},
                "element": {"type": "static_select", "action_id": "value", "options": options},
            },
            {
                "type": "input",
                "block_id": "as_of",
                "label": {"type": "plain_text", "text": "As of"},
                "element": {
                    "type": "datepicker",
                    "action_id": "value",
                    "initial_date": today.isoformat(),
                },
            },
            {
                "type": "input",
                "block_id": "evidence",
                "label": {"type": "plain_text", "text": "Evidence, with its source"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": max_length(StatusChange, "evidence"),
                },
            },
        ],
    }
