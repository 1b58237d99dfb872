"""The name of a thing asked for ("the name of the network that …", "the full name of the
club"): answered only by a sentence that gives a name in capitals (beside the thing, when it
speaks of it), not by one that only speaks of the thing. A person's name, asked by office, is
`holders`' and `answer_kinds.holder`'s. English only; no names of anyone."""

from __future__ import annotations

import re

from bot.answers.question import Question, named_thing
from bot.answers.vocabulary import MONTHS, ROLES, WEEKDAYS, words
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
    thing = stem(named_thing(question.words))
    # "… visit North Vale and meet congregations that were fined" names no congregation: a
    # sentence that speaks of the thing gives its name beside it ("Congregation: Light of …").
    at = [
        m.start() for m in re.finditer(r"[\w’'\-]+", sentence) if stem(m.group(0).lower()) == thing
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
