"""Roundtable Bot's face: Slack and console transports, question answering and the CLI."""
