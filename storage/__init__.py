"""Roundtable Bot's memory: tables, engine, migrations, seed data and the operations that change
the store. Nothing here knows about Slack."""
