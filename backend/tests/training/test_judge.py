"""The rubric judge: answers judged by meaning with the real embedding model (all-MiniLM-L6-v2,
installed by `make models`), on the issue's own examples."""

import json
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from carsales.ai.embeddings import SentenceEmbedder
from carsales.ai.registry import MINILM, MINILM_TOKENIZER, ModelMissingError
from carsales.cli import app
from carsales.config import Settings
from carsales.models import Role
from carsales.training.judge import (
    DELIVERY_ONLY,
    Judge,
    get_judge,
    judge_report,
    judged_scenario,
    split_utterances,
)
from carsales.training.judge.scenario import DEFAULT_PASS_MARK
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.feedback import FeedbackItem, FeedbackType, Severity
from carsales.training.speech.rubric import rubric_items_from_json
from carsales.training.speech.tts import synthesize
from carsales.training.speech.words import Word
from tests.conftest import IN_CI, TestDealership
from tests.training.test_audio import write_wav
from tests.training.test_transcription import restore_logging  # noqa: F401 (a fixture)

PUSHY = (
    "Um... I hear you... the price is the price, man... take it or leave it... sign here... "
    "you take it home today"
)
CAREFUL = (
    "I completely understand, Mark. Nobody wants to pay more than they have to for a truck. "
    "Can I ask which dealer that listing is from, and is it the same XLT with the 302A package? "
    "Other than the price, is there anything else holding you back from this truck? "
    "Let's put the two side by side, apples to apples. Our price includes the tow package, "
    "with no add-ons and no market adjustment, so the out-the-door number is what you pay. "
    "Does that make sense? If the numbers line up, would you be ready to take it home this "
    "afternoon?"
)
OFF_TOPIC = (
    "It is a truth universally acknowledged, that a single man in possession of a good "
    "fortune, must be in want of a wife. However little known the feelings or views of such a "
    "man may be on his first entering a neighbourhood, this truth is so well fixed in the minds "
    "of the surrounding families. The history of printing begins long before Gutenberg: the "
    "block books of the fifteenth century carried a picture and a few lines on each page, and "
    "movable metal type made it possible to print whole books."
)
GOOD_DELIVERY = {"confidence": 99, "clarity": 100, "pace": 100, "volume": 100}
PRICE = BUILTIN_SCENARIOS["objection-price"].snapshot()


@pytest.fixture(scope="module")
def judge() -> Judge:
    directory = Settings().model_dir
    assert directory is not None
    judge = get_judge(directory)
    try:
        judge.embedder.embed(["warm-up"])
    except ModelMissingError as exc:
        if IN_CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    return judge


def _items(report: dict[str, object]) -> dict[str, dict[str, object]]:
    rubric = report["rubric"]
    assert isinstance(rubric, list)
    return {item["id"]: item for item in rubric}


def test_the_pushy_answer_fails_the_price_objection(judge: Judge) -> None:
    report = judge_report(judge, PRICE, PUSHY, scores=GOOD_DELIVERY)

    assert report["passed"] is False
    assert isinstance(report["overall"], int) and report["overall"] < DEFAULT_PASS_MARK
    items = _items(report)
    # The phrases "i hear you" and "take it home today" were said, and undone by the pressure.
    assert items["acknowledge"]["passed"] is False
    assert items["ask"]["passed"] is False
    # ... and the report quotes the pressure that failed it.
    assert items["ask"]["evidence"] in (
        "take it or leave it",
        "sign here",
        "you take it home today",
    )
    assert not any(item["passed"] for item in items.values())
    kinds = {move["kind"] for move in report["judgement"]["moves"]}
    assert {"pressure", "dismissive"} <= kinds


def test_insults_are_marked_as_disrespect_with_their_words(judge: Judge) -> None:
    rude = (
        "Can I ask which dealer that is? Honestly, that dealer across town is a bunch of crooks. "
        "You'd be a fool to buy from them."
    )
    report = judge_report(judge, PRICE, rude, scores=GOOD_DELIVERY)

    moves = report["judgement"]["moves"]
    # The question is a fair one; the two insults are not ("a fool" is no stock phrase).
    assert [move["kind"] for move in moves] == ["disrespect", "disrespect"]
    assert moves[1]["evidence"] == "You'd be a fool to buy from them"
    assert report["passed"] is False


@pytest.mark.parametrize(
    ("sentence", "pressure"),
    [
        ("This price disappears the second you leave the lot.", True),
        ("Honestly, cars like this are gone within a day, you need to move fast.", True),
        ("Rates are going up next week, so waiting will cost you.", True),
        ("The rebate ends on the thirtieth, so I wanted you to know the date.", False),
        ("If you'd like, I can hold it for you until tomorrow noon, no obligation.", False),
        ("Would you like to go ahead and start the paperwork?", False),
    ],
)
def test_invented_scarcity_is_pressure_and_a_plain_date_is_not(
    judge: Judge, sentence: str, pressure: bool
) -> None:
    think = BUILTIN_SCENARIOS["objection-think-about-it"].snapshot()
    kinds = [move["kind"] for move in judge_report(judge, think, sentence)["judgement"]["moves"]]
    assert kinds == (["pressure"] if pressure else [])


def test_pressure_that_says_a_rubric_phrase_is_still_pressure(judge: Judge) -> None:
    # "write it up" is one of the ask item's phrases; the sentence is still a push.
    report = judge_report(judge, PRICE, "Let's just write it up right now, no more thinking.")
    assert [move["kind"] for move in report["judgement"]["moves"]] == ["pressure"]
    assert _items(report)["ask"]["passed"] is False
    # ... while a phrase said in a fair sentence keeps it clear of a move.
    fair = judge_report(judge, PRICE, "I understand the price matters to you.")
    assert fair["judgement"]["moves"] == []


def test_an_acknowledgement_taken_back_with_but_does_not_count(judge: Judge) -> None:
    def acknowledged(text: str) -> object:
        return _items(judge_report(judge, PRICE, text))["acknowledge"]["passed"]

    assert acknowledged("I understand, and this truck is worth a look side by side.") is True
    assert acknowledged("I understand, but this truck is worth every penny.") is False
    assert acknowledged("I hear you; but honestly that number is a fantasy.") is False


@pytest.mark.parametrize(
    ("item", "sentence", "passed"),
    [
        # Plain, spoken ways of doing the step: short questions and casual acknowledgements.
        ("confirm", "Sound okay?", True),
        ("confirm", "That fair?", True),
        ("ask", "Okay, let's get it written up.", True),
        ("ask", "Alright, let's get you set up in the truck.", True),
        ("acknowledge", "Yeah, that's real money, I'd be asking the same.", True),
        ("acknowledge", "Oh, totally get it.", True),
        ("clarify", "Just curious, is it mostly the monthly?", True),
        ("isolate", "Price aside, is this the truck you want?", True),
        # Near misses stay failing: pressure, a check that is not one, taken back with "but".
        ("ask", "Sign here and you take it home today.", False),
        ("confirm", "Got it? Good.", False),
        ("acknowledge", "Yeah, that's real money, but the price is the price.", False),
        ("acknowledge", "Totally get it, but everybody pays that.", False),
        # Going straight to the numbers is not acknowledging the concern.
        ("acknowledge", "Let's run the numbers with your trade and get you set up.", False),
    ],
)
def test_short_plain_steps_pass_and_near_misses_do_not(
    judge: Judge, item: str, sentence: str, passed: bool
) -> None:
    assert _items(judge_report(judge, PRICE, sentence))[item]["passed"] is passed


def test_the_acknowledgement_is_quoted_from_the_sentence_that_acknowledges(judge: Judge) -> None:
    answer = (
        "I totally get it, you've got a budget and you should stick to it. Is four fifty the "
        "most you want going out each month? Your Civic has about six thousand in equity, so "
        "putting that in brings the payment down a lot. Does that sound like a fair way to do "
        "it? Let's run the numbers with your trade and get you set up."
    )
    scenario = BUILTIN_SCENARIOS["objection-monthly-payment"].snapshot()
    acknowledged = _items(judge_report(judge, scenario, answer))["acknowledge"]
    assert acknowledged["passed"] is True
    assert acknowledged["evidence"] == (
        "I totally get it, you've got a budget and you should stick to it"
    )


def test_the_careful_answer_passes_the_close_and_the_scenario(judge: Judge) -> None:
    report = judge_report(judge, PRICE, CAREFUL, scores=GOOD_DELIVERY)

    items = _items(report)
    assert items["ask"]["passed"] is True
    assert "take it home this afternoon" in str(items["ask"]["evidence"])
    assert report["passed"] is True and report["judgement"]["moves"] == []
    assert sum(bool(item["passed"]) for item in items.values()) >= 5


def test_a_book_passage_scores_low_content_and_earns_no_delivery_praise(judge: Judge) -> None:
    praise = FeedbackItem(3.0, FeedbackType.praise, "Good pace: 150 wpm.", Severity.low, "pace")
    report = judge_report(judge, PRICE, OFF_TOPIC, scores=GOOD_DELIVERY, feedback=[praise])

    judgement = report["judgement"]
    assert isinstance(judgement, dict)
    assert judgement["off_topic"] is True and judgement["content"] < 20
    assert report["overall"] == judgement["content"] and report["passed"] is False
    assert any("about the scenario" in reason for reason in judgement["reasons"])
    feedback = report["feedback"]
    assert isinstance(feedback, list)
    assert all(item.type is not FeedbackType.praise for item in feedback)
    assert DELIVERY_ONLY in [item.message for item in feedback]
    assert DELIVERY_ONLY.lower().startswith("delivery measures only")


def test_quotes_are_verbatim_and_failed_items_carry_a_model_answer(judge: Judge) -> None:
    exemplars = {item.id: item.passing for item in BUILTIN_SCENARIOS["objection-price"].rubric}
    for text in (PUSHY, CAREFUL, OFF_TOPIC):
        report = judge_report(judge, PRICE, text)
        for item in _items(report).values():
            assert item["evidence"] is None or str(item["evidence"]) in text
            if not item["passed"]:
                assert item["model_answer"] in exemplars[str(item["id"])]
        for move in report["judgement"]["moves"]:
            assert move["evidence"] in text


def test_utterances_are_timed_spans_of_the_transcript_without_hesitations() -> None:
    words = [Word(f" {w}", 0.5 * n, 0.5 * n + 0.3) for n, w in enumerate(PUSHY.split())]
    utterances = split_utterances(PUSHY, words)

    assert [u.text for u in utterances] == [
        "I hear you",
        "the price is the price, man",
        "take it or leave it",
        "sign here",
        "you take it home today",
    ]
    assert all(PUSHY[u.start : u.end] == u.text for u in utterances)
    assert utterances[0].time == 0.5  # "Um..." is left out; "I" is the second word
    assert split_utterances("Um... uh...") == []


def test_silence_fails_every_item(judge: Judge) -> None:
    report = judge_report(judge, PRICE, "", scores=GOOD_DELIVERY)
    assert report["overall"] == 0 and report["passed"] is False
    assert all(not item["passed"] and item["evidence"] is None for item in _items(report).values())


def test_exemplars_are_optional_and_phrases_stand_in() -> None:
    custom = {
        "title": "Price",
        "rubric": [{"id": "ack", "label": "Acknowledge", "phrases": ["i * understand"]}],
    }
    (item,) = judged_scenario(custom).items
    assert item.passing == ("i understand",) and item.model_answer is None
    assert judged_scenario(custom).pass_mark == DEFAULT_PASS_MARK
    stored = {
        "label": "Ask",
        "phrases": ["shall we"],
        "exemplars": {"pass": ["Shall we start the paperwork?"], "fail": ["Sign now."]},
    }
    (parsed,) = rubric_items_from_json([stored])
    assert parsed.to_json()["exemplars"] == stored["exemplars"]
    assert judged_scenario({"rubric": [parsed.to_json()]}).items[0].model_answer == (
        "Shall we start the paperwork?"
    )


def test_a_model_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    directory = Settings().model_dir
    assert directory is not None
    if not (directory / MINILM.filename).is_file():
        pytest.skip("the embedding model is not installed (make models)")
    shutil.copy(directory / MINILM_TOKENIZER.filename, tmp_path / MINILM_TOKENIZER.filename)
    damaged = (directory / MINILM.filename).read_bytes()[:-1] + b"\0"
    (tmp_path / MINILM.filename).write_bytes(damaged)

    with pytest.raises(ModelMissingError, match=r"does not match its pinned SHA-256.*make models"):
        SentenceEmbedder(tmp_path).embed(["hello"])


def test_cli_judges_a_spoken_answer_in_a_scenario(
    restore_logging: None,  # noqa: F811 (the fixture)
    espeak: None,
    judge: Judge,
    tmp_path: Path,
) -> None:
    path = tmp_path / "answer.wav"
    write_wav(path, synthesize(CAREFUL, words_per_minute=160), SAMPLE_RATE, channels=1)
    command = ["training", "analyze", str(path), "--json", "--model", "tiny.en"]

    result = CliRunner().invoke(app, [*command, "--scenario", "objection-price"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert 0 <= report["overall"] <= 100 and isinstance(report["passed"], bool)
    items = _items(report)
    assert list(items) == [item["id"] for item in PRICE["rubric"]]
    assert items["ask"]["passed"] is True
    for item in items.values():
        assert item["evidence"] is None or item["evidence"] in report["transcript"]
    plain = CliRunner().invoke(app, command)
    assert plain.exit_code == 0, plain.output
    assert "overall" not in json.loads(plain.stdout)


async def test_a_managers_scenario_may_give_exemplars(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    item = {
        "label": "Ask for the business",
        "phrases": ["shall we"],
        "exemplars": {"pass": ["Shall we get the paperwork started?"], "fail": ["Sign now."]},
    }
    body = {"sessionType": "closing", "title": "Close", "rubric": [item]}
    created = await client.post("/api/v1/training/scenarios", headers=manager.headers, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["rubric"][0]["exemplars"] == item["exemplars"]
    assert created.json()["passMark"] == DEFAULT_PASS_MARK
    (judged,) = judged_scenario(created.json()).items
    assert judged.model_answer == "Shall we get the paperwork started?"

    too_long = {**item, "exemplars": {"pass": ["x" * 301]}}
    refused = await client.post(
        "/api/v1/training/scenarios", headers=manager.headers, json={**body, "rubric": [too_long]}
    )
    assert refused.status_code == 422
