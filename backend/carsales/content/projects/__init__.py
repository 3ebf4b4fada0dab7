"""Content projects: the draft -> review -> published workflow and its revisions."""
