"""Errors are classes with a status code, rendered as RFC 9457 problem details."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger(__name__)


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
    body = {
        "type": f"https://carsales.invalid/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        **extra,
    }
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
        code = title.lower().replace(" ", "_")
        return problem(request, status, title, str(exc.detail), code, exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem(
            request, 500, "Internal server error", "An unexpected error occurred.", "internal_error"
        )
