"""A person's own data: `/roundtable my data` shows what is kept about them, `/roundtable forget me`
erases it; `roundtable-bot privacy prune` (and a periodic job) forgets what is kept only for a
while."""
