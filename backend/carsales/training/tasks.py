"""The final analysis of a training session, run as a processing job (`speech_analysis`) so that
it gets the job machinery's leases, retries, time limit and progress events.

The job has one item, the session's recording. `prepare` (on a worker thread) decodes it, runs
the speech analysis with Whisper base and checks the scenario's rubric; the result is a JSON
report. When the job ends, `copy_report` writes that report into the session row in the same
transaction, marks the assignments the session fulfils and awards the certifications it
completes.
"""

import io
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.ai.openai_compat import OpenAICompatClient, configured_client
from carsales.ai.registry import ModelMissingError
from carsales.config import Settings
from carsales.jobs.processors import (
    ItemRejected,
    JobKind,
    JobKinds,
    JsonResultProcessor,
    Prepared,
    ReportProgress,
)
from carsales.models import (
    ItemStatus,
    JobItem,
    JobStatus,
    JobType,
    ProcessingJob,
    TrainingSession,
)
from carsales.storage import Storage
from carsales.training.assignments.repository import AssignmentRepository
from carsales.training.certifications.service import award_for_session
from carsales.training.roleplay.measures import patience_s, talk_ratio, with_final_words
from carsales.training.sessions.repository import SessionRepository
from carsales.training.speech.targets import Targets
from carsales.training.targets import targets_from_settings

if TYPE_CHECKING:
    import numpy as np

    from carsales.training.speech.analysis import Report


class SpeechAnalysisSettings(BaseModel):
    """A `speech_analysis` job's settings: the Whisper model and the scenario's rubric."""

    model: Literal["base", "tiny.en"] = "base"
    rubric: list[dict[str, Any]] = []
    # The scenario as the session stored it: when given, the judge scores the answer by meaning
    # (carsales/training/judge/); jobs queued before it existed carry only the rubric's phrases.
    scenario: dict[str, Any] | None = None


class SpeechAnalysisProcessor(JsonResultProcessor):
    def __init__(
        self, model_dir: Path, targets: Targets, llm: OpenAICompatClient | None = None
    ) -> None:
        self.model_dir = model_dir
        self.targets = targets
        self.llm = llm  # CARSALES_LLM_*: judges each rubric item too (docs/training-judge.md)

    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        # Imported here: FFmpeg, CTranslate2 and Praat take seconds to load, and a process that
        # never analyses speech (an image worker) should not pay for them.
        from carsales.training.speech.audio import AudioDecodeError, decode

        started = time.perf_counter()
        options = SpeechAnalysisSettings.model_validate(settings)
        try:
            samples = decode(io.BytesIO(data))
        except AudioDecodeError as exc:
            raise ItemRejected("The recording could not be read as audio.") from exc
        if len(samples) == 0:
            raise ItemRejected("The recording holds no audio.")
        try:
            report = analyse_speech(samples, options.model, self.model_dir, self.targets, progress)
            result = judged_report(
                report, self.model_dir, options.scenario, options.rubric, self.llm
            )
        except ModelMissingError as exc:
            raise ItemRejected(str(exc)) from exc
        return Prepared(
            json.dumps(result).encode(), {}, {"analysis": time.perf_counter() - started}
        )


def analyse_speech(
    samples: "np.ndarray",
    model: str,
    model_dir: Path,
    targets: Targets,
    progress: ReportProgress | None = None,
) -> "Report":
    """The session report's analysis of 16 kHz mono samples: transcription with `model`, a second
    pass that finds the "um"s it swallowed, then measures, scores and feedback against `targets`.
    Raises ModelMissingError, naming the install command, when a model is not installed."""
    # Imported here: FFmpeg, CTranslate2 and Praat take seconds to load, and a process that
    # never analyses speech (an image worker, most CLI commands) should not pay for them.
    from carsales.ai.whisper import get_whisper
    from carsales.training.speech.analysis import analyze
    from carsales.training.speech.asr import WhisperTranscriber
    from carsales.training.speech.fillers import FILLER_DECODER_BEAM, FILLER_DECODER_MODEL

    transcriber = WhisperTranscriber(get_whisper(model, model_dir), model)
    # The lighter decoding of the second pass (docs/training-measures.md, Fillers) is pointless
    # when the main one is that same model.
    filler_pass = (
        WhisperTranscriber(
            get_whisper(FILLER_DECODER_MODEL, model_dir),
            FILLER_DECODER_MODEL,
            beam_size=FILLER_DECODER_BEAM,
        )
        if model != FILLER_DECODER_MODEL
        else None
    )
    report_progress = progress or (lambda _fraction: None)
    return analyze(
        samples,
        transcriber,
        targets,
        lambda fraction, _stage: report_progress(fraction),
        filler_pass=filler_pass,
    )


def judged_report(
    report: "Report",
    model_dir: Path,
    scenario: Mapping[str, Any] | None,
    rubric: Sequence[Mapping[str, Any]] = (),
    llm: OpenAICompatClient | None = None,
) -> dict[str, Any]:
    """The report as JSON, with the rubric: judged by meaning with `overall`, `passed` and
    `judgement` when the scenario is known (by `llm` too, when given), else (old jobs) checked
    by its phrases alone. Raises ModelMissingError when the embedding model is not installed."""
    from carsales.training.speech.words import Word

    words = [Word(f" {w.word}", w.start, w.end, w.probability) for w in report.words]
    result = report.to_dict()
    if scenario is None:
        from carsales.training.speech.rubric import check_rubric, rubric_items_from_json

        checked = check_rubric(rubric_items_from_json(rubric), words)
        return {**result, "rubric": [item.to_json() for item in checked]}
    from carsales.training.judge import get_judge, judge_report

    judged = judge_report(
        get_judge(model_dir),
        scenario,
        report.transcript,
        words,
        asdict(report.scores),
        report.feedback,
        llm,
    )
    feedback = [asdict(item) for item in judged.pop("feedback")]
    return {**result, **judged, "feedback": feedback}


def new_analysis_job(session: TrainingSession) -> ProcessingJob:
    """The analysis job for a session whose recording is stored; the caller adds and enqueues."""
    rubric = (session.scenario or {}).get("rubric", [])
    return ProcessingJob(
        dealership_id=session.dealership_id,
        owner_id=session.user_id,
        job_type=JobType.speech_analysis,
        settings=SpeechAnalysisSettings(rubric=rubric, scenario=session.scenario).model_dump(
            mode="json"
        ),
        items=[
            JobItem(
                position=0,
                original_name=(session.audio_key or "recording").rsplit("/", 1)[-1],
                input_key=session.audio_key,
                input_bytes=session.audio_bytes or 0,
                content_type=session.audio_content_type,
                status=ItemStatus.pending,
            )
        ],
    )


async def copy_report(db: AsyncSession, job: ProcessingJob, storage: Storage) -> None:
    if job.status is not JobStatus.completed:
        return  # the session shows the job's status and error
    session = await SessionRepository(db, job.dealership_id).analysed_by(job.id)
    item = job.items[0] if job.items else None
    if session is None or item is None or item.output_key is None:
        return
    report = json.loads(await storage.get_bytes(item.output_key))
    session.model = report["model"]
    session.duration_s = report["duration_s"]
    # The captions travel with the scores they explain (MetricsOut.captions).
    session.metrics = {**report["scores"], "captions": report.get("captions")}
    session.transcript = report["transcript"]
    session.words = report["words"]
    turns = session.turns or []
    if turns:
        session.turns = with_final_words(turns, session.words)
    # A role-play's conversation measures come from its turns (the live judge's), not the audio.
    session.measures = {
        **report["measures"],
        "talk_ratio": talk_ratio(turns),
        "patience_s": patience_s(turns),
    }
    session.feedback = report["feedback"]
    session.timelines = {"pace": report["pace_timeline"], "loudness": report["loudness_timeline"]}
    session.rubric = report["rubric"]
    session.judgement = report.get("judgement")
    copy_numbers(session, report)
    await AssignmentRepository(db, session.dealership_id).fulfil(session)
    await award_for_session(db, session)


def copy_numbers(session: TrainingSession, report: Mapping[str, Any]) -> None:
    """The report's numbers into the session's own columns, which the team dashboard averages
    in SQL (docs/team.md); the JSON above stays the report as shown."""
    scores, measures = report["scores"], report["measures"]
    rubric: list[dict[str, Any]] = report["rubric"]
    session.score_confidence = scores["confidence"]
    session.score_clarity = scores["clarity"]
    session.score_pace = scores["pace"]
    session.score_volume = scores["volume"]
    session.overall_score = report.get("overall")
    session.passed = report.get("passed")
    session.words_per_minute = measures["words_per_minute"]
    session.fillers_per_100 = measures["fillers_per_100_words"]
    # Without a recognised word there is no monologue and no question to grade: a 0 there would
    # read on the team's heat map as a target met or missed.
    spoke = measures["word_count"] > 0
    session.longest_monologue_s = measures["longest_monologue_s"] if spoke else None
    session.questions_asked = measures["question_count"] if spoke else None
    session.rubric_total = len(rubric) or None
    session.rubric_passed = sum(1 for item in rubric if item["passed"]) if rubric else None


def register(kinds: JobKinds, settings: Settings) -> None:
    assert settings.model_dir is not None  # filled in by Settings
    processor = SpeechAnalysisProcessor(
        settings.model_dir, targets_from_settings(settings), configured_client(settings)
    )
    kind = JobKind(processor, SpeechAnalysisSettings, uploads=None, on_finished=copy_report)
    kinds.register(JobType.speech_analysis, kind)
