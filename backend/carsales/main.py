"""The ASGI application: FastAPI for REST, python-socketio for real time, the static web app."""

import asyncio
import functools
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import socketio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from carsales import __version__
from carsales.ai.cache import model_cache
from carsales.analytics.router import router as analytics_router
from carsales.audit.router import router as audit_router
from carsales.auth.dependencies import SocketAuthenticator
from carsales.auth.router import router as auth_router
from carsales.auth.session_relay import EndedSessionsRelay
from carsales.auth.sessions import EndedSessions, listen_for_ended_sessions
from carsales.config import Settings, get_settings
from carsales.content.router import router as content_router
from carsales.db import create_engine, create_sessionmaker
from carsales.dealerships.router import router as dealerships_router
from carsales.errors import PROBLEM_JSON, Problem, install_error_handlers
from carsales.events import EventEmitter, bind_emitter, create_socket_server
from carsales.frontend import mount_frontend
from carsales.health.docs import install_docs
from carsales.health.router import router as health_router
from carsales.imaging.router import router as imaging_router
from carsales.jobs.metrics import refresh_queue_metrics
from carsales.jobs.queue import JobQueue, ThreadsafeEmitter, UserEmitter, create_broker
from carsales.jobs.router import downloads_router
from carsales.jobs.router import router as jobs_router
from carsales.jobs.runtime import start_worker
from carsales.jobs.schemas import JOB_EVENTS
from carsales.kit.openapi import add_events, install_openapi
from carsales.logging import configure_logging
from carsales.middleware import (
    BodyLimitMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from carsales.notifications.router import router as notifications_router
from carsales.notifications.schemas import NOTIFICATION_EVENTS
from carsales.storage import create_storage
from carsales.team.router import router as team_router
from carsales.tracing import create_tracer_provider, trace_api
from carsales.training.live.hub import register_training_events
from carsales.training.live.protocol import LIVE_EVENTS, AudioAccepted, AudioRefused, TurnEndAnswer
from carsales.training.router import router as training_router
from carsales.users.invitation_router import router as invitations_router
from carsales.users.router import router as users_router
from carsales.vehicles.csv_import import CSV_MAX_BYTES
from carsales.vehicles.router import router as vehicles_router
from carsales.worker import register_job_kinds, start_loops, stop_loops

# Bytes a multipart body carries besides its file: boundaries and part headers.
MULTIPART_ALLOWANCE = 64 * 1024
RECORDING_UPLOAD = re.compile(r"/api/v1/sessions/[^/]+/recording")


def create_fastapi(settings: Settings) -> FastAPI:
    settings.check_production_safety()
    engine = create_engine(settings)
    sessionmaker = create_sessionmaker(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.loop = asyncio.get_running_loop()
        model_cache.set_idle_unload(settings.model_idle_unload_s)  # models are per process
        if settings.redis_url:
            # Scale-out: `carsales worker` processes run the jobs; this process only enqueues,
            # and hears of sessions ended by the other API processes.
            async with app.state.ended_sessions_relay.running():
                yield
        else:
            worker = start_worker(app.state.job_queue, settings.embedded_worker_threads)
            loops = start_loops(app.state.job_queue, sessionmaker, settings)
            yield
            await stop_loops(loops)
            await asyncio.to_thread(worker.stop)
        await engine.dispose()
        if tracer_provider is not None:  # sends the spans still waiting
            await asyncio.to_thread(tracer_provider.shutdown)

    app = FastAPI(
        title="Car Sales AI Assistant",
        version=__version__,
        docs_url=None,  # served by install_docs, with local assets
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker
    socket_auth = SocketAuthenticator(settings, sessionmaker)
    app.state.socket_server = create_socket_server(settings, socket_auth)

    async def close_sockets(ended: EndedSessions) -> None:
        socket_auth.forget(ended)
        await app.state.socket_server.end_sessions(ended.user_id, ended.includes)

    relay = EndedSessionsRelay(settings.redis_url, close_sockets) if settings.redis_url else None
    app.state.ended_sessions_relay = relay

    async def sessions_ended(ended: EndedSessions) -> None:
        await close_sockets(ended)
        if relay is not None:  # the other API processes close theirs
            await relay.publish(ended)

    listen_for_ended_sessions(sessionmaker, sessions_ended)
    app.state.events = EventEmitter(app.state.socket_server)
    bind_emitter(sessionmaker, app.state.events.to_user)
    app.state.storage = create_storage(settings)
    app.state.live_training = register_training_events(
        app.state.socket_server, sessionmaker, app.state.storage, settings, app.state.events
    )
    app.state.job_kinds = register_job_kinds(settings, app.state.storage)

    def worker_emitter() -> UserEmitter:
        if settings.redis_url:
            return EventEmitter.external(settings.redis_url)
        return ThreadsafeEmitter(app.state.loop, app.state.events)

    app.state.job_queue = JobQueue(
        settings, create_broker(settings), app.state.storage, app.state.job_kinds, worker_emitter
    )
    # Read from the database when /metrics is scraped (health/router.py).
    app.state.metrics_refreshers = [functools.partial(refresh_queue_metrics, sessionmaker)]

    install_error_handlers(app)
    for router in (
        health_router,
        auth_router,
        invitations_router,
        users_router,
        dealerships_router,
        audit_router,
        analytics_router,
        jobs_router,
        imaging_router,
        downloads_router,
        training_router,
        team_router,
        vehicles_router,
        content_router,
        notifications_router,
    ):
        app.include_router(router)
    # Wire formats outside the routes' bodies, for the generated client (kit/openapi.py).
    add_events(app, JOB_EVENTS, "jobs")
    add_events(app, LIVE_EVENTS, "training")
    add_events(app, NOTIFICATION_EVENTS, "notifications")
    install_openapi(
        app,
        sent=[AudioAccepted, AudioRefused, TurnEndAnswer],
        received=app.state.job_kinds.settings_models(),
        problem=Problem,
        problem_media_type=PROBLEM_JSON,
    )
    install_docs(app)
    mount_frontend(app, settings.frontend_dir)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_request_bytes,
        overrides={
            "/api/v1/jobs": settings.upload_max_total_bytes,
            "/api/v1/vehicles/import": CSV_MAX_BYTES + MULTIPART_ALLOWANCE,
        },
        routes={
            # Recording uploads only, not every /sessions route; the multipart framing around
            # the file needs a little more.
            RECORDING_UPLOAD: settings.training_upload_max_bytes + MULTIPART_ALLOWANCE,
        },
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.behind_tls)
    app.add_middleware(RequestContextMiddleware)
    tracer_provider = create_tracer_provider(settings, "carsales-api")
    if tracer_provider is not None:
        trace_api(app, engine, tracer_provider)
    app.state.tracer_provider = tracer_provider
    return app


def create_app(settings: Settings | None = None) -> socketio.ASGIApp:
    """The whole application; `uvicorn --factory carsales.main:create_app` runs it."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    api = create_fastapi(settings)
    asgi = socketio.ASGIApp(api.state.socket_server, other_asgi_app=api, socketio_path="socket.io")
    asgi.fastapi = api
    return asgi
