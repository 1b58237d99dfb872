"""Sentences that tell of a neighbour of what was asked, not of it: the plan or the promise, asked
what came of it ("Did they issue the guidance by the deadline?" is not answered by "they have
undertaken to issue it by 1 September"); the most recent of something, asked the first (or the
reverse); a thing only counted or left unnamed ("two universities", "a district mosque"),
asked which or asked its name; another one of the kind asked ("the Portlow delegation", asked
of the EU one); a day other than the one asked; a provision only named, asked what it says; and
a thing said not to be known ("it is not known whether …"), asked what it is.
Each is a decline, not an answer. English only; no names of anyone.

The ends of an order and the things only counted are each read two ways, which came from two
rounds of rules written side by side: the question's words against the sentence's
(`_other_end`, `_unnamed`), and the noun the question orders or counts against the same noun in
the sentence (`_other_end_of_noun`, `_counted_not_named`). Neither reading covers the other on
the evaluation sets; one reading of each is left to do, checked against every set."""

from __future__ import annotations

import re

from bot.answers.answer_kinds import names
from bot.answers.counts import does_it
from bot.answers.knowledge import Corpus
from bot.answers.question import Question
from bot.answers.vocabulary import NUMBER_WORDS, STOPWORDS, words
from bot.answers.words import stem, stems, words_of

__all__ = ["neighbour", "outcome"]

# A sentence that tells of what is to come, or was only meant or promised to be: "will repeat",
# "would be open in the spring", "is expected to be submitted", "can go to parliament tomorrow",
# "has undertaken to issue", "may visit" (not "in May").
_FUTURE = re.compile(
    r"\b(?:will|shall|would|expected\s+to|plans?\s+to|planned\s+to|intends?\s+to|going\s+to"
    r"|can\s+go|should|consider|recommends?|(?-i:may)|might|undert(?:ake|akes|aken|ook)\s+to"
    r"|promis(?:e|es|ed)\s+to|pledg(?:e|es|ed)\s+to|forthcoming)\b",
    re.IGNORECASE,
)
# … is no answer to a question of what came of it: "Did it ever …?", "What did they decide?",
# "What were the results?", "How much did it cost in the end?", "Has it changed since 2014?".
_OUTCOME = words(
    """ever end ended actually decide decided decision result results outcome outcomes vote
    voted finally eventually happened since"""
)
_FORESEEING = words("would will")  # "would end up", "will eventually": what was foreseen
# "What was agreed at the 9 September session?": what came of an event.
_CAME_OF = re.compile(
    r"\b(?:agreed|decided|concluded|resolved|adopted)\s+(?:at|during|in)\b", re.IGNORECASE
)

# The ends of an order: asked one, a sentence that gives only the other does not answer.
_FIRST = words("first earliest initial")
_LATEST = re.compile(r"\b(?:most\s+recent|latest|last)\b", re.IGNORECASE)
_EARLIEST = re.compile(r"\b(?:first|earliest|initial)\b", re.IGNORECASE)

# A thing said with an article or a figure and no name: "a member who withdrew", "two
# universities and the regional office". What follows a colon, a bracket, a dash or "namely"
# may name it.
_INDEFINITE = words("a an some several") | NUMBER_WORDS
_NAMED_AFTER = re.compile(
    r"[:(—–]|\s-\s|\b(?:namely|including|such\s+as|i\.e\.|among\s+(?:them|whom))", re.IGNORECASE
)
_WORD = re.compile(r"[\w’'\-]+|[^\w\s]")
BEFORE = 3  # words an article or a figure may stand before the thing it introduces
ASKED_WORDS = 3  # words after "which" that may name the kind of thing asked for
# "What does article 164 of the Criminal Code say?", "What penalties does Article 375 set?": what
# a provision says, which a sentence that only names it ("This concerns articles 164 and 337-1")
# does not tell; one that gives it says so ("Article 12 provides: …").
_PROVISION = r"(?:articles?|sections?|paragraphs?|clauses?)\s+\d[\w.\-]*"
_ASKS_PROVISION = re.compile(
    rf"^what\b(?:\s+\w+)?\s+(?:does|do|did)\s+(?:the\s+)?(?:[\w\-]+\s+){{0,3}}?{_PROVISION}",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d[\w.\-]*")
_NAMED = re.compile(rf"{_PROVISION}(?:\s*(?:,|and|or)\s*\d[\w.\-]*)*", re.IGNORECASE)
_GIVES_PROVISION = re.compile(
    rf"\b{_NAMED.pattern}(?:\s+of\s+[^,;:.]{{0,60}}?)?,?\s*"
    r"(?::|(?:also\s+)?(?:provides?|states?|says|reads?|prohibits?|bans?|requires?|stipulates?"
    r"|establishes|sets|punish(?:es)?|imposes?|allows?|permits?|makes?|defines?|forbids?"
    r"|criminali[sz]es?|carries|carry|lays\s+down)\b)",
    re.IGNORECASE,
)


def neighbour(question: Question, sentence: str, corpus: Corpus) -> bool:
    """Whether the sentence tells of a neighbour of what was asked (see the module's
    docstring), and so does not answer it."""
    return (
        _unrealised(question, sentence)
        or _other_end(question, sentence)
        or _other_end_of_noun(question, sentence)
        or _unnamed(question, sentence)
        or _name_unsaid(question, sentence)
        or _another_of_its_kind(question, sentence)
        or _counted_not_named(question, sentence, corpus)
        or _another_day(question, sentence)
        or _provision_unsaid(question, sentence)
        or _unknown(question, sentence)
        or _not_done(question, sentence)
    )


_BEING = words("is was are were")


def _not_done(question: Question, sentence: str) -> bool:
    """Asked who is doing a thing ("Who is funding the visit?"), a sentence that does not say
    it is done: whoever it names does something else. (Asked who did it, the records often say
    the doing in other words: "who hosted" is answered by "met at his residence".)"""
    typed = question.words
    if len(typed) < 3 or typed[0] != "who" or typed[1] not in _BEING:
        return False
    verb = typed[2]
    return (
        verb.endswith("ing")
        and verb not in STOPWORDS
        and not does_it(verb, stems(sentence), question)
    )


# A sentence that says the thing asked is not known: "it is not known whether she will come",
# "it remains unclear if the fee will rise", "the notice does not say whether it applies".
_NOT_KNOWN = re.compile(
    r"\b(?:not\s+(?:yet\s+)?(?:known|clear|certain|decided|say|said|state|stated|indicate)"
    r"|unclear|uncertain|undecided|unknown)\s+(?:whether|if)\b",
    re.IGNORECASE,
)
# … asked whether it is so ("Will she attend?"); one that asks which or who may be answered
# before the clause ("The mayor was invited; it is not known whether she will come").
_WHETHER = words("did does do will would is are was were has have had can could")
# … unless it asks what is known or said ("Is it known whether …?").
_OF_KNOWING = words(
    "know known knows clear unclear certain uncertain whether say says said indicate decided"
)


def _unknown(question: Question, sentence: str) -> bool:
    """Asked whether the pastor will attend, a sentence that says it is not known whether she
    will."""
    return (
        not _WHETHER.isdisjoint(question.words[:1])
        and _OF_KNOWING.isdisjoint(question.words)
        and bool(_NOT_KNOWN.search(sentence))
    )


def _provision_unsaid(question: Question, sentence: str) -> bool:
    """Asked what a provision says, a sentence that does not give that one's words."""
    asked = _ASKS_PROVISION.match(question.raw.strip())
    if asked is None:
        return False
    numbers = _numbers(asked.group(0))
    return not any(
        not numbers.isdisjoint(_numbers(given.group(0)))
        for given in _GIVES_PROVISION.finditer(sentence)
    )


def _numbers(said: str) -> set[str]:
    """The numbers of the provisions a phrase names ("articles 164 and 337-1"), not of the law
    they belong to ("of the 2019 Law")."""
    named = _NAMED.search(said)
    return set(_NUMBER.findall(named.group(0))) if named else set()


def outcome(question: Question) -> bool:
    """Whether a question asks what came of something, not what was meant to: "he said police
    would end up going after …" asks what was foreseen."""
    typed = question.words
    foreseen = {
        w for i, w in enumerate(typed) if i and typed[i - 1] in _FORESEEING and w in _OUTCOME
    }
    return not _OUTCOME.isdisjoint(set(typed) - foreseen) or bool(_CAME_OF.search(question.raw))


def _unrealised(question: Question, sentence: str) -> bool:
    return outcome(question) and bool(_FUTURE.search(sentence))


def _other_end(question: Question, sentence: str) -> bool:
    """ "How much was his first fine?" asked of "The most recent fine was …", or "the latest
    report" of "the first report"."""
    asked = set(question.words)
    if not _FIRST.isdisjoint(asked):
        return bool(_LATEST.search(sentence)) and not _EARLIEST.search(sentence)
    if "latest" in asked or question.has("most recent"):
        return bool(_EARLIEST.search(sentence)) and not _LATEST.search(sentence)
    return False


def _unnamed(question: Question, sentence: str) -> bool:
    """ "Which two universities sent people?" asked of "… as well as two universities": the
    thing asked for, said only with an article or a figure, and nothing after it that may
    name it."""
    typed = question.words
    if "which" not in typed[:3]:
        return False
    at = typed.index("which") + 1
    asked: list[str] = []
    for word in typed[at:]:
        if word in NUMBER_WORDS or word.isdigit():
            continue
        if word in STOPWORDS or len(asked) == ASKED_WORDS:
            break
        asked.append(stem(word))
    said = _WORD.findall(sentence)
    lowered = [w.lower() for w in said]
    found = [i for i, w in enumerate(lowered) if i and stem(w) in asked]
    if any(said[i][:1].isupper() or said[i - 1][:1].isupper() for i in found):
        return False  # "the Central Mosque", "Nazarbayev University": named
    for index in found:
        before = lowered[max(0, index - BEFORE) : index]
        introduced = [w for w in before if w in _INDEFINITE or w.isdigit()]
        if not introduced or any(not w.isalpha() for w in before if not w.isdigit()):
            continue
        # The words between the figure and the thing describe it ("a district mosque"): none of
        # them a name.
        between = said[index - len(before) + before.index(introduced[-1]) + 1 : index]
        if any(w[:1].isupper() for w in between):
            continue
        if not _NAMED_AFTER.search(" ".join(said[index + 1 :])):
            return True
    return False


# "the EU delegation": a name before a common noun, which tells which one of its kind.
_QUALIFIED = re.compile(r"(?<!^)\b([A-Z][\w.]*)\s+([a-z]{3,})\b")


def _another_of_its_kind(question: Question, sentence: str) -> bool:
    """ "What did the EU delegation ask?" asked of "the Portlow delegation asked …": the
    sentence names another one of the kind asked, by another name before the same noun, and
    never the one asked."""
    for asked in _QUALIFIED.finditer(question.raw.strip()):
        typed, noun = asked.group(1).replace(".", ""), asked.group(2)
        name = typed.lower()
        if noun in STOPWORDS or (name in STOPWORDS and not typed.isupper()):
            continue  # "The delegation", but "EU delegation", "US delegation"
        if name in words_of(sentence):  # "U.S." is "us", as "US" is
            continue
        others = re.finditer(rf"\b([A-Z][\w.]*)\s+{noun}s?\b", sentence)
        if any(m.start() and m.group(1).lower() not in STOPWORDS for m in others):
            return True
    return False


_DEFINITE = words("the its their his her our this that these those")
_CALLED = re.compile(r"\b(?:called|named|known\s+as|titled|entitled)\b", re.IGNORECASE)
SAID_BEFORE = 6  # words an article may stand before the thing whose name is asked


def _name_asked(question: Question) -> str:
    """ "What was the name of the harbour study circle fined in 2040?" → "circl": the
    stem of the noun whose name is asked, the last of the words after "name of"."""
    typed = question.words
    for at in range(len(typed) - 2):
        if typed[at] not in ("name", "names") or typed[at + 1] != "of":
            continue
        phrase: list[str] = []
        for word in typed[at + 2 :]:
            if not phrase and word in _DEFINITE | {"a", "an"}:
                continue
            if word in STOPWORDS or word.endswith("ed") or len(phrase) == ASKED_WORDS:
                break
            phrase.append(word)
        return stem(phrase[-1]) if phrase else ""
    return ""


def _name_unsaid(question: Question, sentence: str) -> bool:
    """ "What is the name of the fisher's cooperative?" asked of "… a member of a coastal
    fishing cooperative": the sentence says the thing only as one of its kind, with "a" before
    it, however its kind is described ("a coastal fishing cooperative"), or "the" with no name
    beside it ("about the lanterns"), and calls it nothing after."""
    head = _name_asked(question)
    if not head:
        return False
    said = _WORD.findall(sentence)
    lowered = [w.lower() for w in said]
    found = [i for i, w in enumerate(lowered) if stem(w) == head]
    # "What is the name …?" asks it; "Will they publish the names …?" asks whether.
    asks_it = question.words[:1] in (["what"], ["which"])
    if not found:
        return False
    for index in found:
        article = ""
        for word in reversed(lowered[max(0, index - SAID_BEFORE) : index]):
            if word in ("a", "an") or word in _DEFINITE or not word[:1].isalnum():
                article = word
                break
        if _CALLED.search(" ".join(said[index + 1 :])):
            return False
        plain = asks_it and article in _DEFINITE and _plain(said, index)
        if article not in ("a", "an") and not plain:
            return False
    return True


def _plain(said: list[str], index: int) -> bool:
    """ "the lanterns were held", not "the Harbour Choir" nor "the choir, Sea Voices,": the
    noun after "the", with no capital or quotation of a name on either side of it."""
    near = said[max(0, index - 2) : index + 3]
    return not any(w[:1].isupper() or w[:1] in "“\"‘'(" for w in near)


_ENDS = (
    re.compile(r"\b(?:first|earliest|initial)\s+(\w+)", re.IGNORECASE),
    re.compile(r"\b(?:most\s+recent|latest|last)\s+(\w+)", re.IGNORECASE),
)
_NUMBERED = re.compile(
    r"^\s*(?:which|what(?:(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+the\s+(?:names?|titles?)"
    r"\s+of\s+the)?)\s+(?:\d+|" + "|".join(sorted(NUMBER_WORDS)) + r")\s+([a-z]+s)\b",
    re.IGNORECASE,
)


def _ordered(pattern: re.Pattern[str], text: str) -> set[str]:
    """The stems of the nouns an ordinal stands before ("the first fine" → "fine")."""
    return {stem(m.group(1).lower()) for m in pattern.finditer(text)}


def _other_end_of_noun(question: Question, sentence: str) -> bool:
    """ "How much was the first fine?" asked of "The most recent fine, of 50 MCI, …": the
    sentence gives the other end of the series, of the same noun, and not the one asked."""
    for asked, other in (_ENDS, _ENDS[::-1]):
        nouns = _ordered(asked, question.raw)
        if nouns and not nouns.isdisjoint(_ordered(other, sentence)):
            return nouns.isdisjoint(_ordered(asked, sentence))
    return False


def _counted_not_named(question: Question, sentence: str, corpus: Corpus) -> bool:
    """ "Which two universities sent people?" (or "what were the names of the two
    universities …?") asked of "… as well as two universities and …": the sentence counts the
    things asked by name and names none of them after."""
    numbered = _NUMBERED.match(question.raw)
    if numbered is None:
        return False
    noun = stem(numbered.group(1).lower())
    # Named after the noun, when the sentence says it; else anywhere.
    at = next(
        (m.start() for m in re.finditer(r"\w+", sentence) if stem(m.group(0).lower()) == noun), -1
    )
    asked = set(question.terms)
    return not any(
        (start > at or (at >= 0 and _BEFORE_NOUN.fullmatch(sentence[end:at]) is not None))
        and not stems(n) <= asked
        for start, end, n in names(sentence, corpus)
    )


# "the North and South regions": names that stand before the noun they are of, joined by "and"
# or commas to it.
_BEFORE_NOUN = re.compile(r"(?:\s*(?:,|and)?\s*[A-Z][\w’'\-]*)*\s+")


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_DAY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\b|\b({_MONTH})\s+(\d{{1,2}})\b(?!\s*[–-])")


def _days(text: str) -> set[tuple[int, str]]:
    """The days of the month a text names ("13 April", "April 13"), not a span's."""
    return {
        (int(m.group(1) or m.group(4)), (m.group(2) or m.group(3)).lower())
        for m in _DAY.finditer(text)
    }


def _another_day(question: Question, sentence: str) -> bool:
    """ "How many attended the meeting on 13 April?" asked of "On 14 April the delegation met
    27 members …": a sentence of another day."""
    asked = _days(question.raw)
    said = _days(sentence)
    return bool(asked) and bool(said) and asked.isdisjoint(said)
