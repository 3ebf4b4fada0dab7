"""Negative evidence: the moves that lose a customer whatever else was said.

Trainers (and the role-play tools the issue compares) mark these down on sight: pressure ("sign
here now", "take it or leave it"), dismissing the concern ("the price is the price"), a discount
thrown in before any value was shown, talking over the customer instead of hearing them out, and
disrespect: insulting the customer or running down a competitor ("you'd be an idiot to buy
there").
Each kind has exemplar sentences; an utterance close in meaning to one of them, and closer to it
than to anything the scenario's rubric asks for, is a negative move. A few stock phrases are
certain enough to count on sight, so they are matched as words too (after the rubric matcher's
normalisation: "leave it." and "leave it" are the same)."""

from dataclasses import dataclass
from enum import StrEnum

from carsales.training.speech.rubric import normalise


class MoveKind(StrEnum):
    pressure = "pressure"
    dismissive = "dismissive"
    discount = "discount-before-value"
    talking_over = "talking-over"
    disrespect = "disrespect"


# Why each kind costs the customer's trust: the report's wording.
WHY: dict[MoveKind, str] = {
    MoveKind.pressure: "pressure pushes the customer to decide before their concern is answered",
    MoveKind.dismissive: "it dismisses the customer's concern instead of answering it",
    MoveKind.discount: "a discount offered before the value is shown teaches them to haggle",
    MoveKind.talking_over: "it talks over the customer instead of hearing the concern out",
    MoveKind.disrespect: "a customer who is talked down to, or hears a rival insulted, stops "
    "trusting the one who says it",
}

EXEMPLARS: dict[MoveKind, tuple[str, ...]] = {
    MoveKind.pressure: (
        "Take it or leave it.",
        "Sign here now.",
        "Sign here and you take it home today.",
        "You need to decide right now, this deal won't be here tomorrow.",
        "If you walk out that door the price goes up.",
        "I need an answer in the next five minutes.",
        "Somebody else is looking at this one, so you'd better buy it now.",
        "Just sign the paperwork and stop worrying.",
        "This is the best deal you will ever get, today only.",
        "Let's just write it up right now, no more thinking.",
        "Are you buying or not?",
        # Invented scarcity, and deals that only last while the customer is in the chair.
        "Another buyer is coming to see this car later today.",
        "This is the last one we have, and it won't be here tomorrow.",
        "Cars like this sell within hours.",
        "This price is only good if you sign before you leave.",
        "The discount goes away once you walk off the lot.",
        "My manager only approves this deal if we sign right now.",
        "Put a deposit down now before someone else takes it.",
        "Prices are going up next month, so you have to buy now.",
        "Let's not waste time, you won't get a better deal anywhere.",
    ),
    MoveKind.dismissive: (
        "The price is the price.",
        "That's just what it costs, man.",
        "It is what it is.",
        "That's not my problem.",
        "Everybody pays that, don't worry about it.",
        "You're overthinking it.",
        "The other dealer is lying to you, forget them.",
        "Your wife doesn't need to be here for this.",
        "Rates are rates, nothing I can do.",
        "Your trade is worth what I say it's worth.",
        "Whatever, it doesn't matter.",
    ),
    MoveKind.discount: (
        "I'll knock two thousand off right now.",
        "Let me just drop the price for you.",
        "I can take a thousand dollars off if you buy today.",
        "Okay, I'll give you a discount.",
        "I'll cut the price to match them, no questions asked.",
        "I can lower the price by five hundred right now.",
    ),
    MoveKind.talking_over: (
        "Let me stop you right there.",
        "No, no, listen to me.",
        "Before you say anything else, hear me out.",
        "Anyway, as I was saying.",
        "I don't want to hear about the other dealer.",
        "Hold on, let me finish.",
    ),
    MoveKind.disrespect: (
        "You'd be an idiot to buy from them.",
        "That dealer is a bunch of crooks.",
        "Stop wasting my time.",
        "If you can't see the difference, I can't help you.",
        "Don't be so cheap.",
        "People like you never buy anything.",
        "Do you even know anything about cars?",
        "Come back when you can afford it.",
    ),
}

# Phrases that are a negative move wherever they occur (normalised words, in order).
ON_SIGHT: dict[MoveKind, tuple[str, ...]] = {
    MoveKind.pressure: ("take it or leave it", "sign here", "today only", "right now or never"),
    MoveKind.dismissive: ("the price is the price", "it is what it is", "not my problem"),
    MoveKind.talking_over: ("let me stop you", "listen to me"),
    MoveKind.disrespect: ("wasting my time", "an idiot", "bunch of crooks", "shut up"),
}
_ON_SIGHT_WORDS = {
    kind: tuple(" ".join(normalise(p)) for p in phrases) for kind, phrases in ON_SIGHT.items()
}


@dataclass(frozen=True, slots=True)
class Move:
    kind: MoveKind
    utterance: int  # index in the answer's utterances
    evidence: str
    time: float | None

    @property
    def why(self) -> str:
        return WHY[self.kind]


def on_sight(text: str) -> MoveKind | None:
    """The kind of stock negative phrase `text` contains, if any."""
    words = f" {' '.join(normalise(text))} "
    for kind, phrases in _ON_SIGHT_WORDS.items():
        if any(f" {phrase} " in words for phrase in phrases):
            return kind
    return None
