import io
from typing import Any

import anyio.to_thread
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditAction, AuditContext, record
from carsales.dealerships.repository import DealershipRepository, UserCounts
from carsales.dealerships.schemas import DealershipUpdate
from carsales.errors import BadRequest
from carsales.models import Dealership, User
from carsales.storage import Storage

PROFILE_UPDATED = "dealership.profile_updated"
LOGO_PLATE_MAX_BYTES = 5 * 1024 * 1024
LOGO_PLATE_MAX_PIXELS = 25_000_000
LOGO_PLATE_WIDTH = 1040  # stored at most this wide: twice an EU plate's 520 mm in pixels
_LOGO_FORMATS = {"JPEG", "PNG", "WEBP"}
_PROFILE_FIELDS = ("address", "phone", "website", "compliance_packs", "leaderboard_public")


class DealershipService:
    def __init__(self, session: AsyncSession, origin: AuditContext, actor: User) -> None:
        self.session = session
        self.origin = origin
        self.actor = actor
        self.dealerships = DealershipRepository(session, actor.dealership_id)

    async def current(self) -> tuple[Dealership, UserCounts]:
        return await self.dealerships.get(), await self.dealerships.user_counts()

    async def update(self, changes: DealershipUpdate) -> tuple[Dealership, UserCounts]:
        dealership = await self.dealerships.get()
        if changes.name is not None:
            await self._rename(dealership, changes.name)
        values = changes.model_dump(
            exclude_unset=True, by_alias=False, include=set(_PROFILE_FIELDS)
        )
        changed = {
            name: value for name, value in values.items() if getattr(dealership, name) != value
        }
        if changed:
            await self._record_profile_change(dealership, **changed)
            for name, value in changed.items():
                setattr(dealership, name, value)
        await self.session.flush()
        return dealership, await self.dealerships.user_counts()

    async def _rename(self, dealership: Dealership, name: str) -> None:
        """Only the display name changes: the slug identifies the dealership (command line,
        links) and stays as it was created."""
        if dealership.name != name:
            await record(
                self.session,
                self.origin,
                AuditAction.dealership_renamed,
                dealership_id=dealership.id,
                actor=self.actor,
                target_type="dealership",
                target_id=dealership.id,
                old_name=dealership.name,
                new_name=name,
            )
            dealership.name = name

    async def set_logo_plate(self, data: bytes, storage: Storage) -> tuple[Dealership, UserCounts]:
        """The image that covers licence plates when a job asks for the logo plate: checked
        and stored as a PNG of its pixels alone (no metadata), replacing any earlier one."""
        png = await anyio.to_thread.run_sync(_logo_plate_png, data)
        dealership = await self.dealerships.get()
        key = f"{dealership.id}/logo-plate/plate.png"
        await storage.put_bytes(key, png)
        await self._record_profile_change(dealership, logo_plate="set")
        dealership.logo_plate_key = key
        await self.session.flush()
        return dealership, await self.dealerships.user_counts()

    async def remove_logo_plate(self, storage: Storage) -> tuple[Dealership, UserCounts]:
        dealership = await self.dealerships.get()
        if dealership.logo_plate_key is not None:
            await storage.delete_prefix(f"{dealership.id}/logo-plate")
            await self._record_profile_change(dealership, logo_plate="removed")
            dealership.logo_plate_key = None
            await self.session.flush()
        return dealership, await self.dealerships.user_counts()

    async def _record_profile_change(self, dealership: Dealership, **details: Any) -> None:
        await record(
            self.session,
            self.origin,
            PROFILE_UPDATED,
            dealership_id=dealership.id,
            actor=self.actor,
            target_type="dealership",
            target_id=dealership.id,
            **details,
        )


def _logo_plate_png(data: bytes) -> bytes:
    """A JPEG, PNG or WebP image (judged from its bytes) as an RGB PNG at most
    LOGO_PLATE_WIDTH wide; transparency is flattened onto white, as on a plate."""
    try:
        opened = Image.open(io.BytesIO(data))
        if opened.format not in _LOGO_FORMATS:
            raise BadRequest("The logo plate must be a JPEG, PNG or WebP image.")
        if opened.width * opened.height > LOGO_PLATE_MAX_PIXELS:
            raise BadRequest(
                f"The logo plate has more than {LOGO_PLATE_MAX_PIXELS // 1_000_000} megapixels."
            )
        image = ImageOps.exif_transpose(opened)
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise BadRequest("The logo plate must be a JPEG, PNG or WebP image.") from exc
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = image.convert("RGB")
    if image.width > LOGO_PLATE_WIDTH:
        image = image.resize(
            (LOGO_PLATE_WIDTH, max(round(image.height * LOGO_PLATE_WIDTH / image.width), 1)),
            Image.Resampling.LANCZOS,
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
