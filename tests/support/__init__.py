"""Test helpers: a fake Slack Web API and builders of signed Slack requests."""
