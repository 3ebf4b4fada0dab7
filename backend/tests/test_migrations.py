"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy.engine import Connection

from carsales.models import Base


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_models(app: FastAPI) -> None:
    # `app` is built on a database migrated to head by the session fixture.
    async with app.state.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == [], "models changed without a migration: run alembic revision"
