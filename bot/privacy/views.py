"""How a person's data looks in Slack: everything kept about them, what erasing it will do and
what it did. Pure functions; what people typed is escaped here."""

from __future__ import annotations

from bot.kit import dates
from bot.kit.blocks import actions, button, context, sections
from bot.kit.commands import SLASH_COMMAND
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from storage.letter_exports import capacity
from storage.models import LetterStatus
from storage.privacy import Forgotten, PersonalData, SignatureKept, record_requires

FORGET_ACTION = "privacy_forget_confirm"
QUESTIONS_SHOWN = 40
RSVP_LABELS = {"going": "Going", "maybe": "Maybe", "not going": "Not going"}


def _quote(text: str, limit: int = 200) -> str:
    short = text if len(text) <= limit else text[:limit] + "…"
    return f"“{escape(short)}”"


def _letter(kept: SignatureKept) -> str:
    return f"*{kept.letter.ref} · {escape(kept.letter.title)}*"


def _signature_line(kept: SignatureKept, zone: str) -> str:
    s = kept.signature
    who = ", ".join(escape(part) for part in (s.name, s.title, s.organization) if part)
    line = (
        f"• {_letter(kept)}: signed as {who} ({capacity(s)}), {dates.local_time(s.signed_at, zone)}"
    )
    if s.withdrawn_at is not None:
        line += f"; withdrawn {dates.local_time(s.withdrawn_at, zone)}"
    if s.comment:
        line += f"; your comment: {_quote(s.comment)}"
    return line


def my_data(data: PersonalData, zone: str, retention_days: int) -> Reply:
    """Everything kept about the reader, shown only to them."""
    lines = ["*What Roundtable Bot keeps about you*"]
    if data.is_empty:
        lines.append("Nothing: I keep no profile, signature, answer or question of yours.")
    profile = data.profile
    if profile is not None:
        parts = [
            f"name {escape(profile.name)}" if profile.name else "",
            f"title {escape(profile.title)}" if profile.title else "",
            f"organization {escape(profile.organization)}" if profile.organization else "",
            f"time zone {escape(profile.tz)}" if profile.tz else "",
        ]
        known = "; ".join(p for p in parts if p) or "your Slack id only"
        lines += ["", f"*Your profile* (from Slack and what you told me): {known}."]
    if data.signatures:
        lines += ["", f"*Your signatures* ({len(data.signatures)}):"]
        lines += [_signature_line(kept, zone) for kept in data.signatures]
    if data.rsvps:
        lines += ["", f"*Meetings you are invited to or answered* ({len(data.rsvps)}):"]
        for rsvp in data.rsvps:
            answer = RSVP_LABELS.get(rsvp.invitation.response or "", "no answer yet")
            lines.append(
                f"• *M{rsvp.meeting.id} · {escape(rsvp.meeting.title)}*"
                f" ({dates.local_time(rsvp.meeting.starts_at, zone)}): {answer}"
            )
    if data.questions:
        shown = data.questions[-QUESTIONS_SHOWN:]
        lines += ["", f"*Questions you asked* ({len(data.questions)}):"]
        if len(shown) < len(data.questions):
            lines.append(f"_the latest {len(shown)}; the earlier ones are kept too_")
        lines += [f"• {dates.local_time(q.asked_at, zone)}: {_quote(q.text)}" for q in shown]
    if data.feedback:
        lines += ["", f"*Your 👍 / 👎 on answers* ({len(data.feedback)}):"]
        lines += [
            f"• {'👍' if f.helpful else '👎'} on the answer to {_quote(q.text, 120)}"
            for f, q in data.feedback[-QUESTIONS_SHOWN:]
        ]
    also = [
        (data.reminders_sent, "reminders sent to you"),
        (data.messages_kept, "messages from me to you, kept until they are old"),
        (data.audit_entries, "entries in letters' audit trails (you signed, withdrew or edited)"),
        (
            data.coordinator_records,
            "records you made as a coordinator (meetings, letters, statuses)",
        ),
    ]
    counted = [f"{count} {what}" for count, what in also if count]
    if counted:
        lines += ["", "*Also*: " + "; ".join(counted) + "."]
    note = (
        f"Questions, profiles and withdrawn signatures are deleted after {retention_days} days."
        f" `{SLASH_COMMAND} forget me` erases what I keep about you now."
    )
    text = "\n".join(lines)
    return Reply(f"{text}\n\n{note}", [*sections(text)[:48], context(note)])


def _kept_sentence(kept: list[SignatureKept]) -> str:
    if not kept:
        return ""
    letters = ", ".join(_letter(k) for k in kept)
    one = len(kept) == 1
    return (
        f" Your signature{'' if one else 's'} on {letters} {'stays' if one else 'stay'}:"
        f" {'that letter is' if one else 'those letters are'} closed and {'was' if one else 'were'}"
        " sent with it, and the letter's record must show who signed. Only your name, title,"
        " organization and comment as you signed are kept there."
    )


def forget_preview(data: PersonalData) -> Reply:
    """What `forget me` will erase and keep, with the button that does it."""
    if data.is_empty:
        return Reply("I keep nothing about you: there is nothing to erase.")
    kept = [k for k in data.signatures if record_requires(k.signature, k.letter)]
    erased = len(data.signatures) - len(kept)
    open_letters = [
        k
        for k in data.signatures
        if k.letter.status == LetterStatus.OPEN and not k.signature.withdrawn_at
    ]
    parts = [
        "your profile" if data.profile else "",
        f"{erased} signature{'s' if erased != 1 else ''}" if erased else "",
        f"{len(data.rsvps)} meeting invitation{'s' if len(data.rsvps) != 1 else ''} with your"
        " answers"
        if data.rsvps
        else "",
        f"{len(data.questions)} question{'s' if len(data.questions) != 1 else ''}"
        if data.questions
        else "",
        "your feedback on answers" if data.feedback else "",
        "the reminders and messages I sent you"
        if data.reminders_sent or data.messages_kept
        else "",
        "your name in letters' audit trails" if data.audit_entries else "",
        "your name on the meetings, letters and statuses you recorded"
        if data.coordinator_records
        else "",
    ]
    listed = ", ".join(p for p in parts if p)
    withdrawn = " Your signature on an open letter is withdrawn from it." if open_letters else ""
    text = (
        f"*Erase what I keep about you?* This erases {listed}.{withdrawn}"
        f"{_kept_sentence(kept)} It cannot be undone. Press the button, or type"
        f" `{SLASH_COMMAND} forget me confirm`."
    )
    confirm = actions(button("Erase my data", FORGET_ACTION, "confirm", style="danger"))
    return Reply(text, [*sections(text), confirm])


def forgotten(outcome: Forgotten) -> Reply:
    text = (
        "Done: I erased what I kept about you."
        f"{_kept_sentence(outcome.kept)}"
        " If you use the bot again, I keep what that needs (your Slack profile, your questions)"
        " as before."
    )
    return Reply(text, sections(text))
