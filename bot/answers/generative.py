"""An optional generative reader around the answer engine: when a language model is set up
(`ROUNDTABLE_LLM_URL`, `ROUNDTABLE_LLM_MODEL`, any OpenAI-compatible chat completions endpoint),
the passages the engine ranks best go to it, numbered, with instructions to answer only from them
and cite them by number. Its reply is checked before anyone sees it: every citation must name a
passage it was given, and every quotation must be word for word in a passage it cites. A reply
that fails a check, a decline, a timeout (`ROUNDTABLE_LLM_TIMEOUT`) or any error gives the
engine's own extractive answer instead, which is drafted first, so nothing waits on the model
twice.

Answers from the tables (a recommendation's status, the timeline, meetings, letters) are the
store's own facts, kept current by coordinators: they never go to the model.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlmodel import Session

from bot.answers.engine import Answer, Source, answer_question, passage_source, passages_for
from bot.settings import Settings
from storage.documents import squeeze
from storage.search import PassageHit

__all__ = ["DECLINE", "Draft", "GenerativeReader", "draft"]

log = logging.getLogger(__name__)

PASSAGES = 6  # the passages the model is given
MAX_REPLY = 1500  # characters; a longer reply is not an answer to one question
MAX_TOKENS = 400
DECLINE = "NOT_IN_RECORDS"

INSTRUCTIONS = (
    "You answer questions about a coalition's records, using only the numbered passages you are"
    " given: never what you know from elsewhere. Put the fact asked for first, in at most three"
    " sentences. After each statement, cite the passages it comes from by their numbers in square"
    " brackets, such as [2]. Use quotation marks only around words copied exactly from a passage."
    f" If the passages do not answer the question, reply with {DECLINE} and nothing else."
)

_CITATION = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
_QUOTATION = re.compile(r"“([^”]*)”|\"([^\"]*)\"")


@dataclass(frozen=True)
class Draft:
    """What the store gives the generative reader for one question: the engine's own answer (the
    fallback), and the passages to send, each with its source as the engine shows it."""

    answer: Answer
    passages: list[PassageHit] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def for_the_model(self) -> bool:
        # An answer from the tables (found, and not about passages) stands as it is.
        from_tables = self.answer.found and not self.answer.topic.startswith("about:")
        return bool(self.passages) and not from_tables


def draft(session: Session, text: str, topic: str = "") -> Draft:
    """The engine's answer and the passages it ranks best for `text` (one transaction, in the
    store's worker thread)."""
    answer = answer_question(session, text, topic)
    passages = passages_for(session, text, topic, PASSAGES)
    sources = [passage_source(session, hit, squeeze(hit.text)) for hit in passages]
    return Draft(answer, passages, sources)


class _Rejected(Exception):
    """The model's reply is not fit to show; the message says why (never its content)."""


class GenerativeReader:
    def __init__(
        self, url: str, model: str, api_key: str | None = None, timeout: float = 8.0
    ) -> None:
        url = url.rstrip("/")
        self.url = url if url.endswith("/chat/completions") else url + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> GenerativeReader | None:
        """The reader the settings describe, or None when no model is set up (the default)."""
        if settings.llm_url is None or settings.llm_model is None:
            return None
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return cls(settings.llm_url, settings.llm_model, key, settings.llm_timeout)

    async def compose(self, question: str, draft: Draft) -> Answer:
        """The model's answer to `question` from the draft's passages, checked; the draft's own
        answer when the model has none fit to show."""
        if not draft.for_the_model:
            return draft.answer
        try:
            async with asyncio.timeout(self.timeout):
                reply = await self._complete(question, draft.passages)
            return _checked(reply, draft)
        except _Rejected as rejected:
            log.info("the generative reader's reply was not used: %s", rejected)
        except TimeoutError:
            log.warning("the generative reader timed out; answering from the passages")
        except Exception as error:
            log.warning(
                "the generative reader failed (%s); answering from the passages",
                type(error).__name__,
            )
        return draft.answer

    async def _complete(self, question: str, passages: list[PassageHit]) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": INSTRUCTIONS},
                {"role": "user", "content": prompt(question, passages)},
            ],
            "temperature": 0,
            "max_tokens": MAX_TOKENS,
            "stream": False,
        }
        async with httpx.AsyncClient(timeout=self.timeout) as http:
            response = await http.post(self.url, json=body, headers=headers)
        if response.status_code != 200:
            raise _Rejected(f"HTTP {response.status_code}")
        payload: Any = response.json()
        try:
            content = payload["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise _Rejected("no message in the reply") from None
        if not isinstance(content, str):
            raise _Rejected("no text in the reply")
        return content


def prompt(question: str, passages: list[PassageHit]) -> str:
    """The numbered passages, each with its document and section, then the question."""
    numbered = []
    for number, hit in enumerate(passages, start=1):
        where = ", ".join(part for part in (hit.title or "", hit.section) if part)
        label = f"[{number}] ({where})" if where else f"[{number}]"
        numbered.append(f"{label}\n{squeeze(hit.text)}")
    return "Passages:\n\n" + "\n\n".join(numbered) + f"\n\nQuestion: {squeeze(question)}"


def _same_marks(text: str) -> str:
    """Curly and straight apostrophes read alike: a model may write either."""
    return squeeze(text).replace("’", "'").replace("‘", "'")


def _checked(reply: str, draft: Draft) -> Answer:
    """The reply as an answer, if every citation names a passage given and every quotation is
    word for word in a passage it cites; its citations renumbered in the order of its sources."""
    text = reply.strip()
    if not text or DECLINE in text:
        raise _Rejected("the model declined")
    if len(text) > MAX_REPLY:
        raise _Rejected("the reply is too long")
    cited: list[int] = []
    for match in _CITATION.finditer(text):
        cited += [int(n) for n in match.group(1).split(",")]
    if not cited:
        raise _Rejected("the reply cites no passage")
    if any(not 1 <= n <= len(draft.passages) for n in cited):
        raise _Rejected("the reply cites a passage it was not given")
    order = list(dict.fromkeys(cited))
    said = [_same_marks(draft.passages[n - 1].text) for n in order]
    for match in _QUOTATION.finditer(text):
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        pieces = [p.strip(" .,;:") for p in re.split(r"…|\.\.\.", _same_marks(quoted))]
        if any(piece and not any(piece in passage for passage in said) for piece in pieces):
            raise _Rejected("a quotation is not in the passages it cites")
    number = {old: new for new, old in enumerate(order, start=1)}
    text = _CITATION.sub(
        lambda m: "[" + ", ".join(str(number[int(n)]) for n in m.group(1).split(",")) + "]", text
    )
    sources = tuple(draft.sources[n - 1] for n in order)
    return Answer(text, True, sources, draft.answer.topic)
