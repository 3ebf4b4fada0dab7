"""An INSERT that loses quietly to a concurrent one: for work that several processes may do at
once (schedulers, job hooks), where the unique key decides who did it."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def insert_once(
    db: AsyncSession,
    model: type[DeclarativeBase],
    values: Mapping[str, Any],
    unique: Sequence[str],
) -> bool:
    """Inserts `values` unless a row with the same `unique` columns exists; whether it did.
    ON CONFLICT DO NOTHING rather than catching the error: a failed INSERT would abort the
    caller's whole PostgreSQL transaction."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=unique)
    result = await db.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]
