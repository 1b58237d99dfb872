"""Questions asked to be answered yes or no ("Are the officials proud of …?", "Was religious
literature affected …?"): what they ask is whether the thing said of their subject is so, and
the sentence that answers says that thing itself, which few sentences say."""

from __future__ import annotations

from bot.answers.candidate import Candidate, stems_of
from bot.answers.coverage import SYNONYM, Terms
from bot.answers.question import Question
from bot.answers.vocabulary import DETERMINERS, EVERYDAY, STOPWORDS, words
from bot.answers.words import stem

__all__ = ["favour_the_thing_asked"]

_OPENINGS = words("is are was were did does do has have had")
_BEFORE_SUBJECT = DETERMINERS | words("any all some many most")
_PREDICATES = words("proud shut aware able right wrong true open free")
RARE = 0.15  # the bonus of a sentence that says what is asked of the subject …
FEW = 2  # … when at most this many of the sentences read say it


def favour_the_thing_asked(
    question: Question, candidates: list[Candidate], weights: dict[str, float]
) -> list[Candidate]:
    """The candidates, those that say what a yes-or-no question asks of its subject first among
    equals, when few say it: "They are proud of their model." before "They said this is the way
    they choose to handle the situation.", asked "Are the officials proud of the way …?"."""
    asked_of = _said_of_subject(question.words)
    terms = Terms(question, weights, ()) if asked_of else None
    for asked in asked_of:
        if asked not in weights or terms is None:
            continue
        saying = [c for c in candidates if terms.credit(asked, stems_of(c.sentence)) >= SYNONYM]
        if 0 < len(saying) <= FEW:
            for candidate in saying:
                candidate.score += RARE
            return sorted(candidates, key=lambda c: c.score, reverse=True)
    return candidates


def _said_of_subject(typed: list[str]) -> list[str]:
    """The stems of what a yes-or-no question asks of its subject, the word after it ("proud" in
    "Are the officials proud of …", "affected" in "Was religious literature affected …"), and,
    asked what was done to it, of the subject's last word; none when the first is a verb any
    sentence may say ("claim", "have")."""
    if len(typed) < 3 or typed[0] not in _OPENINGS:
        return []
    at = 1
    while at < len(typed) and typed[at] in _BEFORE_SUBJECT:
        at += 1
    if at >= len(typed) or typed[at] in STOPWORDS:
        return []  # "Do they …": a subject of no words of its own
    # The subject's words run to its last noun: "religious literature", "the Valdorian government".
    while at + 1 < len(typed) and typed[at + 1] not in STOPWORDS and not _verb_like(typed[at + 1]):
        at += 1
    following = typed[at + 1] if at + 1 < len(typed) else ""
    if not following or following in STOPWORDS or following in EVERYDAY:
        return []
    if not following.endswith("ed"):
        return [stem(following)]
    # "Was religious literature affected …?": what was done to it is often said otherwise
    # ("censored"), and what it was done to, named, says which sentence tells of it.
    return [stem(following), stem(typed[at])]


def _verb_like(word: str) -> bool:
    """A word that says what is so of a subject rather than names it: a past participle
    ("affected", "shut"), an adjective in -ful, -ous, -ive or -able, or "proud"."""
    return word.endswith(("ed", "ful", "ous", "ive", "able", "ible")) or word in _PREDICATES
