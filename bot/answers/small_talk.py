"""What people say to the bot that is not a question for the records: a greeting, thanks, or
asking what it can do. Searched for in the records, "hello" finds nothing and "help" found a
passage about the dialogue being helpful, so these get a reply in kind instead."""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["GREETING_REPLY", "THANKS_REPLY", "SmallTalk", "small_talk"]


class SmallTalk(Enum):
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"  # answered with the `/roundtable help` list, which depends on who asks


GREETING_REPLY = (
    "Hello! I answer questions about the coalition's dialogue from its records, such as"
    " “When did the dialogue begin?” or “Which recommendations are still open?”"
    " Type `/roundtable help` to see everything else I can do."
)
THANKS_REPLY = "Glad to help. Ask me anything else about the dialogue whenever you like."

_GREETINGS = {
    "hi",
    "hello",
    "hey",
    "hiya",
    "howdy",
    "greetings",
    "good morning",
    "good afternoon",
    "good evening",
    "good day",
    "salaam",
    "salam",
    "shalom",
    "assalamu alaikum",
}
_THANKS = {
    "thanks",
    "thank you",
    "thank u",
    "thx",
    "ty",
    "cheers",
    "many thanks",
    "thanks a lot",
    "thanks so much",
    "thank you so much",
    "thank you very much",
    "much appreciated",
    "that helps",
    "thats helpful",
    "very helpful",
    "great",
    "perfect",
    "ok",
    "okay",
    "got it",
}
_HELP = {
    "help",
    "help me",
    "menu",
    "commands",
    "usage",
    "instructions",
    "what can you do",
    "what do you do",
    "what can i ask",
    "what can i ask you",
    "what should i ask",
    "how do i use this",
    "how do i use you",
    "how does this work",
    "how do you work",
    "who are you",
    "what are you",
    "how can you help",
    "how can you help me",
    "what are your commands",
    "get started",
}
# Words that address the bot or soften a request ("hi there, bot", "help please") and change
# nothing in what is said; a question keeps other words and so never matches a whole phrase.
_FILLER = {"bot", "roundtable", "there", "everyone", "all", "folks", "please", "pls", "so", "oh"}
# The longest first: "thank you so much, help" opens with all of "thank you so much".
_OPENINGS = sorted(_GREETINGS | _THANKS, key=len, reverse=True)
_MENTION = re.compile(r"<[@!#][^>]*>")
_WORD = re.compile(r"[a-z]+")


def small_talk(text: str) -> SmallTalk | None:
    """The kind of small talk `text` is, when it is nothing but that; None for anything else,
    a question that opens with a greeting or thanks included ("thanks! and who attended?")."""
    words = _WORD.findall(_MENTION.sub(" ", text).lower().replace("’", "").replace("'", ""))
    phrase = " ".join(word for word in words if word not in _FILLER)
    if not phrase or len(phrase) > 60:
        return None
    for opening in _OPENINGS:
        # "hi, what can you do" asks for help; "hello, thanks" thanks.
        if phrase.startswith(opening + " ") and (kind := _kind(phrase[len(opening) + 1 :])):
            return kind
    return _kind(phrase)


def _kind(phrase: str) -> SmallTalk | None:
    if phrase in _HELP:
        return SmallTalk.HELP
    if phrase in _THANKS:
        return SmallTalk.THANKS
    if phrase in _GREETINGS:
        return SmallTalk.GREETING
    return None
