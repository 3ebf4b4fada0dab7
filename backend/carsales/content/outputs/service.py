"""The publishing outputs of a content project: the social card, the print ad, the copy to
paste, the CSV export and the e-mail to a test list. The renderers are pure (publishing/); this
reads what they need (the project, the vehicle, the dealership, the processed photo)."""

import dataclasses
from collections.abc import Sequence

import anyio
import structlog

from carsales.content.channels import Channel, ContentType
from carsales.content.facts import money, offer_disclosure
from carsales.content.outputs.schemas import EmailSent
from carsales.content.projects.schemas import ContentListQuery
from carsales.content.publishing.card import Card, render_card
from carsales.content.publishing.email import build_email
from carsales.content.publishing.export import clipboard_text, to_csv
from carsales.content.publishing.print_ad import PrintAd, render_print_ad, split_print_copy
from carsales.content.schemas import ContentSettings, ImageRef
from carsales.content.scope import ContentAudit, ContentScope, dealer_profile
from carsales.errors import Conflict
from carsales.mail import deliver, in_background_after_commit
from carsales.models import ContentProject, ContentStatus
from carsales.vehicles.facts import VehicleFacts
from carsales.vehicles.fields import facts_of
from carsales.vehicles.photos import vehicle_refs
from carsales.vehicles.repository import PhotoJobRepository

log = structlog.get_logger(__name__)


# More rows than a dealer exports at once; a bound keeps one request's work in proportion.
MAX_EXPORT_ROWS = 2000
CSV_COLUMNS = (
    "id",
    "title",
    "type",
    "channel",
    "status",
    "vehicle",
    "vin",
    "stockNumber",
    "subject",
    "text",
    "hashtags",
    "errors",
    "warnings",
    "author",
    "updatedAt",
    "publishedAt",
)


class SmtpNotConfigured(Conflict):
    title = "E-mail is not set up"
    code = "smtp_not_configured"


class NotEmailContent(Conflict):
    title = "Not an e-mail"
    code = "not_email_content"


class NotPublished(Conflict):
    title = "Not published yet"
    code = "not_published"


def vehicle_label(facts: VehicleFacts | None) -> str | None:
    if facts is None:
        return None
    return facts.name or None


class ContentOutputs(ContentScope):
    """The outputs of the content the actor may see."""

    async def card(self, project_id: str, layout: str) -> bytes:
        project = await self.get(project_id)
        facts = await self._facts(project)
        dealership = await self.dealership()
        offer = ContentSettings.model_validate(project.settings).offer
        price = offer.sale_price if offer and offer.sale_price is not None else None
        if price is None and facts is not None:
            price = facts.price
        headline = vehicle_label(facts)
        footer = dealership.website or (
            f"Stock #{facts.stock_number}" if facts and facts.stock_number else None
        )
        card = Card(
            headline=headline or project.title,
            price=money(price) if price is not None else None,
            tagline=project.title if headline else None,
            dealer_name=dealership.name,
            footer=footer,
        )
        photo = await self._photo(project)
        return await anyio.to_thread.run_sync(render_card, card, photo, layout)

    async def _photo(self, project: ContentProject) -> bytes | None:
        """The chosen processed photo, else the vehicle's newest one, else None."""
        for image in project.content.get("images", []):
            key = await self._processed_photo(ImageRef.model_validate(image))
            if key is not None:
                return await self.storage.get_bytes(key)
        vehicle = await self.vehicles.get(project.vehicle_id) if project.vehicle_id else None
        if vehicle is None:
            return None
        refs = vehicle_refs(vehicle)
        jobs = PhotoJobRepository(self.db, self.actor.dealership_id)
        for job in await jobs.for_refs(refs, self.photo_job_types):
            for item in job.items:
                if (
                    item.output_key
                    and item.output_content_type
                    and item.output_content_type.startswith("image/")
                ):
                    return await self.storage.get_bytes(item.output_key)
        return None

    async def print_pdf(self, project_id: str) -> bytes:
        project = await self.get(project_id)
        dealership = await self.dealership()
        offer = ContentSettings.model_validate(project.settings).offer
        text = project.content.get("text", "")
        if project.channel == Channel.print:
            parts = split_print_copy(text, dealership.name)
        else:  # other copy laid out as a page: all of it is body
            parts = PrintAd(headline="", body=[block for block in text.split("\n\n") if block])
        small_print = parts.small_print
        disclosure = offer_disclosure(offer) if offer else None
        if small_print is None and disclosure and disclosure not in text:
            small_print = disclosure
        profile = dealer_profile(dealership)
        ad = dataclasses.replace(
            parts,
            small_print=small_print,
            dealer_lines=[
                line
                for line in (profile.name, profile.address, profile.phone, profile.website)
                if line
            ],
            title=project.title,
        )
        return await anyio.to_thread.run_sync(render_print_ad, ad)

    async def export_text(self, project_id: str) -> str:
        project = await self.get(project_id)
        content = project.content
        return clipboard_text(
            project.channel,
            content.get("text", ""),
            subject=content.get("subject"),
            preheader=content.get("preheader"),
            hashtags=content.get("hashtags", []),
        )

    async def export_csv(self, query: ContentListQuery) -> str:
        projects = await self.projects.all_visible(self.actor, query, MAX_EXPORT_ROWS)
        vehicle_ids = {p.vehicle_id for p in projects if p.vehicle_id}
        vehicles = {v.id: v for v in await self._vehicles(sorted(vehicle_ids))}
        rows = []
        for project in projects:
            vehicle = vehicles.get(project.vehicle_id or "")
            findings = project.findings
            rows.append(
                {
                    "id": project.id,
                    "title": project.title,
                    "type": project.content_type,
                    "channel": project.channel,
                    "status": project.status.value,
                    "vehicle": vehicle_label(facts_of(vehicle)) if vehicle else "",
                    "vin": vehicle.vin if vehicle else "",
                    "stockNumber": vehicle.stock_number if vehicle else "",
                    "subject": project.content.get("subject") or "",
                    "text": project.content.get("text", ""),
                    "hashtags": " ".join(project.content.get("hashtags", [])),
                    "errors": sum(1 for f in findings if f.get("severity") == "error"),
                    "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
                    "author": project.owner.full_name if project.owner else "",
                    "updatedAt": project.updated_at.isoformat(),
                    "publishedAt": project.published_at.isoformat() if project.published_at else "",
                }
            )
        return to_csv(CSV_COLUMNS, rows)

    async def send_email(self, project_id: str, recipients: Sequence[str]) -> EmailSent:
        """To a test list once published; before that, only to oneself (a proof)."""
        project = await self.get(project_id)
        if self.config.smtp_host is None:
            raise SmtpNotConfigured("No SMTP server is configured (CARSALES_SMTP_HOST).")
        if project.content_type != ContentType.email:
            raise NotEmailContent("Only e-mail content can be sent.")
        own = self.actor.email.lower()
        if project.status is not ContentStatus.published and any(
            address.lower() != own for address in recipients
        ):
            raise NotPublished(
                "Until it is published, send the e-mail only to yourself as a proof."
            )
        content = project.content
        subject = content.get("subject") or project.title
        message = build_email(
            sender=self.config.mail_from,
            subject=subject,
            text=content.get("text", ""),
            html_body=content.get("html"),
            preheader=content.get("preheader"),
        )
        addresses = list(dict.fromkeys(recipients))
        await self._audit(
            ContentAudit.email_sent, project, recipients=len(addresses), status=project.status.value
        )
        config = self.config

        async def send() -> None:
            try:
                await deliver(config, message, addresses)
            except Exception:
                log.exception("content_email_failed", content_id=project.id)
                return
            log.info("content_email_sent", content_id=project.id, recipients=len(addresses))

        in_background_after_commit(self.db, send)
        return EmailSent(recipients=addresses, subject=subject)
