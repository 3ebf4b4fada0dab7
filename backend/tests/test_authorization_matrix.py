"""Who may call what: every API endpoint against every role, in its own and a foreign dealership.

The table below must name every (method, path) the application serves, and nothing else: a new
endpoint fails this test until someone decides, here, who may call it. For each endpoint:

- public: nobody is asked to sign in (checked on the route's dependencies, and by calling it);
- otherwise the roles allowed: anonymous -> 401, another role -> 403, an allowed role -> neither
  401, 403 nor 404 (the bodies are minimal, so 400, 409 or 422 are fine);
- with an object id in the path: the id of an object of the caller's own dealership that every
  allowed role may see, and the same kind of object of another dealership, which is always 404.
  Where the rule is ownership, not role (`by_owner`: only the owner acts on a session that
  others may see), the other roles get 403 on the object they see and 404 on the foreign one,
  which they cannot see either.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.routing import compile_path

from carsales.auth.dependencies import current_user
from carsales.auth.tokens import new_opaque_token
from carsales.jobs import downloads
from carsales.kit.ids import new_id
from carsales.kit.time import utcnow
from carsales.models import (
    ActionPurpose,
    ActionToken,
    Certification,
    ContentProject,
    JobItem,
    JobType,
    Notification,
    NotificationKind,
    ProcessingJob,
    Role,
    SessionComment,
    SessionMode,
    SessionStatus,
    SessionType,
    TrainingAssignment,
    TrainingScenario,
    TrainingSession,
    User,
    Vehicle,
)
from carsales.training.recording import recording_key
from carsales.training.scenarios.service import tts_cache_key
from tests.conftest import TEST_PASSWORD, TestDealership

NOT_API = {"/{path:path}", "/metrics"}  # the web app's catch-all; metrics are closed at the proxy

ANYONE = frozenset(Role)
MANAGERS = frozenset({Role.manager, Role.admin})
ADMINS = frozenset({Role.admin})
# The World's sessions belong to its salesperson: on owner-only endpoints, only they may.
SESSION_OWNER = frozenset({Role.salesperson})
NEW_PASSWORD = "Another-Long-Passphrase-7"


@dataclass(frozen=True)
class Fresh:
    """A value made for each call: `kind` names what `World.make` creates."""

    kind: str


@dataclass(frozen=True)
class Access:
    roles: frozenset[Role] | None  # None: public
    ids: Mapping[str, str] = field(default_factory=dict)  # path parameter -> kind of object
    body: Mapping[str, Any] | None = None
    by_owner: bool = False  # `roles` are those of the owner of the World's object
    values: Mapping[str, str] = field(default_factory=dict)  # path parameters naming no object


PUBLIC = Access(roles=None)
OWNER_ONLY = Access(SESSION_OWNER, ids={"session_id": "session"}, by_owner=True)

EXPECTATIONS: dict[tuple[str, str], Access] = {
    # Operations
    ("GET", "/api/v1/health"): PUBLIC,
    ("GET", "/api/v1/ready"): PUBLIC,
    # Signing in and recovering an account happen before anyone is signed in.
    ("POST", "/api/v1/auth/login"): Access(
        None, body={"email": "sales@north-motors.example", "password": TEST_PASSWORD}
    ),
    ("POST", "/api/v1/auth/login/two-factor"): Access(
        None, body={"challengeToken": "not-a-challenge", "code": "000000"}
    ),
    ("POST", "/api/v1/auth/refresh"): PUBLIC,
    ("POST", "/api/v1/auth/logout"): PUBLIC,
    ("POST", "/api/v1/auth/password/forgot"): Access(None, body={"email": "nobody@example.com"}),
    ("POST", "/api/v1/auth/password/reset"): Access(
        None, body={"token": "not-a-token", "password": NEW_PASSWORD}
    ),
    ("GET", "/api/v1/auth/invitations/{token}"): Access(None, ids={"token": "invitation_token"}),
    ("POST", "/api/v1/auth/invitations/accept"): Access(
        None,
        body={
            "token": Fresh("invitation_token"),
            "password": NEW_PASSWORD,
            "firstName": "New",
            "lastName": "Hire",
        },
    ),
    # The signed, expiring link is the authorisation: browsers cannot attach a token to it.
    ("GET", "/api/v1/downloads/{token}"): Access(None, ids={"token": "download_token"}),
    # One's own account
    ("POST", "/api/v1/auth/two-factor/setup"): Access(ANYONE),
    ("POST", "/api/v1/auth/two-factor/confirm"): Access(ANYONE, body={"code": "000000"}),
    ("POST", "/api/v1/auth/two-factor/disable"): Access(ANYONE, body={"password": TEST_PASSWORD}),
    ("POST", "/api/v1/users/me/password"): Access(
        ANYONE, body={"currentPassword": "not-the-password", "newPassword": NEW_PASSWORD}
    ),
    ("GET", "/api/v1/users/me"): Access(ANYONE),
    ("PATCH", "/api/v1/users/me"): Access(ANYONE, body={}),
    # Users of the dealership
    ("GET", "/api/v1/users"): Access(MANAGERS),
    ("GET", "/api/v1/users/{user_id}"): Access(ANYONE, ids={"user_id": "user"}),
    ("PATCH", "/api/v1/users/{user_id}"): Access(ADMINS, ids={"user_id": "user"}, body={}),
    ("POST", "/api/v1/users/{user_id}/deactivate"): Access(ADMINS, ids={"user_id": "user"}),
    ("POST", "/api/v1/users/{user_id}/reactivate"): Access(ADMINS, ids={"user_id": "user"}),
    ("POST", "/api/v1/users/{user_id}/unlock"): Access(ADMINS, ids={"user_id": "user"}),
    ("GET", "/api/v1/users/locked"): Access(ADMINS),
    ("POST", "/api/v1/users/invitations/bulk"): Access(
        ADMINS, body={"csv": "Ina Vite,invitee@example.com,salesperson,"}
    ),
    ("POST", "/api/v1/users/invitations"): Access(
        ADMINS, body={"email": "invitee@example.com", "role": "salesperson"}
    ),
    ("GET", "/api/v1/users/invitations"): Access(ADMINS),
    ("DELETE", "/api/v1/users/invitations/{invitation_id}"): Access(
        ADMINS, ids={"invitation_id": "invitation"}
    ),
    # The dealership and its audit trail
    ("GET", "/api/v1/dealerships/current"): Access(ANYONE),
    ("PATCH", "/api/v1/dealerships/current"): Access(ADMINS, body={"name": "North Motors"}),
    ("PUT", "/api/v1/dealerships/current/logo-plate"): Access(ADMINS),
    ("DELETE", "/api/v1/dealerships/current/logo-plate"): Access(ADMINS),
    ("GET", "/api/v1/audit"): Access(ADMINS),
    ("GET", "/api/v1/audit/export.csv"): Access(ADMINS),
    # Usage analytics
    ("GET", "/api/v1/analytics/usage"): Access(ADMINS),
    # Image processing jobs (the upload itself is left empty: 422)
    ("POST", "/api/v1/jobs"): Access(ANYONE),
    ("GET", "/api/v1/jobs"): Access(ANYONE),
    ("GET", "/api/v1/jobs/{job_id}"): Access(ANYONE, ids={"job_id": "job"}),
    ("POST", "/api/v1/jobs/{job_id}/cancel"): Access(ANYONE, ids={"job_id": "job"}),
    ("POST", "/api/v1/jobs/{job_id}/retry"): Access(ANYONE, ids={"job_id": "job"}),
    ("DELETE", "/api/v1/jobs/{job_id}"): Access(ANYONE, ids={"job_id": "job"}),
    # Touch-ups: the job is still pending, so the call is refused by its state (409)
    ("POST", "/api/v1/jobs/{job_id}/items/{item_id}/touch-up"): Access(
        ANYONE,
        ids={"job_id": "job_with_photo", "item_id": "photo"},
        body={"strokes": [{"radius": 8, "points": [[10, 10]]}]},
    ),
    ("DELETE", "/api/v1/jobs/{job_id}/items/{item_id}/touch-up"): Access(
        ANYONE, ids={"job_id": "job_with_photo", "item_id": "photo"}
    ),
    # Voice training: scenarios (a custom one, written by the manager) and assignments
    ("GET", "/api/v1/training/scenarios"): Access(ANYONE),
    ("POST", "/api/v1/training/scenarios"): Access(MANAGERS),
    ("PATCH", "/api/v1/training/scenarios/{scenario_id}"): Access(
        MANAGERS, ids={"scenario_id": "scenario"}, body={}
    ),
    ("DELETE", "/api/v1/training/scenarios/{scenario_id}"): Access(
        MANAGERS, ids={"scenario_id": "scenario"}
    ),
    ("GET", "/api/v1/training/scenarios/{scenario_id}/lines/{index}/audio"): Access(
        ANYONE, ids={"scenario_id": "scenario", "index": "line_index"}
    ),
    ("POST", "/api/v1/training/scenarios/{scenario_id}/try"): Access(
        MANAGERS, ids={"scenario_id": "scenario"}, body={"answer": "I understand, Dana."}
    ),
    ("POST", "/api/v1/training/assignments"): Access(MANAGERS),
    ("GET", "/api/v1/training/assignments"): Access(ANYONE),
    ("DELETE", "/api/v1/training/assignments/{assignment_id}"): Access(
        MANAGERS, ids={"assignment_id": "assignment"}
    ),
    # Practice sessions (the salesperson's): recording and its state are the owner's alone; the
    # manager and the admin may see the session, not act on it (deleting: the admin too).
    ("POST", "/api/v1/sessions"): Access(ANYONE),
    ("GET", "/api/v1/sessions"): Access(ANYONE),
    ("GET", "/api/v1/sessions/{session_id}"): Access(ANYONE, ids={"session_id": "session"}),
    ("POST", "/api/v1/sessions/{session_id}/pause"): OWNER_ONLY,
    ("POST", "/api/v1/sessions/{session_id}/resume"): OWNER_ONLY,
    ("POST", "/api/v1/sessions/{session_id}/complete"): OWNER_ONLY,
    ("POST", "/api/v1/sessions/{session_id}/recording"): OWNER_ONLY,
    ("DELETE", "/api/v1/sessions/{session_id}"): Access(
        SESSION_OWNER | ADMINS, ids={"session_id": "session"}, by_owner=True
    ),
    ("GET", "/api/v1/sessions/{session_id}/audio"): Access(
        ANYONE, ids={"session_id": "recorded_session"}
    ),
    # A role-play customer's spoken line: whoever sees the session hears it.
    ("GET", "/api/v1/sessions/{session_id}/turns/{index}/audio"): Access(
        ANYONE, ids={"session_id": "roleplay_session"}, values={"index": "0"}
    ),
    # Comments on a session: whoever sees it reads and writes them; the author (the World's is
    # the salesperson's own reply) or an admin deletes one.
    ("GET", "/api/v1/sessions/{session_id}/comments"): Access(
        ANYONE, ids={"session_id": "session"}
    ),
    ("POST", "/api/v1/sessions/{session_id}/comments"): Access(
        ANYONE, ids={"session_id": "session"}, body={"atS": 1, "body": "Pause here."}
    ),
    ("DELETE", "/api/v1/sessions/{session_id}/comments/{comment_id}"): Access(
        SESSION_OWNER | ADMINS,
        ids={"session_id": "commented_session", "comment_id": "comment"},
        by_owner=True,
    ),
    # Certifications: everyone in the dealership reads them (holders: those the caller sees);
    # managers and admins define them.
    ("GET", "/api/v1/certifications"): Access(ANYONE),
    ("POST", "/api/v1/certifications"): Access(MANAGERS),
    ("GET", "/api/v1/certifications/{certification_id}"): Access(
        ANYONE, ids={"certification_id": "certification"}
    ),
    ("PATCH", "/api/v1/certifications/{certification_id}"): Access(
        MANAGERS, ids={"certification_id": "certification"}, body={}
    ),
    ("DELETE", "/api/v1/certifications/{certification_id}"): Access(
        MANAGERS, ids={"certification_id": "certification"}
    ),
    ("GET", "/api/v1/certifications/{certification_id}/holders"): Access(
        ANYONE, ids={"certification_id": "certification"}
    ),
    # The inventory is the dealership's: everyone reads and edits it; deleting and importing
    # (the upload itself is left empty: 422) are a manager's.
    ("GET", "/api/v1/vehicles"): Access(ANYONE),
    ("POST", "/api/v1/vehicles"): Access(ANYONE),
    ("GET", "/api/v1/vehicles/decode/{vin}"): Access(ANYONE, values={"vin": "5N3ZA0NE1AN908084"}),
    ("POST", "/api/v1/vehicles/import"): Access(MANAGERS),
    ("GET", "/api/v1/vehicles/{vehicle_id}"): Access(ANYONE, ids={"vehicle_id": "vehicle"}),
    ("PATCH", "/api/v1/vehicles/{vehicle_id}"): Access(
        ANYONE, ids={"vehicle_id": "vehicle"}, body={}
    ),
    ("DELETE", "/api/v1/vehicles/{vehicle_id}"): Access(MANAGERS, ids={"vehicle_id": "vehicle"}),
    # Content: everyone writes and submits; managers and admins publish and reject. A
    # salesperson's item (the World's) is visible to its author and to the dealership's managers
    # and admins. Bodies are minimal (422), or the call is refused by the item's state (409).
    ("POST", "/api/v1/content"): Access(ANYONE),
    ("GET", "/api/v1/content"): Access(ANYONE),
    ("GET", "/api/v1/content/stats"): Access(ANYONE),
    ("GET", "/api/v1/content/export.csv"): Access(ANYONE),
    ("POST", "/api/v1/content/lint"): Access(ANYONE),
    ("POST", "/api/v1/content/generate"): Access(ANYONE),
    ("POST", "/api/v1/content/batch"): Access(ANYONE),
    ("GET", "/api/v1/content/{content_id}"): Access(ANYONE, ids={"content_id": "content"}),
    ("PATCH", "/api/v1/content/{content_id}"): Access(
        ANYONE, ids={"content_id": "content"}, body={}
    ),
    ("DELETE", "/api/v1/content/{content_id}"): Access(ANYONE, ids={"content_id": "content"}),
    ("POST", "/api/v1/content/{content_id}/submit"): Access(ANYONE, ids={"content_id": "content"}),
    ("POST", "/api/v1/content/{content_id}/publish"): Access(
        MANAGERS, ids={"content_id": "content"}
    ),
    ("POST", "/api/v1/content/{content_id}/reject"): Access(
        MANAGERS, ids={"content_id": "content"}, body={"comment": "Needs the APR."}
    ),
    ("GET", "/api/v1/content/{content_id}/card.png"): Access(ANYONE, ids={"content_id": "content"}),
    ("GET", "/api/v1/content/{content_id}/print.pdf"): Access(
        ANYONE, ids={"content_id": "content"}
    ),
    ("GET", "/api/v1/content/{content_id}/export.txt"): Access(
        ANYONE, ids={"content_id": "content"}
    ),
    ("POST", "/api/v1/content/{content_id}/send-email"): Access(
        ANYONE, ids={"content_id": "content"}, body={"recipients": ["test@example.com"]}
    ),
    # The team dashboard: managers (their team) and admins (the dealership). The leaderboard is
    # public by default (the dealership's `leaderboardPublic`); tests/team checks the opt-out.
    ("GET", "/api/v1/team/members"): Access(MANAGERS),
    ("GET", "/api/v1/team/trends"): Access(MANAGERS),
    ("GET", "/api/v1/team/distribution"): Access(MANAGERS),
    ("GET", "/api/v1/team/leaderboard"): Access(ANYONE),
    ("GET", "/api/v1/team/members.csv"): Access(MANAGERS),
    ("GET", "/api/v1/team/report.pdf"): Access(MANAGERS),
    # Notifications: everyone has their own; only its recipient marks one read (the World's
    # belongs to the salesperson).
    ("GET", "/api/v1/notifications"): Access(ANYONE),
    ("POST", "/api/v1/notifications/read-all"): Access(ANYONE),
    ("POST", "/api/v1/notifications/{notification_id}/read"): Access(
        SESSION_OWNER, ids={"notification_id": "notification"}, by_owner=True
    ),
}


def api_routes(app: FastAPI) -> dict[tuple[str, str], APIRoute]:
    routes: dict[tuple[str, str], APIRoute] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path not in NOT_API:
            for method in context.methods or ():
                routes[(method, str(context.path))] = route
    return routes


def requires_sign_in(dependant: Dependant) -> bool:
    return any(
        dependency.call is current_user or requires_sign_in(dependency)
        for dependency in dependant.dependencies
    )


def test_every_endpoint_has_an_entry_and_every_entry_an_endpoint(app: FastAPI) -> None:
    served = set(api_routes(app))
    missing = sorted(served - EXPECTATIONS.keys())
    stale = sorted(EXPECTATIONS.keys() - served)
    assert not missing, f"Say who may call these in EXPECTATIONS: {missing}"
    assert not stale, f"EXPECTATIONS lists endpoints the app does not serve: {stale}"


def test_public_endpoints_are_the_listed_ones(app: FastAPI) -> None:
    for endpoint, route in api_routes(app).items():
        listed_public = EXPECTATIONS[endpoint].roles is None
        assert requires_sign_in(route.dependant) != listed_public, endpoint


def test_no_endpoint_is_hidden_behind_an_earlier_one(app: FastAPI) -> None:
    """A literal path (/users/me) declared after a parameterised one (/users/{user_id}) would
    never be reached."""
    earlier: list[tuple[str, str, Any]] = []
    for context in iter_route_contexts(app.routes):
        path = str(context.path)
        if not isinstance(context.original_route, APIRoute) or path in NOT_API:
            continue
        for method in context.methods or ():
            for other_method, other_path, regex in earlier:
                assert not (method == other_method and regex.match(path)), (
                    f"{method} {path} is captured by {other_path}"
                )
            earlier.append((method, path, compile_path(path)[0]))


class World:
    """Makes the objects that path ids and bodies refer to, in the caller's dealership or in
    the foreign one. Each call gets its own, so one role deleting it does not affect the next."""

    def __init__(
        self, app: FastAPI, db: AsyncSession, own: TestDealership, foreign: TestDealership
    ) -> None:
        self.app = app
        self.db = db
        self.dealerships = {"own": own, "foreign": foreign}
        # The comment on the latest "commented_session" of each dealership.
        self.comments: dict[str, str] = {}
        # The photo of the latest "job_with_photo" of each dealership.
        self.photos: dict[str, str] = {}

    async def make(self, kind: str, where: str) -> str:
        tenant = self.dealerships[where]
        # The salesperson's objects: every role of their dealership may see them.
        salesperson = tenant[Role.salesperson].user
        if kind == "user":
            return salesperson.id
        if kind in ("invitation", "invitation_token"):
            token, digest = new_opaque_token()
            invitation = ActionToken(
                purpose=ActionPurpose.invitation,
                token_hash=digest,
                dealership_id=tenant.id,
                email=f"invitee-{digest[:12]}@example.com",
                role=Role.salesperson,
                expires_at=utcnow() + timedelta(hours=1),
            )
            self.db.add(invitation)
            await self.db.commit()
            return token if kind == "invitation_token" else invitation.id
        if kind in ("job", "job_with_photo", "download_token"):
            job = ProcessingJob(
                dealership_id=tenant.id, owner_id=salesperson.id, job_type=JobType.full_pipeline
            )
            if kind == "job_with_photo":
                job.items = [JobItem(position=0, original_name="side.jpg")]
            self.db.add(job)
            await self.db.commit()
            if kind == "job_with_photo":
                self.photos[where] = job.items[0].id
            if kind != "download_token":
                return job.id
            grant = downloads.DownloadGrant(tenant.id, job.id, "archive", None)
            return downloads.sign(self.app.state.settings, grant)
        if kind == "line_index":
            return "0"
        if kind == "scenario":
            return await self._scenario(tenant)
        if kind in ("session", "recorded_session"):
            return await self._session(salesperson, recorded=kind == "recorded_session")
        if kind == "roleplay_session":
            session_id = await self._session(salesperson, recorded=False)
            roleplay = await self.db.get_one(TrainingSession, session_id)
            roleplay.mode = SessionMode.roleplay
            roleplay.turns = [{"speaker": "customer", "text": "Hi.", "audio_url": "spoken"}]
            await self.db.commit()
            return session_id
        if kind == "commented_session":
            session_id = await self._session(salesperson, recorded=False)
            reply = SessionComment(
                dealership_id=tenant.id,
                session_id=session_id,
                author_id=salesperson.id,
                at_s=1.0,
                body="I rushed the price.",
            )
            self.db.add(reply)
            await self.db.commit()
            self.comments[where] = reply.id
            return session_id
        if kind == "comment":
            return self.comments[where]
        if kind == "photo":
            return self.photos[where]
        if kind == "certification":
            certification = Certification(
                dealership_id=tenant.id,
                name=f"Price ready {new_id()}",  # one per route and role: names are unique
                items=[{"scenarioId": "objection-price", "passMark": 70}],
            )
            self.db.add(certification)
            await self.db.commit()
            return certification.id
        if kind == "assignment":
            assignment = TrainingAssignment(
                dealership_id=tenant.id,
                scenario_id="objection-price",
                user_id=salesperson.id,
                assigned_by_id=tenant[Role.manager].user.id,
            )
            self.db.add(assignment)
            await self.db.commit()
            return assignment.id
        if kind == "content":
            content = ContentProject(
                dealership_id=tenant.id,
                owner_id=salesperson.id,
                title="Weekend special",
                content_type="social",
                channel="instagram",
                content={"text": "Come see the Fit this weekend."},
                settings={"platform": "instagram"},
            )
            self.db.add(content)
            await self.db.commit()
            return content.id
        if kind == "notification":
            notification = Notification(
                dealership_id=tenant.id,
                user_id=salesperson.id,
                kind=NotificationKind.assignment_new,
                title="New assignment",
                body="Practise the price objection.",
            )
            self.db.add(notification)
            await self.db.commit()
            return notification.id
        if kind == "vehicle":
            vehicle = Vehicle(
                dealership_id=tenant.id, created_by_id=salesperson.id, make="Honda", model="Fit"
            )
            self.db.add(vehicle)
            await self.db.commit()
            return vehicle.id
        raise AssertionError(f"World cannot make a {kind!r}")

    async def _scenario(self, tenant: TestDealership) -> str:
        line = "What is the best price you can do?"
        scenario = TrainingScenario(
            dealership_id=tenant.id,
            created_by_id=tenant[Role.manager].user.id,
            session_type=SessionType.objection,
            title="Best price",
            persona="A buyer",
            situation="On the lot",
            vehicle="A hatchback",
            customer_lines=[line],
            rubric=[],
        )
        self.db.add(scenario)
        await self.db.commit()
        # The line is already spoken (cached), so that this test does not depend on espeak-ng.
        await self.app.state.storage.put_bytes(tts_cache_key(tenant.id, line), b"RIFF")
        return scenario.id

    async def _session(self, owner: User, recorded: bool) -> str:
        session = TrainingSession(
            dealership_id=owner.dealership_id,
            user_id=owner.id,
            session_type=SessionType.pitch,
            started_at=utcnow(),
        )
        self.db.add(session)
        await self.db.flush()
        if recorded:
            stored = await self.app.state.storage.put_bytes(recording_key(session), b"RIFF0000WAVE")
            session.status = SessionStatus.completed
            session.audio_key = stored.key
            session.audio_content_type = "audio/wav"
            session.audio_bytes = stored.size
        await self.db.commit()
        return session.id

    async def body(self, access: Access) -> Mapping[str, Any] | None:
        if access.body is None:
            return None
        return {
            key: await self.make(value.kind, "own") if isinstance(value, Fresh) else value
            for key, value in access.body.items()
        }


@pytest.mark.parametrize(
    ("method", "path"), sorted(EXPECTATIONS), ids=[f"{m} {p}" for m, p in sorted(EXPECTATIONS)]
)
async def test_endpoint_authorisation(
    method: str,
    path: str,
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    access = EXPECTATIONS[(method, path)]
    world = World(app, db, own=dealership, foreign=other_dealership)
    client.cookies.clear()  # the fixtures' sign-ins left a refresh cookie behind

    async def call(role: Role | None, where: str) -> httpx.Response:
        ids = {name: await world.make(kind, where) for name, kind in access.ids.items()}
        headers = dealership[role].headers if role is not None else {}
        return await client.request(
            method,
            path.format(**access.values, **ids),
            headers=headers,
            json=await world.body(access),
        )

    # Anonymous first and the admin last: the allowed calls may change things (a deactivation).
    for role in (None, Role.salesperson, Role.manager, Role.admin):
        # Foreign objects first, while the caller is certainly still active.
        for where in ("foreign", "own") if access.ids and access.roles else ("own",):
            response = await call(role, where)
            status = response.status_code
            case = (
                f"{method} {path} as {role or 'anonymous'} on an object of the {where} dealership"
            )
            assert status < 500, f"{case}: {status} {response.text}"
            if access.roles is None:
                assert status != 403, f"{case}: public, but {status} {response.text}"
            elif role is None:
                assert status == 401, f"{case}: expected 401, got {status}"
            elif role not in access.roles:
                refused = 404 if access.by_owner and where == "foreign" else 403
                assert status == refused, f"{case}: expected {refused}, got {status}"
            elif where == "foreign":
                assert status == 404, f"{case}: expected 404, got {status}"
            else:
                assert status not in (401, 403, 404), f"{case}: {status} {response.text}"
