"""The language model's second opinion on each rubric item, against a fake OpenAI-compatible
server: a real HTTP server on a loopback port speaking /v1/chat/completions with a server-sent
event stream, whose answers the tests choose (a small real model would not quote reliably
enough to test the quote check). The embedding judge is the real one (test_judge.py's fixture)."""

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from fastapi import FastAPI

from carsales.ai.openai_compat import OpenAICompatClient, configured_client
from carsales.config import Settings
from carsales.jobs.processors import JobKinds
from carsales.models import JobStatus, JobType, TrainingSession
from carsales.training.judge import Judge, judge_report, locate_quote
from carsales.training.judge.llm import parse_answer
from carsales.training.sessions.schemas import JudgementOut, RubricResultOut
from carsales.training.speech.asr import WhisperTranscriber
from carsales.training.tasks import SpeechAnalysisProcessor, register
from tests.conftest import TestDealership
from tests.content.conftest import gemma_model, llm_base_url  # noqa: F401 (fixtures)
from tests.training.test_judge import PRICE, PUSHY, judge  # noqa: F401 (a fixture)
from tests.training.test_tasks import (
    SCENARIO,
    SPOKEN,
    Events,
    _run,
    _session_with_recording,
    recording_of,
)

# Acknowledges and asks in words the embedding judge does not pass ("Shall we work up the
# numbers and get you started?" is the bench's known miss); no value is shown.
ANSWER = (
    "I completely understand, Mark, that's a fair concern. "
    "Shall we work up the numbers and get you started?"
)
NOTHING = json.dumps({"passed": False, "quote": None, "reason": "Not in the answer."})


class FakeProvider:
    """Answers each item by its label (`answers`), NOTHING for the others, after `delay` s."""

    def __init__(self) -> None:
        self.answers: dict[str, str] = {}
        self.delay = 0.0
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []

    async def chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append((dict(request.headers), body))
        asked = body["messages"][-1]["content"]
        text = next(
            (a for label, a in self.answers.items() if f"Rubric item: {label}\n" in asked), NOTHING
        )
        await asyncio.sleep(self.delay)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        half = len(text) // 2
        for piece, finish in ((text[:half], None), (text[half:], None), ("", "stop")):
            event = {
                "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": finish}]
            }
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        return response


@contextmanager
def serving(provider: FakeProvider) -> Iterator[str]:
    """The provider's /v1 base URL, served from its own thread and event loop, as a separate
    process would (the judge runs its calls in a loop of its own)."""
    app = web.Application()
    app.router.add_post("/v1/chat/completions", provider.chat)
    # Handlers stop when their client hangs up (the judge giving up on a slow provider).
    runner = web.AppRunner(app, handler_cancellation=True)
    loop = asyncio.new_event_loop()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.SockSite(runner, sock).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    finally:
        # Closed in its own loop, so that handlers still waiting (the slow provider) end there.
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


@pytest.fixture
def provider() -> Iterator[tuple[FakeProvider, str]]:
    fake = FakeProvider()
    with serving(fake) as url:
        yield fake, url


def _items(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in report["rubric"]}


def _answer(passed: bool, quote: str | None, reason: str = "As quoted.") -> str:
    return json.dumps({"passed": passed, "quote": quote, "reason": reason})


def test_a_true_quote_decides_and_a_fabricated_one_is_discarded(
    judge: Judge,  # noqa: F811 (the fixture)
    provider: tuple[FakeProvider, str],
) -> None:
    fake, url = provider
    offline = judge_report(judge, PRICE, ANSWER)
    before = _items(offline)
    assert before["ask"]["passed"] is False and before["respond"]["passed"] is False
    labels = {item["id"]: item["label"] for item in PRICE["rubric"]}
    # Case, punctuation and a curly apostrophe differ from the transcript: still its words.
    fake.answers[labels["ask"]] = (
        "```json\n"
        + _answer(True, "shall we WORK up the numbers, and get you started", "A clear close.")
        + "\n```"
    )
    # Words the salesperson never said.
    fake.answers[labels["respond"]] = _answer(True, "Our price includes the tow package")

    report = judge_report(
        judge, PRICE, ANSWER, llm=OpenAICompatClient(url, model="judge-test", timeout_s=10)
    )

    items = _items(report)
    assert items["ask"]["passed"] is True and items["ask"]["judge"] == "llm"
    assert items["ask"]["evidence"] == "Shall we work up the numbers and get you started"
    assert items["ask"]["reason"] == "A clear close." and items["ask"]["model_answer"] is None
    assert items["ask"]["fallback_reason"] is None
    assert items["respond"]["passed"] is False and items["respond"]["judge"] == "offline"
    assert items["respond"]["evidence"] == before["respond"]["evidence"]
    assert "is not in the transcript" in items["respond"]["fallback_reason"]
    # An answer without a quote is not used either.
    assert items["clarify"]["judge"] == "offline"
    assert items["clarify"]["fallback_reason"] == "the model quoted nothing from the answer"
    # The scores follow the verdicts that stand: one item more than offline.
    judgement = report["judgement"]
    assert judgement["judge"] == "llm" and judgement["fallback_reason"] is None
    passed = sum(item["passed"] for item in items.values())
    assert passed == sum(item["passed"] for item in before.values()) + 1
    assert judgement["moves"] == [] and judgement["relevance"] >= 0.5
    assert judgement["content"] == round(100 * passed / len(items)) == report["overall"]
    assert any("language model decided 1 of 6" in reason for reason in judgement["reasons"])
    # The protocol: one streamed JSON-mode call per item, at temperature 0, with the transcript.
    assert len(fake.requests) == len(items)
    headers, body = fake.requests[0]
    assert body["stream"] is True and body["temperature"] == 0 and body["model"] == "judge-test"
    assert body["response_format"] == {"type": "json_object"}
    asked = body["messages"][-1]["content"]
    assert ANSWER in asked and f"Scenario: {PRICE['title']}\n" in asked
    assert "authorization" not in {key.lower() for key in headers}


def test_a_quoted_pass_next_to_a_negative_move_is_undone(
    judge: Judge,  # noqa: F811 (the fixture)
    provider: tuple[FakeProvider, str],
) -> None:
    fake, url = provider
    fake.answers["Acknowledge the concern"] = _answer(True, "I hear you")

    report = judge_report(judge, PRICE, PUSHY, llm=OpenAICompatClient(url, timeout_s=10))

    acknowledge = _items(report)["acknowledge"]
    assert acknowledge["passed"] is False and acknowledge["judge"] == "llm"
    assert acknowledge["reason"].startswith('Undone by "the price is the price')
    assert report["passed"] is False


def test_a_real_llama_cpp_server_takes_the_question(
    judge: Judge,  # noqa: F811 (the fixture)
    llm_base_url: str,  # noqa: F811 (the fixture)
) -> None:
    """The request as a real server reads it (streaming, JSON mode): Gemma 3 270M answers, and
    whatever it says, nothing that is not a checked quote of the transcript decides."""
    scenario = {**PRICE, "rubric": PRICE["rubric"][:1]}

    report = judge_report(judge, scenario, ANSWER, llm=OpenAICompatClient(llm_base_url))

    (item,) = report["rubric"]
    # The server answered: any reason to set the verdict aside is about what the model said.
    assert item["fallback_reason"] is None or item["fallback_reason"].startswith("the model")
    assert item["judge"] == "offline" or item["evidence"] in ANSWER


def test_a_provider_that_times_out_leaves_the_offline_verdicts(
    judge: Judge,  # noqa: F811 (the fixture)
    provider: tuple[FakeProvider, str],
) -> None:
    fake, url = provider
    fake.delay = 3
    offline = judge_report(judge, PRICE, ANSWER)

    started = time.perf_counter()
    report = judge_report(judge, PRICE, ANSWER, llm=OpenAICompatClient(url, timeout_s=0.5))

    # The items are asked at once: one time limit in all, not one per item.
    assert time.perf_counter() - started < 2.5
    _assert_offline(report, offline, "no complete answer in 0.5 s")


def test_a_provider_that_is_down_leaves_the_offline_verdicts(judge: Judge) -> None:  # noqa: F811
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    offline = judge_report(judge, PRICE, ANSWER)

    client = OpenAICompatClient(f"http://127.0.0.1:{dead}/v1", timeout_s=5)
    report = judge_report(judge, PRICE, ANSWER, llm=client)

    _assert_offline(report, offline, "ConnectError")


def _assert_offline(report: dict[str, Any], offline: dict[str, Any], reason: str) -> None:
    assert report["overall"] == offline["overall"] and report["passed"] == offline["passed"]
    for item, before in zip(report["rubric"], offline["rubric"], strict=True):
        assert item["judge"] == "offline" and reason in item["fallback_reason"]
        assert {k: v for k, v in item.items() if k != "fallback_reason"} == {
            k: v for k, v in before.items() if k != "fallback_reason"
        }
    judgement = report["judgement"]
    assert judgement["judge"] == "offline" and reason in judgement["fallback_reason"]
    assert any(r.startswith("Judged offline: ") for r in judgement["reasons"])


def test_without_a_provider_the_judge_is_offline_as_before(
    judge: Judge,  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    report = judge_report(judge, PRICE, ANSWER)

    assert all(
        item["judge"] == "offline" and item["fallback_reason"] is None for item in report["rubric"]
    )
    assert report["judgement"]["judge"] == "offline"
    assert report["judgement"]["fallback_reason"] is None
    assert not any("language model" in r or "offline" in r for r in report["judgement"]["reasons"])
    # The analysis job asks a model only when CARSALES_LLM_BASE_URL is set.
    assert configured_client(Settings(llm_base_url=None)) is None
    kinds = JobKinds()
    register(kinds, Settings(model_dir=tmp_path, llm_base_url=None))
    processor = kinds.of(JobType.speech_analysis).processor
    assert isinstance(processor, SpeechAnalysisProcessor) and processor.llm is None
    configured = Settings(model_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_timeout_s=7)
    kinds = JobKinds()
    register(kinds, configured)
    processor = kinds.of(JobType.speech_analysis).processor
    assert isinstance(processor, SpeechAnalysisProcessor) and processor.llm is not None
    assert processor.llm.timeout_s == 7


def test_quotes_are_matched_word_for_word() -> None:
    transcript = "Um... I hear you, Mark. It\u2019s a fair concern! Shall we  start?"
    span = locate_quote(transcript, "it's a FAIR concern")
    assert span is not None and transcript[span[0] : span[1]] == "It\u2019s a fair concern"
    span = locate_quote(transcript, '"Mark, it\'s a fair"')
    assert span is not None and transcript[span[0] : span[1]] == "Mark. It\u2019s a fair"
    assert locate_quote(transcript, "It is a fair concern") is None  # reworded
    assert locate_quote(transcript, "I hear you Mark it's a concern") is None  # shortened
    assert locate_quote(transcript, "Shall we") is None  # too short to mean anything


def test_the_models_answer_is_read_strictly() -> None:
    answer = parse_answer('Sure! {"passed": true, "quote": " I hear you ", "reason": "ok"}')
    assert answer.passed is True and answer.quote == "I hear you" and answer.reason == "ok"
    assert parse_answer('{"passed": false, "quote": ""}').quote is None
    for bad, why in (
        ("I think it passed.", "no JSON object"),
        ('{"passed": "yes", "quote": null}', '"passed"'),
        ('{"passed": true, "quote": ["a"]}', '"quote" is not text'),
        ('{"passed": true,}', "not valid JSON"),
    ):
        with pytest.raises(ValueError, match=why):
            parse_answer(bad)


def test_the_api_shows_who_decided_and_old_reports_read_as_offline() -> None:
    item = {"id": "ask", "label": "Ask", "passed": True, "evidence": "x", "timestamp": None}
    shown = RubricResultOut.model_validate(
        {**item, "judge": "llm", "fallback_reason": None}
    ).model_dump(by_alias=True)
    assert shown["judge"] == "llm" and "fallbackReason" in shown
    assert RubricResultOut.model_validate(item).judge == "offline"
    stored: dict[str, Any] = {
        "overall": 50,
        "passed": False,
        "pass_mark": 70,
        "content": 50,
        "delivery": None,
        "relevance": 1.0,
        "off_topic": False,
        "weights": {"content": 0.7, "delivery": 0.3},
        "reasons": [],
        "moves": [],
    }
    assert JudgementOut.model_validate(stored).judge == "offline"
    aside = JudgementOut.model_validate({**stored, "fallback_reason": "timed out"})
    assert aside.model_dump(by_alias=True)["fallbackReason"] == "timed out"


async def test_the_analysis_job_asks_the_configured_provider(
    app: FastAPI,
    dealership: TestDealership,
    espeak: None,
    whisper_base: WhisperTranscriber,
    provider: tuple[FakeProvider, str],
) -> None:
    """Settings to report: CARSALES_LLM_BASE_URL makes the session's analysis (Whisper, then
    both judges, in the job runner's worker thread) ask the model, and the session row keeps
    who decided each item."""
    fake, url = provider
    # The offline judge passes both items (test_tasks.py); the model fails the first on a true
    # quote, and its pass of the second quotes words never said.
    fake.answers["Acknowledge"] = _answer(False, "I understand the price matters to you", "Flat.")
    fake.answers["Ask for the business"] = _answer(True, "Sign today and I throw in floor mats")
    recording, _spoken_s = recording_of(SPOKEN)
    session_id, job_id = await _session_with_recording(app, dealership, recording)
    kinds = JobKinds()
    register(kinds, app.state.settings.model_copy(update={"llm_base_url": url}))

    await _run(app, job_id, Events(), kinds)

    async with app.state.sessionmaker() as db:
        session = await db.get(TrainingSession, session_id)
    assert session is not None and session.analysis_job is not None
    assert session.analysis_job.status is JobStatus.completed, session.analysis_job.items[0].error
    assert session.rubric is not None and session.judgement is not None
    items = {item["id"]: item for item in session.rubric}
    assert items["acknowledge"]["passed"] is False and items["acknowledge"]["judge"] == "llm"
    assert items["acknowledge"]["evidence"] == "I understand the price matters to you"
    assert items["ask"]["passed"] is True and items["ask"]["judge"] == "offline"
    assert "is not in the transcript" in items["ask"]["fallback_reason"]
    assert session.judgement["judge"] == "llm"
    assert session.rubric_passed == 1 and session.rubric_total == len(SCENARIO["rubric"])
    assert len(fake.requests) == len(SCENARIO["rubric"])
