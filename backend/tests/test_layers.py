"""The import contracts (backend/.importlinter, run by `make lint`) hold for the code, and break
when a wrong-way import is planted in a copy of the package: proof that they can fail."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[1]
CONFIG = BACKEND / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _all_but_python(folder: str, names: list[str]) -> set[str]:
    """What copytree leaves out: caches and every file that is not Python source."""
    return {
        name
        for name in names
        if name == "__pycache__" or not (name.endswith(".py") or Path(folder, name).is_dir())
    }


def _lint_copy(tmp_path: Path, plant: tuple[str, str] | None) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with the real contracts on a copy of carsales/, with `plant` (a module
    path and its source) added to it."""
    shutil.copytree(
        BACKEND / "carsales",
        tmp_path / "carsales",
        ignore=_all_but_python,
    )
    if plant is not None:
        module, source = plant
        (tmp_path / module).write_text(source)
    # The copy comes first on the path, ahead of the installed (editable) package.
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [str(LINT_IMPORTS), str(CONFIG), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_code_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_copy(tmp_path, None)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("plant", "broken", "chain"),
    [
        (
            ("carsales/jobs/planted.py", "from carsales.imaging import tasks\n"),
            "Layers:",
            "carsales.jobs.planted -> carsales.imaging.tasks",
        ),
        (
            ("carsales/kit/planted.py", "import carsales.models\n"),
            "Layers:",
            "carsales.kit.planted -> carsales.models",
        ),
        (
            ("carsales/auth/planted.py", "from carsales.dealerships import provisioning\n"),
            "Platform domains call down",
            "carsales.auth.planted -> carsales.dealerships.provisioning",
        ),
        (
            ("carsales/training/speech/planted.py", "import sqlalchemy\n"),
            "Pure sub-packages",
            "carsales.training.speech.planted -> sqlalchemy",
        ),
        (
            ("carsales/imaging/pipeline/planted.py", "from carsales.db import DbSession\n"),
            "Pure sub-packages",
            "carsales.imaging.pipeline.planted -> carsales.db",
        ),
    ],
    ids=[
        "jobs-imports-a-feature",
        "kit-imports-models",
        "auth-imports-dealerships",
        "speech-sql",
        "pipeline-db",
    ],
)
def test_a_wrong_way_import_breaks_its_contract(
    tmp_path: Path, plant: tuple[str, str], broken: str, chain: str
) -> None:
    result = _lint_copy(tmp_path, plant)

    assert result.returncode == 1, result.stdout + result.stderr
    report = " ".join(result.stdout.split())  # lint-imports wraps long lines
    assert broken in report
    assert "BROKEN" in report
    assert chain in report, report
