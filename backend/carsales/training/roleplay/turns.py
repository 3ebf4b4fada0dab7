"""What a salesperson's turn did, by the same semantic judge as the report (judge/judge.py): the
rubric items it passed by meaning, its negative moves, and the trainers' names for both."""

from collections.abc import Sequence

from carsales.training.judge import Judge, JudgedScenario, MoveKind
from carsales.training.roleplay.engine import Move, TurnJudgement
from carsales.training.speech.words import Word

# Rubric item ids (the built-in library's) and the move each shows; any other item shows value.
_ITEM_MOVES = {
    "acknowledge": Move.acknowledged,
    "reinforce": Move.acknowledged,
    "clarify": Move.asked,
    "needs": Move.asked,
    "his-need": Move.asked,
    "isolate": Move.isolated,
    "confirm": Move.asked,
    "greet": Move.acknowledged,
    "ask": Move.closed,
    "assume": Move.closed,
    "paperwork": Move.closed,
    "choice-next-step": Move.closed,
    "agreement": Move.asked,
    "trial-close": Move.closed,
    "test-drive": Move.closed,
}
# Negative moves with a name of their own; the others (pressure, dismissing, talking over) push.
_NEGATIVE_MOVES = {MoveKind.discount: Move.discounted, MoveKind.disrespect: Move.disrespected}
# The most telling first: a turn's `move` is the first of its moves in this order.
_ORDER = (
    Move.disrespected,
    Move.pushed,
    Move.discounted,
    Move.closed,
    Move.showed_value,
    Move.isolated,
    Move.asked,
    Move.acknowledged,
)


def judge_turn(
    judge: Judge, scenario: JudgedScenario, text: str, words: Sequence[Word] = ()
) -> TurnJudgement:
    """The turn's passed items, whether it pushed, and its moves (most telling first)."""
    judgement = judge.judge(scenario, text, words)
    passed = frozenset(v.id for v in judgement.items if v.passed)
    found = {_ITEM_MOVES.get(item, Move.showed_value) for item in passed}
    for move in judgement.moves:
        found.add(_NEGATIVE_MOVES.get(move.kind, Move.pushed))
    if "?" in text and not found:
        found.add(Move.asked)
    return TurnJudgement(
        passed=passed,
        negative=bool(judgement.moves),
        moves=tuple(m for m in _ORDER if m in found),
    )
