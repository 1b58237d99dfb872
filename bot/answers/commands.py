"""`/roundtable ask`: an answer only the asker sees, with a button to share it in the channel."""

from __future__ import annotations

from bot.answers.conversation import answered, render_answer
from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.replies import Reply


def register(table: CommandTable) -> None:
    @table.command("ask", "ask QUESTION", "Ask about the dialogue; only you see the answer")
    async def ask_(invocation: Invocation) -> Reply:
        if not invocation.args:
            return Reply(f"Add your question: `{SLASH_COMMAND} ask When did the dialogue begin?`")
        answer, question_id = await answered(
            invocation.services, invocation.user_id, invocation.args, invocation.channel_id
        )
        return render_answer(answer, question_id, shareable=invocation.transport == "slack")
