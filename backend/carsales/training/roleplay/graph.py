"""The customer's dialogue graph: a scenario's `[customer]` section (docs/training-scenarios.md).

The customer raises objections in order; each stands until the salesperson's turns have done what
it `needs` (rubric items of the scenario, judged by meaning; "a|b" is either), then the next is
raised. Once all are answered, asking for the business (`close`) wins the customer; a negative
move (pressure, dismissing, an early discount, talking over, disrespect) costs a strike, and one
strike past `patience`, or `maxTurns` turns without a close, loses them. Every kind of reply has
several phrasings, used in turn, so the customer does not repeat themselves."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from carsales.kit.schema import ApiModel

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Lines = Annotated[list[Line], Field(min_length=1, max_length=8)]
Varied = Annotated[list[Line], Field(min_length=2, max_length=8)]  # several phrasings
Need = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+(\|[A-Za-z0-9_-]+)*$")]

DEFAULT_PATIENCE = 1
DEFAULT_MAX_TURNS = 8
# Said to an insult or to a rival run down: a pushed line ("Don't push me") would not fit.
INSULTED = [
    "Whoa. I don't appreciate that kind of talk.",
    "There's no need for that. Talking like that doesn't make me trust you more.",
    "Hey, keep it professional, please.",
]


class Objection(ApiModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    says: Lines = Field(description="How the customer raises it (the first phrasing first)")
    needs: list[Need] = Field(
        min_length=1,
        max_length=6,
        description="Rubric item ids that answer it, all of them, over one or more turns; "
        "'a|b' is either",
    )
    stuck: Varied = Field(description="Said while it still stands after a turn")
    resolved: Lines = Field(description="Said once it is answered, before the next one")


class CustomerGraph(ApiModel):
    """A scenario's customer for role-play: what they want, what they object to, what wins them."""

    motivation: Line = Field(description="What the customer really wants (hidden from the rep)")
    objections: list[Objection] = Field(min_length=1, max_length=6)
    close: list[str] = Field(
        default=["ask"], min_length=1, description="Rubric item ids that ask for the business"
    )
    ready: Varied = Field(description="All objections answered; waiting to be asked")
    not_yet: Varied = Field(description="Asked to buy while an objection still stands")
    pushed: Varied = Field(description="The reaction to a negative move")
    insulted: Varied = Field(
        default_factory=lambda: list(INSULTED),
        description="The reaction to disrespect (an insult, a rival run down), in place of "
        "`pushed`; generic lines when left out",
    )
    agree: Varied = Field(description="The close: the customer buys (or takes the next step)")
    walk_away: Varied = Field(description="The customer leaves")
    patience: int = Field(
        default=DEFAULT_PATIENCE, ge=0, le=5, description="Negative moves tolerated before leaving"
    )
    max_turns: int = Field(default=DEFAULT_MAX_TURNS, ge=2, le=20)

    @model_validator(mode="after")
    def _unique_ids(self) -> "CustomerGraph":
        ids = [o.id for o in self.objections]
        if len(set(ids)) != len(ids):
            raise ValueError("objection ids must be unique")
        return self

    def check_items(self, rubric_ids: Iterable[str]) -> None:
        """ValueError naming the first need or close item that is not one of the rubric's."""
        known = set(rubric_ids)
        for objection in self.objections:
            for need in objection.needs:
                for item in need.split("|"):
                    if item not in known:
                        raise ValueError(
                            f"objection {objection.id!r} needs {item!r}, not a rubric item "
                            f"({', '.join(sorted(known))})"
                        )
        unknown = [item for item in self.close if item not in known]
        if unknown:
            raise ValueError(f"close names {unknown[0]!r}, not a rubric item")


# A scenario without a `[customer]` section (a manager's own) still plays: each customer line is
# an objection answered by the rubric's items in turn, the last item asks for the business.
_GENERIC = {
    "stuck": ["I'm still not convinced.", "That doesn't really answer it.", "Hmm. I don't know."],
    "resolved": ["Okay, that makes sense.", "Fair enough.", "Alright, I can see that."],
    "ready": ["Okay. So where does that leave us?", "Alright, that answers my questions."],
    "not_yet": ["Slow down, I'm not there yet.", "I'm not ready to decide just yet."],
    "pushed": ["Hey, don't push me.", "I don't like being pressured."],
    "agree": ["Okay, let's do it.", "Alright, you've convinced me. Let's go ahead."],
    "walk_away": ["I think I'll look elsewhere. Thanks.", "I'm going to go. Thanks for your time."],
}


def default_graph(customer_lines: Sequence[str], rubric_ids: Sequence[str]) -> CustomerGraph:
    """A plain graph from a scenario's customer lines and rubric (ValueError: neither has any)."""
    if not customer_lines or not rubric_ids:
        raise ValueError("a role-play needs customer lines and rubric items")
    answer, close = list(rubric_ids[:-1]) or list(rubric_ids), [rubric_ids[-1]]
    count = min(len(customer_lines), len(answer), 6)
    # The items that answer are shared out over the lines, in order.
    size = len(answer)
    shares = [answer[n * size // count : (n + 1) * size // count] for n in range(count)]
    objections = [
        Objection(
            id=f"line-{n + 1}",
            says=[customer_lines[n]],
            needs=shares[n],
            stuck=_GENERIC["stuck"],
            resolved=_GENERIC["resolved"],
        )
        for n in range(count)
    ]
    return CustomerGraph(
        motivation="Wants a good answer to each concern before deciding.",
        objections=objections,
        close=close,
        ready=_GENERIC["ready"],
        not_yet=_GENERIC["not_yet"],
        pushed=_GENERIC["pushed"],
        agree=_GENERIC["agree"],
        walk_away=_GENERIC["walk_away"],
    )


def scenario_graph(snapshot: Mapping[str, Any]) -> CustomerGraph:
    """The customer of a scenario as sessions store it (ScenarioOut's keys): its own graph, else
    the plain one. ValueError when it has neither a graph nor lines and items to make one."""
    customer = snapshot.get("customer")
    if customer:
        return CustomerGraph.model_validate(customer)
    rubric = [item.get("id", "") for item in snapshot.get("rubric") or [] if item.get("id")]
    return default_graph(list(snapshot.get("customerLines") or []), rubric)
