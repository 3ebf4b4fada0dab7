"""The content API: each part's routes, in the order the OpenAPI document lists them.

Literal paths come first (/stats, /export.csv, /lint...): they must not read as an id. So the
projects' and the outputs' routes are in two routers each, those of the collection and those of
one item (/{content_id}...), and the collection's routers of every part come first."""

from fastapi import APIRouter

from carsales.content.outputs import router as outputs
from carsales.content.projects import router as projects
from carsales.content.writing import router as writing

router = APIRouter()
for part in (
    projects.router,
    outputs.router,
    writing.router,
    projects.item_router,
    outputs.item_router,
):
    router.include_router(part)
