"""The demo dealership's practice history, added by `carsales seed-demo` (never in production),
so that a manager trying the product sees coaching, progress, leaderboards and session reports
with something in them.

Every session is an answer written here as a salesperson says it in that scenario: some good,
some weak, one pushy, Sam Seller improving week by week and Riley Seller steadier. Its report is
what the product's own judge (`judge_report`: the function of the final analysis, the CLI and a
manager's "Try it") makes of the text, computed at seed time, never typed in. Nothing was heard,
so, as for a typed "Try it", the delivery scores, the measures, the word timings, the timelines
and the recording stay empty (null), there is no analysis job, and the overall score is the
content score (docs/training-judge.md). The sessions start on fixed days before the seed's date,
so the weekly charts show the last five weeks whenever the demo is set up.

Seeded only into a demo dealership that has no practice yet, so seeding again (or after someone
has practised) adds nothing."""

import json
import time as clock
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.analytics import UsageKind
from carsales.dealerships.provisioning import DEMO_DEALERSHIP, slugify
from carsales.kit.time import utcnow
from carsales.models import (
    Certification,
    Dealership,
    SessionMode,
    SessionSource,
    SessionStatus,
    TrainingAssignment,
    TrainingSession,
    UsageEvent,
    User,
)
from carsales.training.assignments.repository import AssignmentRepository
from carsales.training.certifications.schemas import CertificationItem
from carsales.training.certifications.service import award
from carsales.training.judge import get_judge, judge_report
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from carsales.training.scenarios.schemas import ScenarioOut

SAM = "sales@demo.example"
RILEY = "sales2@demo.example"
MANAGER = "manager@demo.example"


@dataclass(frozen=True, slots=True)
class DemoPractice:
    """One practice: who, when (days before the seed's date, at a UTC time), which built-in
    scenario, the answer as they said it, and how long they took over it."""

    email: str
    days_ago: int
    at: time
    scenario_id: str
    answer: str
    minutes: int = 4


DEMO_PRACTICE: tuple[DemoPractice, ...] = (
    # Sam Seller: starts pushy and thin, learns the objection steps, ends passing.
    DemoPractice(
        SAM,
        33,
        time(16, 20),
        "objection-price",
        "Look, the price is the price, man. That truck across town has probably got problems "
        "you don't know about. I've got another guy coming to look at this exact one at three, "
        "so if you want it you need to sign today. Take it or leave it.",
        2,
    ),
    DemoPractice(
        SAM,
        29,
        time(10, 5),
        "pitch-walkaround",
        "Hi, thanks for coming in. So this is the RAV4 XLE Hybrid in Blueprint, thirty-six four "
        "fifty. It's got the 2.5 liter hybrid, 219 horsepower combined, all-wheel drive. It "
        "gets 41 city and 38 highway. Inside there's Apple CarPlay, heated seats, a blind-spot "
        "monitor and a power liftgate. The back seats fold flat. It's a really popular model, "
        "they sell fast. So, any questions?",
        3,
    ),
    DemoPractice(
        SAM,
        24,
        time(15, 40),
        "objection-monthly-payment",
        "Okay, I hear you. Let me talk to my manager and see if we can knock a thousand off the "
        "price, that should bring it down some. We could also stretch it to seventy-two months "
        "instead of sixty. What do you think?",
        3,
    ),
    DemoPractice(
        SAM,
        19,
        time(11, 15),
        "objection-price",
        "I understand, nobody wants to overpay for a truck. Which dealer was that, and is it "
        "the same XLT with the 302A package? A lot of those online prices leave out the fees. "
        "Ours includes the tow package and there's no market adjustment. So honestly I think "
        "we're the better deal.",
    ),
    DemoPractice(
        SAM,
        15,
        time(14, 30),
        "objection-think-about-it",
        "Totally fair, it's a big decision and you should feel good about it. Can I ask what "
        "you'd be thinking over, is it the car itself or more the numbers? If the payment "
        "worked for you, is the Outback the one you'd want? We already picked the trim and the "
        "color, so the only thing left is making the numbers comfortable. Does that sound fair?",
    ),
    DemoPractice(
        SAM,
        10,
        time(9, 50),
        "closing-summary",
        "So let me make sure I've got it right. You wanted a truck you can take up the forest "
        "roads on weekends, room for your two boys in the back, and a bed for the dirt bikes. "
        "The TRD Off-Road has the locking rear diff and the crawl control you liked on the "
        "loop, the double cab fits the boys, and the bed took both bikes. Did I miss anything? "
        "I know forty-five six ninety-five is a lot of money, but Tacomas hold their value "
        "better than anything in the class, so you get a lot of it back when you trade it. "
        "Does that all sound right to you? Then let's get it written up and get you out on "
        "those trails this weekend.",
        5,
    ),
    DemoPractice(
        SAM,
        5,
        time(16, 0),
        "objection-price",
        "I hear you, Mark, two grand is real money and I'd want to know the same thing. Can I "
        "ask which dealer that was, and is it the same XLT with the 2.7 and the 302A package? "
        "Other than the price, is there anything else about the truck holding you back? Let's "
        "put them side by side. Our fifty-two eight ninety includes the tow package, no add-ons "
        "and no market adjustment, and a lot of those online listings leave out a dealer "
        "package of around two thousand. Does that make sense? If the out-the-door numbers "
        "line up, would you be ready to take it home today?",
        5,
    ),
    DemoPractice(
        SAM,
        2,
        time(13, 20),
        "objection-monthly-payment",
        "I totally get it, you've got a budget and you should stick to it. Is four fifty the "
        "most you want going out each month, or is it more about the total? Other than the "
        "payment, is the Tucson the car you want? There are a few ways to get you there. Your "
        "Civic has about six thousand in equity, so putting that in brings the payment down a "
        "lot, and we can look at a longer term or the SE trim too. Does that sound like a fair "
        "way to do it? Let's run the numbers with your trade and get you set up.",
        5,
    ),
    # Riley Seller: steady and good, with one rushed close.
    DemoPractice(
        RILEY,
        30,
        time(15, 10),
        "pitch-walkaround",
        "Hi Dana, welcome in, thanks for coming to see it. Who will be riding with you most "
        "days? Two little ones in car seats, got it. Let's start at the front: under the hood "
        "the hybrid pairs the 2.5 liter engine with electric motors, so you get about forty "
        "miles a gallon around town, which means fewer stops at the pump on school runs. Come "
        "around the side: the rear doors open wide, so getting a car seat in doesn't hurt your "
        "back. At the back the power liftgate opens with the key, handy when your hands are "
        "full, and the cargo area takes a stroller and the groceries. Inside, the heated seats "
        "and Apple CarPlay are right here, and the blind-spot monitor watches the lanes you "
        "can't see. Hop in the driver's seat, how does that feel? Want to take it for a drive "
        "around the block?",
        6,
    ),
    DemoPractice(
        RILEY,
        20,
        time(9, 45),
        "objection-price",
        "That's fair, Mark, nobody wants to pay more than they have to. Is that listing the "
        "same XLT with the EcoBoost and the 302A package, and is that their out-the-door price? "
        "Is the price the only thing, or is there something else about the truck? Our price "
        "includes the tow package and no add-ons, so let's compare the real numbers side by "
        "side. Does that seem fair? If it comes out where you need it, let's get the paperwork "
        "started.",
    ),
    DemoPractice(
        RILEY,
        13,
        time(17, 5),
        "closing-assumptive",
        "Great, glad you liked it, Greg. So that's the Grand Cherokee Limited with the tow "
        "package at forty-nine nine ninety-five. Honestly these Limiteds don't last, I've got "
        "another customer coming to look at this exact one this afternoon, so let's just sign "
        "today before it's gone. It'll tow your boat, no problem. Sign here and here.",
        2,
    ),
    DemoPractice(
        RILEY,
        8,
        time(11, 30),
        "objection-think-about-it",
        "Of course, Tom, it's a big decision and I'd want to feel sure too. Just so I can help, "
        "what part would you be thinking over: the Outback itself, or the numbers? If the "
        "numbers were right, is this the car you'd want in your driveway? You told me the "
        "all-wheel drive and the room for the dogs are what matter, and we found both, in the "
        "Autumn Green you picked. What if we go over the payment one more time right now, so "
        "you have everything you need to decide? Does that sound fair? Then let's sit down and "
        "finish it up.",
        5,
    ),
    DemoPractice(
        RILEY,
        4,
        time(14, 45),
        "objection-monthly-payment",
        "That's fair, Jasmine, five twenty-nine is a lot more than you planned. Is four fifty a "
        "hard ceiling, or is it more about how it fits with your other bills? The good news is "
        "your Civic has about six thousand in equity, so if we put that toward the Tucson the "
        "payment comes down a lot, and a longer term or the SE trim would close the rest of "
        "the gap. Does that sound like a way forward?",
    ),
    DemoPractice(
        RILEY,
        1,
        time(10, 20),
        "closing-summary",
        "Okay Luis, here's what I heard from you. You want something that handles the off-road "
        "loop and the hunting trips, seats the family in the back, and doesn't leave you "
        "stranded a hundred miles from anywhere. The TRD Off-Road climbed that loop without "
        "trying, the double cab took the car seats, and Toyota's reliability is why half the "
        "trucks at the trailhead are Tacomas. Is there anything I've left out? At forty-five "
        "six ninety-five it's a truck you'll keep for ten years and still sell for good money. "
        "Am I right that this is the one? Then let's get it written up.",
        5,
    ),
)


@dataclass(frozen=True, slots=True)
class DemoAssignment:
    """The manager's assignment to `email`: given `days_ago` days before the seed's date, due
    `due_in_days` after it (negative: in the past); the product's own rule decides whether a
    session of the history fulfils it."""

    email: str
    scenario_id: str
    days_ago: int
    due_in_days: int
    note: str


DEMO_ASSIGNMENTS: tuple[DemoAssignment, ...] = (
    DemoAssignment(
        SAM,
        "objection-price",
        21,
        -3,
        "Acknowledge before you answer, and ask for the business at the end.",
    ),
    DemoAssignment(
        SAM,
        "closing-assumptive",
        3,
        4,
        "Talk as if it is already his: the delivery, the paperwork, his boat.",
    ),
    DemoAssignment(
        RILEY,
        "objection-think-about-it",
        10,
        -5,
        "Find out what he would think over before you answer.",
    ),
    DemoAssignment(
        RILEY,
        "closing-assumptive",
        12,
        -2,
        "Again without the rush: no other buyer, no signing on the spot.",
    ),
)


@dataclass(frozen=True, slots=True)
class DemoCertification:
    """A certification the manager set up `days_ago` days before the seed's date: each scenario
    with its pass mark. Awarded by the product's own rule as the history is written."""

    name: str
    description: str
    items: tuple[tuple[str, int], ...]
    days_ago: int


DEMO_CERTIFICATION = DemoCertification(
    "Price conversations",
    "Handles the price and the monthly payment without discounting first.",
    (("objection-price", 70), ("objection-monthly-payment", 70)),
    28,
)


@dataclass(frozen=True, slots=True)
class JudgedPractice:
    practice: DemoPractice
    scenario: dict[str, Any]  # the scenario as a session stores it
    report: dict[str, Any]  # judge_report's answer, as JSON


def judge_practice(model_dir: Path) -> list[JudgedPractice]:
    """Each practice's report from the judge, offline (no language model: the same answer gets
    the same report at every seed). Raises ModelMissingError when the judge's model is not
    installed (`make models`)."""
    judge = get_judge(model_dir)
    judged = []
    for practice in DEMO_PRACTICE:
        scenario = ScenarioOut.model_validate(
            BUILTIN_SCENARIOS[practice.scenario_id].snapshot()
        ).model_dump(mode="json")
        report = judge_report(judge, scenario, practice.answer)
        feedback = [asdict(item) for item in report.pop("feedback")]
        # Through JSON, as the analysis job's report is: enums become their values.
        report = json.loads(json.dumps({**report, "feedback": feedback}))
        judged.append(JudgedPractice(practice, scenario, report))
    return judged


def _at(today: date, days_ago: int, at: time) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), at, UTC)


@dataclass(frozen=True, slots=True)
class SeededHistory:
    sessions: int
    assignments: int
    seconds: float


async def seed_demo_history(
    db: AsyncSession, model_dir: Path, today: date | None = None
) -> SeededHistory | None:
    """The demo dealership's practice history; None when there is no demo dealership or it
    already has practice sessions (so nothing is ever added twice). Judges every answer before
    writing anything, so a missing model (ModelMissingError) leaves the database as it was."""
    started = clock.perf_counter()
    dealership = await db.scalar(
        select(Dealership).where(Dealership.slug == slugify(DEMO_DEALERSHIP))
    )
    if dealership is None:
        return None
    has_practice = await db.scalar(
        select(TrainingSession.id).where(TrainingSession.dealership_id == dealership.id).limit(1)
    )
    if has_practice is not None:
        return None
    users = {
        user.email: user
        for user in await db.scalars(select(User).where(User.dealership_id == dealership.id))
    }
    if not all(email in users for email in (SAM, RILEY, MANAGER)):
        return None  # the demo's people were changed: leave them alone
    judged = judge_practice(model_dir)
    today = today or utcnow().date()
    manager = users[MANAGER]
    certification = _certification(dealership, manager, today)
    db.add(certification)
    db.add_all(_assignments(dealership, users, manager, today))
    await db.flush()
    assignments = AssignmentRepository(db, dealership.id)
    for item in sorted(judged, key=lambda each: (-each.practice.days_ago, each.practice.at)):
        row = _session(dealership, users[item.practice.email], item, today)
        db.add(row)
        db.add_all(_usage(row))
        await db.flush()
        # What the analysis does once a report is written (training/tasks.py copy_report),
        # at the session's own time rather than now.
        await assignments.fulfil(row)
        assert row.ended_at is not None
        await award(db, certification, row.ended_at, [row.user_id])
    await db.flush()
    return SeededHistory(len(judged), len(DEMO_ASSIGNMENTS), clock.perf_counter() - started)


def _session(
    dealership: Dealership, user: User, item: JudgedPractice, today: date
) -> TrainingSession:
    practice, report = item.practice, item.report
    started_at = _at(today, practice.days_ago, practice.at)
    ended_at = started_at + timedelta(minutes=practice.minutes)
    rubric: list[dict[str, Any]] = report["rubric"]
    return TrainingSession(
        dealership_id=dealership.id,
        user_id=user.id,
        user=user,
        session_type=BUILTIN_SCENARIOS[practice.scenario_id].session_type,
        scenario_id=practice.scenario_id,
        scenario=item.scenario,
        status=SessionStatus.completed,
        source=SessionSource.live,
        mode=SessionMode.solo,
        started_at=started_at,
        ended_at=ended_at,
        created_at=started_at,
        updated_at=ended_at,
        analysis_job=None,
        # The judge's part of the report; nothing heard, so no delivery part (see above).
        transcript=practice.answer,
        words=[],
        feedback=report["feedback"],
        rubric=rubric,
        judgement=report["judgement"],
        overall_score=report["overall"],
        passed=report["passed"],
        rubric_total=len(rubric) or None,
        rubric_passed=sum(1 for each in rubric if each["passed"]) if rubric else None,
    )


def _usage(row: TrainingSession) -> list[UsageEvent]:
    """The usage the session service records for a session started and completed."""
    return [
        UsageEvent(
            dealership_id=row.dealership_id,
            user_id=row.user_id,
            kind=kind.value,
            created_at=at,
        )
        for kind, at in (
            (UsageKind.session_started, row.started_at),
            (UsageKind.session_completed, row.ended_at),
        )
    ]


def _assignments(
    dealership: Dealership, users: dict[str, User], manager: User, today: date
) -> Sequence[TrainingAssignment]:
    rows = []
    for each in DEMO_ASSIGNMENTS:
        given = _at(today, each.days_ago, time(8, 30))
        rows.append(
            TrainingAssignment(
                dealership_id=dealership.id,
                scenario_id=each.scenario_id,
                user=users[each.email],
                assigned_by=manager,
                note=each.note,
                due_at=_at(today, -each.due_in_days, time(17, 0)),
                created_at=given,
                updated_at=given,
            )
        )
    return rows


def _certification(dealership: Dealership, manager: User, today: date) -> Certification:
    created = _at(today, DEMO_CERTIFICATION.days_ago, time(8, 0))
    return Certification(
        dealership_id=dealership.id,
        name=DEMO_CERTIFICATION.name,
        description=DEMO_CERTIFICATION.description,
        items=[
            CertificationItem(scenario_id=scenario_id, pass_mark=pass_mark).model_dump(mode="json")
            for scenario_id, pass_mark in DEMO_CERTIFICATION.items
        ],
        created_by_id=manager.id,
        created_at=created,
        updated_at=created,
    )
