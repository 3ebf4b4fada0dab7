"""OpenTelemetry tracing, optional: nothing is traced unless `CARSALES_TRACING_ENDPOINT` names the
OTLP/HTTP traces endpoint of a collector (the OpenTelemetry Collector, Jaeger, Grafana Tempo...).

Traced then: in an API process, every HTTP request (FastAPI's instrumentation: method, route,
status; a W3C `traceparent` header from the caller continues the caller's trace), with a child
span for each SQL statement it runs; in a `carsales worker` process, every job run
(`jobs/queue.py`). Health checks and /metrics are left out. Spans leave in batches from a
background thread, so a collector that is down or slow costs spans, never requests.
"""

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from sqlalchemy.ext.asyncio import AsyncEngine

from carsales import __version__
from carsales.config import Settings

UNTRACED_URLS = "/api/v1/health,/api/v1/ready,/metrics"


def create_tracer_provider(settings: Settings, service: str) -> TracerProvider | None:
    """Spans of this process, sent to the configured collector; None when tracing is off."""
    if not settings.tracing_endpoint:
        return None
    provider = TracerProvider(
        resource=Resource.create(
            {
                "service.name": service,
                "service.version": __version__,
                "deployment.environment.name": settings.env,
            }
        ),
        sampler=ParentBased(TraceIdRatioBased(settings.tracing_sample_ratio)),
    )
    provider.add_span_processor(
        BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.tracing_endpoint))
    )
    return provider


def trace_api(app: FastAPI, engine: AsyncEngine, provider: TracerProvider) -> None:
    """Requests to `app` and the statements they run on `engine`, to `provider` (the API
    process's; given rather than global, so that tests can run several apps)."""
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=UNTRACED_URLS)
    # The instrumentation declares SQLAlchemy < 2.1; it hooks only the engine events that 2.1
    # kept (tests/test_tracing.py checks the statements' spans).
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine, tracer_provider=provider, skip_dep_check=True
    )


def trace_worker_process(provider: TracerProvider) -> None:
    """A `carsales worker` process: its job runs (`jobs/queue.py` uses the global provider)."""
    trace.set_tracer_provider(provider)
