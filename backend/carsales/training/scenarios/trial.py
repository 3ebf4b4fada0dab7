"""A manager's "Try it": a typed answer judged as the final analysis judges a spoken one.

The text goes through the same `judge_report` as a session's transcript (the language model
too, when CARSALES_LLM_* configures one), without timings and without delivery scores (nothing
was heard), so the overall score is the content score alone."""

from pathlib import Path

import anyio
from pydantic import Field

from carsales.ai.openai_compat import OpenAICompatClient
from carsales.ai.registry import ModelMissingError
from carsales.errors import ServiceUnavailable
from carsales.kit.schema import ApiModel
from carsales.training.judge import get_judge, judge_report
from carsales.training.scenarios.schemas import ScenarioOut
from carsales.training.sessions.schemas import JudgementOut, RubricResultOut


class ScenarioTryOut(ApiModel):
    """The judge's verdict on the typed answer: the part of a session's report it decides."""

    overall: int = Field(description="0-100; content only, as nothing was heard")
    passed: bool = Field(description="Whether `overall` reaches the scenario's pass mark")
    rubric: list[RubricResultOut]
    judgement: JudgementOut


def _judge(
    model_dir: Path, scenario: ScenarioOut, answer: str, llm: OpenAICompatClient | None
) -> ScenarioTryOut:
    snapshot = scenario.model_dump(mode="json")
    report = judge_report(get_judge(model_dir), snapshot, answer, llm=llm)
    return ScenarioTryOut.model_validate(report)


async def judge_answer(
    model_dir: Path, scenario: ScenarioOut, answer: str, llm: OpenAICompatClient | None = None
) -> ScenarioTryOut:
    """Judged in a worker thread: embedding the answer takes tens of milliseconds of CPU, the
    first call loads the model, and `judge_report` runs the language model's calls in an event
    loop of its own."""
    try:
        return await anyio.to_thread.run_sync(_judge, model_dir, scenario, answer, llm)
    except ModelMissingError as exc:
        raise ServiceUnavailable(f"The judge's model is not installed: {exc}") from exc
