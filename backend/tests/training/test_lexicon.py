import pytest

from carsales.training.speech.lexicon import FillerKind, syllables, tag
from tests.training.conftest import MakeWords


def fillers(make_words: MakeWords, text: str) -> list[tuple[str, FillerKind]]:
    return [(f.text, f.kind) for f in tag(make_words(text)).fillers]


def test_hesitations_are_fillers_wherever_they_are(make_words: MakeWords) -> None:
    assert fillers(make_words, "Um, the price is uh fair, hmm.") == [
        ("Um,", FillerKind.hesitation),
        ("uh", FillerKind.hesitation),
        ("hmm.", FillerKind.hesitation),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's, like, really quick.", ["like,"]),
        ("Like, the seats are heated.", ["Like,"]),
        ("It has um like heated seats", ["like"]),  # after a hesitation
        ("I'd like, a quote please.", []),  # governed: a verb, whatever the comma says
        ("It looks like rain.", []),
        ("Cars like this one sell fast.", []),  # no pause around it: a preposition
        ("Would you like a test drive?", []),
    ],
)
def test_like_is_a_filler_only_when_set_off(
    make_words: MakeWords, text: str, expected: list[str]
) -> None:
    found = [t for t, _ in fillers(make_words, text) if t.lower().startswith("like")]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "is_filler"),
    [
        ("So, the warranty covers it.", True),
        ("Right. So, um, what budget?", True),
        ("So the warranty covers it.", False),  # a connective, not a filler
        ("It has so much room.", False),
        ("and so on.", False),
    ],
)
def test_so_is_a_filler_only_when_standing_alone(
    make_words: MakeWords, text: str, is_filler: bool
) -> None:
    found = [t for t, kind in fillers(make_words, text) if t.lower().startswith("so")]
    assert bool(found) is is_filler


def test_you_know_and_i_mean(make_words: MakeWords) -> None:
    assert fillers(make_words, "It's great, you know. I mean, look at it.") == [
        ("you know.", FillerKind.discourse),
        ("I mean,", FillerKind.discourse),
    ]
    assert fillers(make_words, "Do you know, the price? You know the price. I mean it.") == []


def test_hedges_and_kind_of_as_a_noun(make_words: MakeWords) -> None:
    tags = tag(make_words("I think it's kind of the best. What kind of car? Maybe I'm not sure."))
    assert [h.text for h in tags.hedges] == ["I think", "kind of", "Maybe", "I'm not sure."]


def test_questions_are_words_ending_with_a_question_mark(make_words: MakeWords) -> None:
    words = make_words("What's your budget? Great. Any trade-in?")
    assert tag(words).questions == [2, 5]


@pytest.mark.parametrize(
    ("word", "count"),
    [("car", 1), ("engine", 2), ("table", 2), ("looked", 1), ("wanted", 2), ("beautiful", 3)],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count
