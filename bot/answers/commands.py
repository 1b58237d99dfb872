"""`/roundtable ask`: an answer only the asker sees, with a button to share it in the channel."""

from __future__ import annotations

from bot.answers.conversation import WORKING, answer_and_record, render_answer
from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.replies import Reply


def register(table: CommandTable) -> None:
    @table.command(
        "ask",
        "ask QUESTION",
        "Ask about the dialogue; only you see the answer",
        example="ask When did the dialogue begin?",
        # A language model takes seconds: say at once that the answer is coming.
        acknowledgement=lambda services: WORKING if services.generative else None,
    )
    async def ask_(invocation: Invocation) -> Reply:
        if not invocation.args:
            return Reply(f"Add your question: `{SLASH_COMMAND} ask When did the dialogue begin?`")
        services = invocation.services
        # Only the asker reads it; sharing it in the channel answers again, for the channel.
        viewer = await services.visibility.of_person(invocation.user_id)
        answer, question_id = await answer_and_record(
            services, viewer, invocation.user_id, invocation.args, invocation.channel_id
        )
        return render_answer(answer, question_id, shareable=invocation.transport == "slack")
