"""Slack as a transport: the Bolt app, its HTTP and Socket Mode server, the `/roundtable` command
and event de-duplication. Features register their own listeners through `bot.features`."""
