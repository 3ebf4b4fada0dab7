from typing import Any

import pytest

from carsales.training.speech.rubric import (
    MAX_GAP_WORDS,
    MAX_ITEMS,
    MAX_PHRASES,
    RubricItem,
    RubricResult,
    check_rubric,
    rubric_items_from_json,
)
from carsales.training.speech.words import Word
from tests.training.conftest import MakeWords


def passes(make_words: MakeWords, phrase: str, said: str) -> bool:
    [result] = check_rubric([RubricItem("x", "X", (phrase,))], make_words(said))
    return result.passed


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("i understand", "Well, I UNDERSTAND."),
        ("I understand!", "i understand"),
        ("i'm glad", "I am glad you came in."),  # contractions match their long form...
        ("i am glad", "I'm glad you came in."),  # ...both ways
        ("do not", "You don\u2019t have to decide today."),  # a typographic apostrophe
        ("let's get the paperwork", "Let us get the paperwork started."),
        ("driver's seat", "Hop in the drivers seat."),
        ("72 months", "We could stretch it to seventy-two months."),
        ("four point nine percent", "The rate is 4.9%."),
        ("out the door", "What's the out-the-door price?"),
        ("i understand", "I, um, uh, understand."),  # hesitations are skipped
    ],
)
def test_matching_ignores_case_punctuation_and_spelling(
    make_words: MakeWords, phrase: str, said: str
) -> None:
    assert passes(make_words, phrase, said)


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("i understand", "Understand, I do."),  # the words, not in the phrase's order
        ("i understand", "I really understand."),  # no word may come between
        ("trade in", "the trade."),  # every word is needed
        ("tire", "The tires are new."),  # whole words, not prefixes
        ("i would", "I'll take it."),
    ],
)
def test_no_match(make_words: MakeWords, phrase: str, said: str) -> None:
    assert not passes(make_words, phrase, said)


def test_a_star_is_exactly_one_word(make_words: MakeWords) -> None:
    assert passes(make_words, "i * understand", "I completely understand.")
    assert passes(make_words, "i * understand", "Oh, I totally, understand it.")
    assert not passes(make_words, "i * understand", "I understand.")
    assert not passes(make_words, "i * understand", "I really do understand.")
    assert passes(make_words, "* question", "Great question.")


def test_a_gap_is_up_to_a_limit_of_words(make_words: MakeWords) -> None:
    phrase = "if we could ... would you"
    assert passes(make_words, phrase, "If we could, would you?")
    assert passes(
        make_words, phrase, "If we could get you under $450 a month, would you take it home?"
    )
    filler = " ".join(["very"] * MAX_GAP_WORDS)
    assert passes(make_words, phrase, f"If we could {filler} would you")
    assert not passes(make_words, phrase, f"If we could {filler} much would you")
    assert not passes(make_words, phrase, "Would you, if we could?")
    # Unicode ellipsis, and a gap written against a word
    assert passes(make_words, "if we could\u2026 would you", "if we could do it would you")
    assert passes(make_words, "if we could... would you", "if we could do it would you")


def test_evidence_is_the_earliest_match_with_its_start_time(make_words: MakeWords) -> None:
    words = make_words("Okay. Great question, and I totally understand, Mark.", start=10.0)
    item = RubricItem("ack", "Acknowledge", ("i * understand", "great question", "mark"))
    [result] = check_rubric([item], words)
    # "great question" is the second phrase but comes first in the transcript
    assert result == RubricResult("ack", "Acknowledge", True, "Great question", 10.4)


def test_evidence_spans_whole_words_and_keeps_what_was_written() -> None:
    words = [
        Word(" I", 1.0, 1.2),
        Word(" need", 1.2, 1.4),
        Word(" $450.", 1.4, 2.2),  # read as four words
        Word(" Okay?", 2.5, 2.9),
    ]
    [result] = check_rubric([RubricItem("n", "Number", ("four hundred",))], words)
    assert (result.evidence, result.timestamp) == ("$450.", 1.4)
    [result] = check_rubric([RubricItem("n", "Number", ("need 450 okay",))], words)
    assert (result.evidence, result.timestamp) == ("need $450. Okay?", 1.2)


def test_results_follow_the_items_and_serialise(make_words: MakeWords) -> None:
    items = [
        RubricItem("ask", "Ask for the business", ("shall we",)),
        RubricItem("confirm", "Confirm", ("does that make sense",)),
    ]
    results = check_rubric(items, make_words("Does that make sense?"))
    assert [r.to_json() for r in results] == [
        {
            "id": "ask",
            "label": "Ask for the business",
            "passed": False,
            "evidence": None,
            "timestamp": None,
        },
        {
            "id": "confirm",
            "label": "Confirm",
            "passed": True,
            "evidence": "Does that make sense?",
            "timestamp": 0.0,
        },
    ]
    assert check_rubric(items, []) == [
        RubricResult(i.id, i.label, False, None, None) for i in items
    ]


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("?!", "no words"),
        ("* *", "no words"),
        ("... hi there", "between words"),
        ("hi there ...", "between words"),
        ("hi ... ... there", "two `...` in a row"),
        ("financ*", "whole word"),
        ("one two three four five six seven eight nine ten eleven twelve thirteen", "13 words"),
        ("it costs $36,450 and the rebate is $1,500", "16 words"),  # numbers as said
        ("x" * 200, "characters"),
    ],
)
def test_invalid_phrases_are_refused_with_the_reason(phrase: str, message: str) -> None:
    with pytest.raises(ValueError, match=r'Rubric item "Clarify"') as error:
        RubricItem("clarify", "Clarify", ("can i ask", phrase))
    assert message in str(error.value)


def test_items_round_trip_through_json() -> None:
    items = [
        RubricItem("ack", "Acknowledge", ("i understand", "i * understand")),
        RubricItem("iso", "Isolate", ("other than", "if we could ... would you")),
    ]
    data: list[dict[str, Any]] = [item.to_json() for item in items]
    assert data[0] == {
        "id": "ack",
        "label": "Acknowledge",
        "phrases": ["i understand", "i * understand"],
    }
    assert rubric_items_from_json(data) == items


def test_items_without_an_id_get_one_from_their_label() -> None:
    items = rubric_items_from_json(
        [
            {"label": "Ask for the business!", "phrases": ["shall we"]},
            {"id": "ask-for-the-business", "label": "Ask", "phrases": ["let's do it"]},
            {"id": "", "label": "Ask for the  business", "phrases": ["move forward"]},
        ]
    )
    assert [i.id for i in items] == [
        "ask-for-the-business-2",
        "ask-for-the-business",
        "ask-for-the-business-3",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([{"phrases": ["hi"]}], "Rubric item 1: the label must be text"),
        ([{"label": "", "phrases": ["hi"]}], "label must be 1 to"),
        ([{"label": "Ask", "phrases": "shall we"}], "phrases must be a list"),
        ([{"label": "Ask", "phrases": ["shall we", 3]}], "each phrase must be text"),
        ([{"label": "Ask", "phrases": []}], 'Rubric item "Ask" has no phrases'),
        ([{"label": "Ask", "phrases": ["x"] * (MAX_PHRASES + 1)}], "at most 50"),
        ([{"label": "Ask", "phrases": ["shall * we *"]}], None),  # valid
        ([{"label": "Ask", "phrases": ["shall we ..."]}], "between words"),
        (
            [
                {"id": "a", "label": "A", "phrases": ["x"]},
                {"id": "a", "label": "B", "phrases": ["y"]},
            ],
            'Rubric item 2: the id "a" is used twice',
        ),
        ([{"label": "A", "phrases": ["x"]}] * (MAX_ITEMS + 1), "at most 20 items"),
        (["shall we"], "Rubric item 1 must be an object"),
    ],
)
def test_invalid_json_is_refused_with_a_clear_message(data: Any, message: str | None) -> None:
    if message is None:
        assert rubric_items_from_json(data)
        return
    with pytest.raises(ValueError) as error:
        rubric_items_from_json(data)
    assert message in str(error.value)
