"""The small Slack kit every feature shares: the command table, replies and Block Kit, escaping,
dates, people and the one place unexpected failures end."""
