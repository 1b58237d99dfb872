"""Roundtable Bot's clock: the scheduler and the work it runs on time."""
