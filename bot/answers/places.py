"""A place named by its kind ("Lower Vale Province", "the North Region"): a name whose last word is
the kind of place asked for ("which province …?") names one, whatever word stands before it
("suggests Lower Vale Province", where no "in" or "to" says it is a place)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["named_of_kind"]


def named_of_kind(kind: str, sentence: str) -> set[str]:
    """The names in the sentence that end with the place's kind, capitalised ("Province")."""
    return {m.group(1) for m in _named(kind.lower()).finditer(sentence)}


@lru_cache(maxsize=64)
def _named(kind: str) -> re.Pattern[str]:
    one = kind.removesuffix("s") if not kind.endswith("ies") else f"{kind[:-3]}y"
    return re.compile(rf"\b((?:[A-Z][\w’'\-]*\s+)+{re.escape(one.capitalize())})\b")
