"""The built-in scenario library: car-sales role-plays, each with a customer persona, the
situation, the vehicle, what the customer says and a rubric of what a good answer says.

The scenarios are data, one TOML file per scenario in builtin/ (its name is the scenario's key;
keys are stable: sessions store them), so that a trainer edits one without touching Python.
builtin/_library.toml gives the order the app lists them in and the phrase lists several rubrics
share (the objection steps, the walkaround's steps). docs/training-scenarios.md describes the
library and the format.

Every file is validated as a manager's own scenario is (ScenarioCreate, then the rubric as the
analysis reads it), and a key that is not part of the format is refused rather than ignored. The
library is read when this module is imported, so a broken file stops the app at start-up with a
message that names the file and the field."""

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from carsales.models import SessionType
from carsales.training.judge.scenario import DEFAULT_PASS_MARK
from carsales.training.roleplay.graph import CustomerGraph
from carsales.training.scenarios.schemas import (
    SCENARIO_ID_PATTERN,
    Phrase,
    RubricExemplars,
    RubricItemIn,
    ScenarioCreate,
)
from carsales.training.speech.rubric import RubricItem, rubric_items_from_json

BUILTIN_DIR = Path(__file__).with_name("builtin")
INDEX_FILE = "_library.toml"
# What a rubric item of a file may say: RubricItemIn's fields, and the shared lists it uses.
_ITEM_KEYS = frozenset({"id", "label", "phrases", "shared", "exemplars"})


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    session_type: SessionType
    title: str
    persona: str
    situation: str
    vehicle: str
    customer_lines: tuple[str, ...]  # the first opens the role-play
    rubric: tuple[RubricItem, ...]
    pass_mark: int = DEFAULT_PASS_MARK
    customer: CustomerGraph | None = None  # the role-play's dialogue graph

    def snapshot(self) -> dict[str, Any]:
        """The scenario as sessions store it and the API returns it (ScenarioOut's keys)."""
        return {
            "id": self.id,
            "builtin": True,
            "sessionType": self.session_type.value,
            "title": self.title,
            "persona": self.persona,
            "situation": self.situation,
            "vehicle": self.vehicle,
            "customerLines": list(self.customer_lines),
            "rubric": [item.to_json() for item in self.rubric],
            "passMark": self.pass_mark,
            "customer": self.customer.model_dump(mode="json") if self.customer else None,
        }


class LibraryError(ValueError):
    """A built-in scenario file that cannot be used; the message names the file and the field."""


class _Index(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order: list[Annotated[str, Field(pattern=SCENARIO_ID_PATTERN)]]
    phrases: dict[str, list[Phrase]] = {}
    # Exemplar answers several rubrics share, by the same names as `phrases`.
    exemplars: dict[str, RubricExemplars] = {}


class _ScenarioFile(ScenarioCreate):
    """A manager's scenario, with nothing else in it: a misspelt key is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")

    # Only built-in scenarios set their own pass mark for now; a manager's get the default.
    pass_mark: int = Field(default=DEFAULT_PASS_MARK, ge=0, le=100)
    # The role-play customer (roleplay/graph.py); its items must be the rubric's.
    customer: CustomerGraph | None = None


def rubric_items(items: Sequence[RubricItemIn]) -> list[RubricItem]:
    """The rubric as the analysis will read it; ValueError says what it cannot match."""
    return rubric_items_from_json(
        # By alias: the exemplars' lists are "pass" and "fail", as stored.
        [item.model_dump(exclude_none=True, by_alias=True) for item in items]
    )


def _describe(error: ValidationError) -> str:
    def where(loc: tuple[int | str, ...]) -> str:
        return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)

    return "; ".join(
        f"{where(e['loc']).lstrip('.') or 'the file'}: {e['msg']}"
        + (f" (got {e['input']!r})" if e["type"] not in ("missing", "extra_forbidden") else "")
        for e in error.errors(include_url=False)
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LibraryError(f"{path}: {exc}") from exc


def _with_shared(path: Path, data: dict[str, Any], index: _Index) -> None:
    """Each rubric item's `shared` lists, in place: their phrases (and exemplars) first, then
    the item's own. An item needs an id here, unlike a manager's: reports keep the built-in ids
    over time."""
    shared = index.phrases
    rubric = data.get("rubric", [])
    if not isinstance(rubric, list):
        return  # the validation says what is wrong with it
    for n, item in enumerate(rubric):
        if not isinstance(item, dict):
            continue
        where = f"{path}: rubric[{n}]"
        unknown = sorted(set(item) - _ITEM_KEYS)
        if unknown:
            raise LibraryError(f"{where}: unknown key {unknown[0]!r} (known: {sorted(_ITEM_KEYS)})")
        if "id" not in item:
            raise LibraryError(f"{where}: an id is required (sessions' reports keep it)")
        names = item.pop("shared", [])
        if not isinstance(names, list) or not all(name in shared for name in names):
            raise LibraryError(
                f"{where}.shared: {names!r} must name phrase lists of {INDEX_FILE} "
                f"({', '.join(shared)})"
            )
        own_exemplars = item.get("exemplars", {})
        if isinstance(own_exemplars, dict):
            common = [index.exemplars[name] for name in names if name in index.exemplars]
            if common or own_exemplars:
                item["exemplars"] = {
                    "pass": [t for c in common for t in c.passing] + own_exemplars.get("pass", []),
                    "fail": [t for c in common for t in c.failing] + own_exemplars.get("fail", []),
                }
        own = item.get("phrases", [])
        if not isinstance(own, list):
            continue  # the validation says what is wrong with it
        item["phrases"] = [phrase for name in names for phrase in shared[name]] + own


def _scenario(path: Path, index: _Index) -> Scenario:
    data = _read(path)
    _with_shared(path, data, index)
    try:
        body = _ScenarioFile.model_validate(data)
        rubric = rubric_items(body.rubric)
    except ValidationError as exc:
        raise LibraryError(f"{path}: {_describe(exc)}") from exc
    except ValueError as exc:
        raise LibraryError(f"{path}: rubric: {exc}") from exc
    if body.customer is not None:
        try:
            body.customer.check_items(item.id for item in rubric)
        except ValueError as exc:
            raise LibraryError(f"{path}: customer: {exc}") from exc
    return Scenario(
        id=path.stem,
        session_type=body.session_type,
        title=body.title,
        persona=body.persona,
        situation=body.situation,
        vehicle=body.vehicle,
        customer_lines=tuple(body.customer_lines),
        rubric=tuple(rubric),
        pass_mark=body.pass_mark,
        customer=body.customer,
    )


def load_library(folder: Path) -> Mapping[str, Scenario]:
    """The scenarios of `folder`, by key, in the index's order; LibraryError if one is broken."""
    index_path = folder / INDEX_FILE
    try:
        index = _Index.model_validate(_read(index_path))
    except ValidationError as exc:
        raise LibraryError(f"{index_path}: {_describe(exc)}") from exc
    files = {path.stem: path for path in folder.glob("*.toml") if path != index_path}
    seen: set[str] = set()
    for key in index.order:
        if key in seen or key not in files:
            problem = "twice" if key in seen else f"but there is no {key}.toml"
            raise LibraryError(f"{index_path}: order lists {key!r} {problem}")
        seen.add(key)
    unlisted = sorted(files.keys() - seen)
    if unlisted:
        raise LibraryError(f"{files[unlisted[0]]}: not listed in the order of {index_path}")
    return MappingProxyType({key: _scenario(files[key], index) for key in index.order})


BUILTIN_SCENARIOS = load_library(BUILTIN_DIR)


def builtin_scenario(key: str) -> Scenario | None:
    return BUILTIN_SCENARIOS.get(key)
