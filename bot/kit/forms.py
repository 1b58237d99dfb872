"""One reader for a submitted form's values (`view.state.values`), whatever the input element:
text inputs, selects, radio buttons, checkboxes, date and time pickers, conversation and user
pickers all come back as plain strings."""

from __future__ import annotations

from typing import Any

__all__ = ["Form"]

# The keys under which Slack puts a single element's value, by element type.
_SINGLE = (
    "value",
    "selected_date",
    "selected_time",
    "selected_conversation",
    "selected_channel",
    "selected_user",
)
_MANY = ("selected_users", "selected_conversations", "selected_channels")


class Form:
    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values if isinstance(values, dict) else {}

    def __contains__(self, block: str) -> bool:
        return block in self.values

    def element(self, block: str) -> dict[str, Any]:
        """The block's element state, whatever its action id (each of our inputs has one)."""
        elements = self.values.get(block)
        element: object = next(iter(elements.values()), {}) if isinstance(elements, dict) else {}
        return element if isinstance(element, dict) else {}

    def text(self, block: str) -> str:
        element = self.element(block)
        option = element.get("selected_option")
        if isinstance(option, dict):
            return str(option.get("value") or "")
        for key in _SINGLE:
            if element.get(key):
                return str(element[key])
        return ""

    def choices(self, block: str) -> list[str]:
        element = self.element(block)
        if isinstance(element.get("selected_options"), list):
            return [str(option.get("value")) for option in element["selected_options"]]
        for key in _MANY:
            if isinstance(element.get(key), list):
                return [str(item) for item in element[key]]
        chosen = self.text(block)
        return [chosen] if chosen else []

    def timestamp(self, block: str) -> float | None:
        """A date-and-time picker's choice, in seconds since the epoch."""
        stamp = self.element(block).get("selected_date_time")
        return float(stamp) if isinstance(stamp, int | float) else None
