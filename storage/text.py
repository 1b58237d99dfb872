"""What a person typed, made safe to show: no invisible characters that could disguise one name as
another. Every name, organization and title goes through here on its way into the store."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["one_line", "without_bidi_controls"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The explicit direction controls (embeddings, overrides, isolates, marks): U+202E makes
# "Aigerim" display as "miregiA" and lets a name pose as another, or hide what follows it.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    """Multi-line text (a letter's body, a comment), NFC, without control or direction
    characters; joiners stay, as some scripts and emoji need them."""
    return unicodedata.normalize("NFC", _BIDI.sub("", _CONTROL.sub("", text)))


def one_line(text: str) -> str:
    """A name, organization or title: one line of visible characters. Every invisible format
    character (Unicode category Cf: direction controls, zero-width spaces and joiners, the BOM,
    soft hyphens) is removed, so that "Ai\u200bgerim" and "Aigerim" are one name and an
    override cannot reorder a signer list; runs of whitespace become one space."""
    cleaned = without_bidi_controls(text)
    visible = "".join(ch for ch in cleaned if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())
