"""A rewritten model is made once per machine and kept beside the models (carsales.ai.sessions).

A tiny real ONNX model stands in for ISNet here, with a rewrite that counts its calls; the real
ISNet's kept copy is checked in tests/imaging/test_models.py.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

import onnx
import pytest
from onnx import TensorProto, helper

from carsales.ai.registry import ModelSpec, WheelMember
from carsales.ai.sessions import PREPARED, REWRITES, Rewrite, model_bytes, prepared_path


def _identity_model() -> bytes:
    value = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    output = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])], "tiny", [value], [output]
    )
    serialised: bytes = helper.make_model(graph).SerializeToString()
    return serialised


class Counted:
    """The rewrite: renames the graph, so that its output differs from its input."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, model: bytes) -> bytes:
        self.calls += 1
        parsed = onnx.load_model_from_string(model)
        parsed.graph.name = "rewritten"
        serialised: bytes = parsed.SerializeToString()
        return serialised


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ModelSpec, Counted, Path]:
    model = _identity_model()
    spec = ModelSpec(
        name="tiny",
        filename="tiny.onnx",
        sha256=hashlib.sha256(model).hexdigest(),
        source=WheelMember("tiny", "0", "tiny.onnx"),
        licence="test",
    )
    spec.path_in(tmp_path).write_bytes(model)
    code = tmp_path / "rewrite.py"
    code.write_text("version 1")
    rewrite = Counted()
    monkeypatch.setitem(REWRITES, spec.name, Rewrite(rewrite, (code,)))
    return spec, rewrite, code


def _kept_files(directory: Path) -> list[str]:
    return sorted(path.name for path in (directory / PREPARED).iterdir())


def _graph_name(model: bytes) -> str:
    name: str = onnx.load_model_from_string(model).graph.name
    return name


def test_a_rewritten_model_is_made_once_and_kept_for_the_next_process(
    tmp_path: Path, tiny: tuple[ModelSpec, Counted, Path]
) -> None:
    spec, rewrite, _ = tiny
    first = model_bytes(spec, tmp_path)
    again = model_bytes(spec, tmp_path)
    assert _graph_name(first) == "rewritten"
    assert again == first
    assert rewrite.calls == 1
    kept = prepared_path(spec, tmp_path, REWRITES[spec.name])
    assert _kept_files(tmp_path) == [kept.name, kept.name + ".sha256"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: kept.write_bytes(kept.read_bytes()[:10]),  # a copy cut short
        lambda kept: kept.with_name(kept.name + ".sha256").unlink(),  # its digest lost
    ],
    ids=["truncated", "no-digest"],
)
def test_a_damaged_kept_copy_is_made_again(
    tmp_path: Path, tiny: tuple[ModelSpec, Counted, Path], damage: Callable[[Path], object]
) -> None:
    spec, rewrite, _ = tiny
    whole = model_bytes(spec, tmp_path)
    damage(prepared_path(spec, tmp_path, REWRITES[spec.name]))
    assert model_bytes(spec, tmp_path) == whole
    assert rewrite.calls == 2
    assert model_bytes(spec, tmp_path) == whole
    assert rewrite.calls == 2  # repaired


def test_a_change_to_what_the_rewrite_depends_on_makes_a_new_copy_and_drops_the_old(
    tmp_path: Path, tiny: tuple[ModelSpec, Counted, Path]
) -> None:
    spec, rewrite, code = tiny
    model_bytes(spec, tmp_path)
    old = prepared_path(spec, tmp_path, REWRITES[spec.name])
    code.write_text("version 2")
    model_bytes(spec, tmp_path)
    new = prepared_path(spec, tmp_path, REWRITES[spec.name])
    assert new != old
    assert rewrite.calls == 2
    assert _kept_files(tmp_path) == [new.name, new.name + ".sha256"]


def test_a_folder_that_cannot_be_written_costs_only_the_rewrite(
    tmp_path: Path, tiny: tuple[ModelSpec, Counted, Path]
) -> None:
    spec, rewrite, _ = tiny
    (tmp_path / PREPARED).write_text("a file where the folder would be")
    assert _graph_name(model_bytes(spec, tmp_path)) == "rewritten"
    assert _graph_name(model_bytes(spec, tmp_path)) == "rewritten"
    assert rewrite.calls == 2
