"""Errors are classes with a status code, rendered as RFC 9457 problem details."""

from collections.abc import Mapping
from enum import StrEnum, auto
from http import HTTPStatus
from typing import Any

import sqlalchemy.exc
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger(__name__)


class ProblemCode(StrEnum):
    """Every `code` the API answers with: the stable name a client acts on (the title and
    detail are for people); a member's value is its name. Each `AppError` subclass's code must
    be listed here, and nothing else: tests/test_errors.py checks both ways."""

    # The generic errors below, and Starlette's own (an unknown path or method).
    bad_request = auto()
    unauthorized = auto()
    forbidden = auto()
    not_found = auto()
    method_not_allowed = auto()
    conflict = auto()
    payload_too_large = auto()
    validation_error = auto()
    too_many_requests = auto()
    internal_error = auto()
    service_unavailable = auto()
    # auth/
    invalid_credentials = auto()
    too_many_attempts = auto()
    invalid_code = auto()
    invalid_challenge = auto()
    refresh_token_reused = auto()
    session_expired = auto()
    invalid_token = auto()
    wrong_password = auto()
    weak_password = auto()
    two_factor_enabled = auto()
    two_factor_not_started = auto()
    email_taken = auto()
    invalid_manager = auto()
    rate_limited = auto()
    # users/
    last_admin = auto()
    cannot_deactivate_self = auto()
    mail_not_configured = auto()
    # storage, jobs/
    storage_full = auto()
    file_not_found = auto()
    invalid_settings = auto()
    invalid_attachment = auto()
    unsupported_file = auto()
    image_too_large = auto()
    quota_exceeded = auto()
    # training/
    unknown_scenario = auto()
    builtin_scenario = auto()
    invalid_rubric = auto()
    speech_unavailable = auto()
    nothing_recorded = auto()
    unsupported_audio = auto()
    range_not_satisfiable = auto()
    invalid_assignee = auto()
    due_in_past = auto()
    duplicate_certification = auto()
    # vehicles/
    duplicate_vehicle = auto()
    invalid_vin = auto()
    vin_check_digit = auto()
    unknown_vin = auto()
    unreadable_csv = auto()
    too_many_rows = auto()
    # content/
    illegal_transition = auto()
    compliance_errors = auto()
    channel_type_mismatch = auto()
    not_deletable = auto()
    smtp_not_configured = auto()
    not_email_content = auto()
    not_published = auto()
    unknown_image = auto()
    vehicle_details_missing = auto()


_CODES = frozenset(code.value for code in ProblemCode)
# What a lost or refused database connection raises: SQLAlchemy's wrappers of the driver's
# errors, its pool running dry, and the socket errors of a connect that never got through.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    ConnectionError,
)
DATABASE_RETRY_AFTER_SECONDS = 5


def lost_database_connection(exc: BaseException) -> bool:
    """A driver error SQLAlchemy recognised as the connection's loss (it has invalidated the
    connection): asyncpg reports a connection the server ended while it sat in the pool as an
    internal error, not as one of `DATABASE_UNAVAILABLE`."""
    return isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated


# PostgreSQL refuses text holding the NUL character (SQLSTATE 22021, character_not_in_repertoire)
# which JSON ("\u0000"), query strings and forms (%00) can all carry: the request's fault.
NUL_IN_TEXT_SQLSTATE = "22021"
# Statuses whose phrase is not the name of their code (a body too large, refused while read).
_HTTP_STATUS_CODES = {413: ProblemCode.payload_too_large}


class ValidationIssue(BaseModel):
    """One field that did not validate (`validation_error`)."""

    loc: list[str | int] = Field(description="Where: body, query, path or header, then the field")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details: the body of every error response (`application/problem+json`).

    Errors may add members of their own (the compliance findings of `compliance_errors`, for
    example); the ones every client may rely on are declared here."""

    # Extra members are part of the answer, so they pass through; member names are RFC 9457's
    # (snake_case `retry_after`), not the camelCase of the API's bodies.
    model_config = ConfigDict(extra="allow")

    type: str = Field(description="A URI naming the kind of problem, ending in its code")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The path of the request")
    code: ProblemCode
    errors: list[ValidationIssue] | None = Field(
        default=None, description="`validation_error`: each field that did not validate"
    )
    retry_after: int | None = Field(
        default=None,
        description="`too_many_requests`, `too_many_attempts`, `rate_limited`: seconds to wait",
    )


def problem_body(
    status: int, title: str, detail: str, code: str, instance: str, **extra: Any
) -> dict[str, Any]:
    """The problem as JSON, built through `Problem` so that the answer matches its schema."""
    body = Problem(
        type=f"https://carsales.invalid/problems/{code}",
        title=title,
        status=status,
        detail=detail,
        instance=instance,
        code=ProblemCode(code),
        **extra,
    )
    # Members left out stay out: `errors` and `retry_after` belong to a few codes only.
    return body.model_dump(mode="json", exclude_unset=True)


class AppError(Exception):
    status_code: int = 500
    title: str = "Internal server error"
    code: str = "internal_error"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra

    def headers(self) -> dict[str, str]:
        return {}


class BadRequest(AppError):
    status_code = 400
    title = "Bad request"
    code = "bad_request"


class Unauthorized(AppError):
    status_code = 401
    title = "Authentication required"
    code = "unauthorized"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(AppError):
    status_code = 403
    title = "Forbidden"
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    title = "Not found"
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    title = "Conflict"
    code = "conflict"


class PayloadTooLarge(AppError):
    status_code = 413
    title = "Payload too large"
    code = "payload_too_large"


class TooManyRequests(AppError):
    status_code = 429
    title = "Too many requests"
    code = "too_many_requests"

    def __init__(self, detail: str | None = None, *, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, retry_after=retry_after, **extra)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailable(AppError):
    status_code = 503
    title = "Service unavailable"
    code = "service_unavailable"


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    code: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = problem_body(status, title, detail, code, request.url.path, **extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem(
            request, exc.status_code, exc.title, exc.detail, exc.code, exc.headers(), **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]}
            for err in exc.errors()
        ]
        return problem(
            request,
            422,
            "Invalid request",
            "The request did not validate.",
            "validation_error",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        title = HTTPStatus(status).phrase
        code = _HTTP_STATUS_CODES.get(status) or title.lower().replace(" ", "_")
        if code not in _CODES:  # a status nothing here raises today: its class's code
            code = ProblemCode.bad_request if status < 500 else ProblemCode.internal_error
        return problem(request, status, title, str(exc.detail), code, exc.headers)

    async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
        # The database is down, unreachable or (SQLite) locked past the busy timeout: nothing
        # is wrong with the request, so say when to try again rather than answer a 500.
        log.warning("database_unavailable", path=request.url.path, error=type(exc).__name__)
        return problem(
            request,
            503,
            "Service unavailable",
            "The database is not available at the moment; try again shortly.",
            "service_unavailable",
            {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
            retry_after=DATABASE_RETRY_AFTER_SECONDS,
        )

    for unavailable in DATABASE_UNAVAILABLE:
        app.add_exception_handler(unavailable, _database_unavailable)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem(
            request, 500, "Internal server error", "An unexpected error occurred.", "internal_error"
        )

    @app.exception_handler(sqlalchemy.exc.DBAPIError)
    async def _database_error(request: Request, exc: sqlalchemy.exc.DBAPIError) -> JSONResponse:
        if lost_database_connection(exc):
            return await _database_unavailable(request, exc)
        if getattr(exc.orig, "sqlstate", None) == NUL_IN_TEXT_SQLSTATE:
            return problem(
                request,
                400,
                "Bad request",
                "Text may not contain the NUL character (\\u0000).",
                "bad_request",
            )
        return await _unexpected(request, exc)
