"""The name of a thing asked for ("the name of the network that …", "the full name of the
club"): answered only by a sentence that gives a name in capitals (beside the thing, when it
speaks of it), not by one that only speaks of the thing. A person's name, asked by office, is
`holders`' and `answer_kinds.holder`'s. English only; no names of anyone."""

from __future__ import annotations

import itertools
import re

from bot.answers.question import Question, named_thing
from bot.answers.vocabulary import DETERMINERS, MONTHS, ROLES, STOPWORDS, WEEKDAYS, words
from bot.answers.words import stem, words_of

__all__ = ["gives_a_name", "thing_named"]

# Two capitalised words or more, with the small words a name may hold between them: "Light of
# Grace", "Harbour Watch Network", "Committee for Fishing Affairs".
_NAME = re.compile(r"\b[A-Z][\w’'\-]*(?:(?:\s+(?:of|for|on|and|the|de|in))*\s+[A-Z][\w’'\-]*)+")
_CALENDAR = MONTHS | WEEKDAYS


def thing_named(question: Question) -> bool:
    """Whether the question asks "the name of" something that is not a person."""
    typed = question.words
    asks = any(
        w in ("name", "names") and typed[i + 1 : i + 2] == ["of"] and typed[i - 1 : i] != ["in"]
        for i, w in enumerate(typed)
    )
    return (
        asks
        and not question.wants_name
        and not question.wants_title
        and named_thing(typed) not in ROLES
    )


def gives_a_name(question: Question, sentence: str) -> bool:
    """Whether the sentence gives a name the question does not: two capitalised words or more,
    not a date ("March 2030") nor the opening of the sentence alone ("In March")."""
    asked = set(question.terms)
    # Only a thing asked in one word ("the congregation that …"): one asked in several ("the
    # electronic filing portal") a sentence may name in other words around its name.
    phrase = _thing_words(question.words)
    things = {stem(phrase[0])} if phrase[:1] == [named_thing(question.words)] else set()
    # "… visit North Vale and meet congregations that were fined" names no congregation: a
    # sentence that speaks of the thing gives its name beside it ("Congregation: Light of …").
    at = [
        m.start() for m in re.finditer(r"[\w’'\-]+", sentence) if stem(m.group(0).lower()) in things
    ]
    for match in _NAME.finditer(sentence):
        if at and not any(_beside(sentence, match, start) for start in at):
            continue
        said = words_of(match.group(0))
        if match.start() == 0:
            said = said[1:]  # a sentence's first word is capitalised whatever it is
        said = [w for w in said if w not in _SMALL]
        if len(said) < 2 or all(w in _CALENDAR or w.isdigit() for w in said):
            continue
        if not {stem(w) for w in said} <= asked:
            return True
    return False


_SMALL = words("of for on and the de in")


def _thing_words(typed: list[str]) -> list[str]:
    """The words after "the name of (the)", up to a small word: "congregation" in "the name of
    the congregation that got fined", "electronic filing portal" in "… of the electronic filing
    portal"."""
    for index, word in enumerate(typed):
        if word in ("name", "names") and typed[index + 1 : index + 2] == ["of"]:
            after = typed[index + 2 : index + 6]
            after = after[1:] if after[:1] and after[0] in DETERMINERS else after
            return list(itertools.takewhile(lambda w: w not in STOPWORDS, after))[:3]
    return []


# Between a thing and its name after it ("Congregation: Light of …", 'a portal called "Harbour
# Online"'), or between a name and the thing after it ("the Harbour Watch network", "Harbour Watch,
# a fishing network").
_THING_THEN_NAME = re.compile(r"\W*(?:(?:called|named|known as)\W+)?")
_NAME_THEN_THING = re.compile(r"\W*|,\s+(?:a|an|the)\s+[^,;:.]{0,40}")


def _beside(sentence: str, name: re.Match[str], at: int) -> bool:
    """Whether the name stands beside the thing's word at `at` (before or after it), or holds it."""
    if name.start() <= at < name.end():
        return True
    if at >= name.end():
        return _NAME_THEN_THING.fullmatch(sentence[name.end() : at]) is not None
    between = sentence[at : name.start()]
    return _THING_THEN_NAME.fullmatch(re.sub(r"^[\w’'\-]+", "", between)) is not None
