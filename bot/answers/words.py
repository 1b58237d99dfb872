"""Words as question answering compares them: lower-cased tokens and their Snowball stems."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from bot.answers.vocabulary import STOPWORDS

__all__ = ["stem", "stems", "words_of"]

_TOKEN = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
# "U.N.", "U.S.", "e.g.": initials with full stops are one word, as "UN" is.
_INITIALS = re.compile(r"\b(?:[a-z]\.){2,4}")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    result: str = _STEMMER.stemWord(word)
    return result


SENTENCE = 400  # characters of a text whose words are kept: a sentence, not a whole passage


def words_of(text: str) -> list[str]:
    """Lower-case words; "five-member" is both one word and its parts, "337-1" stays whole."""
    return list(_sentence_words(text) if len(text) <= SENTENCE else _words(text))


# A sentence is read again and again, by one question and the next: its words are read once
# (bounded, keyed on the text itself; the words interned, so that little more than the keys is
# kept). A whole passage's are not: its stems are (`candidate.stems_of`).
@lru_cache(maxsize=20_000)
def _sentence_words(text: str) -> tuple[str, ...]:
    return tuple(map(sys.intern, _words(text)))


def _words(text: str) -> tuple[str, ...]:
    text = text.lower().replace("’", "'").replace("'s", " ").replace("\u00a0", " ")
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    out: list[str] = []
    for token in _TOKEN.findall(text):
        out.append(token)
        if "-" in token and not token.replace("-", "").isdigit():
            out.extend(part for part in token.split("-") if part)
    return tuple(out)


def stems(text: str) -> set[str]:
    """The stems of the words of substance in `text`."""
    return {stem(w) for w in _words(text) if w not in STOPWORDS}
