"""Whether a sentence gives the very thing a question asks for, not only speaks of it: the names
when names are asked ("Which five organisations paid?" is not answered by "five organisations
paid"), a figure of what is counted, a day when a day is asked, the event itself rather than a
plan for it, and the year, name or order ("next", "founding") the question restricts it to.
English only; nothing here names any document's people, places or laws."""

from __future__ import annotations

import itertools
import re

from bot.answers.answer_kinds import date_for, dated_years, names, when
from bot.answers.candidate import CITATION, YEAR
from bot.answers.contents import not_its_contents
from bot.answers.counts import MONTH_NAMES, counted, counts_it, does_it, narrowed
from bot.answers.fact_unsaid import attribute, fact_unsaid
from bot.answers.knowledge import Corpus
from bot.answers.neighbours import neighbour, outcome
from bot.answers.persons import people
from bot.answers.places import named_of_kind
from bot.answers.question import Kind, Question
from bot.answers.vocabulary import (
    DETERMINERS,
    FAITHS,
    MONTHS,
    NUMBER_WORDS,
    ORGANISATIONS,
    PARTICLES,
    ROLES,
    SAYING,
    STOPWORDS,
    words,
)
from bot.answers.words import stem, stems, words_of

__all__ = [
    "AUXILIARIES",
    "FRAMING_WORDS",
    "does_it",
    "focus",
    "supplies",
    "verbs",
]

# What a "which …" question wants by its noun: people by name, places, or named bodies. Officials
# and their like are also answered by the body they speak for ("officials from the Ministry …").
PEOPLE = ROLES - words("delegation staff head")
SPEAKING_FOR = words(
    "official officials representative representatives delegate delegates expert experts"
)
PLACES = words(
    """country countries city cities state states town towns region regions village villages
    capital capitals province provinces nation nations"""
)
BODIES = ORGANISATIONS - words("government governments roundtable coalition")
_ASKING = words("which what whose")
_SKIPPED = NUMBER_WORDS | words("other exact exactly particular specific main kind us uk un eu")


def focus(question: Question) -> str:
    """The noun a "which …"/"what …" question asks for ("which eleven states" → "states"), or
    "" when it asks for no kind of thing ("what did …", "what is …")."""
    typed = question.words
    # As typed: a spelling set right may have made a plural singular ("countries").
    raw = words_of(question.raw)
    raw = raw if len(raw) == len(typed) else typed
    for index, word in enumerate(typed[:4]):
        if word not in _ASKING:
            continue
        # "which Valdorian religious leaders": adjectives may stand before the noun, but "what
        # worries officials" asks a verb.
        reach = 3 if word == "which" else 1
        after = [
            i for i in range(index + 1, min(index + 6, len(typed))) if typed[i] not in _SKIPPED
        ]
        for at in after[:reach]:
            following = typed[at]
            noun = following if following in PEOPLE else following.removesuffix("s")
            if noun in PEOPLE or following in PLACES or following in BODIES:
                return raw[at] if raw[at] in PLACES or raw[at] in BODIES else following
            if following in STOPWORDS or not following.isalpha():
                return ""
        return ""
    return ""


_FROM = re.compile(r"\b(?:from|of)\s+(?:the\s+)?([A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*)*)")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_PLACE_AFTER = re.compile(
    r"\b(?:in|at|to|from|of|near|including|and|visited|visit)\s+(?:the\s+)?"
    r"([A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*)*)"
)


def _new(name: str, question: Question) -> bool:
    return not stems(name) <= set(question.terms)


def _in_a_body(match: re.Match[str], sentence: str) -> bool:
    """ "at the Ministry of Justice": a body, or the name of one, is not a place; nor is a person
    by office ("to the Valdorian Ambassador")."""
    if any(w in ORGANISATIONS or w in ROLES for w in words_of(match.group(1))):
        return True
    before = sentence[: match.start()].split()[-1:]
    return match.group(0).startswith("of") and bool(before) and before[0][:1].isupper()


def _names_one(noun: str, sentence: str, question: Question, corpus: Corpus) -> bool:
    """Whether the sentence names one of what the focus noun asks for, not named by the
    question itself."""
    if (noun in PEOPLE or noun.removesuffix("s") in PEOPLE) and noun not in SPEAKING_FOR:
        return bool(people(sentence, corpus, set(question.terms)))
    if noun in PLACES:
        places = {
            m.group(1)
            for m in _PLACE_AFTER.finditer(sentence)
            if _new(m.group(1), question)
            and not _in_a_body(m, sentence)
            and m.group(1).split()[0] not in MONTH_NAMES  # "from March 25": a time
        } | {n for n in named_of_kind(noun, sentence) if _new(n, question)}
        # "Which states …?" asks for more than one: a sentence that names one names the place it
        # happened, not the states asked for.
        return len(places) >= (2 if noun.endswith("s") else 1)
    found = [name for *_, name in names(sentence, corpus)] + _ACRONYM.findall(sentence)
    return any(_new(name, question) for name in found)


_FAITH = words("faith faiths religion religions denomination denominations confession confessions")
_OF_FAITH = words("group groups community communities tradition traditions")


def _asks_faith(question: Question) -> bool:
    """ "Which faiths were represented?", "which faith groups …", "What religion do most people
    follow?": a question that asks which faiths, not "which multi-faith group" nor "what
    religion law"."""
    typed = question.words
    for index, word in enumerate(typed[:4]):
        if word in ("which", "what"):
            after = [w for w in typed[index + 1 : index + 4] if w not in _SKIPPED]
            return (
                len(after) >= 2
                and after[0] in _FAITH
                and (after[1] in _OF_FAITH or after[1] in STOPWORDS)
            )
    return False


_DAY_ASKED = ("what date", "which date", "what day", "which day", "exact day", "exact date")
_DAY_GIVEN = re.compile(r"^\d")
_EXACT = ("exactly", "precisely")  # "When exactly is the hearing?": its day, as "what date"
# A recommendation, said as one: "Allow for civil society …", "Ensure that …".
# … and one that asks for it to be done: "We respectfully urge that the government accept …".
_URGED = re.compile(
    r"\b(?:should|consider|recommends?|urged?|urges|calls?\s+on|called\s+on|hopes?\s+that)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^(?:(?:And|But|So|Also|Finally),? )?(?:Allow|Ensure|Continue|Make|Establish|Provide|Adopt"
    r"|Amend|Invite|Encourage|Develop|Review|Repeal|Guarantee|Refrain|Include|Create|Support"
    r"|Engage|Revise|Remove|Bring|Let)\b"
)
_YEARS = re.compile(rf"\b{YEAR.pattern}\b")
_SINCE = re.compile(rf"\bsince\s+({_YEARS.pattern})", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(?:\d[\d,.]*|" + "|".join(sorted(NUMBER_WORDS)) + r"|a|an)[\s-]+"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\b"
    r"|\bfrom\s+\d{1,2}\s+to\s+\d|\b\w+\s+\d{1,2}\s*(?:to|–|-)\s*(?:\w+\s+)?\d{1,2},",
    re.IGNORECASE,
)


FRAMING_WORDS = words("report document text quote cite view word opinion name title")


AUXILIARIES = words("did does do has have had")
_PASSIVE = words("was were")
_ADVERBS = words("outright altogether entirely instead anyway")  # "reject outright": a manner
# A verb of speech as it stands after "did": "what did the prosecutor in the region say".
_SPEAK = words("say tell describe explain mention claim argue answer reply")
# Verbs of having, which say no more than that the figure belongs to the thing.
_HAVING = words("have has had hold holds own owns number count total")
_LY_VERBS = words("reply apply supply rely comply imply multiply")  # verbs, not adverbs in -ly
# Stand between a subject and its verb: "did they ever reply", "has the law been amended".
_BETWEEN = words("ever already still never been")
_PREPOSITIONS = words("since through without")  # close what was done, as "until" does
# Verbs any sentence of what was said, seen or thought answers, and light verbs that say little.
_ASKED_BY_KIND = (Kind.ANY, Kind.COUNT)
# "Does it seem to contradict …", "does a meeting need to be notified": what follows "to" is
# what is done ("must be notified" says it).
_HEDGES = words("seem seems seemed appear appears appeared tend tends need needs ought")


def verbs(question: Question, *, of_any_kind: bool = False) -> list[str]:
    """What a question asks was done ("how did the government respond to …" → "respond",
    "what does article 5 of the code prohibit?" → "prohibit", "how many people were detained"
    → "detained", "did they sign and send …" → both): the words that close what stands after
    its auxiliary, before a preposition or a determiner. None for a verb of speech or thought,
    which any sentence of what was said answers, nor for a question of a kind (a date, a
    place) that its kind of answer already tests."""
    if question.kind not in _ASKED_BY_KIND and not of_any_kind:
        return []
    typed = question.words
    if question.kind == Kind.COUNT and typed[-1:] and typed[-1] in _HAVING:
        return []  # "How many members does the church in Kentau have?": "has 38 members"
    last = _closing_verb(question)
    if last:
        return [last]
    for index, word in enumerate(typed[:5]):
        following = typed[index + 1] if index + 1 < len(typed) else ""
        if word in _PASSIVE and following.endswith("ed") and question.kind == Kind.COUNT:
            return [] if following in SAYING else [following]  # "were detained"
        if word in AUXILIARIES:
            break
    else:
        return []
    named = {w.lower() for w in re.findall(r"[\w’'\-]+", question.raw)[1:] if w[:1].isupper()}
    found: list[str] = []
    last = ""
    of = False  # "article 5 of the code": the determiner after "of" is the phrase's own
    hedged = {
        at + 1
        for at in range(index + 1, len(typed) - 1)
        if typed[at] in _HEDGES and typed[at + 1] == "to"
    }
    for position in range(index + 1, len(typed)):
        word = typed[position]
        if (word in _HEDGES and position + 1 in hedged) or position in hedged:
            continue  # "does the act seem to contradict …": what it is said to do
        if word in named:
            continue  # "did the US State Department ever respond": a name, not what was done
        if word in SAYING:
            return []
        if word in DETERMINERS:
            if last and not of:
                break
            continue
        of = word == "of"
        if (
            of
            or (word.endswith("ly") and word not in _LY_VERBS)
            or word in _ADVERBS
            or not word.isalpha()
        ):
            continue
        if word == "and" and last:
            found.append(last)
            continue
        if word in _BETWEEN:
            found, last = [], ""  # "did the government (or the US …) ever reply": the verb follows
            continue
        if word in STOPWORDS or word in _PREPOSITIONS:
            if word in PARTICLES and typed[position - 1] == last:
                following = typed[position + 1] if position + 1 < len(typed) else ""
                if following.endswith("ing") and following not in STOPWORDS:
                    return [following]  # "did they end up naming …": what they ended up doing
                return []  # "single out", "set up": a phrasal verb says more than its verb
            if not _SPEAK.isdisjoint(typed[position + 1 : position + 4]):
                return []  # "what did the prosecutor in the region say …": a subject, no verb
            if position == index + 3 and typed[index + 1] in DETERMINERS:
                return []  # "did the roundtable back …": its subject, then a verb of no substance
            break
        last = word
    return [*found, last] if last else []


def _done_by(question: Question, noun: str) -> str:
    """ "Which organisations signed the letter?" → "signed": the verb in the past that follows
    the body a "which" question asks for."""
    typed = question.words
    if noun not in BODIES or noun not in typed:
        return ""  # a person asked by what they did is named where they are, not only there
    at = typed.index(noun) + 1
    following = typed[at] if at < len(typed) else ""
    return following if following.endswith("ed") and following not in STOPWORDS else ""


def _closing_verb(question: Question) -> str:
    """ "What does the 2005 Law on Countering Extremism require?": a question that asks what its
    subject does ends with the verb, whatever phrase stands between."""
    typed = question.words
    raw = re.findall(r"[\w’'\-]+", question.raw)
    if len(typed) < 4 or typed[0] != "what" or typed[1] not in AUXILIARIES:
        return ""
    closing = typed[-1]
    if (
        closing in STOPWORDS
        or closing in PARTICLES
        or not closing.isalpha()
        or (raw and raw[-1][:1].isupper())
        or not SAYING.isdisjoint(typed[2:])
        or "according" in typed  # "…, according to the trip": ends on whose account, no verb
    ):
        return ""  # "… would kick off?", "… say every law deserves?": not one verb's doing
    return closing


# Words that restrict what is asked to one of several (the later, the founding one): the
# sentence must say them, or a word of the same order.
_ORDER = (
    words("later subsequent subsequently afterwards"),
    words("previous previously earlier former predecessor preceding prior"),
    words("founding founder founders founded original originally"),
    words("next upcoming future second"),  # "the next consultation": the second one
    words("second"),
    words("replaced replace replacing succeeded successor"),
    # "the maximum penalty": the sentence gives the most, or up to what.
    words("maximum max highest ceiling"),
    words("minimum min lowest least"),  # "at least 50 founders"
)


def _in_order(question: Question, said: set[str]) -> bool:
    typed = question.words
    asked = set(typed) - {"founders"}  # "fifty founders": people counted, not an order
    # "next year's review", "the previous month": a time, which a sentence says by its date;
    # "the 50-member minimum": a limit named by its figure, not asked for.
    asked -= {
        w for w, following in itertools.pairwise(typed) if w in _RELATIVE and following in _PERIODS
    }
    asked -= {
        w for i, w in enumerate(typed) if w in _LIMITS and any(map(_figured, typed[i - 3 : i]))
    }
    return all(group.isdisjoint(asked) or not said.isdisjoint(group) for group in _ORDER)


_PERIODS = words("year years month months week weeks")
_RELATIVE = words("next upcoming previous preceding prior")
_LIMITS = words("maximum max minimum min ceiling threshold")


def _figured(word: str) -> bool:
    """ "50", "fifty", "50-member": a word that gives a figure."""
    first = word.split("-")[0]
    return first[:1].isdigit() or first in NUMBER_WORDS


_DONE = words("did has have had")


def _asks_done(question: Question) -> bool:
    """ "Did Valdoria accept the recommendations?": whether something was done, which a
    sentence that only urges it does not answer (unless the question asks of the urging: "Did
    the coalition urge …?")."""
    typed = question.words
    return bool(typed) and typed[0] in _DONE and not any(_URGED.fullmatch(w) for w in typed)


_WE = re.compile(r"^(?:And |But |So )?(?:[Ww]e|[Oo]ur)\b")


def _by_someone_else(question: Question, sentence: str) -> bool:
    """ "Did the Ambassador attend …?" asked of "We participated …": a sentence of what the
    records' writers did, asked whether one person (an office) did it, and naming no such
    office."""
    typed = question.words
    if not typed or typed[0] not in AUXILIARIES | _PASSIVE or not _WE.match(sentence):
        return False
    said = words_of(sentence)
    for word in typed[1:4]:
        if word in PEOPLE and not word.endswith("s"):
            return word not in said
    return False


_PRONOUN = re.compile(r"\b(?:[Tt]hey|[Hh]e|[Ss]he|[Ww]e|[Tt]heir|[Hh]is|[Hh]er|[Tt]hem|[Hh]im)\b")


def _without_its_subject(question: Question, sentence: str, corpus: Corpus) -> bool:
    """ "Did the rapporteur meet the delegation?" asked of "Much of its activity meets with
    approval": a sentence that names none of who was asked about, nor speaks of anyone as "he"
    or "they"."""
    typed = question.words
    if not typed or typed[0] not in AUXILIARIES:
        return False
    done = verbs(question)
    if not done or done[0] not in typed:
        return False
    subject = [
        stem(w) for w in typed[1 : typed.index(done[0])] if w not in STOPWORDS and w.isalpha()
    ]
    known = [t for t in subject if corpus.known(t)]
    if not known or _PRONOUN.search(sentence):
        return False
    said = set(stems(sentence))
    return not any(
        t in said or not said.isdisjoint(question.alternatives.get(t, ())) for t in known
    )


_TITLES = words("title titles")
# "What was the pastor's line about …?": words someone said, quoted or reported.
_WORDS_SAID = words("line lines words quote quotes remark remarks comment comments phrase")
_QUOTES = re.compile(r"[“”\"]")
# "The forum, titled “Tides and Trust”": a title given as one; a citation gives its work's.
_TITLED = re.compile(r"\b(?:titled|entitled|called|named)\s*[“\"‘']", re.IGNORECASE)


_LABEL = re.compile(r"([A-Za-z][A-Za-z ]{0,40}):\s*$")
_OF_TIME = frozenset(stems("date day year month time when period deadline dated"))


def _dated_otherwise(question: Question, sentence: str, year: str) -> bool:
    """ "When will the statistics be published?" asked of a row "… — First raised: March 2040
    — …": the date stands under a label of another doing than the one asked."""
    found = date_for(question, sentence, year)
    at = sentence.find(found) if found else -1
    label = _LABEL.search(sentence[:at]) if at > 0 else None
    if label is None:
        return False
    asked = set(question.terms).union(*question.alternatives.values())
    return any(s not in asked and s not in _OF_TIME for s in stems(label.group(1)))


def supplies(
    question: Question, sentence: str, corpus: Corpus, year: str = "", heading: str = ""
) -> bool:
    """Whether the sentence gives the specific thing asked for (see the module's docstring);
    `year`: the year the text before it last dated something in; `heading`: the section's."""
    noun = focus(question)
    if noun and not _names_one(noun, sentence, question, corpus):
        return False
    doing = _done_by(question, noun)
    if doing and not does_it(doing, set(stems(sentence)), question):
        return False  # "which organisations signed the letter?", a sentence of their meeting
    if _asks_faith(question) and FAITHS.isdisjoint(words_of(sentence)):
        return False  # "which faiths were represented?", a sentence that names none
    noun = counted(question)
    if noun and not counts_it(noun, sentence, question, corpus, heading):
        return False  # "how many times …?" is not answered by "on 4 April"
    if question.kind == Kind.COUNT and not narrowed(question, sentence, noun):
        return False  # "how many of them ended with a fine?": a count of them all
    if question.kind == Kind.WHEN and _dated_otherwise(question, sentence, year):
        return False  # "when will it be published?", a row's "First raised: March 2040"
    exact = question.kind == Kind.WHEN and question.has(*_EXACT)
    if (exact or question.has(*_DAY_ASKED)) and not _DAY_GIVEN.match(when(sentence, year)):
        return False  # "on what date …?" is not answered by "(June 2012)"
    asked_years = {
        w
        for w, after in itertools.zip_longest(question.words, question.words[1:], fillvalue="")
        if YEAR.fullmatch(w)
        # "When is the data set to be updated with 2031 figures?": a year that names what is
        # asked of, not when; the date asked is another.
        and not (question.kind == Kind.WHEN and after.isalpha() and after not in STOPWORDS)
    }
    dated = dated_years(sentence)
    if asked_years and dated and asked_years.isdisjoint(dated):
        return False  # asked of 2014, a sentence dated May 2013
    since = _SINCE.search(question.raw)
    if since and not any(
        int(y) >= int(since.group(1)) for y in _YEARS.findall(f"{sentence} {year}")
    ):
        return False  # "has it changed since 2014?": a sentence of nothing later
    if neighbour(question, sentence, corpus) or (outcome(question) and _IMPERATIVE.match(sentence)):
        # Asked what came of it, a plan; the first, the latest; which, "two"; one day, another.
        return False
    if _asks_done(question) and (_URGED.search(sentence) or _IMPERATIVE.match(sentence)):
        return False  # asked whether it was done, a sentence that urges it
    if not_its_contents(question, sentence, heading):
        return False  # asked what is in their paper, "they have a whole paper on …"
    if question.kind == Kind.WHERE and question.words[-1:] == ["from"]:
        # "Which country is she from?" is not answered by where she went.
        origins = [m.group(1) for m in _FROM.finditer(sentence) if _new(m.group(1), question)]
        if not [o for o in origins if o.split()[0].lower() not in MONTHS]:
            return False
    if _by_someone_else(question, sentence) or _without_its_subject(question, sentence, corpus):
        return False
    if fact_unsaid(question, sentence, corpus):
        return False  # "what nationality is she?", a sentence of her visit
    head = attribute(question)
    if head in _TITLES:
        if not _TITLED.search(sentence) and not CITATION.search(sentence):
            return False  # asked the event's title, a sentence that only names the event
    elif head in _WORDS_SAID:
        if not _QUOTES.search(sentence) and SAYING.isdisjoint(words_of(sentence)):
            return False  # asked someone's line, a sentence that quotes or reports no one
    elif (
        head
        and not does_it(head, set(stems(sentence)), question)
        # "The dates of the visit" are given by the dates themselves ("from March 25 to …").
        and (stem(head) not in _OF_TIME or not when(sentence, year))
    ):
        return False  # asked the embassy's address, a sentence of a meeting at the embassy
    if not _in_order(question, set(words_of(sentence))):
        return False  # asked of later years, the founding coordinator, a second letter
    done = verbs(question)
    if done and not any(does_it(d, set(stems(sentence)), question) for d in done):
        return False  # asked how the council responded, a sentence that it was mandated
    if question.has("how long") and not question.has("how long ago"):
        return bool(_DURATION.search(sentence))
    return True
