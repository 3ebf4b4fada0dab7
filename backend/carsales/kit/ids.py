import uuid


def new_id() -> str:
    """A random, URL-safe identifier used as every table's primary key."""
    return uuid.uuid4().hex
