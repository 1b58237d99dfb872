"""Help, the dialogue's timeline and the App Home: where a person starts."""
