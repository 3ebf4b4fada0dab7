"""Image job kinds for the job runner: the pipeline's passes, wired to stored bytes.

`prepare` (decode, segment, enhance: the expensive part) stores the cut-out as an RGBA PNG and
the car's box; `plan` frames the whole set at once; `finish` renders and encodes each photo.

A job with the `custom` background carries its backdrop image as an attachment (see
carsales.jobs.attachments): checked whole at upload, stored under the job's prefix, its key in
the settings. `finish` reads it through the storage (hopping from the worker thread to the
runner's event loop) and decodes it once per job, not once per photo.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Any

import anyio.from_thread
import cv2
import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.ai.registry import ModelMissingError
from carsales.analytics import UsageKind, record_usage
from carsales.config import Settings
from carsales.errors import BadRequest
from carsales.imaging.notices import tell_owner
from carsales.imaging.pipeline.checks import (
    cut_off_warning,
    enlargement_warning,
    several_vehicles_warning,
)
from carsales.imaging.pipeline.compose import (
    BackdropImage,
    Background,
    Transparent,
    parse_background,
)
from carsales.imaging.pipeline.decode import ImageKind, decode, pixel_size, sniff
from carsales.imaging.pipeline.enhance import Enhancements, enhance
from carsales.imaging.pipeline.errors import ImageError, TooManyPixelsError
from carsales.imaging.pipeline.export import encode
from carsales.imaging.pipeline.frame import Box, Placement, plan_set
from carsales.imaging.pipeline.plates import (
    Masking,
    PlateBox,
    PlateMask,
    find_plates,
    mask_plates,
)
from carsales.imaging.pipeline.presets import OutputFormat, Quality
from carsales.imaging.pipeline.process import LOSSY_QUALITY, Cutout, Options, cut_out, render
from carsales.imaging.pipeline.segment import Segmenter, segment
from carsales.imaging.pipeline.touch_up import Stroke
from carsales.imaging.pipeline.types import RGB, Matte
from carsales.imaging.schemas import (
    BACKDROP_KEY,
    CUSTOM_BACKGROUND,
    LOGO_PLATE_KEY,
    TOUCH_UPS_KEY,
    BrushMode,
    ImageJobSettings,
)
from carsales.jobs.processors import (
    POSITION,
    Attachment,
    AttachmentRejected,
    ItemOutput,
    ItemRejected,
    JobKind,
    JobKinds,
    Prepared,
    ReportProgress,
    Uploads,
)
from carsales.jobs.schemas import INPUT_PLACEMENT, InputPlacement
from carsales.kit.time import as_utc
from carsales.models import Dealership, ItemStatus, JobType, ProcessingJob, User
from carsales.storage import ObjectMissing, Storage

UNSUPPORTED = "Not a JPEG, PNG, WebP or HEIC photo (judged from its contents)."
BACKDROP_KINDS = (ImageKind.jpeg, ImageKind.png, ImageKind.webp)
PLATES = "plates"  # the fact: the licence plates found, as [left, top, right, bottom] boxes
_CONTENT_TYPES = {
    ImageKind.jpeg: ("image/jpeg", "jpg"),
    ImageKind.png: ("image/png", "png"),
    ImageKind.webp: ("image/webp", "webp"),
    ImageKind.heif: ("image/heic", "heic"),
}


def identify(head: bytes) -> tuple[str, str] | None:
    kind = sniff(head)
    return None if kind is None else _CONTENT_TYPES[kind]


def too_many_pixels(head: bytes, max_pixels: int) -> str | None:
    """Why a photo is refused at upload, from its header: more pixels than `max_pixels`
    (decoding a 57 KB PNG of 59 megapixels costs half a minute of CPU and 1.6 GB). A header
    that does not tell is left to the worker, which checks again before decoding."""
    try:
        size = pixel_size(head, max_pixels)
    except TooManyPixelsError as exc:
        return str(exc)
    if size is None or size[0] * size[1] <= max_pixels:
        return None
    width, height = size
    return (
        f"the image is {width:,} x {height:,} pixels ({width * height / 1e6:.1f} megapixels); "
        f"the limit is {max_pixels / 1e6:g} megapixels"
    )


def check_backdrop(data: bytes, max_pixels: int) -> tuple[str, str]:
    """(content type, extension) of a usable backdrop image; decodes it whole, so a damaged
    file is refused at upload instead of failing every photo of the job."""
    kind = sniff(data)
    if kind not in BACKDROP_KINDS:
        raise AttachmentRejected(
            "The backdrop must be a JPEG, PNG or WebP image (judged from its contents)."
        )
    try:
        decode(data, max_pixels)
    except ImageError as exc:
        raise AttachmentRejected(f"The backdrop image cannot be used: {exc}.") from exc
    return _CONTENT_TYPES[kind]


def backdrop_attachment(max_pixels: int) -> Attachment:
    return Attachment(
        field="backdrop",
        settings_key=BACKDROP_KEY,
        check=lambda data: check_backdrop(data, max_pixels),
        wanted=lambda settings: settings.get("background") == CUSTOM_BACKGROUND,
        missing_message="The custom background needs a backdrop image: add one.",
        unused_message="A backdrop image is used only with the custom background.",
    )


class StoredImages:
    """Stored images by key (a job's backdrop, the dealership's logo plate), decoded on first
    use. Called on the runner's worker thread: the bytes come through the async storage on the
    runner's event loop. `what` names the image in messages."""

    CACHED = 2  # a job's photos share one; a second thread may be on another job

    def __init__(self, storage: Storage, max_pixels: int, what: str) -> None:
        self.storage = storage
        self.max_pixels = max_pixels
        self.what = what
        self._lock = threading.Lock()
        self._decoded: OrderedDict[str, RGB] = OrderedDict()

    def get(self, key: str) -> RGB:
        with self._lock:
            if key in self._decoded:
                self._decoded.move_to_end(key)
                return self._decoded[key]
        try:
            data = anyio.from_thread.run(self.storage.get_bytes, key)
        except ObjectMissing as exc:
            raise ItemRejected(f"The {self.what} is no longer stored.") from exc
        try:
            image = decode(data, self.max_pixels)
        except ImageError as exc:
            raise ItemRejected(f"The {self.what} cannot be used: {exc}.") from exc
        with self._lock:
            self._decoded[key] = image
            while len(self._decoded) > self.CACHED:
                self._decoded.popitem(last=False)
        return image


class Models:
    """Both segmentation models, loaded on first use and shared by every job of the process
    (through carsales.ai.cache). Asked for once per photo and not kept, so that an idle
    unload can free them between jobs."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir

    def segmenter(self) -> Segmenter:
        with _installed():
            return Segmenter.load(self.model_dir)

    def find_plates(self, rgb: RGB, matte: Matte) -> list[PlateBox]:
        with _installed():
            return find_plates(rgb, matte, self.model_dir)


@contextmanager
def _installed() -> Iterator[None]:
    """A model that is not installed rejects the photo: the server is not set up, the photo is
    fine and can be retried later."""
    try:
        yield
    except ModelMissingError as exc:
        raise ItemRejected(str(exc)) from exc


def _options(
    raw: Mapping[str, Any],
    enhance_by_default: bool,
    max_pixels: int,
    backdrops: StoredImages | None = None,
    touch_ups: tuple[Stroke, ...] = (),
) -> Options:
    """Without `backdrops`, a custom background is left out (transparent): only rendering
    draws the background, so the other steps need not load the image."""
    chosen = ImageJobSettings.model_validate(raw)
    wants_enhance = chosen.enhance and enhance_by_default
    return Options(
        background=_background(chosen.background, raw.get(BACKDROP_KEY), backdrops),
        quality=chosen.quality,
        output=chosen.format,
        size=chosen.size,
        enhancements=Enhancements() if wants_enhance else Enhancements.none(),
        max_pixels=max_pixels,
        touch_ups=touch_ups,
    )


def touch_ups(settings: Mapping[str, Any], position: int) -> tuple[Stroke, ...]:
    """The strokes the user drew on the photo at `position` (see TOUCH_UPS_KEY)."""
    strokes = settings.get(TOUCH_UPS_KEY, {}).get(str(position), [])
    return tuple(
        Stroke(
            stroke["radius"],
            tuple((x, y) for x, y in stroke["points"]),
            restore=stroke["mode"] == BrushMode.restore,
        )
        for stroke in strokes
    )


def _background(chosen: str, backdrop_key: Any, backdrops: StoredImages | None) -> Background:
    if chosen != CUSTOM_BACKGROUND:
        return parse_background(chosen)
    if backdrops is None:
        return Transparent()
    if not isinstance(backdrop_key, str) or not backdrop_key:
        raise ItemRejected("The custom background has no backdrop image.")
    return BackdropImage(backdrops.get(backdrop_key))


def _warnings(*found: str | None) -> list[str]:
    return [warning for warning in found if warning]


def _no_plate_warning(plates: Masking | None) -> str | None:
    if plates is None or plates.boxes:
        return None
    return (
        "No licence plate was found to cover: check the photo before publishing it (a plate "
        "seen at a steep angle, small or dirty can be missed)."
    )


def _plate_plans(
    facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Each photo's choice for its plates (the job's, or the photo's own) and the plates found."""
    chosen = ImageJobSettings.model_validate(settings)
    return [
        {"plates": chosen.plates_for(fact[POSITION]).value, "plateBoxes": fact.get(PLATES, [])}
        for fact in facts
    ]


def _masking(
    plan: Mapping[str, Any], settings: Mapping[str, Any], logo_plates: StoredImages
) -> Masking | None:
    how = PlateMask(plan["plates"])
    if how is PlateMask.none:
        return None
    logo = None
    if how is PlateMask.logo:
        key = settings.get(LOGO_PLATE_KEY)
        if not isinstance(key, str) or not key:
            raise ItemRejected("The job has no logo plate to cover the plates with.")
        logo = logo_plates.get(key)
    boxes = tuple((left, top, right, bottom) for left, top, right, bottom in plan["plateBoxes"])
    return Masking(how, boxes, logo)


async def attach_logo_plate(
    session: AsyncSession, owner: User, settings: Mapping[str, Any]
) -> dict[str, Any]:
    """The create hook of the image kinds: a job that covers plates with the logo plate gets
    the dealership's, or is refused when it has none."""
    if not ImageJobSettings.model_validate(settings).uses_logo_plate:
        return {}
    dealership = await session.get(Dealership, owner.dealership_id)
    if dealership is None or dealership.logo_plate_key is None:
        raise BadRequest(
            "The dealership has no logo plate yet: an admin uploads it under Settings, "
            "Dealership; or cover the plates with a blur or a solid plate."
        )
    return {LOGO_PLATE_KEY: dealership.logo_plate_key}


def _input_placement(placement: Placement, size: tuple[int, int]) -> dict[str, Any]:
    """Where the photo (`size`, as decoded: EXIF orientation applied, as a browser shows it)
    lies on the result, for the before/after comparison."""
    width, height = size
    return InputPlacement(
        output_width=placement.width,
        output_height=placement.height,
        left=placement.offset_x,
        top=placement.offset_y,
        width=width * placement.scale,
        height=height * placement.scale,
    ).model_dump()


# The stored cut-out is read back once, by `finish`: fast deflate over the "sub" filter's
# differences with run-length matching encodes a 12 MP photo in half the time of the default
# adaptive filters (0.6 s against 1.2 s), into a slightly smaller file, decoded as fast.
_CUTOUT_PNG = [
    cv2.IMWRITE_PNG_COMPRESSION, 1,
    cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_SUB,
    cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE,
]  # fmt: skip


def _encode_cutout(cutout: Cutout) -> bytes:
    alpha = np.clip(np.rint(cutout.matte * 255), 0, 255).astype(np.uint8)
    rgba = np.dstack([cutout.rgb[:, :, ::-1], alpha])  # OpenCV writes BGRA
    ok, png = cv2.imencode(".png", rgba, _CUTOUT_PNG)
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

    def __init__(
        self,
        models: Models,
        backdrops: StoredImages,
        logo_plates: StoredImages,
        max_pixels: int,
        enhance_by_default: bool,
    ) -> None:
        self.models = models
        self.backdrops = backdrops
        self.logo_plates = logo_plates
        self.max_pixels = max_pixels
        self.enhance_by_default = enhance_by_default

    def _options(
        self,
        settings: Mapping[str, Any],
        render: bool = False,
        touch_ups: tuple[Stroke, ...] = (),
    ) -> Options:
        backdrops = self.backdrops if render else None
        return _options(settings, self.enhance_by_default, self.max_pixels, backdrops, touch_ups)

    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        started = time.perf_counter()
        try:
            options = self._options(settings, touch_ups=touch_ups(settings, position))
            cutout = cut_out(data, options, self.models.segmenter())
        except ImageError as exc:
            raise ItemRejected(str(exc)) from exc
        width, height = cutout.size
        box = asdict(cutout.box) if cutout.box else None
        # The vehicles the car-aware model found and the one cut out (None: it found none).
        vehicles = [asdict(vehicle) for vehicle in cutout.vehicles]
        facts: dict[str, Any] = {
            "width": width,
            "height": height,
            "box": box,
            "vehicles": vehicles,
            "mainVehicle": cutout.main_vehicle,
        }
        if ImageJobSettings.model_validate(settings).masks_plates:
            facts[PLATES] = self.models.find_plates(cutout.rgb, cutout.matte)
        timings = {"cutOut": time.perf_counter() - started}
        warnings = _warnings(
            cut_off_warning(cutout.matte, cut_out=True),
            several_vehicles_warning(cutout.vehicles, cutout.main_vehicle),
        )
        return Prepared(_encode_cutout(cutout), facts, timings, warnings)

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        options = self._options(settings)
        sizes = [(fact["width"], fact["height"]) for fact in facts]
        boxes = [Box(**fact["box"]) if fact["box"] else None for fact in facts]
        placements = plan_set(sizes, boxes, options.size)
        return [
            {"placement": asdict(placement), "box": fact["box"], **plates}
            for placement, fact, plates in zip(
                placements, facts, _plate_plans(facts, settings), strict=True
            )
        ]

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput:
        started = time.perf_counter()
        options = self._options(settings, render=True)
        box = Box(**plan["box"]) if plan["box"] else None
        cutout = _decode_cutout(prepared, box)
        placement = Placement(**plan["placement"])
        plates = _masking(plan, settings, self.logo_plates)
        data = render(cutout, placement, options, plates)
        return ItemOutput(
            data,
            options.output.extension,
            options.output.media_type,
            {"render": time.perf_counter() - started},
            _warnings(
                enlargement_warning(placement, cutout.size),
                _no_plate_warning(plates),
            ),
            {INPUT_PLACEMENT: _input_placement(placement, cutout.size)},
        )


class EnhanceProcessor:
    """Enhancement only: the photo keeps its background and framing. A quick matte (the low
    quality segmentation) tells enhancement where the car is, so that it keeps the paint. When
    plates are covered, `prepare` keeps the photo as a lossless PNG and `finish` covers them and
    encodes it as asked."""

    def __init__(self, models: Models, logo_plates: StoredImages, max_pixels: int) -> None:
        self.models = models
        self.logo_plates = logo_plates
        self.max_pixels = max_pixels

    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        started = time.perf_counter()
        options = _options(settings, enhance_by_default=True, max_pixels=self.max_pixels)
        try:
            rgb = decode(data, options.max_pixels)
        except ImageError as exc:
            raise ItemRejected(str(exc)) from exc
        car = segment(rgb, self.models.segmenter(), Quality.low)
        photo = enhance(rgb, options.enhancements, car)
        facts: dict[str, Any] = {}
        if ImageJobSettings.model_validate(settings).masks_plates:
            facts[PLATES] = self.models.find_plates(photo, car)
            encoded = encode(photo, OutputFormat.png, LOSSY_QUALITY[Quality.low])
        else:
            encoded = encode(photo, options.output, LOSSY_QUALITY[options.quality])
        timings = {"enhance": time.perf_counter() - started}
        return Prepared(encoded, facts, timings, _warnings(cut_off_warning(car)))

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        return _plate_plans(facts, settings)

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput:
        chosen = ImageJobSettings.model_validate(settings)
        output = chosen.format
        if not chosen.masks_plates:
            return ItemOutput(prepared, output.extension, output.media_type, {})
        plates = _masking(plan, settings, self.logo_plates)
        photo = decode(prepared, self.max_pixels)
        if plates is not None:
            photo = mask_plates(photo, plates.boxes, plates.how, plates.logo)
        encoded = encode(photo, output, LOSSY_QUALITY[chosen.quality])
        return ItemOutput(
            encoded, output.extension, output.media_type, {}, _warnings(_no_plate_warning(plates))
        )


async def count_photos(db: AsyncSession, job: ProcessingJob, _storage: Storage) -> None:
    """The finish hook of the image kinds: the photos this run of the job produced, for usage
    analytics. A photo is counted once per time it is made: a retry counts the photos it ran
    again, a touch-up the one it cut out again, not the photos only rendered again with it."""
    run_started = job.started_at
    record_usage(
        db,
        dealership_id=job.dealership_id,
        user_id=job.owner_id,
        kind=UsageKind.photos_processed,
        quantity=sum(
            1
            for item in job.items
            if item.status is ItemStatus.completed
            and item.started_at is not None
            and (run_started is None or as_utc(item.started_at) >= as_utc(run_started))
        ),
    )


async def job_ended(db: AsyncSession, job: ProcessingJob, storage: Storage) -> None:
    """The finish hook of the image kinds: usage analytics, and the owner's notification."""
    await count_photos(db, job, storage)
    await tell_owner(db, job)


def register(kinds: JobKinds, settings: Settings, storage: Storage) -> None:
    """`storage`: where `finish` reads a job's custom backdrop and the logo plate."""
    assert settings.model_dir is not None  # filled in by Settings
    models = Models(settings.model_dir)
    limit = settings.upload_max_pixels
    backdrops = StoredImages(storage, limit, "backdrop image")
    logo_plates = StoredImages(storage, limit, "dealership's logo plate")
    inspect = partial(too_many_pixels, max_pixels=limit)
    # Only the kinds that cut the car out draw a background, so only they take a backdrop.
    cutout_uploads = Uploads(
        identify, UNSUPPORTED, attachments=(backdrop_attachment(limit),), inspect=inspect
    )
    for job_type, processor, uploads in (
        (
            JobType.background_removal,
            CutoutProcessor(models, backdrops, logo_plates, limit, enhance_by_default=False),
            cutout_uploads,
        ),
        (
            JobType.full_pipeline,
            CutoutProcessor(models, backdrops, logo_plates, limit, enhance_by_default=True),
            cutout_uploads,
        ),
        (
            JobType.image_enhancement,
            EnhanceProcessor(models, logo_plates, limit),
            Uploads(identify, UNSUPPORTED, inspect=inspect),
        ),
    ):
        kind = JobKind(
            processor,
            ImageJobSettings,
            uploads,
            on_finished=job_ended,
            on_create=attach_logo_plate,
            # A touch-up (carsales.imaging.touch_up) cuts one photo out again and only
            # re-renders the others from their kept cut-outs.
            keeps_prepared=isinstance(processor, CutoutProcessor),
        )
        kinds.register(job_type, kind)
