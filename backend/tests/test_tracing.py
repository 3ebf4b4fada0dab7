"""Tracing: off unless configured; on, a request and the SQL statements it runs reach the
configured OTLP/HTTP collector (a fake one here, decoding what the real exporter sends), in the
trace its caller started."""

import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from carsales.config import Settings
from carsales.main import create_fastapi

CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_TRACEPARENT = f"00-{CALLER_TRACE_ID}-00f067aa0ba902b7-01"


class Collector(ThreadingHTTPServer):
    """Receives OTLP/HTTP trace exports on loopback and keeps their spans."""

    def __init__(self) -> None:
        self.requests: list[ExportTraceServiceRequest] = []
        super().__init__(("127.0.0.1", 0), _ExportHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/v1/traces"

    def spans(self) -> list[tuple[dict[str, Any], Span]]:
        """Every span received, with the attributes of the process that sent it."""
        return [
            (_attributes(resource_spans.resource.attributes), span)
            for request in self.requests
            for resource_spans in request.resource_spans
            for scope_spans in resource_spans.scope_spans
            for span in scope_spans.spans
        ]


class _ExportHandler(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(ExportTraceServiceRequest.FromString(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # the test's output stays clean
        pass


def _attributes(pairs: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    pair: KeyValue
    for pair in pairs:
        kind = pair.value.WhichOneof("value")
        values[pair.key] = getattr(pair.value, kind) if kind else None
    return values


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
async def traced_app(
    settings: Settings, _migrated: None, collector: Collector
) -> AsyncIterator[FastAPI]:
    application = create_fastapi(settings.model_copy(update={"tracing_endpoint": collector.url}))
    yield application
    # Instrumentation is per process: the other tests' apps stay untraced.
    FastAPIInstrumentor.uninstrument_app(application)
    SQLAlchemyInstrumentor().uninstrument()
    application.state.tracer_provider.shutdown()
    await application.state.engine.dispose()


def test_tracing_is_off_unless_an_endpoint_is_set(app: FastAPI) -> None:
    assert app.state.settings.tracing_endpoint is None
    assert app.state.tracer_provider is None


async def test_a_request_and_its_statements_reach_the_collector_in_the_callers_trace(
    app: FastAPI, traced_app: FastAPI, collector: Collector
) -> None:
    transport = httpx.ASGITransport(app=traced_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        refused = await http.post(
            "/api/v1/auth/login",
            json={"email": "nobody@example.com", "password": "not-the-password"},
            headers={"traceparent": CALLER_TRACEPARENT},
        )
        health = await http.get("/api/v1/health")
    assert refused.status_code == 401, refused.text
    assert health.status_code == 200
    assert traced_app.state.tracer_provider.force_flush()

    spans = collector.spans()
    assert {resource["service.name"] for resource, _ in spans} == {"carsales-api"}
    [request] = [span for _, span in spans if span.kind == Span.SPAN_KIND_SERVER]
    assert request.name == "POST /api/v1/auth/login"  # health checks are left out
    assert request.trace_id.hex() == CALLER_TRACE_ID
    attributes = _attributes(request.attributes)
    assert attributes["http.route"] == "/api/v1/auth/login"
    assert 401 in (attributes.get("http.status_code"), attributes.get("http.response.status_code"))
    database = [span for _, span in spans if span.kind == Span.SPAN_KIND_CLIENT]
    assert all(span.trace_id == request.trace_id for span in database)
    statements = [_attributes(span.attributes).get("db.statement", "") for span in database]
    assert any(
        statement.startswith("SELECT") and "users" in statement for statement in statements
    ), f"the account's look-up is not among the traced statements: {statements}"
