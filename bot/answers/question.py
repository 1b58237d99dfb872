"""What a question asks: the kind of answer it wants (a date for "when", a place for "where", a
person or body for "who", a figure for "how many", a law for "which law", a reason for "why"),
the stems of what it is about, and the other words that say the same (light synonyms, shorthand,
the abbreviations the sources spell out). English only; nothing here names any document's people,
places or laws."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers.knowledge import Corpus
from bot.answers.vocabulary import ORGANISATIONS, ROLES, SHORTHAND, STOPWORDS, SYNONYM_GROUPS, words
from bot.answers.words import stem, stems, words_of

__all__ = ["Kind", "Question", "named_thing", "read_question"]


def _synonyms() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        said = {stem(w) for w in group}
        for term in said:
            found.setdefault(term, set()).update(said)
    return {term: frozenset(said) for term, said in found.items()}


SYNONYMS = _synonyms()


class Kind:
    WHEN = "when"
    WHERE = "where"
    WHO = "who"
    COUNT = "count"
    LAW = "law"
    WHY = "why"
    DEFINE = "define"
    ANY = "any"


_KIND_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Kind.COUNT, ("how many", "how much", "number of", "how old", "what number", "how large",
                  "how big", "what size", "value of", "what amount", "what percentage",
                  "how high")),
    (Kind.WHEN, ("what year", "which year", "what date", "which date", "what day", "what month",
                 "since when", "how long ago", "until when", "what time", "which month",
                 "in what year", "what dates", "which dates", "what days", "which days",
                 "what years", "which years", "what months", "which months", "deadline",
                 "deadlines", "by when", "due date")),
    (Kind.WHERE, ("which city", "which cities", "what city", "what cities", "what place",
                  "which place", "which country", "which countries", "what country",
                  "what countries", "in what city", "what town", "which town", "what location")),
    (Kind.LAW, ("which law", "what law", "which article", "which articles", "what article",
                "what articles", "which resolution", "what resolution", "which code",
                "what code", "which laws", "what laws", "which act", "under which",
                "which legislation", "what legislation", "which provision", "which provisions",
                "what provisions")),
    (Kind.WHY, ("what reason", "which reason", "how come", "what caused", "for what purpose",
                "what motivated", "what drove")),
    (Kind.WHO, ("which person", "which official", "which officials", "what person",
                "which organisation", "which organization", "which organisations",
                "which organizations", "which ministry", "which ministries", "which agency",
                "what agency", "which body", "which bodies", "which group", "what group",
                "which people", "what officials")),
)  # fmt: skip
_FIRST_WORD_KINDS = {"when": Kind.WHEN, "where": Kind.WHERE, "who": Kind.WHO, "whom": Kind.WHO,
                     "whose": Kind.WHO, "whos": Kind.WHO, "why": Kind.WHY, "whens": Kind.WHEN,
                     "wheres": Kind.WHERE}  # fmt: skip
_STANDING = frozenset(
    ("stand", "stands", "stood", "are we with", "are things with", "are we on", "are we at")
)
_DEFINE = re.compile(
    r"^\s*(?:what|who)(?:\s*(?:does|do|is|are|did|was|were)|'s|’s|s)?\s+(?:the\s+|an?\s+)?"
    r"([A-Za-z][A-Za-z.\-]{1,12})"
    r"(?:\s+stand\s+for|\s+short\s+for|\s+mean)?(?:\s+again)?\s*\??\s*$",
    re.IGNORECASE,
)
# "Who is the Minister …?", "who chairs …?": a question that wants a person by name.
_NAME_WANTED = re.compile(
    r"\bwho(?:\s+(?:is|was|are|were)|'s|’s|s)\s+(?:the\s+)?(?:current\s+|new\s+|present\s+)?(\w+(?:\s+\w+){0,3})"
    r"|\bwho\s+(?:chairs|heads|directs|leads|replaced|succeeded|runs)\b",
    re.IGNORECASE,
)


@dataclass
class Question:
    raw: str
    words: list[str]  # as typed, spelling corrected
    terms: list[str]  # stems of what it is about
    alternatives: dict[str, set[str]]  # other stems that say a term
    kind: str
    abbreviation: str = ""  # for "what does ARA stand for?"
    wants_name: bool = False  # "who is the Minister?": only a person's name answers
    pairs: tuple[tuple[str, str], ...] = ()  # terms said next to each other
    phrases: tuple[tuple[str, str], ...] = ()  # adjacent terms that name one thing together
    context: frozenset[str] = frozenset()  # the terms a follow-up takes from the question before
    wants_title: bool = False  # "the official title of …": a title quoted in full answers
    holder: str = ""  # who holds the office whose words are asked (`bot.answers.holders`)

    def has(self, *phrases: str) -> bool:
        text = " " + " ".join(self.words) + " "
        return any(f" {phrase} " in text for phrase in phrases)


def _kind(words: list[str], raw: str) -> tuple[str, str]:
    define = _DEFINE.match(raw)
    if define:
        term = define.group(1).strip(".")
        asked = raw.lower().rstrip("? ").removesuffix(" again")
        if term.isupper() or asked.endswith(("stand for", "short for")):
            return Kind.DEFINE, term.lower()
    if words[:1] in (["where"], ["wheres"]) and (
        words[-1] in _STANDING or " ".join(words[1:4]) in _STANDING
    ):
        # "Where does the request stand?", "where are we with the visit?": how far it has come.
        return Kind.ANY, ""
    if words and words[0] in _FIRST_WORD_KINDS:
        # "Why did the number of groups drop?" asks a reason, not a number.
        return _FIRST_WORD_KINDS[words[0]], ""
    text = " " + " ".join(words) + " "
    for kind, phrases in _KIND_PHRASES:
        said = [p for p in phrases if f" {p} " in text]
        if kind == Kind.COUNT and _changed(said, words):
            continue  # "What happened to the number of members?": how it changed, in any words
        if said:
            return kind, ""
    for word in words[:4]:
        if word in _FIRST_WORD_KINDS:
            return _FIRST_WORD_KINDS[word], ""
    return Kind.ANY, ""


# "What happened to the number of groups?", "which towns saw the number of visitors fall?": how
# a figure changed, which a sentence says in words ("a sharp drop") as often as in figures.
_CHANGES = words(
    """happened drop dropped drops fall fell fallen falls rise rose risen rises grow grew grown
    grows increase increased increases decrease decreased decreases decline declined declines
    change changed changes shrink shrank shrunk shrinks"""
)


def _changed(said: list[str], typed: list[str]) -> bool:
    """Whether a question asks a figure only by "the number of …", and what happened to it or
    how it changed."""
    return said == ["number of"] and not _CHANGES.isdisjoint(typed)


def named_thing(typed: list[str]) -> str:
    """What a question asks the name of: "the name of the UN special rapporteur" → "rapporteur",
    "the full name of the group the ambassador …" → "group", "the ambassador's name" →
    "ambassador", "the name of the harbour network the mayor …" → "network"; "name" when it
    says no more, "" when it asks no name."""
    for index, word in enumerate(typed):
        if word not in ("name", "names"):
            continue
        if index and typed[index - 1] in ROLES:
            return typed[index - 1]  # "the ambassador's name"
        body = named = ""
        # Eight words: "the fish-market group" is read as "fish-market fish market group".
        for following in typed[index + 1 : index + 8]:
            if following in ROLES:
                return following  # "the name of the Embassy counsellor": a person, by office
            if following in ORGANISATIONS:
                body = body or following
            if following in ("who", "that", "which", "whose") or (named and following in _ARTICLES):
                break  # "the name of the club the mayor joined": the club's, not the mayor's
            if following not in STOPWORDS:
                named = following
        return body or named or "name"
    return ""


_ARTICLES = words("the a an")


# "Will they make the names of the experts public?", "did he give his name?": whether, not who.
_YES_OR_NO = words("will would did does do is are was were can could has have had should shall")


def _wants_name(raw: str) -> bool:
    typed = words_of(raw)
    named = named_thing(typed) if typed[:1] and typed[0] not in _YES_OR_NO else ""
    if named in ROLES or (named == "name" and any(w in ROLES for w in words_of(raw))):
        # "What is the ambassador's name?", "which activists — any names?"
        return True
    match = _NAME_WANTED.search(raw)
    if match is None:
        return False
    if match.group(1) is None:
        return True
    # "Who is the Minister of …": an office; "who is Heiner …": a name, answered by an office.
    return any(w in ROLES for w in words_of(match.group(1)))


_PREPOSITIONS = words("about on of for with in regarding concerning to from against into under")
_DETERMINERS = words("the a an its their his her our this that these those")


def _phrases(words: list[str]) -> tuple[tuple[str, str], ...]:
    """Pairs of words that name one thing together: consecutive words of the noun phrase after a
    preposition ("about climate change", "of the working group"), where a subject and its verb
    ("did the delegation travel") never stand."""
    pairs: list[tuple[str, str]] = []
    run: list[str] = []
    after_preposition = False
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if run and following in _DETERMINERS:
            # "of the criminal code concern the rapporteur": a verb, and its object after it.
            after_preposition, run = False, []
            continue
        if word in _PREPOSITIONS:
            after_preposition, run = True, []
        elif word in _DETERMINERS and after_preposition and not run:
            continue
        elif after_preposition and word not in STOPWORDS and word.isalpha():
            if run:
                pairs.append((stem(run[-1]), stem(word)))
            run.append(word)
        else:
            after_preposition, run = False, []
    return tuple(pairs)


def _pairs(words: list[str]) -> tuple[tuple[str, str], ...]:
    """Pairs of words of substance the question says next to each other ("religious
    literature", "working group"): a sentence that says them together says more of it."""
    pairs = []
    for first, second in itertools.pairwise(words):
        if first in STOPWORDS or second in STOPWORDS or not (first.isalpha() and second.isalpha()):
            continue
        if stem(first) != stem(second):
            pairs.append((stem(first), stem(second)))
    return tuple(pairs)


# Question words slipped as people type them: too short, or too far from any word of the
# sources, for the spelling corrector to set right.
_ASKING_TYPOS = {
    "wat": "what", "wht": "what", "waht": "what", "whta": "what", "wich": "which",
    "whcih": "which", "whihc": "which", "wen": "when", "wehn": "when", "wher": "where",
    "wehre": "where", "hw": "how", "hwo": "how", "hwy": "why",
}  # fmt: skip


# "the official title", "its full name": what kind of answer is asked for, in words the
# sentence that gives it need not say.
_TITLE_QUALIFIERS = words("official full formal complete proper exact")
_TITLE_WORDS = words("title name wording")


_HOW_WORDS = words("big large high")
LONGEST_WORD = 20  # letters
_OBJECTS = words("him her it them us me")


def _title_asked(words: list[str]) -> set[int]:
    """Where a question asks for a title in full: the words that ask it, every qualifier of
    them ("the official full title")."""
    asked: set[int] = set()
    for i, (first, second) in enumerate(itertools.pairwise(words)):
        if first in _TITLE_QUALIFIERS and second in _TITLE_WORDS:
            start = i
            while start and words[start - 1] in _TITLE_QUALIFIERS:
                start -= 1
            asked.update(range(start, i + 2))
    return asked


_POSSESSIVES = words("my your his her its our their")


def _owned(typed: list[str], at: int, raw: str) -> bool:
    """Whether the "own" at `at` follows a possessive ("their own", "the council's own")."""
    before = typed[at - 1] if at else ""
    return bool(before) and (
        before in _POSSESSIVES
        or re.search(rf"\b{re.escape(before)}['’]s?\s+own\b", raw, re.IGNORECASE) is not None
    )


_THANK = words("thank thanked")


def _thanked(typed: list[str]) -> set[int]:
    """Where a question asks of thanking ("Who did the board thank for …?"): "thank" as its
    verb, not a greeting ("thank you, and who …")."""
    return {
        i
        for i, w in enumerate(typed)
        if w in _THANK and i and typed[i + 1 : i + 2] not in (["you"], ["u"])
    }


def _spelled_out(typed: list[str], corpus: Corpus) -> list[tuple[str, set[str]]]:
    """The abbreviations whose long form a question says in full, in any order ("the religious
    affairs department" for "Department for Religious Affairs (DRA)"): each with the stems of
    its words, which the abbreviation says too."""
    said = {stem(w) for w in typed if w not in STOPWORDS}
    found = []
    for short, long in sorted(corpus.abbreviations.items()):
        spelled = {stem(w) for w in words_of(long) if w not in STOPWORDS}
        if len(spelled) >= 2 and spelled <= said and short not in typed:
            found.append((short, spelled))
    return found


_SMALL_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_IN_FIGURES = {word: str(number) for number, word in enumerate(_SMALL_NUMBERS, 2)}


def read_question(raw: str, corpus: Corpus, context: Sequence[str] = ()) -> Question:
    """`context`: the stems of the question before, which a follow-up leans on."""
    typed = words_of(raw)
    typed = [part for word in typed for part in corpus.split(word)]
    corrected = [_ASKING_TYPOS.get(w) or corpus.correct(w) for w in typed]
    kind, abbreviation = _kind(corrected, raw)
    alternatives: dict[str, set[str]] = {}
    titled = _title_asked(corrected)
    consumed = set(titled)  # the second word of two-word shorthand ("un guy"), and so on
    # "How big is the fund?" asks a figure, which its kind says: "big" is not what it is about.
    consumed |= {
        i + 1
        for i, word in enumerate(corrected[:-1])
        if word == "how" and corrected[i + 1] in _HOW_WORDS
    }
    # "their own model", "the town's own rules": "own" says whose, which the owner says.
    consumed |= {
        i for i, word in enumerate(corrected) if word == "own" and _owned(corrected, i, raw)
    }
    thanked = _thanked(corrected)
    for i, word in enumerate(corrected):
        if i in titled:
            continue
        own = stem(word)
        # "take him up on", "take the ambassador up on": a phrasal verb around its object, said
        # as "take up".
        then = i + 2 if corrected[i + 1 : i + 2] and corrected[i + 1] in _OBJECTS else i + 1
        if corrected[i + 1 : i + 2] == ["the"] and (word, *corrected[i + 3 : i + 4]) in SHORTHAND:
            then = i + 3
        for key in ((word, *corrected[then : then + 1]), (word,)):
            if key in SHORTHAND:
                alternatives.setdefault(own, set()).update(stem(w) for w in SHORTHAND[key])
                if len(key) == 2:
                    consumed.add(then)
                break
        if own in SYNONYMS and (word not in STOPWORDS or i in thanked) and i not in consumed:
            alternatives.setdefault(own, set()).update(SYNONYMS[own] - {own})
        if word in corpus.abbreviations:
            alternatives.setdefault(own, set()).update(stems(corpus.abbreviations[word]))
        if word in _IN_FIGURES:
            # "day two": the records' "day 2" (not the other way: "Tier 2" is no "two").
            alternatives.setdefault(own, set()).add(_IN_FIGURES[word])
    for short, spelled in _spelled_out(corrected, corpus):
        # "the religious affairs department": the sources' "DRA" says each of its words.
        for term in spelled:
            alternatives.setdefault(term, set()).add(short)
    for i, word in enumerate(corrected):
        if "-" in word and not word.replace("-", "").isdigit() and not corpus.known(stem(word)):
            # "get-together", "fact-check", never written so in the sources: its parts (which
            # follow it) may say it, but are not asked for each on its own.
            parts = [p for p in word.split("-") if p]
            alternatives.setdefault(stem(word), set()).update(
                stem(p) for p in parts if p not in STOPWORDS
            )
            consumed.update(range(i + 1, i + 1 + len(parts)))
        elif stem(word).endswith("li") and stem(word)[:-2] in corpus.frequency:
            # "sharply" for "sharp": the stemmer keeps an adverb's ending.
            alternatives.setdefault(stem(word), set()).add(stem(word)[:-2])
    for i in range(1, len(corrected) - 1):
        first, second = corrected[i - 1], corrected[i + 1]
        if (
            corrected[i] == "or"
            and first not in STOPWORDS
            and second not in STOPWORDS
            and second.isalpha()
            and len(second) <= LONGEST_WORD  # longer, it is noise, not another word for it
        ):
            # "hopeful or pessimistic?": either word answers, as one thing asked.
            either = alternatives.setdefault(stem(first), set())
            either |= {stem(second), *alternatives.get(stem(second), ())}
            consumed.add(i + 1)
    about = [
        w
        for i, w in enumerate(corrected)
        if (w not in STOPWORDS or i in thanked) and len(w) > 1 and i not in consumed
    ]
    terms = list(dict.fromkeys([*(stem(w) for w in about), *context]))
    # Shorthand made of question words ("un guy") is said by its meaning alone.
    for term in list(alternatives):
        if term not in terms:
            terms.append(term)
    # "Deadline for sending the delegates' names?" asks a date: the names are only what is sent.
    wants_name = kind in (Kind.WHO, Kind.ANY) and _wants_name(raw)
    return Question(
        raw,
        corrected,
        terms,
        alternatives,
        kind,
        abbreviation,
        wants_name,
        _pairs(corrected),
        _phrases(corrected),
        frozenset(context) - {stem(w) for w in about},
        # "the full name of the club": a body's name is said in its capitals, not quoted.
        bool(titled) and named_thing(corrected) not in ORGANISATIONS,
    )
