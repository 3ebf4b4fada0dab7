"""The demo dealership's practice history, added by `carsales seed-demo` (never in production),
so that a manager trying the product sees coaching, progress, leaderboards and session reports
with something in them, and a salesperson sees their own history.

Every session is an answer written here as a salesperson says it in that scenario: some good,
some weak, one pushy, Sam Seller improving week by week and Riley Seller steadier. Nobody said
them: each answer is spoken by the product's own speech synthesis (espeak-ng, the role-play
customer's voice; Sam and Riley have different voices and speeds), and that audio is the
session's recording, stored where an uploaded WAV recording is. Its report is what the final
analysis job's own processor (`SpeechAnalysisProcessor`: Whisper base, the measures, the delivery
scores, the feedback rules and the judge) makes of that recording, run here at seed time, and is
copied into the session by the job's own hook (`copy_report`): the transcript is what Whisper
heard of the synthetic voice, and the delivery scores are those of a synthetic voice. No language
model is asked, even when one is configured, so the same demo gets the same history at every seed.

The analysis runs synchronously, before anything is written, rather than as queued jobs for the
server to run at start: the server's first minutes would otherwise be spent analysing, the pages
would show sessions "analysing" or failed (a missing model), and the e2e server would compete
with them. A missing model or espeak-ng raises DemoHistoryUnavailable before a row or a file is
written. The sessions start on fixed days before the seed's date, so the weekly charts show the
last five weeks whenever the demo is set up.

Seeded only into a demo dealership that has no practice yet, so seeding again (or after someone
has practised) adds nothing."""

import json
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.analytics import UsageKind
from carsales.dealerships.provisioning import DEMO_DEALERSHIP, slugify
from carsales.jobs.keys import job_prefix
from carsales.jobs.processors import ItemRejected
from carsales.jobs.progress import settings_digest
from carsales.kit.time import utcnow
from carsales.models import (
    Certification,
    Dealership,
    ItemStatus,
    JobStatus,
    ProcessingJob,
    SessionMode,
    SessionSource,
    SessionStatus,
    TrainingAssignment,
    TrainingSession,
    UsageEvent,
    User,
)
from carsales.storage import Storage
from carsales.training.certifications.schemas import CertificationItem
from carsales.training.certifications.service import award
from carsales.training.recording import recording_key, session_prefix
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from carsales.training.scenarios.schemas import ScenarioOut
from carsales.training.speech.audio import SAMPLE_RATE, to_pcm16, wav_bytes
from carsales.training.speech.targets import Targets
from carsales.training.speech.tts import SynthesisError, synthesize
from carsales.training.tasks import (
    SpeechAnalysisProcessor,
    SpeechAnalysisSettings,
    copy_numbers,
    copy_report,
    new_analysis_job,
)

log = structlog.get_logger(__name__)

SAM = "sales@demo.example"
RILEY = "sales2@demo.example"
MANAGER = "manager@demo.example"


@dataclass(frozen=True, slots=True)
class DemoVoice:
    """How espeak-ng speaks a salesperson's answers: its voice (with a variant) and words per
    minute. Different voices and speeds make the two salespeople's delivery differ a little;
    both are in the pace target's band (docs/training-measures.md)."""

    voice: str
    words_per_minute: int


DEMO_VOICES: dict[str, DemoVoice] = {
    SAM: DemoVoice("en-us", 130),
    RILEY: DemoVoice("en-us+f5", 130),
}


class DemoHistoryUnavailable(RuntimeError):
    """The history cannot be made here (a model or espeak-ng is missing); nothing was written."""


@dataclass(frozen=True, slots=True)
class DemoPractice:
    """One practice: who, when (days before the seed's date, at a UTC time), which built-in
    scenario, and the answer as they say it."""

    email: str
    days_ago: int
    at: time
    scenario_id: str
    answer: str


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
    ),
    DemoPractice(
        SAM,
        24,
        time(15, 40),
        "objection-monthly-payment",
        "Okay, I hear you. Let me talk to my manager and see if we can knock a thousand off the "
        "price, that should bring it down some. We could also stretch it to seventy-two months "
        "instead of sixty. What do you think?",
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
class AnalysedPractice:
    """A practice spoken and analysed, ready to be written."""

    practice: DemoPractice
    scenario: dict[str, Any]  # the scenario as a session stores it
    settings: dict[str, Any]  # the analysis job's settings, as new_analysis_job makes them
    recording: bytes  # 16 kHz mono WAV
    duration_s: float
    report: bytes  # the job's output: the analysis report as JSON
    timings: dict[str, float]


def analyse_practice(
    practice: Sequence[DemoPractice], model_dir: Path, targets: Targets
) -> list[AnalysedPractice]:
    """Each answer spoken by espeak-ng in its salesperson's voice and analysed by the analysis
    job's processor, exactly as the job would (no language model). Raises
    DemoHistoryUnavailable when espeak-ng or a model (Whisper base and tiny.en, the judge's
    embedder) is missing."""
    processor = SpeechAnalysisProcessor(model_dir, targets, llm=None)
    analysed = []
    for each in practice:
        scenario = ScenarioOut.model_validate(
            BUILTIN_SCENARIOS[each.scenario_id].snapshot()
        ).model_dump(mode="json")
        # What new_analysis_job puts in the job's settings, read back through the settings model
        # as the job's runner passes them.
        settings = SpeechAnalysisSettings(
            rubric=scenario.get("rubric", []), scenario=scenario
        ).model_dump(mode="json")
        voice = DEMO_VOICES[each.email]
        try:
            samples = synthesize(each.answer, voice.words_per_minute, voice.voice)
        except SynthesisError as exc:
            raise DemoHistoryUnavailable(str(exc)) from exc
        recording = wav_bytes(to_pcm16(samples))
        try:
            prepared = processor.prepare(recording, settings, lambda _fraction: None, 0)
        except ItemRejected as exc:  # the processor's form of ModelMissingError
            raise DemoHistoryUnavailable(str(exc)) from exc
        output = processor.finish(prepared.data, {}, settings)
        analysed.append(
            AnalysedPractice(
                each,
                scenario,
                settings,
                recording,
                len(samples) / SAMPLE_RATE,
                output.data,
                {**prepared.timings, **output.timings},
            )
        )
        log.info(
            "demo_session_analysed",
            scenario=each.scenario_id,
            email=each.email,
            seconds=round(prepared.timings.get("analysis", 0.0), 1),
        )
    return analysed


def _at(today: date, days_ago: int, at: time) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), at, UTC)


@dataclass(frozen=True, slots=True)
class SeededHistory:
    sessions: int
    assignments: int
    audio_seconds: float
    seconds: float


async def seed_demo_history(
    db: AsyncSession,
    storage: Storage,
    model_dir: Path,
    targets: Targets,
    today: date | None = None,
    practice: Sequence[DemoPractice] = DEMO_PRACTICE,
) -> SeededHistory | None:
    """The demo dealership's practice history; None when there is no demo dealership or it
    already has practice sessions (so nothing is ever added twice). Speaks and analyses every
    answer before writing anything, so a missing model (DemoHistoryUnavailable) leaves the
    database and the storage as they were. `practice`: the answers (tests use short ones)."""
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
    analysed = analyse_practice(practice, model_dir, targets)
    today = today or utcnow().date()
    written: list[str] = []
    try:
        await _write(db, storage, dealership, users, analysed, today, written)
    except BaseException:
        for prefix in written:
            await storage.delete_prefix(prefix)
        raise
    return SeededHistory(
        len(analysed),
        len(DEMO_ASSIGNMENTS),
        sum(item.duration_s for item in analysed),
        clock.perf_counter() - started,
    )


async def _write(
    db: AsyncSession,
    storage: Storage,
    dealership: Dealership,
    users: dict[str, User],
    analysed: Sequence[AnalysedPractice],
    today: date,
    written: list[str],
) -> None:
    """`written`: the storage prefixes written so far, for the caller to remove on failure."""
    manager = users[MANAGER]
    certification = _certification(dealership, manager, today)
    db.add(certification)
    db.add_all(_assignments(dealership, users, manager, today))
    await db.flush()
    for item in sorted(analysed, key=lambda each: (-each.practice.days_ago, each.practice.at)):
        row = _session(dealership, users[item.practice.email], item, today)
        db.add(row)
        await db.flush()
        written.append(session_prefix(row))
        # Where and how SessionService.upload stores a WAV recording.
        stored = await storage.put_bytes(recording_key(row), item.recording)
        row.audio_key = stored.key
        row.audio_content_type = "audio/wav"
        row.audio_bytes = stored.size
        job = new_analysis_job(row)
        if job.settings != item.settings:
            raise RuntimeError("the demo's recording was analysed with other settings")
        db.add(job)
        row.analysis_job = job
        await db.flush()
        written.append(job_prefix(job))
        assert row.ended_at is not None
        await _complete(storage, job, item, row.ended_at)
        await db.flush()
        # The certification at the session's own time, not the seed's: the report's numbers
        # first (as copy_report writes them), then the award; copy_report's own award then
        # finds it held.
        report = json.loads(item.report)
        copy_numbers(row, report)
        await db.flush()
        await award(db, certification, row.ended_at, [row.user_id])
        # The job's hook (training/tasks.py): the report into the session, the assignments it
        # fulfils, the certifications it completes.
        await copy_report(db, job, storage)
        row.updated_at = job.completed_at or row.ended_at
        db.add_all(_usage(row))
        await db.flush()


async def _complete(
    storage: Storage, job: ProcessingJob, item: AnalysedPractice, ended_at: datetime
) -> None:
    """The job as its runner leaves it when the analysis succeeded: its one item completed with
    the report stored as its output (carsales/jobs/runner.py), at the session's time."""
    finished = ended_at + timedelta(seconds=round(item.timings.get("analysis", 1.0)) + 1)
    [entry] = job.items
    key = (
        f"{job_prefix(job)}/outputs/{entry.position:03d}-none-{settings_digest(job.settings)}.json"
    )
    stored = await storage.put_bytes(key, item.report)
    entry.status = ItemStatus.completed
    entry.output_key = key
    entry.output_name = "recording.json"
    entry.output_bytes = stored.size
    entry.output_content_type = "application/json"
    entry.timings = item.timings
    entry.started_at = ended_at
    entry.completed_at = finished
    job.status = JobStatus.completed
    job.progress = 100
    job.attempts = 1
    job.created_at = ended_at
    job.started_at = ended_at
    job.completed_at = finished
    job.updated_at = finished


def _session(
    dealership: Dealership, user: User, item: AnalysedPractice, today: date
) -> TrainingSession:
    practice = item.practice
    started_at = _at(today, practice.days_ago, practice.at)
    # Stopped a few seconds after the answer ends, as a recording is.
    ended_at = started_at + timedelta(seconds=round(item.duration_s) + 3)
    return TrainingSession(
        dealership_id=dealership.id,
        user_id=user.id,
        user=user,
        session_type=BUILTIN_SCENARIOS[practice.scenario_id].session_type,
        scenario_id=practice.scenario_id,
        scenario=item.scenario,
        status=SessionStatus.completed,
        # A whole recording given to the session, not streamed live (the report says
        # "uploaded recording").
        source=SessionSource.upload,
        mode=SessionMode.solo,
        started_at=started_at,
        ended_at=ended_at,
        duration_s=item.duration_s,  # until the analysis measures it, as for an upload
        created_at=started_at,
        updated_at=ended_at,
        feedback=[],
        analysis_job=None,
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
