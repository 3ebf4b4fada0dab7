from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now; the database stores UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes: read them as the UTC they were written in."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
