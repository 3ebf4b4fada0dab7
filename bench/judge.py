"""Rubric judge: per-item accuracy, ranking of overall scores and speed on a labelled answer set.

    .venv/bin/python -m bench.judge [--data SET.jsonl] [--show-misses]

Each line is a practice answer, written as a transcript, in a built-in scenario: {"scenario",
"label" (good, partial, mixed, pushy, off-topic, silent), "grade" (4 good, 3 partial, 2 mixed, 1
pushy, 0 off-topic or silent), "text", "done"?: the rubric items a trainer would tick}. Without
`done`, a good answer does every item and the others none. The set was written by hand before the
judge's thresholds were tuned (docs/training-judge.md).

Answers go through the same path as a session's transcript (carsales.training.judge.judge_report:
utterances, embeddings, items, moves, relevance); with no audio there are no delivery scores, so
the overall score is the content score. Printed: per-item accuracy (by item id across scenarios),
Spearman's rank correlation of overall scores with the grades, the pass/fail table by label, the
check that every good answer outscores every pushy or off-topic answer of its scenario (the exit
status is 1 when one does not), and the embedding speed in sentences per second.
"""

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from carsales.config import get_settings
from carsales.training.judge import get_judge, judge_report, split_utterances
from carsales.training.scenarios.library import BUILTIN_SCENARIOS

DATA = Path(__file__).parent / "data" / "judge_answers.jsonl"
FLOORED = ("pushy", "off-topic")  # every good answer must outscore these, scenario by scenario


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def expected_items(answer: dict[str, Any], item_ids: list[str]) -> dict[str, bool]:
    if "done" in answer:
        return {item: item in answer["done"] for item in item_ids}
    return {item: answer["label"] == "good" for item in item_ids}


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing their mean rank."""
    order = values.argsort(kind="stable")
    result = np.empty(len(values))
    result[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        result[tied] = result[tied].mean()
    return result


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(np.array(a, dtype=float)), ranks(np.array(b, dtype=float))
    return float(np.corrcoef(ra, rb)[0, 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show-misses", action="store_true", help="list each wrong item")
    args = parser.parse_args()
    model_dir = get_settings().model_dir or Path("data/models")
    judge = get_judge(model_dir)
    answers = load(args.data)

    judge.embedder.embed(["warm-up"])  # loads the model outside the timings
    started = time.perf_counter()
    results = []
    for answer in answers:
        snapshot = BUILTIN_SCENARIOS[answer["scenario"]].snapshot()
        results.append(judge_report(judge, snapshot, answer["text"]))
    judging_s = time.perf_counter() - started

    per_item: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # correct, total
    for number, (answer, result) in enumerate(zip(answers, results, strict=True), 1):
        expected = expected_items(answer, [item["id"] for item in result["rubric"]])
        for item in result["rubric"]:
            right = item["passed"] == expected[item["id"]]
            per_item[item["id"]][0] += right
            per_item[item["id"]][1] += 1
            if args.show_misses and not right:
                print(
                    f"  line {number} {answer['scenario']} ({answer['label']}): {item['id']} "
                    f"expected {expected[item['id']]}, got {item['passed']}: {item['evidence']!r}"
                )
    print(f"{args.data.name}: {len(answers)} answers in {len(BUILTIN_SCENARIOS)} scenarios")
    print(f"{'item':<22} {'judged':>6} {'accuracy':>9}")
    for item, (right, total) in sorted(per_item.items()):
        print(f"{item:<22} {total:>6} {right / total:>9.3f}")
    right = sum(c for c, _ in per_item.values())
    total = sum(t for _, t in per_item.values())
    print(f"{'all items':<22} {total:>6} {right / total:>9.3f}")

    overall = [r["overall"] for r in results]
    print(f"\nSpearman (overall vs grade): {spearman(overall, [a['grade'] for a in answers]):.3f}")
    print(f"{'label':<10} {'answers':>7} {'passed':>6} {'mean overall':>12}")
    for label in ("good", "partial", "mixed", "pushy", "off-topic", "silent"):
        chosen = [r for a, r in zip(answers, results, strict=True) if a["label"] == label]
        if chosen:
            mean = sum(r["overall"] for r in chosen) / len(chosen)
            passed = sum(r["passed"] for r in chosen)
            print(f"{label:<10} {len(chosen):>7} {passed:>6} {mean:>12.1f}")

    failures = []
    by_scenario: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for answer, result in zip(answers, results, strict=True):
        by_scenario[answer["scenario"]].append((answer["label"], result["overall"]))
    for scenario, scored in by_scenario.items():
        good = [s for label, s in scored if label == "good"]
        floor = [s for label, s in scored if label in FLOORED]
        if good and floor and min(good) <= max(floor):
            failures.append(f"{scenario}: good {good} vs pushy/off-topic {floor}")
    print(
        "every good answer outscores every pushy or off-topic one of its scenario: "
        + ("yes" if not failures else "NO")
    )
    for failure in failures:
        print(f"  {failure}")

    texts = [u.text for a in answers for u in split_utterances(a["text"])]
    started = time.perf_counter()
    judge.embedder.embed(texts)
    embed_s = time.perf_counter() - started
    print(
        f"\nembedding: {len(texts) / embed_s:.0f} sentences/s ({len(texts)} sentences); judging: "
        f"{judging_s / len(answers) * 1000:.0f} ms per answer (first pass, exemplars included)"
    )
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
