"""Coalition letters: drafting, publishing, sign-ons, withdrawals, deadlines and exports."""
