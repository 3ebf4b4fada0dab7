"""Rubric judging by meaning (pure: no web, no database): see judge.py and docs/training-judge.md.

`get_judge(model_dir)` is the process's judge, sharing the embedding model through the model
cache; `judged_scenario(snapshot)` reads a scenario as sessions store it; `second_opinion` asks an
OpenAI-compatible model about each item too (llm.py)."""

from functools import lru_cache
from pathlib import Path

from carsales.training.judge.feedback import DELIVERY_ONLY, judged_feedback
from carsales.training.judge.judge import (
    CONTENT_WEIGHT,
    DELIVERY_WEIGHT,
    ItemVerdict,
    Judge,
    JudgeKind,
    Judgement,
)
from carsales.training.judge.llm import locate_quote, second_opinion
from carsales.training.judge.moves import Move, MoveKind
from carsales.training.judge.report import judge_report
from carsales.training.judge.scenario import (
    DEFAULT_PASS_MARK,
    JudgedItem,
    JudgedScenario,
    judged_scenario,
)
from carsales.training.judge.utterances import Utterance, split_utterances

__all__ = [
    "CONTENT_WEIGHT",
    "DEFAULT_PASS_MARK",
    "DELIVERY_ONLY",
    "DELIVERY_WEIGHT",
    "ItemVerdict",
    "Judge",
    "JudgeKind",
    "JudgedItem",
    "JudgedScenario",
    "Judgement",
    "Move",
    "MoveKind",
    "Utterance",
    "get_judge",
    "judge_report",
    "judged_feedback",
    "judged_scenario",
    "locate_quote",
    "second_opinion",
    "split_utterances",
]


@lru_cache(maxsize=4)
def get_judge(model_dir: Path) -> Judge:
    """One judge per model folder and process: its exemplar vectors are reused across answers.
    The embedding model itself loads on first use (ModelMissingError names the install step)."""
    # Imported here: ONNX Runtime and the tokenizer are not needed to read a scenario.
    from carsales.ai.embeddings import SentenceEmbedder

    # One thread: answers are a few dozen sentences, analyses run side by side in workers, and
    # on the 2-core machine one thread embedded 51 sentences/s against 27 with two under load.
    return Judge(SentenceEmbedder(model_dir, threads=1))
