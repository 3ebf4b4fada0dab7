"""The routes of the publishing outputs: the CSV export, and one item's card, print ad, copy and
e-mail."""

from typing import Annotated

from fastapi import Query, status
from fastapi.responses import Response

from carsales.content.dependencies import ContentId, ContentOutputsDep, content_router
from carsales.content.outputs.schemas import CardFormat, EmailSent, SendEmail
from carsales.content.projects.schemas import ContentListQuery
from carsales.jobs.service import safe_filename

router = content_router()
"""The collection's routes."""
item_router = content_router()
"""The routes of one item, after every part's collection routes (content/router.py)."""


def _download(body: bytes | str, media_type: str, filename: str, inline: bool) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{safe_filename(filename, "file")}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per item"}},
)
async def export_csv(
    outputs: ContentOutputsDep,
    query: Annotated[ContentListQuery, Query()],
) -> Response:
    """The items the caller sees that match the filters (e.g. `status=published`,
    `batchJobId=`), as CSV: copy, vehicle, findings counts and dates."""
    csv_text = await outputs.export_csv(query)
    return _download(csv_text, "text/csv; charset=utf-8", "content.csv", inline=False)


@item_router.get(
    "/{content_id}/card.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "The social card"}},
)
async def content_card(
    content_id: ContentId,
    outputs: ContentOutputsDep,
    layout: Annotated[
        CardFormat, Query(description="square 1080x1080, portrait 1080x1350, landscape 1200x630")
    ] = "square",
    download: bool = False,
) -> Response:
    """A social post card: the vehicle's processed photo (the chosen one, else its newest),
    the car, its price and the dealership's name."""
    png = await outputs.card(content_id, layout)
    return _download(png, "image/png", f"card-{content_id[:8]}.png", inline=not download)


@item_router.get(
    "/{content_id}/print.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The print ad"}},
)
async def content_pdf(
    content_id: ContentId,
    outputs: ContentOutputsDep,
    download: bool = False,
) -> Response:
    """A one-page print ad (US Letter): headline, body, price block, small print."""
    pdf = await outputs.print_pdf(content_id)
    return _download(pdf, "application/pdf", f"ad-{content_id[:8]}.pdf", inline=not download)


@item_router.get(
    "/{content_id}/export.txt",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "The copy to paste"}},
)
async def content_text(content_id: ContentId, outputs: ContentOutputsDep) -> Response:
    """The copy as the platform takes it (hashtags added where missing; an e-mail's subject
    and preheader first)."""
    text = await outputs.export_text(content_id)
    return _download(text, "text/plain; charset=utf-8", f"copy-{content_id[:8]}.txt", True)


@item_router.post(
    "/{content_id}/send-email",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        409: {
            "description": "`smtp_not_configured`, `not_email_content`, or `not_published`: "
            "before publication only a proof to oneself is sent"
        }
    },
)
async def send_email(
    content_id: ContentId,
    body: SendEmail,
    outputs: ContentOutputsDep,
) -> EmailSent:
    """Send the e-mail (HTML and plain text) to a test list of at most 20 addresses, through
    the server's SMTP settings; it goes out once the request has committed."""
    return await outputs.send_email(content_id, body.recipients)
