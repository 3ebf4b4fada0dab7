"""Speech synthesis with Debian's espeak-ng: the role-play customer's voice, and speech at an
exactly known rate for the pace test and the benchmarks."""

import io
import shutil
import subprocess

import numpy as np

from carsales.training.speech.audio import decode


class SynthesisError(RuntimeError):
    """espeak-ng is missing or failed."""


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def synthesize(
    text: str, words_per_minute: int = 150, voice: str = "en-us", ssml: bool = False
) -> np.ndarray:
    """16 kHz mono float audio of `text`; `ssml` allows markup such as
    <prosody rate="slow">um</prosody> for a drawn-out filler."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise SynthesisError("espeak-ng is not installed (apt-get install espeak-ng)")
    # The text goes through stdin so that no text can be read as an option.
    command = [program, "--stdout", "--stdin", "-s", str(words_per_minute), "-v", voice]
    if ssml:
        command.append("-m")
    try:
        result = subprocess.run(  # noqa: S603
            command, input=text.encode(), check=True, capture_output=True, timeout=60
        )
    except subprocess.CalledProcessError as exc:
        raise SynthesisError(f"espeak-ng failed: {exc.stderr.decode(errors='replace')}") from exc
    return decode(io.BytesIO(result.stdout))
