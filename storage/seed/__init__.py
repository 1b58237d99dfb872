"""Seed data: the coalition's report on its dialogue with Kazakhstan, and its transcription."""
