from carsales.training.speech.asr import words_in_speech
from carsales.training.speech.words import Span, Word


def test_words_outside_speech_are_dropped() -> None:
    words = [
        Word(" Hello", 0.5, 0.9),
        Word(" there.", 0.9, 1.3),  # middle 1.1: within the 0.1 s tolerance of the span's end
        Word(" Thank", 2.0, 2.3),  # invented in the silence after the speaker stopped
        Word(" you.", 2.3, 2.6),
        Word(" Bye.", 4.0, 4.4),
    ]
    speech = [Span(0.45, 1.05), Span(3.9, 4.5)]
    kept = words_in_speech(words, speech)
    assert [w.text.strip() for w in kept] == ["Hello", "there.", "Bye."]
