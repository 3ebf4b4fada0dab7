"""The training API: each aggregate's routes, in the order the OpenAPI document lists them."""

from fastapi import APIRouter

from carsales.training.assignments.router import router as assignments_router
from carsales.training.certifications.router import router as certifications_router
from carsales.training.comments.router import router as comments_router
from carsales.training.scenarios.router import router as scenarios_router
from carsales.training.sessions.router import router as sessions_router

router = APIRouter()
for part in (
    scenarios_router,
    assignments_router,
    sessions_router,
    comments_router,
    certifications_router,
):
    router.include_router(part)
