"""Follow-up meetings: scheduling, announcements, RSVPs, reminders and outcomes."""
