"""Alembic, driven from code: `roundtable-bot db upgrade` and the bot's own start-up call this."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

from storage.db import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | URL) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # env.py reads the engine from here rather than from an alembic.ini, so the URL (and any
    # password in it) never passes through ConfigParser interpolation or a log line.
    config.attributes["engine"] = make_engine(url)
    return config


def upgrade(url: str | URL, revision: str = "head") -> None:
    config = alembic_config(url)
    try:
        command.upgrade(config, revision)
    finally:
        config.attributes["engine"].dispose()
