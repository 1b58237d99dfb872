"""The letters tests' clock, set on the running bot: deadlines fall due when a test says."""

from __future__ import annotations

import pytest

from tests.letters.test_slack import Clock
from tests.support.bot_server import RunningBot


@pytest.fixture
def clock(bot: RunningBot) -> Clock:
    clock = Clock()
    bot.services.clock = clock
    return clock
