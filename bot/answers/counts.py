"""What a "how many" question counts, and whether a figure counts the narrower group it asks
of, not the whole it is part of: "Of the 212 cases, how many ended with a fine?" is not answered
by "61 of the 212 cases", nor "How many Baptist delegates came?" by "23 delegates came, including
Baptists". English only; no names of anyone."""

from __future__ import annotations

import re

from bot.answers.question import Question
from bot.answers.vocabulary import NUMBER_WORDS, STOPWORDS, words
from bot.answers.words import stem, stems, words_of

__all__ = ["counted", "narrowed", "plural"]

AFTER = 4  # words a figure may stand before what it counts
VERB_PREFIX = 5  # letters of a verb's stem that say it in another form ("ended", "ending")
_FIGURE = re.compile(r"^(?:\d[\d,.]*|" + "|".join(sorted(NUMBER_WORDS)) + r")$")
_NOT_PLURAL = ("ss", "us", "is")  # "religious", "status", "analysis"
_PLURAL = words("people ppl children men women police staff")
_DETERMINERS = words("the a an this that these those their its his her")


def counted(question: Question) -> str:
    """What a "how many …" question counts ("how many religious organisations were closed" →
    "organizations"): the first plural after it."""
    typed = question.words
    for index in range(len(typed) - 2):
        if typed[index] == "how" and typed[index + 1] == "many":
            # "how many of the registered religious associations": the words after "of the" too.
            after = typed[index + 2 : index + 8]
            if after[:1] == ["of"]:
                after = after[2:] if after[1:2] and after[1] in _DETERMINERS else after[1:]
            for word in after[:4]:
                if plural(word):
                    return word
            return ""
    return ""


def plural(word: str) -> bool:
    """ "organisations", "people"; not "religious", "status", "analysis"."""
    return word in _PLURAL or (word.endswith("s") and not word.endswith(_NOT_PLURAL))


def narrowed(question: Question, sentence: str, noun: str) -> bool:
    """Whether the sentence may count what was asked: it says the verb that follows "how many"
    ("ended"), and a name that qualifies the counted `noun` ("Baptist delegates") stands with
    the figure that counts it ("15 delegates of the Baptist Union"), when the sentence names it
    at all."""
    typed = question.words
    many = next(
        (i + 1 for i, w in enumerate(typed[:-1]) if w == "how" and typed[i + 1] == "many"), 0
    )
    if not many or many + 1 >= len(typed):
        return True
    said = words_of(sentence)
    done = typed[many + 1]
    # "how many registered associations", "FoRB-related recommendations": a word in -ed before
    # the noun it describes is no verb.
    after = typed[many + 2 : many + 3]
    verb = not after or after[0] in STOPWORDS
    if done.endswith("ed") and done not in STOPWORDS and "-" not in done and verb:
        own = stem(done)[:VERB_PREFIX]
        if not any(stem(w).startswith(own) for w in said):
            return False  # "how many ended with a fine?": a sentence that says no such end
    if not noun or noun not in typed[many + 1 :]:
        return True
    at = typed.index(noun, many + 1)
    names = _capitalised(question.raw) & set(typed[many + 1 : at])
    qualifiers = {stem(n) for n in names} - {stem(noun)}
    if not qualifiers or not qualifiers <= stems(sentence):
        return True
    counted = stem(noun)
    # Each figure with the counted noun a few words after it: one of them must be qualified.
    counts = [
        (i, j)
        for i, w in enumerate(said)
        if _FIGURE.match(w)
        for j in range(i + 1, min(i + 1 + AFTER, len(said)))
        if stem(said[j]) == counted
    ]
    return not counts or any(
        qualifiers <= {stem(w) for w in said[i : j + 1 + AFTER]} for i, j in counts
    )


def _capitalised(raw: str) -> set[str]:
    """The words of a question written with a capital, but its first: names."""
    typed = re.findall(r"[\w’'\-]+", raw)[1:]
    return {re.sub(r"['’]s$", "", w).lower() for w in typed if w[:1].isupper()}
