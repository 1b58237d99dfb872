"""What the stored passages say as a whole, learnt once per change of the records and never for a
question: how rare each word is, the words that exist (for spelling), the words written in lower
case (a capitalised word that never is reads as a name), the abbreviations the sources spell out.
And whether a text is a source's own words, which decides whether it may stand in quotation
marks."""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from bot.answers.vocabulary import (
    EVERYDAY,
    ORGANISATIONS,
    ROLES,
    STOPWORDS,
    SYNONYM_GROUPS,
)
from bot.answers.words import stem, words_of
from storage.documents import sentences, squeeze
from storage.models import SourcePassage
from storage.search import search_passages

__all__ = ["Corpus", "abbreviations", "build_corpus", "corpus_of", "is_verbatim"]

LONG = 6  # letters of a word whose stem may be set right: a shorter one has too many neighbours
SPLIT = 4  # letters at least of each of two common words a word may be read as, run together
SAMPLE = 20_000  # passages, spread over the whole store, that the statistics are learnt from

# The English the reader knows beside the sources' own words: a word of it typed as it is
# ("started", which the sources never write) is no slip of one they do write ("stated").
_ENGLISH = frozenset(
    stem(w) for w in EVERYDAY | ROLES | ORGANISATIONS | {w for g in SYNONYM_GROUPS for w in g}
)

_TOKEN = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")


@dataclass
class Corpus:
    passages: int
    frequency: dict[str, int]  # in how many passages each stem occurs
    vocabulary: frozenset[str]  # every word, lower-cased
    lowercase: frozenset[str]  # the words also written in lower case
    abbreviations: dict[str, str]  # "ara": "Agency for Religious Affairs"
    _by_start: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    _corrected: dict[str, str] = field(default_factory=dict)
    _stems: list[str] = field(default_factory=list)
    _spelled: dict[str, list[str]] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        return math.log((self.passages + 1) / (self.frequency.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        return term in self.frequency

    def known_inflected(self, term: str, prefix: int) -> bool:
        """Whether the passages use a word that begins as `term` does ("misappli" for
        "misappl"): the same word, inflected past what the stemmer knows."""
        if len(term) < prefix or not term.isalpha():
            return False
        if not self._stems:
            self._stems = sorted(self.frequency)
        head = term[:prefix]
        at = bisect.bisect_left(self._stems, head)
        return at < len(self._stems) and self._stems[at].startswith(head)

    def spellings(self, term: str) -> list[str]:
        """The words the sources write with the stem `term`, shortest first ("respons":
        "response", "responsible"): what a full-text search is given, which stems them as it
        stems the passages (SQLite's Porter stemmer reads "respons" itself as "respon")."""
        if not self._spelled:
            for word in sorted(self.vocabulary, key=lambda w: (len(w), w)):
                if word.isalnum():
                    self._spelled.setdefault(stem(word), []).append(word)
        return self._spelled.get(term, [])

    def correct(self, word: str) -> str:
        """One slip in a word ("dialouge", "goverment", "Kazakstan") set right; another word that
        shares its letters ("president" is not "present") is left alone."""
        if word in self.vocabulary or word in STOPWORDS or len(word) < 5 or not word.isalpha():
            return word
        if word.endswith("ys") and word[-3] not in "aeiou":
            # "citys", "partys": the plural of a word in -y, spelled as if it were regular.
            plural = f"{word[:-2]}ies"
            if plural in self.vocabulary or plural in STOPWORDS:
                return plural
        if stem(word) in self.frequency or stem(word) in _ENGLISH:
            return word
        if word not in self._corrected:
            if not self._by_start:
                # Everyday words ("acutally") are slipped as often as the sources' own; a stem
                # ("visit" for "visted") is a word too, whose inflection the slip hides. One
                # slip exactly: "weather" is a word, not "whether" slipped twice.
                for known in sorted({*self.vocabulary, *STOPWORDS, *self.frequency}):
                    if len(known) >= 4 and known.isalpha():
                        self._by_start.setdefault((known[0], len(known)), []).append(known)
            self._corrected[word] = (
                self._closest(word)
                or (len(word) >= LONG and (self._closest(stem(word)) or self._unswapped(word)))
                or word
            )
        return self._corrected[word]

    def split(self, word: str) -> list[str]:
        """ "eachother", "everytime": two common words run together, which the sources never
        write as one; otherwise the word itself. Not a word that starts with a short one
        ("outlet", "itself"): those are words of their own."""
        if word in self.vocabulary or word in STOPWORDS or not word.isalpha():
            return [word]
        for at in range(SPLIT, len(word) - SPLIT + 1):
            first, second = word[:at], word[at:]
            if first in STOPWORDS and second in STOPWORDS:
                return [first, second]
        return [word]

    def _closest(self, word: str) -> str:
        """The known word one slip from `word`, the closest if several: only words of its first
        letter and about its length can be."""
        lengths = (len(word) + n for n in (-1, 0, 1))
        near = [w for n in lengths for w in self._by_start.get((word[0], n), [])]
        near = [w for w in near if _one_slip(word, w)]
        close = difflib.get_close_matches(word, near, n=1, cutoff=0.85)
        return close[0] if close else ""

    def _unswapped(self, word: str) -> str:
        """ "chnaged" with its two neighbours swapped back, when the sources write that word in
        another form ("change", "changes"): a slip of the fingers hides its inflection."""
        for at in range(len(word) - 1):
            swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            if swapped != word and stem(swapped) in self.frequency:
                return swapped
        return ""


def _one_slip(typed: str, known: str) -> bool:
    """One letter added, dropped or changed, or two neighbours swapped."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    start = 0
    while start < min(len(typed), len(known)) and typed[start] == known[start]:
        start += 1
    a, b = typed[start:], known[start:]
    return a[1:] == b[1:] or a[1:] == b or a == b[1:] or (a[:2] == b[1::-1] and a[2:] == b[2:])


_ABBREVIATED = re.compile(
    r"((?:[A-Z][\w’'.]*\s+(?:(?:of|for|on|and|the|to|in)\s+)*){1,8}[A-Z][\w’'.]*)\s+\(([A-Z]{2,8})\)"
)


def abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """ "Agency for Religious Affairs (ARA)": the abbreviations a source spells out, whose letters
    are the initials of the words before them."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _ABBREVIATED.finditer(text):
            long, short = match.group(1).split(), match.group(2)
            for start in range(len(long)):
                if not long[start][0].isupper():
                    continue
                initials = "".join(
                    w[0] if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w.replace(".", "")
                    for w in long[start:]
                    if w[0].isupper()
                )
                if initials == short:
                    found.setdefault(short.lower(), " ".join(long[start:]))
                    break
    return found


def build_corpus(
    texts: Sequence[str], passages: int | None = None, headings: Sequence[str] = ()
) -> Corpus:
    """Statistics of `texts`, scaled to `passages` when they are a sample of that many; the words
    of `headings` are known words too, but repeated over a section's passages they would make
    its subject look common."""
    frequency: dict[str, int] = {}
    vocabulary: set[str] = set()
    lowercase: set[str] = set()
    for text in texts:
        tokens = words_of(text)
        vocabulary.update(tokens)
        lowercase.update(t for t in _TOKEN.findall(text) if t.islower())
        for term in {stem(w) for w in tokens}:
            frequency[term] = frequency.get(term, 0) + 1
    total = passages or len(texts)
    if texts and total > len(texts):
        scale = total / len(texts)
        frequency = {term: max(1, round(n * scale)) for term, n in frequency.items()}
    for heading in dict.fromkeys(headings):
        tokens = words_of(heading)
        vocabulary.update(tokens)
        for term in {stem(w) for w in tokens}:
            frequency.setdefault(term, 1)
    return Corpus(
        total, frequency, frozenset(vocabulary), frozenset(lowercase), abbreviations(texts)
    )


_cache: dict[tuple[int, int, int, int], Corpus] = {}
# Two index lookups, not a count (a count reads every row on PostgreSQL). A document cut again
# writes its passages anew, with new ids. A removed record lowers neither maximum: the documents'
# count (a small table) tells. One statement, built once: one round trip a question.
_CHANGED = sa.text(
    "SELECT (SELECT max(id) FROM sourcepassage), (SELECT max(id) FROM document),"
    " (SELECT count(*) FROM document)"
)


def corpus_of(session: Session) -> Corpus:
    """The store's corpus, rebuilt only when passages or documents are added or removed."""
    newest, documents, kept = session.connection().execute(_CHANGED).one()
    key = (id(session.get_bind()), int(newest or 0), int(documents or 0), int(kept))
    if key not in _cache:
        count = session.exec(select(func.count()).select_from(SourcePassage)).one()
        query = select(SourcePassage.section, SourcePassage.text).order_by(col(SourcePassage.id))
        if count and count > SAMPLE:
            # Every k-th passage: a sample of the whole store, read in one indexed pass.
            every = math.ceil(count / SAMPLE)
            query = query.where(col(SourcePassage.id) % every == 0)
        rows = session.exec(query).all()
        _cache.clear()
        _cache[key] = build_corpus(
            [text for _, text in rows], int(count or 0), [section for section, _ in rows]
        )
    return _cache[key]


def is_verbatim(session: Session, text: str) -> bool:
    """Whether every sentence of `text` (each piece between ellipses) is in a stored passage
    word for word: passages are whole sentences of their documents, so a sentence of a document
    is always within one passage."""
    pieces = [p.strip(" .,;:") for p in squeeze(text).split("…")]
    said = [s.strip(" .,;:") for p in pieces if len(p) >= 3 for s in sentences(p)]
    if not said:
        return False
    for sentence in said:
        said = words_of(sentence)
        # The first and last words may be cut ("… the st…"): the search looks for whole words.
        whole = said[1:-1] if len(said) > 2 else said
        # The longest words, and of words as long the first in the alphabet (not a set's order).
        typed = sorted(set(whole) - STOPWORDS, key=lambda w: (-len(w), w))[:6]
        hits = search_passages(session, typed, limit=5, every=True) if typed else []
        if not any(sentence in squeeze(hit.text) for hit in hits):
            return False
    return True
