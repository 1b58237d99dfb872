"""Questions about the dialogue, answered from the coalition's records with their sources."""
