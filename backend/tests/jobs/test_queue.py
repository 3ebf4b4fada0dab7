"""Which failures of a queued job's delivery are tried again."""

import pytest
import redis
import sqlalchemy

from carsales.jobs.queue import MAX_DELIVERIES, is_transient

CAUSE = Exception("from the driver")


@pytest.mark.parametrize(
    ("exception", "retried"),
    [
        (sqlalchemy.exc.OperationalError("SELECT 1", None, CAUSE), True),
        (redis.ConnectionError(), True),
        # asyncpg reports a connection the server ended as an internal error; SQLAlchemy marks
        # it lost (invalidated), and that is what counts.
        (sqlalchemy.exc.InternalError("SELECT 1", None, CAUSE, connection_invalidated=True), True),
        (sqlalchemy.exc.InternalError("SELECT 1", None, CAUSE), False),
        (ValueError("a bug"), False),
    ],
)
def test_database_and_broker_hiccups_are_retried(exception: Exception, retried: bool) -> None:
    assert is_transient(0, exception) is retried
    assert not is_transient(MAX_DELIVERIES, exception)  # and not forever
