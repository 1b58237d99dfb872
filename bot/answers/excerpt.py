"""What an answer quotes: the sentence that answers, with those it needs after it, and a long
sentence cut to what answers, from the clause on that says the most of what was asked, to the
length an answer may have."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from bot.answers.candidate import Candidate, sentences_of, stems_of
from bot.answers.question import Kind, Question
from bot.answers.statements import is_causal
from bot.answers.vocabulary import NUMBER_WORDS, STOPWORDS
from bot.answers.words import stem, stems
from storage.search import PassageHit

__all__ = ["MAX_ANSWER", "cut", "excerpt_of"]

MAX_ANSWER = 400  # characters of answer before its source
_CLAUSE = re.compile(r"[;:,]\s+|\s+[—–]\s+|\s+\(")
DATED = 30  # characters of the date a when-question's answer leads with, at most
WIDTH = MAX_ANSWER - 32  # characters of a long sentence given, from the clause that says most
CLOSE = WIDTH // 3  # … and the characters it says it in, among clauses that say as much


def cut(text: str, question: Question, weights: dict[str, float]) -> str:
    """A long sentence from the clause on that says the most of what was asked (the first such
    clause), cut to `WIDTH`: its fact may stand far in ("…; an ARA official said …")."""
    # A when-question's answer leads with its date ("25 March – 4 April 2014: "); any other's
    # sentence may take the whole length, its fact often last ("… in Washington, D.C.").
    if len(text) <= MAX_ANSWER - (DATED if question.kind == Kind.WHEN else 0):
        return text

    def says(start: int, width: int = WIDTH) -> float:
        said = stems(text[start : start + width])
        return sum(
            weight
            for term, weight in weights.items()
            if term in said or not said.isdisjoint(question.alternatives.get(term, ()))
        )

    starts = [0, *(m.end() for m in _CLAUSE.finditer(text) if m.end() < len(text) - 40)]
    # Of the clauses that say as much, the one that says it soonest: in a list of three items
    # that all speak of the model, the item that is about it. Not for a title, which stands
    # before the short name it is asked by ("“On Amendments …” (the Administrative Law)").
    close = WIDTH if question.wants_title else CLOSE
    start = max(starts, key=lambda at: (says(at), says(at, close), -at))
    piece = text[start:]
    if len(piece) > WIDTH:
        piece = piece[:WIDTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return ("… " if start else "") + piece


FRAGMENT = 30  # characters of a sentence too short to end an answer ("Not now.")


def excerpt_of(
    best: Candidate,
    question: Question,
    weights: dict[str, float],
    following: Callable[[PassageHit], str] | None = None,
) -> str:
    """The sentence that answers, with the next one when it only leads in ("…include:"), is too
    short to stand alone ("Not now."), or gives the reason asked for; cut to `MAX_ANSWER` around
    what was asked. The next one may stand in the passage after (`following`): passages end
    where their length says, not where what they say does."""
    said = list(best.said)
    text = _quotation_opened(said, best.index)
    follow = best.index + 1
    kinds = _kinds_asked(question)
    before = said[best.index - 1] if best.index else ""
    if _POINTS_BACK.match(text) and before and len(before) + len(text) < MAX_ANSWER:
        # "This was the only question left unanswered.": what "this" was is the sentence before.
        text = f"{before} {text}"

    def next_sentence() -> str:
        """The sentence after the text, from the passage after when the text ends this one."""
        nonlocal following
        if follow == len(said) and following is not None:
            said.extend(_after(said, following(best.hit)))
            following = None
        return said[follow] if follow < len(said) else ""

    # "What did the head of the association warn …?": the sentence that names him, then the one
    # that reports what he warned ("He wrote that the law will …"), however long: it is cut to
    # what was asked.
    reported = (
        not _WORDS_ASKED.isdisjoint(question.words)
        and not _QUOTED.search(text)
        and bool(_REPORTED.match(next_sentence()))
    )
    while (
        text.endswith(":")
        or len(text) < 60
        or len(said[follow - 1]) < FRAGMENT
        or (question.kind == Kind.WHY and follow == best.index + 1 and not is_causal(text))
        or (
            # "What is the status of the recommendation on …?": the recommendation, then the
            # sentence labelled with what was asked of it ("Status: Partially accepted.").
            follow == best.index + 1 and _labelled(next_sentence(), question)
        )
        # A quotation goes on to where it closes: "… said: “Ten years ago we met here as
        # rivals." is not all the speaker said.
        or _opens_quotation(text)
        or (
            # "What did the pastor tell the reporter?": after the sentence that reports it, the
            # speaker's own words ("“We are not breaking any rule …,” he said").
            follow == best.index + 1
            and not _SPEECH.isdisjoint(question.words)
            and not _QUOTED.search(text)
            and next_sentence().startswith(("“", '"'))
        )
        or (reported and follow == best.index + 1)
        or (
            # "What sort of distressing reports …?": the sentence after the one that speaks of
            # them says which ("The most concerning reports told us that …").
            follow == best.index + 1
            and follow < len(said)
            and not kinds.isdisjoint(stems_of(said[follow]))
        )
    ):
        if follow == len(said) and following is not None:
            said += _after(said, following(best.hit))
            following = None
        if follow == len(said) or (len(text) + len(said[follow]) + 1 > MAX_ANSWER and not reported):
            break
        if text.endswith(said[follow]):
            # Passages overlap, and may cut the same words into other sentences: "… said:
            # “Ten years ago …" in one, "“Ten years ago …" beginning the next.
            follow += 1
            continue
        text = f"{text} {said[follow]}"
        follow += 1
    return cut(text, question, weights)


def _quotation_opened(said: Sequence[str], index: int) -> str:
    """The sentence `said[index]` and, when it ends a quotation ("This particularly concerns
    articles 164 and 337-1.”"), the sentences before it from the one that opens it, where its
    speaker and first words stand: the quotation's end whole, cut before it when too long."""
    text = said[index]
    start = index
    while start and text.count("”") > text.count("“"):
        start -= 1
        text = f"{said[start]} {text}"
    if start == index or len(text) <= MAX_ANSWER:
        return text
    tail = len(text) - WIDTH
    starts = [m.end() for m in _CLAUSE.finditer(text) if m.end() >= tail]
    return "… " + text[min(starts, default=text.find(" ", tail) + 1) :]


_POINTS_BACK = re.compile(r"^(?:This|That|These|Those)\s+(?:is|was|are|were)\b")
_SPEECH = frozenset(("say", "said", "says", "tell", "told", "tells"))
# Asking someone's words, and a sentence that reports them of "he", "she" or "they".
_WORDS_ASKED = _SPEECH | frozenset(("warn", "warned", "write", "wrote", "argue", "argued"))
_REPORTED = re.compile(
    r"^(?:He|She|They)\s+(?:\w+\s+)?(?:said|says|wrote|writes|warned|warns|argued|argues|stated)"
    r"\s+that\b"
)
_QUOTED = re.compile(r"[“”\"]")


def _opens_quotation(text: str) -> bool:
    """Whether the text opens a quotation it does not close."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


_LABEL = re.compile(r"^(\w+):\s")


def _labelled(sentence: str, question: Question) -> bool:
    """Whether a sentence is labelled by a word the question asks ("Status: …")."""
    label = _LABEL.match(sentence)
    return label is not None and stem(label.group(1).lower()) in question.terms


_KINDS = frozenset(("kind", "kinds", "sort", "sorts", "type", "types"))
KIND_WORDS = 3  # the words after "what kind of" that say what is asked the kinds of, at most


def _kinds_asked(question: Question) -> set[str]:
    """What a question asks the kinds of ("what sort of distressing reports" → "distress",
    "report"); none for another question."""
    typed = question.words
    for index, word in enumerate(typed[:-2]):
        # "Which two UN documents …?" asks them by name, as "what sort of …" asks which ones.
        counted = word in ("which", "what") and typed[index + 1] in NUMBER_WORDS - {"one"}
        if counted or (word in _KINDS and typed[index + 1] == "of"):
            after = itertools.takewhile(
                lambda w: w not in STOPWORDS, typed[index + 2 : index + 2 + KIND_WORDS]
            )
            return {stem(w) for w in after}
    return set()


def _after(said: Sequence[str], text: str) -> list[str]:
    """The sentences of the passage after one that says `said`, without those the two share
    (passages overlap)."""
    after = list(sentences_of(text))
    for shared in range(min(len(said), len(after)), 0, -1):
        if list(said[-shared:]) == after[:shared]:
            return after[shared:]
    return after
