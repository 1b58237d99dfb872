"""A reference number asked for ("What's the reference number of the ministry's letter?"): not
a count but a code a record gives after "No." or "Ref.", such as "AB/2031/0042"."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

__all__ = ["asks_reference", "gives_reference"]

# The words that make "number" a code rather than a count: "the reference number", "its file
# number" (but "the number of cases" counts).
_CODED = frozenset(("reference", "ref", "file", "serial", "docket", "case", "registration"))
_CODE = re.compile(
    r"\b(?:No|Nr|Ref|[Nn]umber|[Rr]eference)\.?:?\s+(?:No\.?\s+)?"
    r"(?!\d{4}-\d{2}-\d{2}\b)[A-Z0-9]+(?:[/-][A-Z0-9]+)+"
)


def asks_reference(typed: Sequence[str]) -> bool:
    """Whether a question's words ask for a reference number ("the reference number", "ref
    number")."""
    return any(
        before in _CODED and word in ("number", "no") for before, word in itertools.pairwise(typed)
    )


def gives_reference(sentence: str) -> bool:
    """Whether a sentence gives a code after "No." or "Ref." ("letter No. AB/2031/0042")."""
    return any(re.search(r"\d", m.group(0)) for m in _CODE.finditer(sentence))
