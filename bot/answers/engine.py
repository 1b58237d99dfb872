"""Question answering over the store: the fact asked for first, then its source and date.

Recommendations and their status, the timeline, the next meeting and the letters are answered
from the tables (`bot.answers.tables`); anything else by the reader (`bot.answers.reader`) from
the passages the store's full-text search ranks best. A question no passage answers with the kind
of fact it asks for gets an honest "I don't know" (`found=False`), never a guess. Quotation marks
hold only the sources' own words: a record keeper's note is shown as a note.
"""

from __future__ import annotations

import html
import re

from sqlmodel import Session

from bot.answers.answer import Answer, Source, event_source
from bot.answers.correspondence import CLOSINGS, SIGNED
from bot.answers.focus import supplies
from bot.answers.holders import by_name
from bot.answers.knowledge import Corpus, corpus_of
from bot.answers.question import Kind, Question, read_question
from bot.answers.reader import Reading, number_missing, read
from bot.answers.tables import REF, TableAnswers
from bot.answers.vocabulary import ANAPHORA
from bot.answers.words import stem, words_of
from bot.kit import dates
from bot.kit.mrkdwn import clean
from storage.models import HistoryEvent
from storage.search import PassageHit, following_text, search_concepts, search_passages

__all__ = [
    "MAX_QUESTION",
    "Answer",
    "Source",
    "answer_question",
    "passage_source",
    "passages_for",
    "words_of",
]

MAX_QUESTION = 2000  # longer questions are cut: no one asks 10,000 characters' worth
SEARCHED = 20  # passages that say all of what was asked the reader reads …
SEARCHED_ANY = 24  # … and passages that say some of it
SIGNING = 4  # … and letters' closings, asked who signed
QUERY_WORDS = 6  # at most this many of a question's words go to the full-text search …
QUERY_ALTERNATIVES = 4  # … each with at most this many other words that say the same
COMMON = 0.2  # a word in more than this share of the passages ranks nothing: it is not searched,
MATCHED = 15_000  # nor one in more passages than this: ranking them all would take too long

_SLACK_MARKUP = re.compile(r"<[@#!][^>]*>|<(?:[^<>|]+\|)?([^<>]*)>")

NOT_FOUND = (
    "I don't know: nothing in the coalition's records answers that. I can ask a coordinator for"
    " you, or try `/roundtable history` for the timeline of the dialogue."
)
ASK_SOMETHING = (
    "Ask me a question about the dialogue or the recommendations, for example"
    " _When did the dialogue begin?_ or _What is the status of RT-3?_"
)
WHOLE_QUESTION = (
    "I'm not sure what that refers to: ask me the whole question, for example"
    " _Who attended the most recent meeting?_"
)


def not_found(text: str = NOT_FOUND) -> Answer:
    return Answer(text, False)


def answer_question(session: Session, text: str, topic: str = "") -> Answer:
    """Answer `text`; `topic` is the previous answer's topic, which a follow-up may lean on."""
    raw = clean(html.unescape(_SLACK_MARKUP.sub(lambda m: m.group(1) or " ", text)), MAX_QUESTION)
    if not words_of(raw):
        return not_found(ASK_SOMETHING)
    corpus = corpus_of(session)
    follow_up = _is_follow_up(raw)
    context: list[str] = []
    if follow_up and topic.startswith("about:"):
        context = topic.removeprefix("about:").split()
    # "RT-3" is a name, not words: read it as "recommendation" (the reference is matched later).
    question = read_question(REF.sub(" recommendation ", _one_side(raw)), corpus, context)
    question.raw = raw
    tables = TableAnswers(session, corpus, question, topic if follow_up else "")
    answer = tables.answer()
    if answer is not None and (
        tables.passages_may_say or (answer.found and not supplies(question, answer.text, corpus))
    ):
        # "Which senators received the letter?" is not answered by who signed it, nor "when is
        # the next meeting planned?" by there being none scheduled: the passages may say it.
        read = _from_passages(session, corpus, question)
        return read if read.found else Answer(answer.text, False, answer.sources, answer.topic)
    if answer is not None and tables.passages_first:
        read = _from_passages(session, corpus, question)
        return read if read.found else answer
    if answer is not None:
        return answer
    if follow_up and not context and len(question.terms) <= 1:
        # "What was the conference they sat in on about?" asked first says what it is about:
        # its "they" is the records' own subject. Asked after another, it leans on that one.
        whole = not topic and not _leans_on_another(raw)
        found = _from_passages(session, corpus, question) if whole else None
        return found if found is not None and found.found else not_found(WHOLE_QUESTION)
    return _from_passages(session, corpus, question)


def passages_for(session: Session, text: str, topic: str = "", limit: int = 6) -> list[PassageHit]:
    """The passages the reader would read for `text`, best first, the question read as
    `answer_question` reads it: what a generative reader (`bot.answers.generative`) is given."""
    raw = clean(html.unescape(_SLACK_MARKUP.sub(lambda m: m.group(1) or " ", text)), MAX_QUESTION)
    if not words_of(raw):
        return []
    corpus = corpus_of(session)
    context: list[str] = []
    if _is_follow_up(raw) and topic.startswith("about:"):
        context = topic.removeprefix("about:").split()
    question = read_question(REF.sub(" recommendation ", _one_side(raw)), corpus, context)
    question.raw = raw
    return search(session, question, corpus)[:limit]


# "…, or was it controlled?": the other side of a yes-or-no question, which the asker offers
# for contrast; the records answer the first side, in its words.
_OTHER_SIDE = re.compile(
    r",\s*or\s+(?:was|were|is|are|did|do|does|has|have|had)\b[^?]*(?=\?|$)", re.IGNORECASE
)


def _one_side(raw: str) -> str:
    """The question without the other side of its choice ("…, or was it controlled?")."""
    return _OTHER_SIDE.sub("", raw)


def _leans_on_another(raw: str) -> bool:
    """ "And who led it?", "what about the ARA?": a question that opens on the one before."""
    typed = words_of(raw)
    first = typed[0] if typed else ""
    text = " " + " ".join(typed) + " "
    return (
        first in ("and", "so", "also", "then", "but")
        or " what about " in text
        or (" how about " in text)
    )


def _is_follow_up(raw: str) -> bool:
    """ "And who led it?", "what about the ARA?", "and when?": a question that leans on the one
    before, by how it opens or by a pronoun."""
    return _leans_on_another(raw) or any(w in ANAPHORA for w in words_of(raw))


def _concepts(question: Question, corpus: Corpus) -> list[list[str]]:
    """What the search looks for: each of the question's rarest terms (as typed: the index stems
    it itself) with the words that say the same. A word in a large share of the passages ranks
    nothing and would make the search read every row: it is left out, unless nothing else is
    asked."""
    typed: dict[str, str] = {}
    for word in question.words:
        typed.setdefault(stem(word), word)
    common = min(COMMON * corpus.passages, MATCHED)
    terms = [t for t in question.terms if corpus.frequency.get(t, 0) <= common] or question.terms
    terms = sorted(terms, key=corpus.idf, reverse=True)[:QUERY_WORDS]
    concepts = []
    for term in terms:
        # Rarest first; of words as rare, in the order of the alphabet, never a set's order (it
        # changes from run to run, and the same question would search for other words).
        others = [
            a
            for a in sorted(question.alternatives.get(term, ()), key=lambda a: (-corpus.idf(a), a))
            if corpus.known(a) and corpus.frequency.get(a, 0) <= common
        ]
        said = [typed[term]] if term in typed else _spelled(term, corpus)
        for other in others[:QUERY_ALTERNATIVES]:
            said += _spelled(other, corpus)
        concepts.append(said)
    return concepts


def _spelled(term: str, corpus: Corpus) -> list[str]:
    """A stem as the sources write it, for the search, which stems each word its own way (SQLite's
    Porter stemmer reads "respons" as "respon", and so never finds "responsible" by it): their
    shortest word of that stem, or the stem itself when they never write it. One word only: two
    of the same stem ("group", "groups") would count twice in the ranking."""
    return corpus.spellings(term)[:1] or [term]


def search(session: Session, question: Question, corpus: Corpus) -> list[PassageHit]:
    """The passages that say all of what was asked (in any of its words) first, then those that
    say the most of it."""
    concepts = _concepts(question, corpus)
    hits = search_concepts(session, concepts, limit=SEARCHED) if len(concepts) > 1 else []
    seen = {hit.id for hit in hits}
    words = [word for concept in concepts for word in concept]
    hits += [hit for hit in search_passages(session, words, SEARCHED_ANY) if hit.id not in seen]
    if question.kind == Kind.WHO and not SIGNED.isdisjoint(question.terms):
        # "Who signed the reply?": the letters' closings, under which their signatures stand,
        # whatever words of the question they say.
        seen = {hit.id for hit in hits}
        others = [w for w in question.words if stem(w) in question.terms and stem(w) not in SIGNED]
        closing = search_concepts(session, [CLOSINGS, others] if others else [CLOSINGS], SIGNING)
        hits += [hit for hit in closing if hit.id not in seen]
    return hits


def _from_passages(session: Session, corpus: Corpus, question: Question) -> Answer:
    hits = search(session, question, corpus)
    # "What did the committee's chairman say …?": what the chairman, by name, said.
    question = by_name(question, hits, corpus)
    reading = read(question, hits, corpus, lambda hit: following_text(session, hit))
    if reading is None:
        # Asked for a figure the records do not give: a decline, with what they say instead.
        missing = number_missing(question, hits, corpus)
        if missing is None:
            return not_found()
        source = passage_source(session, missing.hit, missing.excerpt)
        return Answer(missing.text, False, (source,), _topic(missing))
    sources = [passage_source(session, reading.hit, reading.excerpt)]
    sources += [passage_source(session, hit, excerpt) for hit, excerpt in reading.also]
    return Answer(reading.text, True, tuple(sources), _topic(reading))


def _topic(reading: Reading) -> str:
    return ("about:" + " ".join(reading.terms))[:120]


def passage_source(session: Session, hit: PassageHit, excerpt: str) -> Source:
    """A passage as a source: its document and section, dated by the event it tells of (or the
    document's own date, when that is a day)."""
    if hit.document_id is None or not hit.title:
        event = session.get(HistoryEvent, hit.event_id) if hit.event_id is not None else None
        if event is not None:
            return event_source(event, excerpt, verbatim=True)
        title = "The coalition's records" + (f", “{hit.section}”" if hit.section else "")
        return Source(title, None, excerpt)
    title = hit.title
    day = None
    if hit.date is not None:
        if hit.date_precision == "day":
            day = hit.date
        else:
            title += f" ({dates.event_date(hit.date, None, hit.date_precision or 'day')})"
    if hit.section:
        title += f", “{hit.section}”"
    span = ""
    # The event's dates come with the passage (the search leaves out what the reader may not see).
    if hit.event_id is not None and hit.event_date is not None and hit.event_precision == "day":
        day = hit.event_date
        if hit.event_end not in (None, hit.event_date):
            span = dates.event_date(hit.event_date, hit.event_end, hit.event_precision)
    return Source(title, day, excerpt, span)
