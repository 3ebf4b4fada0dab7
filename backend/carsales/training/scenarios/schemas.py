"""Request and response bodies of scenarios, the built-in library's files included."""

from typing import Annotated

from pydantic import Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from carsales.kit.schema import ApiModel, PatchModel
from carsales.models import SessionType
from carsales.training.judge.scenario import DEFAULT_PASS_MARK
from carsales.training.roleplay.graph import CustomerGraph
from carsales.training.speech.rubric import (
    MAX_EXEMPLAR_CHARS,
    MAX_EXEMPLARS,
    MAX_ID_CHARS,
    MAX_ITEMS,
    MAX_LABEL_CHARS,
    MAX_PHRASE_CHARS,
    MAX_PHRASES,
)

# A built-in scenario's key ("objection-price") or a custom scenario's id.
SCENARIO_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
RUBRIC_ID_PATTERN = rf"^[a-z0-9][a-z0-9-]{{0,{MAX_ID_CHARS - 1}}}$"

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Vehicle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
CustomerLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LABEL_CHARS)
]
Phrase = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PHRASE_CHARS)
]

MAX_LINES = 30
PassMark = Annotated[
    int, Field(ge=0, le=100, description="The overall score (0-100) a session needs to pass")
]
Exemplar = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_EXEMPLAR_CHARS)
]


class RubricExemplars(ApiModel):
    """Answers the judge compares the salesperson's sentences with, by meaning."""

    passing: list[Exemplar] = Field(
        default=[], alias="pass", max_length=MAX_EXEMPLARS, description="Answers that pass"
    )
    failing: list[Exemplar] = Field(
        default=[],
        alias="fail",
        max_length=MAX_EXEMPLARS,
        description="Near misses that must not pass (pushy or off the point)",
    )


class RubricItemOut(ApiModel):
    id: str
    label: str
    phrases: list[str] = Field(
        description="Saying any one of these passes; `*` is one word, `...` a few (see docs)"
    )
    exemplars: RubricExemplars | None = Field(
        default=None, description="Without them the judge reads the phrases as passing answers"
    )


class ScenarioOut(ApiModel):
    id: str = Field(description="A built-in scenario's key, or a custom scenario's id")
    builtin: bool
    session_type: SessionType
    title: str
    persona: str
    situation: str
    vehicle: str
    customer_lines: list[str] = Field(description="What the customer says, in order")
    rubric: list[RubricItemOut]
    pass_mark: PassMark = DEFAULT_PASS_MARK
    customer: CustomerGraph | None = Field(
        default=None,
        description="The role-play customer's dialogue graph (built-in scenarios); without it "
        "a role-play plays the customer lines in order (docs/training-scenarios.md)",
    )


class RubricItemIn(ApiModel):
    id: str | None = Field(
        default=None,
        pattern=RUBRIC_ID_PATTERN,
        description="Stable key of the item; made from the label when left out",
    )
    label: Label
    phrases: list[Phrase] = Field(min_length=1, max_length=MAX_PHRASES)
    exemplars: RubricExemplars | None = None


class ScenarioCreate(ApiModel):
    session_type: SessionType
    title: Title
    persona: LongText = ""
    situation: LongText = ""
    vehicle: Vehicle = ""
    customer_lines: list[CustomerLine] = Field(default=[], max_length=MAX_LINES)
    rubric: list[RubricItemIn] = Field(default=[], max_length=MAX_ITEMS)
    pass_mark: PassMark = DEFAULT_PASS_MARK


class ScenarioUpdate(PatchModel):
    session_type: SessionType | SkipJsonSchema[None] = None
    title: Title | SkipJsonSchema[None] = None
    persona: LongText | SkipJsonSchema[None] = None
    situation: LongText | SkipJsonSchema[None] = None
    vehicle: Vehicle | SkipJsonSchema[None] = None
    customer_lines: list[CustomerLine] | SkipJsonSchema[None] = Field(
        default=None, max_length=MAX_LINES
    )
    rubric: list[RubricItemIn] | SkipJsonSchema[None] = Field(default=None, max_length=MAX_ITEMS)
    pass_mark: PassMark | SkipJsonSchema[None] = None


MAX_TRY_CHARS = 5000


class ScenarioTry(ApiModel):
    """An answer typed by a manager, judged as if a salesperson had said it in the scenario."""

    answer: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TRY_CHARS)
    ]
