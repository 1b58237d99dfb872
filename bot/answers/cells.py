"""A table's row read as an answer: the cell of the column a question names, beside the row's
own label ("Indicator: Cases, 2029 … North: 36"), and the column that holds the kind of answer
asked (a date, a place), in the table's words. The chunker (`storage.documents.table_row`) stores
each row as one sentence that names every cell's column."""

from __future__ import annotations

from bot.answers.question import Kind, Question
from bot.answers.vocabulary import words
from bot.answers.words import stems, words_of

__all__ = ["cell_of", "kind_cell", "row_cells"]

# The columns that hold the kind of answer a question asks for, by their names.
_KIND_COLUMNS = {
    Kind.WHEN: words("date dates when day days time"),
    Kind.WHERE: words("place places location venue where city town country"),
}

LABELS = 3  # cells at least, each after its column's name, for a sentence to be a table's row


def row_cells(sentence: str) -> list[tuple[str, str]]:
    """A row's cells as (column, value), or none when the sentence is not a table's row."""
    cells = []
    for part in sentence.removesuffix(".").split(" — "):
        column, colon, value = part.partition(": ")
        if not colon or not column.strip() or not value.strip():
            return []
        cells.append((column, value))
    return cells if len(cells) >= LABELS else []


def cell_of(sentence: str, question: Question) -> str:
    """Of a row of figures, the row's label and the one cell whose column the question names
    by all the words that tell that column from the others ("North" of "North Region" and
    "South Region"), or "" when the sentence is no such row or the question names no one
    column."""
    cells = row_cells(sentence)
    if not cells or not all(value[:1].isdigit() for _, value in cells[1:]):
        return ""  # a row of words says what each cell means with the others: all of it
    columns = [stems(column) for column, _ in cells[1:]]
    shared = set.intersection(*columns)
    # All of what tells the column from the others, in the question's own words: "first" of
    # "First raised" is no column asked.
    said = [
        len(column - shared) if column - shared <= set(question.terms) else 0 for column in columns
    ]
    best = max(said)
    if best == 0 or said.count(best) > 1:
        return ""
    at = said.index(best) + 1
    label = ": ".join(cells[0])
    joint = " — " if at == 1 else " … "
    return f"{label}{joint}{': '.join(cells[at])}."


def kind_cell(sentence: str, question: Question) -> str:
    """The value of the row's column that holds the kind of answer asked ("Date: 2028-04-26"
    for "when …?", "Place: Oslo" for "where …?"), or "" when none, or when the question says
    it already ("Where in Oslo …?")."""
    named = _KIND_COLUMNS.get(question.kind)
    if not named:
        return ""
    found = [v for c, v in row_cells(sentence) if not named.isdisjoint(words_of(c))]
    return found[0] if found and not stems(found[0]) <= set(question.terms) else ""
