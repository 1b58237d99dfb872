"""A coalition letter as it leaves the bot: its signatures as a spreadsheet, and its text with its
signatories."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from storage.models import Letter, Signature

__all__ = ["capacity", "export_csv", "export_text", "sheet_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A separator a spreadsheet may split on (comma, semicolon in many locales, tab, a new line),
# then what would start a formula in the cell that split makes.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n][ ]*)(?=[=+\-@\t\r])")


def sheet_cell(value: str) -> str:
    """What a person typed, as a cell no spreadsheet runs as a formula (OWASP's CSV injection
    advice): a cell that starts with `= + - @`, tab or CR, or has one after a separator, starts
    with a single quote; and each one after a separator gets its own, for the spreadsheets that
    split `Acme;=cmd|' /C calc'!A0` on the semicolon. The writer quotes every field as well."""
    neutralised = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    if neutralised != value or value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + neutralised
    return value


def capacity(signature: Signature) -> str:
    return "on behalf of organization" if signature.on_behalf else "for identification only"


def export_csv(signatures: Sequence[Signature]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(
        ["name", "title", "organization", "capacity", "signed_at", "letter_version", "comment"]
    )
    for s in signatures:
        writer.writerow(
            [
                *(sheet_cell(v) for v in (s.name, s.title, s.organization)),
                capacity(s),
                s.signed_at.isoformat(timespec="seconds"),
                s.letter_version,
                sheet_cell(s.comment),
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
