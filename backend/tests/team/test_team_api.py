"""The team dashboard over a small seeded team: the SQL aggregates, who sees whom, the exports."""

import csv
import io
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.models import (
    Certification,
    CertificationAward,
    Role,
    SessionStatus,
    SessionType,
    TrainingAssignment,
    TrainingSession,
    User,
)
from tests.conftest import Member, TestDealership
from tests.training.people import add_member

TEAM = "/api/v1/team"


def practice(
    user: User,
    at: datetime,
    *,
    scores: tuple[int, int, int, int] = (70, 70, 70, 70),
    overall: int | None = None,
    status: SessionStatus = SessionStatus.completed,
    scenario_id: str | None = None,
    session_type: SessionType = SessionType.pitch,
    **measures: Any,
) -> TrainingSession:
    """An analysed session with the numbers `copy_report` writes."""
    confidence, clarity, pace, volume = scores
    return TrainingSession(
        dealership_id=user.dealership_id,
        user_id=user.id,
        session_type=session_type,
        scenario_id=scenario_id,
        status=status,
        started_at=at,
        score_confidence=confidence,
        score_clarity=clarity,
        score_pace=pace,
        score_volume=volume,
        overall_score=overall,
        **measures,
    )


async def get(client: httpx.AsyncClient, who: Member, path: str, **params: Any) -> Any:
    response = await client.get(f"{TEAM}/{path}", headers=who.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
async def team(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> dict[str, Member]:
    """The manager's team: Sal (three sessions in and out of the month), Bea (none); Lou
    reports to nobody."""
    manager = dealership[Role.manager]
    sal = dealership[Role.salesperson]
    bea = await add_member(app, client, dealership, "bea", manager_id=manager.user.id)
    lou = await add_member(app, client, dealership, "lou")
    now = utcnow()
    db.add_all(
        [
            practice(
                sal.user,
                now - timedelta(seconds=1),
                scores=(80, 70, 60, 90),
                overall=60,
                passed=False,
                words_per_minute=150.0,
                fillers_per_100=1.0,
                longest_monologue_s=30.0,
                questions_asked=2,
                rubric_passed=2,
                rubric_total=3,
            ),
            practice(
                sal.user,
                now - timedelta(days=10),
                scores=(60, 50, 40, 70),
                overall=40,
                passed=False,
                words_per_minute=130.0,
                fillers_per_100=3.0,
                longest_monologue_s=100.0,
                questions_asked=0,
                rubric_passed=1,
                rubric_total=3,
            ),
            # The month before: the trend's baseline.
            practice(
                sal.user, now - timedelta(days=40), scores=(40, 50, 60, 70), words_per_minute=120.0
            ),
            # Still going: not practised yet.
            practice(sal.user, now, status=SessionStatus.active),
            practice(lou.user, now - timedelta(days=1), words_per_minute=300.0),
            TrainingAssignment(
                dealership_id=dealership.id,
                scenario_id="objection-price",
                user_id=sal.user.id,
                due_at=now - timedelta(days=1),
            ),
            TrainingAssignment(
                dealership_id=dealership.id,
                scenario_id="closing-ask",
                user_id=sal.user.id,
                due_at=now + timedelta(days=3),
            ),
        ]
    )
    certification = Certification(dealership_id=dealership.id, name="Price objections", items=[])
    db.add(certification)
    await db.flush()
    db.add(
        CertificationAward(
            dealership_id=dealership.id,
            certification_id=certification.id,
            user_id=sal.user.id,
            awarded_at=now - timedelta(days=2),
            expires_at=None,
        )
    )
    await db.commit()
    return {"manager": manager, "sal": sal, "bea": bea, "lou": lou}


def by_name(rows: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {row["name"]: row for row in rows}


async def test_a_members_row_holds_the_months_aggregates(
    client: httpx.AsyncClient, team: dict[str, Member]
) -> None:
    page = await get(client, team["manager"], "members")
    assert page["total"] == 2
    assert [row["name"] for row in page["items"]] == ["Sal Person", "Bea Tester"]
    sal = page["items"][0]
    assert sal["sessions"] == {"week": 1, "days30": 2, "total": 3}
    assert sal["scores"] == {"confidence": 70.0, "clarity": 60.0, "pace": 50.0, "volume": 80.0}
    # Against the 30 days before: 70 - 40, 60 - 50, 50 - 60, 80 - 70.
    assert sal["scoreTrend"] == {"confidence": 30.0, "clarity": 10.0, "pace": -10.0, "volume": 10.0}
    assert sal["measures"] == {
        "wordsPerMinute": 140.0,
        "fillersPer100": 2.0,
        "longestMonologueS": 65.0,
        "questionsAsked": 1.0,
        "rubricPassRate": 0.5,
        "overallScore": 50.0,
    }
    assert sal["measureStatus"] == {
        "wordsPerMinute": "good",
        "fillersPer100": "fair",
        "longestMonologueS": "good",
        "questionsAsked": "fair",
        "rubricPassRate": "fair",
        "overallScore": "poor",
    }
    assert sal["assignments"] == {"open": 2, "overdue": 1}
    assert [held["name"] for held in sal["certifications"]] == ["Price objections"]
    assert sal["lastPracticeAt"] is not None

    bea = page["items"][1]
    assert bea["sessions"] == {"week": 0, "days30": 0, "total": 0}
    assert set(bea["scores"].values()) == set(bea["measureStatus"].values()) == {None}
    assert bea["lastPracticeAt"] is None and bea["certifications"] == []


async def test_the_period_widens_the_averages(
    client: httpx.AsyncClient, team: dict[str, Member]
) -> None:
    rows = by_name((await get(client, team["manager"], "members", period="all"))["items"])
    assert rows["Sal Person"]["scores"]["confidence"] == 60.0  # (80 + 60 + 40) / 3
    assert rows["Sal Person"]["scoreTrend"]["confidence"] is None  # nothing before all time
    week = by_name((await get(client, team["manager"], "members", period="week"))["items"])
    assert week["Sal Person"]["scores"]["confidence"] == 80.0


async def test_a_manager_sees_their_team_and_an_admin_the_dealership(
    client: httpx.AsyncClient,
    team: dict[str, Member],
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    admin_rows = (await get(client, dealership[Role.admin], "members"))["items"]
    assert sorted(row["name"] for row in admin_rows) == ["Bea Tester", "Lou Tester", "Sal Person"]
    foreign = (await get(client, other_dealership[Role.admin], "members"))["items"]
    assert [row["userId"] for row in foreign] == [other_dealership[Role.salesperson].user.id]
    assert foreign[0]["sessions"]["total"] == 0
    for path in ("members", "trends", "distribution", "members.csv", "report.pdf"):
        response = await client.get(f"{TEAM}/{path}", headers=team["sal"].headers)
        assert response.status_code == 403, path


async def test_trends_are_weekly_per_person(
    client: httpx.AsyncClient, team: dict[str, Member]
) -> None:
    trends = await get(client, team["manager"], "trends", weeks=3)
    assert len(trends["weeks"]) == 3 and trends["weeks"] == sorted(trends["weeks"])
    people = {person["name"]: person for person in trends["people"]}
    assert set(people) == {"Sal Person", "Bea Tester"}
    sal = people["Sal Person"]["points"]
    assert [point["week"] for point in sal] == trends["weeks"]
    assert sum(point["sessions"] for point in sal) == 2
    assert sal[-1]["sessions"] == 1 and sal[-1]["confidence"] == 80.0 and sal[-1]["overall"] == 60.0
    assert all(point["sessions"] == 0 for point in people["Bea Tester"]["points"])

    one = await get(client, team["manager"], "trends", userId=team["sal"].user.id)
    assert [person["name"] for person in one["people"]] == ["Sal Person"]
    response = await client.get(
        f"{TEAM}/trends", headers=team["manager"].headers, params={"userId": team["lou"].user.id}
    )
    assert response.status_code == 404


async def test_the_distribution_bins_the_periods_sessions(
    client: httpx.AsyncClient, team: dict[str, Member], dealership: TestDealership
) -> None:
    pace = (await get(client, team["manager"], "distribution"))["wordsPerMinute"]
    assert pace["target"] == {"low": 140.0, "high": 160.0}
    counted = {(b["from"], b["to"]): b["count"] for b in pace["bins"] if b["count"]}
    assert counted == {(130.0, 140.0): 1, (150.0, 160.0): 1}  # 120 wpm was 40 days ago
    # Lou's 300 wpm (the admin's view) counts in the last bin.
    admin_pace = (await get(client, dealership[Role.admin], "distribution"))["wordsPerMinute"]
    assert admin_pace["bins"][-1] == {"from": 210.0, "to": 220.0, "count": 1}
    fillers = (await get(client, team["manager"], "distribution"))["fillersPer100"]
    assert sum(b["count"] for b in fillers["bins"]) == 2


async def test_members_csv_parses_into_the_table(
    client: httpx.AsyncClient, team: dict[str, Member]
) -> None:
    response = await client.get(f"{TEAM}/members.csv", headers=team["manager"].headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["Name"] for row in rows] == ["Sal Person", "Bea Tester"]
    sal = rows[0]
    assert (sal["Confidence"], sal["Words per minute"], sal["Overdue assignments"]) == (
        "70.0",
        "140.0",
        "1",
    )
    assert sal["Certifications"] == "Price objections"
    assert rows[1]["Confidence"] == ""


async def test_the_pdf_report_opens_and_names_people_and_figures(
    client: httpx.AsyncClient, team: dict[str, Member]
) -> None:
    response = await client.get(f"{TEAM}/report.pdf", headers=team["manager"].headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Team report - North Motors" in text
    assert "Sal Person" in text and "Bea Tester" in text
    assert "70.0" in text and "140.0" in text  # Sal's confidence and pace
    assert "Lou Tester" not in text
