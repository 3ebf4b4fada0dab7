"""The built-in library as data: its TOML files load through a manager's validation, a broken
file is refused with a message that names the file and the field, and the documentation lists
what the files hold."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from carsales.training.scenarios.library import (
    BUILTIN_DIR,
    BUILTIN_SCENARIOS,
    INDEX_FILE,
    LibraryError,
    load_library,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "training-scenarios.md"
PRICE = "objection-price.toml"
LONG = "x" * 121
OBJECTION_STEPS = ["acknowledge", "clarify", "isolate", "respond", "confirm", "ask"]

Edit = Callable[[str], str]


def copy_library(tmp_path: Path) -> Path:
    folder = tmp_path / "builtin"
    shutil.copytree(BUILTIN_DIR, folder)
    return folder


def edit(folder: Path, name: str, change: Edit) -> None:
    path = folder / name
    changed = change(path.read_text())
    assert changed != path.read_text(), "the edit must change the file"
    path.write_text(changed)


def test_the_shipped_files_load_unchanged(tmp_path: Path) -> None:
    loaded = load_library(copy_library(tmp_path))
    assert list(loaded) == list(BUILTIN_SCENARIOS)
    assert all(loaded[key].snapshot() == s.snapshot() for key, s in BUILTIN_SCENARIOS.items())


def test_shared_phrases_come_first_then_the_items_own() -> None:
    spouse = {item.id: item for item in BUILTIN_SCENARIOS["objection-spouse"].rubric}
    price = {item.id: item for item in BUILTIN_SCENARIOS["objection-price"].rubric}
    # Both ask for the business with the shared list; the spouse scenario adds "call him now".
    assert spouse["ask"].phrases[: len(price["ask"].phrases)] == price["ask"].phrases
    assert "call him now" in spouse["ask"].phrases[len(price["ask"].phrases) :]
    assert "call him now" not in price["ask"].phrases


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # A misspelt key is refused, not ignored.
        (lambda t: t.replace("persona =", "persnoa =", 1), "persnoa: Extra inputs"),
        # ScenarioCreate's own limits: a title of at most 120 characters.
        (lambda t: re.sub(r"^title = .*$", f'title = "{LONG}"', t, count=1, flags=re.M), "title"),
        (lambda t: t.replace('sessionType = "objection"', 'sessionType = "haggle"'), "sessionType"),
        (lambda t: t.replace('  "which dealer",', "  42,", 1), "rubric[1].phrases"),
        # The rubric as the analysis reads it: `*` must stand alone.
        (lambda t: t.replace('"which dealer"', '"financ* dealer"', 1), '"financ* dealer"'),
        (lambda t: t.replace('shared = ["isolate"]', 'shared = ["isolat"]'), "rubric[2].shared"),
        (lambda t: t.replace('id = "confirm"\n', "", 1), "rubric[4]: an id is required"),
        (lambda t: t.replace('label = "Clarify', 'lable = "Clarify', 1), "rubric[1]: unknown key"),
        # Not TOML at all: the parser's line number.
        (lambda t: t.replace("customerLines = [", "customerLines = [[", 1), "line"),
    ],
)
def test_a_broken_scenario_file_names_the_file_and_the_field(
    tmp_path: Path, change: Edit, expected: str
) -> None:
    folder = copy_library(tmp_path)
    edit(folder, PRICE, change)
    with pytest.raises(LibraryError) as caught:
        load_library(folder)
    message = str(caught.value)
    assert message.startswith(str(folder / PRICE)), message
    assert expected in message, message


def test_the_index_lists_every_file_once(tmp_path: Path) -> None:
    folder = copy_library(tmp_path)
    shutil.copy(folder / PRICE, folder / "objection-price-again.toml")
    with pytest.raises(LibraryError, match=r"objection-price-again\.toml: not listed in the order"):
        load_library(folder)
    (folder / "objection-price-again.toml").unlink()
    edit(folder, INDEX_FILE, lambda t: t.replace('  "closing-summary",', '  "closing-sumary",'))
    with pytest.raises(LibraryError, match="order lists 'closing-sumary' but there is no"):
        load_library(folder)


def test_a_broken_shared_list_names_the_index(tmp_path: Path) -> None:
    folder = copy_library(tmp_path)
    edit(folder, INDEX_FILE, lambda t: t.replace('  "i understand",', f'  "{"x" * 161}",', 1))
    with pytest.raises(LibraryError) as caught:
        load_library(folder)
    assert str(caught.value).startswith(f"{folder / INDEX_FILE}: phrases.acknowledge[0]")


def _documented() -> list[list[str]]:
    """The rows of the library's table in the documentation: key, type, title, rubric."""
    section = DOCS.read_text().split("## The built-in library", 1)[1].split("\n## ", 1)[0]
    table = section.split("| Key |", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip().strip("|").split(" | ") for line in table.splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows]


def test_the_documentation_lists_the_library_as_the_files_hold_it() -> None:
    rows = _documented()
    assert [row[0].strip("`") for row in rows] == list(BUILTIN_SCENARIOS)
    for key, kind, title, _checks in rows:
        scenario = BUILTIN_SCENARIOS[key.strip("`")]
        assert kind == scenario.session_type.value
        # "Title (vehicle, $price)": the file's title, and the price its vehicle is sold at.
        assert title.startswith(f"{scenario.title} ("), (title, scenario.title)
        for price in re.findall(r"\$[\d,]+", title.removeprefix(scenario.title)):
            assert price in scenario.vehicle, (key, price)


def test_the_documented_objection_steps_are_the_files_items() -> None:
    steps = DOCS.read_text().split("**The six objection steps**", 1)[1].split("\n\n", 2)[1]
    documented = [line.split("|")[1].strip().strip("`") for line in steps.splitlines()[2:]]
    assert documented == OBJECTION_STEPS
    for scenario in BUILTIN_SCENARIOS.values():
        if scenario.session_type.value == "objection":
            assert [item.id for item in scenario.rubric] == OBJECTION_STEPS
