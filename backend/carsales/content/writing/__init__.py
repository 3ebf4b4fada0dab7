"""Writing copy: the generation stream, live linting and batches of drafts."""
