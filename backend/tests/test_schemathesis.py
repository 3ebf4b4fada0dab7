"""The API contract fuzzed (issue 11, "The API contract is checked by a fuzzer in CI"):
schemathesis generates requests for every operation of the app's own OpenAPI document (so a
route added tomorrow is fuzzed without touching this file) and sends each one as a salesperson
and as an admin of the suite's seeded dealership. No answer may be a server error (5xx), and
every answer must be one the document declares: its status code, content type, body schema
and headers (problem details for errors).

In-process and bounded: requests go straight to the ASGI app through schemathesis's client
(no server, no network), a few examples per operation, derandomized (the same requests every
run, so a failure is reproducible and CI is not flaky): about a minute on two busy cores.

The app runs without its lifespan, deliberately: the lifespan starts the embedded job worker,
which would process the photos and recordings the fuzzer uploads with the real models (minutes
of CPU) and turn the run into a load test. Jobs are queued and never run; the runner's own
paths are tested in tests/jobs/. Nothing else is excluded: every operation in the document is
fuzzed.
"""

from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, Verbosity, given
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.python.asgi import ASGIClient
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from carsales.config import Settings
from carsales.main import create_fastapi
from carsales.models import Role
from tests.conftest import TestDealership

BASE_URL = "http://testserver"
Operation = APIOperation[Any, Any, Any, Any]
# Examples per operation: valid requests (by the document), and invalid ones (wrong types,
# missing fields), which must be refused with a 4xx, never a 5xx.
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 2}
ROLES = (Role.salesperson, Role.admin)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


class Session:
    """The app, its ASGI client and a token per role, signing in again after a 401: a fuzzed
    request may end its own sign-in session (logout), which must not blind the rest of the
    run."""

    def __init__(self, app: FastAPI, dealership: TestDealership) -> None:
        self.app = app
        # Not entered as a context manager: that would run the lifespan (see the module's doc).
        # (schemathesis types an ASGI app's scope as a dict, Starlette as a MutableMapping.)
        self.client = ASGIClient(app, BASE_URL)  # type: ignore[arg-type]
        self.dealership = dealership
        self._tokens = {role: dealership[role].token for role in ROLES}

    def headers(self, role: Role) -> dict[str, str]:
        if role not in self._tokens:
            member = self.dealership[role]
            response = self.client.post(
                "/api/v1/auth/login", json={"email": member.user.email, "password": member.password}
            )
            assert response.status_code == 200, response.text
            self._tokens[role] = response.json()["accessToken"]
        return {"Authorization": f"Bearer {self._tokens[role]}"}

    def signed_out(self, role: Role) -> None:
        self._tokens.pop(role, None)


@pytest.fixture
def fuzz_session(app: FastAPI, settings: Settings, dealership: TestDealership) -> Session:
    """A second app on the suite's database (PostgreSQL in the `db` pass): the suite's `app`
    holds connections of the tests' event loop, and schemathesis sends from a loop of its own.
    Asking for `app` also empties the database after the test, as after any other."""
    return Session(create_fastapi(settings), dealership)


def _fuzz(operation: Operation, mode: GenerationMode, session: Session) -> str | None:
    """The first failure of `operation` in `mode`, with the request to replay it; None when
    every answer passes the checks."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,  # the first failure of an operation is enough to act on
    )
    def run(case: Case[Operation]) -> None:
        for role in ROLES:
            response = case.call_and_validate(
                base_url=BASE_URL,
                session=session.client,
                headers=session.headers(role),
                checks=CHECKS,
            )
            if response.status_code == 401:
                session.signed_out(role)

    try:
        run()
    except Unsatisfiable:
        return None  # nothing in the request can be invalid (no parameters, or free strings)
    except (Exception, FailureGroup) as exc:
        # A failed check (with the request to replay it), or the app's own exception: the ASGI
        # client raises what the app raised instead of handing back its 500.
        return f"{operation.label} ({mode.value}): {type(exc).__name__}: {exc}"
    return None


def test_every_operation_answers_as_documented_and_never_with_a_server_error(
    fuzz_session: Session,
) -> None:
    schema = schemathesis.openapi.from_dict(fuzz_session.app.openapi())
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()  # the document itself must be valid
        operations.append(result.ok())
    assert len(operations) > 50  # the whole API, read from the document
    failures = [
        failure
        for operation in operations
        for mode in EXAMPLES
        if (failure := _fuzz(operation, mode, fuzz_session)) is not None
    ]
    assert not failures, "\n\n".join(failures)


async def test_text_holding_a_nul_character_is_a_bad_request_on_every_database(
    client: httpx.AsyncClient, dealership: TestDealership, settings: Settings
) -> None:
    """The fuzzer's first find on PostgreSQL, which refuses NUL in text (SQLite stores it): the
    request is at fault, so 400, not 500."""
    manager = dealership[Role.manager]
    scenario = {"sessionType": "objection", "title": "Price\u0000objection"}
    response = await client.post(
        "/api/v1/training/scenarios", headers=manager.headers, json=scenario
    )
    login = await client.post(
        "/api/v1/auth/login", json={"email": "a\u0000b@example.com", "password": "x"}
    )
    if settings.uses_sqlite:
        assert (response.status_code, login.status_code) == (201, 401), response.text
    else:
        for refused in (response, login):
            assert refused.status_code == 400, refused.text
            assert refused.json()["detail"] == "Text may not contain the NUL character (\\u0000)."
