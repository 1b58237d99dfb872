"""A coalition letter as it leaves the bot: its signatures as a spreadsheet, and its text with its
signatories."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from storage.models import Letter, Signature

__all__ = ["capacity", "export_csv", "export_text"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _sheet_cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with "=" as a formula: what signers typed stays text.
    return "'" + value if value.startswith(_FORMULA_START) else value


def capacity(signature: Signature) -> str:
    return "on behalf of organization" if signature.on_behalf else "for identification only"


def export_csv(signatures: Sequence[Signature]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["name", "title", "organization", "capacity", "signed_at", "letter_version", "comment"]
    )
    for s in signatures:
        writer.writerow(
            [
                *(_sheet_cell(v) for v in (s.name, s.title, s.organization)),
                capacity(s),
                s.signed_at.isoformat(timespec="seconds"),
                s.letter_version,
                _sheet_cell(s.comment),
            ]
        )
    return out.getvalue()


def export_text(letter: Letter, signatures: Sequence[Signature]) -> str:
    """The letter as it will be sent: its text, then its signatories (Markdown)."""
    lines = [f"# {letter.title}", ""]
    if letter.addressees:
        lines += [f"To: {letter.addressees}", ""]
    lines += [letter.body, ""]
    if letter.recorded_signers:
        # Signed before the bot existed: the record names who signed, not one by one.
        lines += ["## Signatories (as recorded)", "", letter.recorded_signers, ""]
        if not signatures:
            lines += [f"{letter.ref}, version {letter.version}."]
            return "\n".join(lines) + "\n"
    lines += [f"## Signatories ({len(signatures)})", ""]
    for number, s in enumerate(signatures, start=1):
        who = ", ".join(part for part in (s.name, s.title, s.organization) if part)
        note = "" if s.on_behalf else " (affiliation for identification only)"
        older = f" — signed version {s.letter_version}" if s.letter_version < letter.version else ""
        lines.append(f"{number}. {who}{note}{older}")
    lines += ["", f"{letter.ref}, version {letter.version}."]
    return "\n".join(lines) + "\n"
