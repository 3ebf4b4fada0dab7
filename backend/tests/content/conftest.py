"""Fixtures for the content tests. The provider tests talk to a real llama.cpp server (the
`xllamacpp` wheel) serving Gemma 3 270M, which `make test-backend` installs
(`python -m carsales.ai install gemma3-270m`): skipped locally when missing, a failure in CI."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from carsales.ai.registry import GEMMA3_270M, ModelMissingError, verified_path
from carsales.config import Settings
from carsales.content.generation.llamacpp_server import llamacpp_server
from tests.conftest import IN_CI


@pytest.fixture(scope="session")
def gemma_model() -> Path:
    directory = Settings().model_dir
    assert directory is not None
    try:
        return verified_path(GEMMA3_270M, directory)
    except ModelMissingError:
        # Not `make models` (the generic hint): the app never needs this one.
        reason = (
            f"{GEMMA3_270M.name} is missing or damaged in {directory}: run `make test-models` "
            f"(python -m carsales.ai install {GEMMA3_270M.name})"
        )
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def llm_base_url(gemma_model: Path) -> Iterator[str]:
    """The /v1 base URL of a llama.cpp server on a free loopback port, for the whole session."""
    # One thread: llama.cpp's threads wait for each other by spinning, so on two shared cores
    # (CI, or a busy machine) two threads ran this file 3x slower (112 s against 34 s at a
    # load of 10); on idle cores one thread costs little, as the answers are a few tokens.
    with llamacpp_server(gemma_model, threads=1, context=2048) as base_url:
        yield base_url
