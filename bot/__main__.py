"""`python -m bot` is `roundtable-bot`."""

import sys

from bot.cli import main

sys.exit(main())
