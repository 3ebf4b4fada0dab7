"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy.engine import Connection

from carsales.migrate import upgrade
from carsales.models import Base


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


# SQLite cannot reflect an index on an expression (certifications' lowered name); the PostgreSQL
# run compares it.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
async def test_migrated_schema_matches_the_models(app: FastAPI) -> None:
    # `app` is built on a database migrated to head by the session fixture.
    async with app.state.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == [], "models changed without a migration: run alembic revision"


def test_certifications_sharing_a_name_are_numbered_not_lost(tmp_path: Path) -> None:
    database = tmp_path / "before-0014.db"
    upgrade(f"sqlite+aiosqlite:///{database}", "0013")
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO certifications (id, dealership_id, name, items, created_at, updated_at)"
            " VALUES (?, ?, ?, '[]', ?, ?)",
            [
                (id_, dealership, name, f"2026-01-0{day} 00:00:00", "2026-01-01 00:00:00")
                for id_, dealership, name, day in [
                    ("c1", "d1", "Price ready", 1),
                    ("c2", "d1", "price ready", 2),
                    ("c3", "d1", "Price ready (2)", 3),
                    ("c4", "d1", "Price ready", 4),
                    ("c5", "d2", "Price ready", 5),
                ]
            ],
        )
    upgrade(f"sqlite+aiosqlite:///{database}", "head")
    with sqlite3.connect(database) as connection:
        names = dict(connection.execute("SELECT id, name FROM certifications").fetchall())
        # The index holds the service's rule, letter case aside (0015), so a request racing
        # past the service's check with a differently cased name is refused too.
        for name in ["Price ready", "PRICE READY"]:
            with pytest.raises(sqlite3.IntegrityError):
                connection.execute(
                    "INSERT INTO certifications (id, dealership_id, name, items, created_at,"
                    " updated_at) VALUES ('c6', 'd2', ?, '[]', '', '')",
                    (name,),
                )
    assert names == {
        "c1": "Price ready",
        "c2": "price ready (3)",
        "c3": "Price ready (2)",
        "c4": "Price ready (4)",
        "c5": "Price ready",
    }
