"""Every wire format is in the OpenAPI document (the front end's client is generated from it),
and what the API sends matches it: problem details here; job and live-training events in
tests/jobs/test_runner.py and tests/training/test_realtime.py (through tests/wire.py)."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import carsales.main
import carsales.worker
from carsales.errors import AppError, Problem, ProblemCode
from carsales.imaging.schemas import ImageJobSettings
from carsales.jobs.schemas import JOB_EVENTS, JobEventName
from carsales.models import Role
from carsales.notifications.schemas import NOTIFICATION_EVENTS
from carsales.training.live.protocol import LIVE_EVENTS, AudioRefusal
from carsales.training.tasks import SpeechAnalysisSettings
from carsales.vehicles.vin import VinError
from tests.conftest import TestDealership
from tests.wire import conforms

# Codes the error handlers answer with themselves, besides those of the AppError classes.
HANDLER_CODES = {ProblemCode.validation_error, ProblemCode.method_not_allowed}


def _codes(cls: type[Exception]) -> set[str]:
    """The `code` of the class and of all its subclasses."""
    return {cls.code, *(code for sub in cls.__subclasses__() for code in _codes(sub))}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_every_error_code_is_listed_and_every_listed_code_is_used() -> None:
    # The whole app is imported (main, worker), so every AppError class of every module exists.
    assert carsales.main and carsales.worker
    # A VIN's problem is answered with the VinError's own code (vehicles/service.py).
    codes = _codes(AppError) | _codes(VinError)
    assert codes - {code.value for code in ProblemCode} == set(), "add them to ProblemCode"
    assert {code.value for code in ProblemCode} - codes - HANDLER_CODES == set()


def test_problem_codes_are_an_enum_in_the_document(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["ProblemCode"]["enum"] == [code.value for code in ProblemCode]
    assert schemas["Problem"]["properties"]["code"] == _ref("ProblemCode")


def test_every_operation_documents_its_errors_as_problem_details(
    document: dict[str, Any],
) -> None:
    problem = {"application/problem+json": {"schema": _ref("Problem")}}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = {status for status in responses if status == "default" or status[0] in "45"}
            assert "default" in errors, (method, path)
            for status in errors:
                assert responses[status]["content"] == problem, (method, path, status)
    # FastAPI's own validation body is never sent, so it is not documented.
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_events_are_webhooks_carrying_their_payload(document: dict[str, Any]) -> None:
    events = {**JOB_EVENTS, **LIVE_EVENTS, **NOTIFICATION_EVENTS}
    assert set(JOB_EVENTS) == {name.value for name in JobEventName}
    assert set(document["webhooks"]) == set(events)
    for name, model in events.items():
        body = document["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]
        assert body["schema"] == _ref(model.__name__)


def test_acks_and_job_settings_are_components(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name in ("AudioAccepted", "AudioRefused", "LiveWord", "JobItemEvent"):
        assert name in schemas
    assert schemas["AudioRefusal"]["enum"] == [code.value for code in AudioRefusal]
    # Settings as a client writes them: defaults may be left out.
    for model in (ImageJobSettings, SpeechAnalysisSettings):
        assert "required" not in schemas[model.__name__]
    assert set(schemas["ImageJobSettings"]["properties"]) == set(
        ImageJobSettings.model_json_schema(by_alias=True)["properties"]
    )
    # A shared enum stays one component, however many wire formats name it.
    assert schemas["JobEvent"]["properties"]["status"] == _ref("JobStatus")
    assert "JobStatus-Input" not in schemas and "JobEvent-Input" not in schemas


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/nowhere", 404, "not_found"),
        ("PUT", "/api/v1/health", 405, "method_not_allowed"),
        ("GET", "/api/v1/users/me", 401, "unauthorized"),
        ("POST", "/api/v1/auth/login", 422, "validation_error"),
    ],
)
async def test_error_bodies_are_exactly_problem_details(
    client: httpx.AsyncClient, method: str, path: str, status: int, code: str
) -> None:
    response = await client.request(method, path, json={})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    conforms(Problem, body)


async def test_domain_errors_are_problem_details(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    """A module's own error: jobs' `invalid_settings`, from the job settings model."""
    headers = dealership[Role.salesperson].headers
    response = await client.post(
        "/api/v1/jobs",
        headers=headers,
        data={"settings": '{"quality": "best"}'},
        files={"files": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")},
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_settings"
    conforms(Problem, response.json())
