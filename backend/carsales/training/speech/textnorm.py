"""Text as it is spoken: lower case, no punctuation, numbers and common abbreviations written out.

Word error rate compares the recogniser with references that spell numbers either way ("1455",
"forty-two"), and the pace measure counts what was said ("$1455" is three spoken words, not one),
so both go through `spoken_words`."""

import re

_ONES = re.findall(
    r"\w+",
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen",
)
_TENS = re.findall(r"\w+", "_ _ twenty thirty forty fifty sixty seventy eighty ninety")
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))
_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "ms": "miss", "dr": "doctor", "vs": "versus"}
_NUMBER = re.compile(r"^(\d+)(st|nd|rd|th)?$")
_SEPARATORS = re.compile(r"[\s\-\u2013\u2014/]+")
_NOT_WORD = re.compile(r"[^a-z0-9']+")


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
        if n:
            words.append(_ONES[n])
    elif n or not words:
        words.append(_ONES[n])
    return words


def number_words(n: int) -> list[str]:
    """Cardinal reading, except years 1100-1999 read in pairs as people say them
    ("fourteen fifty five", "nineteen oh five")."""
    if 1100 <= n <= 1999 and n % 100:
        tail = n % 100
        return [
            *_below_thousand(n // 100),
            *(["oh", _ONES[tail]] if tail < 10 else _below_thousand(tail)),
        ]
    words: list[str] = []
    for scale, name in _SCALES:
        if n >= scale:
            words += [*_below_thousand(n // scale), name]
            n %= scale
    if n or not words:
        words += _below_thousand(n)
    return words


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return [*words[:-1], last]


def spoken_words(text: str) -> list[str]:
    words: list[str] = []
    for chunk in _SEPARATORS.split(text.lower().replace(",", "")):
        token = _NOT_WORD.sub("", chunk).strip("'")
        if not token:
            continue
        number = _NUMBER.match(token)
        if number:
            spelled = number_words(int(number.group(1)))
            words += _ordinal(spelled) if number.group(2) else spelled
        else:
            words.append(_ABBREVIATIONS.get(token, token))
    return words
