"""Fictional records for the library's tests: facts the seed report does not hold, so an answer
that gives them can only come from the record."""

from __future__ import annotations

MINUTES_TITLE = "Minutes of the Almaty Interfaith Roundtable"
MINUTES = [
    "The Almaty Interfaith Roundtable met on 12 February 2026 at the Hotel Kazakhstan in Almaty.",
    "The roundtable was chaired by Aigerim Sadykova, the deputy director of the Institute for",
    "Interfaith Studies. Forty-two participants attended, from nine religious communities.",
    "The participants agreed to publish a joint glossary of registration terms by September.",
]

BRIEFING_TITLE = "Briefing on the Karaganda registration hearings"
BRIEFING = [
    "The Karaganda registration hearings were held in the regional akimat in October 2025.",
    "Seventeen religious associations applied for re-registration at the hearings, and eleven of"
    " them were registered.",
    "The hearings were observed by Daniyar Omarov of the Karaganda Bar Association.",
]

NOTES_TITLE = "Notes of the Shymkent visit"
NOTES_MARKDOWN = """# Notes of the Shymkent visit

## The visit

The working group visited Shymkent on 4 March 2026 to meet the city's religious communities.

The meeting with the regional commissioner for religious affairs was hosted by Bolat Nurlanov,
the commissioner's chief of staff, in the city hall.

## What was agreed

The commissioner agreed to review the fines imposed on house churches in the Turkistan region.
"""


def lines(paragraphs: list[str], width: int = 92) -> list[str]:
    """Text wrapped to lines of at most `width` characters, as a PDF lays it out."""
    out: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        out.append(line)
    return out
