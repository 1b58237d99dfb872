"""`/roundtable my data` and `/roundtable forget me [confirm]`: a person's own data, shown to them
alone and erased when they confirm. The erasure serves the confirmation button too."""

from __future__ import annotations

from sqlmodel import Session

from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.replies import Reply
from bot.letters.slack import refreshed
from bot.privacy import views
from storage import letters, privacy
from storage.errors import InvalidInput
from storage.models import Letter
from storage.outbox import Outgoing


async def forget(invocation: Invocation) -> Reply:
    """Erase what is kept about the invoking person (their confirmation given); the reply, and
    the edits that show the letters whose count changed, are committed with the erasure."""
    services, user_id, now = invocation.services, invocation.user_id, invocation.services.clock()

    def erase(session: Session) -> tuple[privacy.Forgotten, list[Letter]]:
        outcome = privacy.forget_person(session, user_id, now)
        return outcome, [letters.find_letter(session, ref) for ref in outcome.letters_changed]

    def edits(erased: tuple[privacy.Forgotten, list[Letter]]) -> list[Outgoing]:
        if services.letters is None:
            return []
        return [edit for letter in erased[1] for edit in refreshed(letter)]

    return await invocation.change(erase, lambda erased: views.forgotten(erased[0]), edits)


def register(table: CommandTable) -> None:
    @table.command("my", "my data", "See everything I keep about you (only you see it)")
    async def my(invocation: Invocation) -> Reply:
        if invocation.args.lower() != "data":
            raise InvalidInput(f"Usage: `{SLASH_COMMAND} my data`.")
        services = invocation.services
        data = await services.store.run(privacy.personal_data, invocation.user_id)
        zone = await services.people.zone_of(invocation.user_id)
        return views.my_data(data, zone, services.settings.retention_days)

    @table.command("forget", "forget me", "Erase what I keep about you, after you confirm")
    async def forget_me(invocation: Invocation) -> Reply:
        words = invocation.args.lower().split()
        services = invocation.services
        if words == ["me"]:
            data = await services.store.run(privacy.personal_data, invocation.user_id)
            return views.forget_preview(data)
        if words == ["me", "confirm"]:
            return await forget(invocation)
        raise InvalidInput(
            f"Usage: `{SLASH_COMMAND} forget me`, then `{SLASH_COMMAND} forget me confirm`."
        )
