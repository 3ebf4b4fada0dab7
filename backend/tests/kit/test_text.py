from carsales.kit.text import plural


def test_the_noun_agrees_with_the_count() -> None:
    assert plural(1, "practice session") == "1 practice session"
    assert plural(0, "photo") == "0 photos"
    assert plural(3, "photo") == "3 photos"


def test_an_irregular_plural_is_given() -> None:
    assert plural(1, "person", "people") == "1 person"
    assert plural(2, "person", "people") == "2 people"
