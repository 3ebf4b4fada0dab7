"""Rules of scenarios: the built-in library and the dealership's own, and their spoken lines."""

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.ai.openai_compat import OpenAICompatClient
from carsales.errors import BadRequest, Forbidden, NotFound, ServiceUnavailable
from carsales.kit.repository import ID_PATTERN
from carsales.models import Role, SessionType, TrainingScenario, User
from carsales.storage import Storage
from carsales.training.scenarios.library import (
    BUILTIN_SCENARIOS,
    Scenario,
    builtin_scenario,
    rubric_items,
)
from carsales.training.scenarios.repository import ScenarioRepository
from carsales.training.scenarios.schemas import (
    RubricItemIn,
    RubricItemOut,
    ScenarioCreate,
    ScenarioOut,
    ScenarioUpdate,
)
from carsales.training.scenarios.trial import ScenarioTryOut, judge_answer
from carsales.training.speech.audio import to_pcm16, wav_bytes
from carsales.training.speech.tts import SynthesisError, synthesize

TTS_VOICE = "en-us"


class UnknownScenario(BadRequest):
    code = "unknown_scenario"
    title = "No such scenario"


class BuiltinScenario(BadRequest):
    code = "builtin_scenario"
    title = "Built-in scenarios cannot be changed"


class InvalidRubric(BadRequest):
    code = "invalid_rubric"
    title = "The rubric cannot be used"


class SpeechUnavailable(ServiceUnavailable):
    code = "speech_unavailable"
    title = "Speech synthesis is not available"


def tts_cache_key(dealership_id: str, text: str, voice: str = TTS_VOICE) -> str:
    """Spoken lines are cached by what is said and how, so an edited line is spoken afresh."""
    digest = hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()
    return f"{dealership_id}/training/tts/{digest}.wav"


def _speak(text: str) -> bytes:
    try:
        return wav_bytes(to_pcm16(synthesize(text, voice=TTS_VOICE)))
    except SynthesisError as exc:
        raise SpeechUnavailable(
            f"The server cannot speak the customer's lines ({exc}); "
            "use the browser's speech synthesis instead."
        ) from exc


async def spoken_line(storage: Storage, dealership_id: str, text: str) -> bytes:
    """`text` as a WAV file, spoken by espeak-ng and cached in storage (SpeechUnavailable when
    espeak-ng is missing)."""
    key = tts_cache_key(dealership_id, text)
    if await storage.exists(key):
        return await storage.get_bytes(key)
    audio = await anyio.to_thread.run_sync(_speak, text)
    await storage.put_bytes(key, audio)
    return audio


def _builtin_out(scenario: Scenario) -> ScenarioOut:
    return ScenarioOut.model_validate(scenario.snapshot())


def _custom_out(row: TrainingScenario) -> ScenarioOut:
    return ScenarioOut(
        id=row.id,
        builtin=False,
        session_type=row.session_type,
        title=row.title,
        persona=row.persona,
        situation=row.situation,
        vehicle=row.vehicle,
        customer_lines=row.customer_lines,
        rubric=[RubricItemOut.model_validate(item) for item in row.rubric],
        pass_mark=row.pass_mark,
    )


def _rubric_json(items: Sequence[RubricItemIn]) -> list[dict[str, Any]]:
    """The rubric as stored, checked as the analysis will read it: a phrase it cannot match is
    refused now, not when a salesperson's session is scored."""
    try:
        parsed = rubric_items(items)
    except ValueError as exc:
        raise InvalidRubric(str(exc)) from exc
    return [item.to_json() for item in parsed]


class ScenarioService:
    """The built-in library and the dealership's own scenarios, as seen by `actor`."""

    def __init__(
        self,
        db: AsyncSession,
        storage: Storage,
        actor: User,
        model_dir: Path | None = None,
        llm: OpenAICompatClient | None = None,
    ) -> None:
        self.db = db
        self.storage = storage
        self.actor = actor
        # The judge's model folder and language model (if configured), for `try_answer`.
        self.model_dir = model_dir
        self.llm = llm
        self.scenarios = ScenarioRepository(db, actor.dealership_id)

    async def available(self, session_type: SessionType | None) -> list[ScenarioOut]:
        """The built-in library first, then the dealership's current scenarios."""
        builtins = [
            _builtin_out(scenario)
            for scenario in BUILTIN_SCENARIOS.values()
            if session_type is None or scenario.session_type is session_type
        ]
        customs = [_custom_out(row) for row in await self.scenarios.list_current(session_type)]
        return builtins + customs

    async def find(self, scenario_id: str, *, archived: bool = False) -> ScenarioOut | None:
        builtin = builtin_scenario(scenario_id)
        if builtin is not None:
            return _builtin_out(builtin)
        row = await self._custom(scenario_id)
        if row is None or (row.archived and not archived):
            return None
        return _custom_out(row)

    async def by_ids(self, scenario_ids: Sequence[str]) -> dict[str, ScenarioOut]:
        """The scenarios among `scenario_ids` that exist (archived ones too), by id."""
        found = {
            key: _builtin_out(BUILTIN_SCENARIOS[key])
            for key in scenario_ids
            if key in BUILTIN_SCENARIOS
        }
        customs = await self.scenarios.by_ids(
            [key for key in scenario_ids if re.match(ID_PATTERN, key)]
        )
        found.update({key: _custom_out(row) for key, row in customs.items()})
        return found

    async def _custom(self, scenario_id: str) -> TrainingScenario | None:
        if not re.match(ID_PATTERN, scenario_id):
            return None
        return await self.scenarios.get(scenario_id)

    async def create(self, body: ScenarioCreate) -> ScenarioOut:
        row = TrainingScenario(
            dealership_id=self.actor.dealership_id,
            created_by_id=self.actor.id,
            session_type=body.session_type,
            title=body.title,
            persona=body.persona,
            situation=body.situation,
            vehicle=body.vehicle,
            customer_lines=list(body.customer_lines),
            rubric=_rubric_json(body.rubric),
            pass_mark=body.pass_mark,
            archived=False,
        )
        self.db.add(row)
        await self.db.flush()
        return _custom_out(row)

    async def update(self, scenario_id: str, changes: ScenarioUpdate) -> ScenarioOut:
        row = await self._editable(scenario_id)
        for name, value in changes.model_dump(exclude_unset=True, by_alias=False).items():
            if name == "rubric":
                value = _rubric_json(changes.rubric or [])
            setattr(row, name, value)
        await self.db.flush()
        return _custom_out(row)

    async def archive(self, scenario_id: str) -> None:
        """Archived, not deleted: sessions and assignments still refer to it."""
        row = await self._editable(scenario_id)
        row.archived = True
        await self.db.flush()

    async def _editable(self, scenario_id: str) -> TrainingScenario:
        if builtin_scenario(scenario_id) is not None:
            raise BuiltinScenario("Built-in scenarios cannot be changed: create your own instead.")
        row = await self._custom(scenario_id)
        if row is None or row.archived:
            raise NotFound("No such scenario.")
        if self.actor.role is not Role.admin and row.created_by_id != self.actor.id:
            raise Forbidden("Only the manager who wrote this scenario, or an admin, can change it.")
        return row

    async def try_answer(self, scenario_id: str, answer: str) -> ScenarioTryOut:
        """How the judge scores `answer` in the scenario, the pass mark included."""
        scenario = await self.find(scenario_id)
        if scenario is None:
            raise NotFound("No such scenario.")
        if self.model_dir is None:
            raise ServiceUnavailable("No model folder is configured for the judge.")
        return await judge_answer(self.model_dir, scenario, answer, self.llm)

    async def line_audio(self, scenario_id: str, index: int) -> bytes:
        """The customer's line `index` as a WAV file, spoken by espeak-ng and cached."""
        scenario = await self.find(scenario_id, archived=True)
        if scenario is None or index >= len(scenario.customer_lines):
            raise NotFound("No such line.")
        return await spoken_line(
            self.storage, self.actor.dealership_id, scenario.customer_lines[index]
        )
