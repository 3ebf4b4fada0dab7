"""The role-play customer in a live session: at the end of each of the salesperson's turns,
the turn is judged by meaning (roleplay/turns.py), the dialogue graph answers (roleplay/engine.py)
or, with a provider configured, the model playing the persona (roleplay/llm.py); the reply is
spoken by espeak-ng (cached like the scenario's lines) and both turns are stored in the session's
`turns` before `training.customer` goes out. docs/training-live.md, Role-play."""

import asyncio
import re
import wave
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.ai.openai_compat import OpenAICompatClient
from carsales.ai.registry import ModelMissingError
from carsales.events import EventEmitter
from carsales.models import SessionMode
from carsales.storage import Storage
from carsales.training.judge import get_judge, judged_scenario
from carsales.training.live.protocol import CUSTOMER_EVENT, CustomerEvent
from carsales.training.live.state import LiveState, SpokenTurn
from carsales.training.roleplay.engine import Reply, State, TurnJudgement, opening, step
from carsales.training.roleplay.graph import scenario_graph
from carsales.training.roleplay.llm import model_reply
from carsales.training.roleplay.measures import CUSTOMER, SALESPERSON
from carsales.training.roleplay.turns import judge_turn
from carsales.training.scenarios.service import SpeechUnavailable, spoken_line
from carsales.training.sessions.repository import SessionRepository
from carsales.training.speech.words import Word

log = structlog.get_logger(__name__)

# After the customer's line, the microphone is listened to again only after this: the client
# fetches and starts the audio after the event arrives.
PLAYBACK_GRACE_S = 0.5
_SPOKEN_WPM = 150  # espeak-ng's rate: the length of a reply that could not be spoken
_WORD = re.compile(r"[\w']+")


def turn_audio_url(session_id: str, index: int) -> str:
    return f"/api/v1/sessions/{session_id}/turns/{index}/audio"


async def _voice(storage: Storage, dealership_id: str, text: str) -> tuple[bool, float]:
    """Whether the server could speak `text` (now in the TTS cache), and how long it plays."""
    try:
        audio = await spoken_line(storage, dealership_id, text)
    except SpeechUnavailable:
        log.warning("roleplay_voice_unavailable")
        return False, len(_WORD.findall(text)) * 60 / _SPOKEN_WPM
    with wave.open(BytesIO(audio)) as wav:
        return True, wav.getnframes() / wav.getframerate()


async def customer_turn(
    storage: Storage, dealership_id: str, session_id: str, index: int, reply: Reply, start: float
) -> dict[str, Any]:
    """The customer's turn as `turns` stores it; its audio is in the TTS cache."""
    spoken, duration = await _voice(storage, dealership_id, reply.text)
    return {
        "speaker": CUSTOMER,
        "start": round(start, 3),
        "end": round(start + duration, 3),
        "text": reply.text,
        "objection": reply.objection,
        "outcome": reply.state.outcome.value if reply.state.outcome else None,
        "audio_url": turn_audio_url(session_id, index) if spoken else None,
        "state": reply.state.to_json(),
    }


async def opening_turn(
    storage: Storage, dealership_id: str, session_id: str, scenario: Mapping[str, Any]
) -> dict[str, Any]:
    """Turn 0: the customer's first line, played as the salesperson starts streaming (session
    time 0). ValueError when the scenario has no customer to play."""
    return await customer_turn(
        storage, dealership_id, session_id, 0, opening(scenario_graph(scenario)), 0.0
    )


def listen_from(turns: list[dict[str, Any]] | None) -> float | None:
    """Session time from which a role-play's microphone is listened to (after the customer's last
    line); None when the conversation is over."""
    last = next((t for t in reversed(turns or []) if t["speaker"] == CUSTOMER), None)
    if last is None:
        return 0.0
    return None if last.get("outcome") else last["end"] + PLAYBACK_GRACE_S


@dataclass(frozen=True, slots=True)
class CustomerVoice:
    """Answers the role-play sessions' turns of one process (the hub's `answer`)."""

    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage
    model_dir: Path
    events: EventEmitter
    llm: OpenAICompatClient | None = None  # CARSALES_LLM_*: the model plays the customer

    def _judged(self, scenario: Mapping[str, Any], turn: SpokenTurn) -> TurnJudgement:
        if not turn.text:
            return TurnJudgement(frozenset())
        try:
            judge = get_judge(self.model_dir)
            return judge_turn(judge, judged_scenario(scenario), turn.text, turn.words)
        except ModelMissingError as exc:
            # The customer still answers, as if nothing had been done: they repeat the concern.
            log.warning("roleplay_judge_unavailable", error=str(exc))
            return TurnJudgement(frozenset())

    async def warm(self, scenario: Mapping[str, Any]) -> None:
        """Embed the scenario's exemplars before the first turn ends (about 1 s the first time)."""
        hello = SpokenTurn([Word(" Hi.", 0.0, 0.2)], 0.0, 0.2)
        await asyncio.to_thread(self._judged, scenario, hello)

    async def _conversation(
        self, state: LiveState
    ) -> tuple[dict[str, Any], list[dict[str, Any]], State] | None:
        """The session's scenario, its turns and the engine's state after the customer's last
        line, while the conversation goes on; else None."""
        async with self.sessionmaker() as db:
            sessions = SessionRepository(db, state.dealership_id)
            row = await sessions.practised_by(state.session_id, state.user_id)
            if row is None or row.mode is not SessionMode.roleplay or row.scenario is None:
                return None
            turns = list(row.turns or [])
        last = next((t for t in reversed(turns) if t["speaker"] == CUSTOMER), None)
        if last is None:
            return None
        before = State.from_json(last["state"])
        return None if before.outcome is not None else (row.scenario, turns, before)

    async def answer(self, state: LiveState, turn: SpokenTurn) -> float | None:
        # No database session is held while the turn is judged and the reply spoken (seconds,
        # with a model), as the session's chunks go on being stored meanwhile.
        found = await self._conversation(state)
        if found is None:
            return None
        scenario, turns, before = found
        judged = await asyncio.to_thread(self._judged, scenario, turn)
        graph = scenario_graph(scenario)
        reply = step(graph, before, judged)
        said = {
            "speaker": SALESPERSON,
            "start": round(turn.end if turn.start is None else turn.start, 3),
            "end": round(turn.end, 3),
            "text": turn.text,
            "move": judged.moves[0].value if judged.moves else None,
            "moves": [m.value for m in judged.moves],
            "passed": sorted(judged.passed),
        }
        if self.llm is not None:
            reply, _ = await model_reply(self.llm, scenario, graph, [*turns, said], reply)
        index = len(turns) + 1
        answer = await customer_turn(
            self.storage, state.dealership_id, state.session_id, index, reply, state.now
        )
        async with self.sessionmaker() as db:
            sessions = SessionRepository(db, state.dealership_id)
            row = await sessions.practised_by(state.session_id, state.user_id)
            if row is None:
                return None
            # A session's turns are answered one at a time (its live state's queue).
            row.turns = [*turns, said, answer]
            await db.commit()
        event = CustomerEvent(
            session_id=state.session_id,
            turn=index,
            text=reply.text,
            audio_url=answer["audio_url"],
            duration_s=round(answer["end"] - answer["start"], 3),
            start=answer["start"],
            final=reply.final,
            outcome=answer["outcome"],
        )
        await self.events.to_user(state.user_id, CUSTOMER_EVENT, event.model_dump(mode="json"))
        return None if reply.final else answer["end"] + PLAYBACK_GRACE_S
