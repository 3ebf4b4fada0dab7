"""Training: voice practice sessions, their live feedback and their final reports."""
