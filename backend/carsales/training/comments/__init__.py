"""Comments on a practice session, each pinned to a moment of its recording: a coach's remarks,
and the salesperson's replies."""
