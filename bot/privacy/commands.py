"""`/roundtable my data` and `/roundtable forget me [confirm]`: a person's own data, shown to them
alone and erased when they confirm. The erasure serves the confirmation button too."""

from __future__ import annotations

from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.replies import Reply
from bot.privacy import views
from bot.services import Services
from storage import privacy
from storage.errors import InvalidInput


async def forget(services: Services, user_id: str) -> Reply:
    """Erase what is kept about `user_id` (their confirmation given), and show the letters whose
    count changed."""
    outcome = await services.store.run(privacy.forget_person, user_id, services.clock())
    slack = services.letters
    if slack is not None:
        for letter_id in outcome.letters_changed:
            await slack.refresh(letter_id)
    return views.forgotten(outcome)


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
            return await forget(services, invocation.user_id)
        raise InvalidInput(
            f"Usage: `{SLASH_COMMAND} forget me`, then `{SLASH_COMMAND} forget me confirm`."
        )
