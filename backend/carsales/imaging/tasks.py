"""Image job kinds for the job runner: the pipeline's passes, wired to stored bytes.

`prepare` (decode, segment, enhance: the expensive part) stores the cut-out as an RGBA PNG and
the car's box; `plan` frames the whole set at once; `finish` renders and encodes each photo.
"""

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from carsales.ai.registry import ModelMissingError
from carsales.config import Settings
from carsales.imaging.pipeline.compose import parse_background
from carsales.imaging.pipeline.decode import ImageKind, decode, sniff
from carsales.imaging.pipeline.enhance import Enhancements, enhance
from carsales.imaging.pipeline.errors import ImageError
from carsales.imaging.pipeline.export import encode
from carsales.imaging.pipeline.frame import Box, Placement, plan_set
from carsales.imaging.pipeline.process import LOSSY_QUALITY, Cutout, Options, cut_out, render
from carsales.imaging.pipeline.segment import Segmenter
from carsales.imaging.schemas import ImageJobSettings
from carsales.jobs.processors import (
    ItemOutput,
    ItemRejected,
    JobKind,
    Prepared,
    register_job_kind,
)
from carsales.models import JobType

UNSUPPORTED = "Not a JPEG, PNG, WebP or HEIC photo (judged from its contents)."
_CONTENT_TYPES = {
    ImageKind.jpeg: ("image/jpeg", "jpg"),
    ImageKind.png: ("image/png", "png"),
    ImageKind.webp: ("image/webp", "webp"),
    ImageKind.heif: ("image/heic", "heic"),
}


def identify(head: bytes) -> tuple[str, str] | None:
    kind = sniff(head)
    return None if kind is None else _CONTENT_TYPES[kind]


class Models:
    """Both segmentation models, loaded on first use and shared by every job of the process."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self._lock = threading.Lock()
        self._segmenter: Segmenter | None = None

    def segmenter(self) -> Segmenter:
        with self._lock:
            if self._segmenter is None:
                try:
                    self._segmenter = Segmenter.load(self.model_dir)
                except ModelMissingError as exc:
                    # The server is not set up; the photo is fine and can be retried later.
                    raise ItemRejected(str(exc)) from exc
            return self._segmenter


def _options(raw: Mapping[str, Any], enhance_by_default: bool, max_pixels: int) -> Options:
    chosen = ImageJobSettings.model_validate(raw)
    wants_enhance = chosen.enhance and enhance_by_default
    return Options(
        background=parse_background(chosen.background),
        quality=chosen.quality,
        output=chosen.format,
        size=chosen.size,
        enhancements=Enhancements() if wants_enhance else Enhancements.none(),
        max_pixels=max_pixels,
    )


def _encode_cutout(cutout: Cutout) -> bytes:
    alpha = np.clip(np.rint(cutout.matte * 255), 0, 255).astype(np.uint8)
    rgba = np.dstack([cutout.rgb[:, :, ::-1], alpha])  # OpenCV writes BGRA
    ok, png = cv2.imencode(".png", rgba, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise RuntimeError("could not encode the cut-out")
    return bytes(png)


def _decode_cutout(data: bytes, box: Box | None) -> Cutout:
    bgra = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if bgra is None:
        raise RuntimeError("the stored cut-out is unreadable")
    rgb = np.ascontiguousarray(bgra[:, :, 2::-1], dtype=np.uint8)
    matte = (bgra[:, :, 3] / np.float32(255)).astype(np.float32)
    return Cutout(rgb, matte, box)


class CutoutProcessor:
    """Background removal (optionally with enhancement), backdrops and set framing."""

    def __init__(self, models: Models, max_pixels: int, enhance_by_default: bool) -> None:
        self.models = models
        self.max_pixels = max_pixels
        self.enhance_by_default = enhance_by_default

    def _options(self, settings: Mapping[str, Any]) -> Options:
        return _options(settings, self.enhance_by_default, self.max_pixels)

    def prepare(self, data: bytes, settings: Mapping[str, Any]) -> Prepared:
        started = time.perf_counter()
        try:
            cutout = cut_out(data, self._options(settings), self.models.segmenter())
        except ImageError as exc:
            raise ItemRejected(str(exc)) from exc
        width, height = cutout.size
        box = asdict(cutout.box) if cutout.box else None
        facts = {"width": width, "height": height, "box": box}
        return Prepared(_encode_cutout(cutout), facts, {"cutOut": time.perf_counter() - started})

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        options = self._options(settings)
        sizes = [(fact["width"], fact["height"]) for fact in facts]
        boxes = [Box(**fact["box"]) if fact["box"] else None for fact in facts]
        placements = plan_set(sizes, boxes, options.size)
        return [
            {"placement": asdict(placement), "box": fact["box"]}
            for placement, fact in zip(placements, facts, strict=True)
        ]

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput:
        started = time.perf_counter()
        options = self._options(settings)
        box = Box(**plan["box"]) if plan["box"] else None
        cutout = _decode_cutout(prepared, box)
        data = render(cutout, Placement(**plan["placement"]), options)
        return ItemOutput(
            data,
            options.output.extension,
            options.output.media_type,
            {"render": time.perf_counter() - started},
        )


class EnhanceProcessor:
    """Enhancement only: the photo keeps its background and framing."""

    def __init__(self, max_pixels: int) -> None:
        self.max_pixels = max_pixels

    def prepare(self, data: bytes, settings: Mapping[str, Any]) -> Prepared:
        started = time.perf_counter()
        options = _options(settings, enhance_by_default=True, max_pixels=self.max_pixels)
        try:
            photo = enhance(decode(data, options.max_pixels), options.enhancements)
        except ImageError as exc:
            raise ItemRejected(str(exc)) from exc
        encoded = encode(photo, options.output, LOSSY_QUALITY[options.quality])
        return Prepared(encoded, {}, {"enhance": time.perf_counter() - started})

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        return [{} for _ in facts]

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput:
        output = ImageJobSettings.model_validate(settings).format
        return ItemOutput(prepared, output.extension, output.media_type, {})


def register(settings: Settings) -> None:
    assert settings.model_dir is not None  # filled in by Settings
    models = Models(settings.model_dir)
    limit = settings.upload_max_pixels
    for job_type, processor in (
        (JobType.background_removal, CutoutProcessor(models, limit, enhance_by_default=False)),
        (JobType.full_pipeline, CutoutProcessor(models, limit, enhance_by_default=True)),
        (JobType.image_enhancement, EnhanceProcessor(limit)),
    ):
        register_job_kind(job_type, JobKind(processor, ImageJobSettings, identify, UNSUPPORTED))
