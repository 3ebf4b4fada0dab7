"""The OpenAPI document: the REST routes, plus the wire formats that no route's body carries.

Socket.IO events, the acknowledgement of an event, the settings that travel as a JSON string in a
form field and the error body are models too, and the front end's client is generated from this
document, so they must be in it:

- each event the server sends is an OpenAPI 3.1 *webhook* named by the event (`job.progress`),
  whose request body is the event's payload: a message the API sends, not a route it serves;
- every other model goes through a route that exists only while the document is built, so that
  FastAPI names and splits its schemas exactly as it does for the real routes (a shared enum or
  nested model is one component, never a second copy under another name);
- every operation's error responses are the problem model, as `application/problem+json`
  (`default`, plus FastAPI's own 422, which otherwise names a body the API never sends).
"""

import inspect
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

from fastapi import Body, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel

_SCHEMA_ONLY = "/schema-only/"
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
_REF = "#/components/schemas/"


def _taking(model: type[BaseModel]) -> Callable[..., None]:
    def endpoint(body: Annotated[model, Body()]) -> None:  # type: ignore[valid-type]
        """Never called: the document only reads its signature."""

    return endpoint


def _giving() -> None:
    """Never called: the document only reads its response model."""


def _schema_routes(
    sent: Iterable[type[BaseModel]], received: Iterable[type[BaseModel]]
) -> list[APIRoute]:
    """Routes that put the models into the document's components: `sent` as the server writes
    them (serialization), `received` as it reads them (validation)."""
    routes = [
        APIRoute(f"{_SCHEMA_ONLY}sent/{model.__name__}", _giving, response_model=model)
        for model in sent
    ]
    routes += [
        APIRoute(f"{_SCHEMA_ONLY}received/{model.__name__}", _taking(model), methods=["POST"])
        for model in received
    ]
    return routes


def add_events(app: FastAPI, events: Mapping[str, type[BaseModel]], tag: str) -> None:
    """Document each Socket.IO event the server sends as a webhook carrying its payload."""
    for name, model in events.items():
        app.webhooks.add_api_route(
            name,
            _taking(model),
            methods=["POST"],
            tags=[tag],
            summary=f"Socket.IO event `{name}`",
            description=inspect.cleandoc(model.__doc__ or ""),
            operation_id=name.replace(".", "_"),
        )


def _problem_responses(document: dict[str, Any], problem_ref: str, media_type: str) -> None:
    content = {media_type: {"schema": {"$ref": problem_ref}}}
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status == "default" or status[0] in "45":
                    response["content"] = content
            if "422" in responses:
                responses["422"]["description"] = "`validation_error`: the request did not validate"
            responses.setdefault(
                "default",
                {
                    "description": "An error: problem details, whose `code` says which",
                    "content": content,
                },
            )
    # An event is not answered: FastAPI's responses for a webhook mean nothing here.
    for operations in document.get("webhooks", {}).values():
        for operation in operations.values():
            operation["responses"] = {"200": {"description": "Events are not answered"}}
    schemas = document.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION:
        if f'"{_REF}{name}"' not in json.dumps(document):
            schemas.pop(name, None)


def install_openapi(
    app: FastAPI,
    *,
    sent: Iterable[type[BaseModel]],
    received: Iterable[type[BaseModel]],
    problem: type[BaseModel],
    problem_media_type: str,
) -> None:
    """Replace the app's `openapi()` by one that adds the models above and the error bodies."""
    extra = _schema_routes([*sent, problem], received)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                summary=app.summary,
                description=app.description,
                routes=[*app.routes, *extra],
                webhooks=app.webhooks.routes,
                tags=app.openapi_tags,
                servers=app.servers,
                separate_input_output_schemas=app.separate_input_output_schemas,
            )
            paths = document["paths"]
            # The problem model's component name, as FastAPI chose it.
            problem_route = paths[f"{_SCHEMA_ONLY}sent/{problem.__name__}"]["get"]
            problem_ref = problem_route["responses"]["200"]["content"]["application/json"]
            document["paths"] = {
                path: item for path, item in paths.items() if not path.startswith(_SCHEMA_ONLY)
            }
            _problem_responses(document, problem_ref["schema"]["$ref"], problem_media_type)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
