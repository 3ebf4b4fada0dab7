from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from carsales.kit.pagination import Page, Pagination
from carsales.team.dependencies import ManagerTeamServiceDep, TeamServiceDep
from carsales.team.schemas import (
    Distribution,
    DistributionQuery,
    Leaderboard,
    LeaderboardQuery,
    MemberRow,
    MembersQuery,
    Trends,
    TrendsQuery,
)

router = APIRouter(prefix="/api/v1/team", tags=["team"])


def _download(body: bytes | str, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/members")
async def list_members(
    service: ManagerTeamServiceDep,
    page: Pagination,
    query: Annotated[MembersQuery, Query()],
) -> Page[MemberRow]:
    """The team's salespeople by name (a manager's reports; an admin: the dealership's), each
    with practice counts, average scores and measures over the period and their trend, status
    against the training targets, assignments and certifications."""
    return await service.members(query, page)


@router.get("/trends", responses={404: {"description": "`userId` is not on the team"}})
async def trends(service: ManagerTeamServiceDep, query: Annotated[TrendsQuery, Query()]) -> Trends:
    """Weekly sessions and average scores per person, for the last `weeks` ISO weeks."""
    return await service.trends(query)


@router.get("/distribution")
async def distribution(
    service: ManagerTeamServiceDep, query: Annotated[DistributionQuery, Query()]
) -> Distribution:
    """How the team's sessions in the period spread over pace and fillers, with the target."""
    return await service.distribution(query)


@router.get(
    "/leaderboard",
    responses={403: {"description": "A salesperson, where the dealership keeps it private"}},
)
async def leaderboard(
    service: TeamServiceDep, query: Annotated[LeaderboardQuery, Query()]
) -> Leaderboard:
    """The ranking by the composite in `composite`: a manager's team, an admin's dealership;
    salespeople see the dealership's when `leaderboardPublic` is set on the dealership."""
    return await service.leaderboard(query)


@router.get(
    "/members.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per person"}},
)
async def members_csv(service: ManagerTeamServiceDep) -> Response:
    """The members table (the last 30 days' averages) as CSV."""
    return _download(await service.members_csv(), "text/csv; charset=utf-8", "team.csv")


@router.get(
    "/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The team report"}},
)
async def report_pdf(service: ManagerTeamServiceDep) -> Response:
    """A printable team report: the members table and the month's leaderboard."""
    return _download(await service.report_pdf(), "application/pdf", "team-report.pdf")
