import pytest

from carsales.training.speech.textnorm import number_words, spoken_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (15, "fifteen"),
        (42, "forty two"),
        (100, "one hundred"),
        (1455, "fourteen fifty five"),  # years are said in pairs
        (1905, "nineteen oh five"),
        (1900, "one thousand nine hundred"),
        (2024, "two thousand twenty four"),
        (25_000, "twenty five thousand"),
        (3_000_001, "three million one"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words.split()


def test_spoken_words_normalises_case_punctuation_numbers_and_titles() -> None:
    said = spoken_words('Mr. Dashwood\'s "forty-two-line" Bible of 1455, in the 15th century!')
    assert " ".join(said) == (
        "mister dashwood's forty two line bible of fourteen fifty five in the fifteenth century"
    )
    said = spoken_words("$25,000 - or 10 meters; 21st/22nd")
    assert " ".join(said) == "twenty five thousand or ten meters twenty first twenty second"
    assert spoken_words(" ... ") == []
