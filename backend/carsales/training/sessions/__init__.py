"""Practice sessions: their recordings, their state and their reports."""
