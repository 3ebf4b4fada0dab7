"""Words for sentences users read."""


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 session', '3 sessions'; `many` where adding an s would be wrong ('people')."""
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count} {word}"
