"""The errors the store's operations raise.

    RoundtableError            base of everything below
    └── UserError              the person asked for something we cannot do; `str(error)` is a short
        │                      message, safe to show them, that says what to do instead
        ├── NotFound           no letter, meeting or recommendation by that reference
        ├── NotAllowed         a coordinator-only action asked for by someone else
        ├── Closed             the letter or meeting no longer accepts this change
        └── InvalidInput       malformed or out-of-range input (dates, offsets, sizes)

A `UserError` says what is wrong in the store's words, never how to ask again: `about` names what
it is about ("letter", "meeting", "channel"…), so that the face, which knows its commands and
forms, can add the hint that fits where it words the reply.

Anything else that escapes an operation is a bug: the transports log it with context and tell the
person that something went wrong, without internals.
"""


class RoundtableError(Exception):
    """Base of the errors raised on purpose by Roundtable Bot."""


class UserError(RoundtableError):
    """A mistake the person can fix; the message is shown to them, with the face's hint."""

    def __init__(self, message: str, *, about: str = "") -> None:
        super().__init__(message)
        self.about = about


class NotFound(UserError):
    pass


class NotAllowed(UserError):
    pass


class Closed(UserError):
    pass


class InvalidInput(UserError):
    pass
