"""Publishing outputs, real: the PNG card (with the processed photo of the car), the PDF print
ad, the e-mail through a real SMTP server, the text to paste and the CSV of a batch."""

import csv
import io
import re
import zlib
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.models import ItemStatus, JobItem, JobStatus, JobType, ProcessingJob, Role
from tests.auth import conftest as auth_fixtures
from tests.auth.conftest import Mailbox
from tests.conftest import Member, TestDealership
from tests.content.factories import ADDRESS, CONTENT, add_vehicle, create_content, set_profile

# The real SMTP server (aiosmtpd) of the authentication tests.
configure = auth_fixtures.configure
mailbox = auth_fixtures.mailbox

RED = (220, 20, 30)


def png(size: tuple[int, int], colour: tuple[int, int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, format="PNG")
    return out.getvalue()


async def processed_photo(
    app: FastAPI, db: AsyncSession, member: Member, ref: str | None
) -> dict[str, str]:
    """A finished image job for the vehicle `ref` whose output is a red car-sized picture; its
    reference as content's `images` holds it."""
    job = ProcessingJob(
        dealership_id=member.user.dealership_id,
        owner_id=member.user.id,
        job_type=JobType.full_pipeline,
        status=JobStatus.completed,
        vehicle_ref=ref,
        items=[],
    )
    db.add(job)
    await db.flush()
    stored = await app.state.storage.put_bytes(
        f"{job.dealership_id}/jobs/{job.id}/outputs/000-car.png", png((800, 500), (*RED, 255))
    )
    job.items = [
        JobItem(
            position=0,
            original_name="car.jpg",
            status=ItemStatus.completed,
            output_key=stored.key,
            output_name="car.png",
            output_bytes=stored.size,
            output_content_type="image/png",
        )
    ]
    await db.commit()
    return {"jobId": job.id, "itemId": job.items[0].id}


def red_share(image: Image.Image) -> float:
    pixels = list(image.convert("RGB").getdata())
    return sum(1 for pixel in pixels if pixel == RED) / len(pixels)


async def test_the_card_shows_the_processed_photo_of_the_car(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    vehicle = await add_vehicle(client, seller, stockNumber="P-7")
    item = await create_content(client, seller, vehicle["id"], variants=1)
    card_url = f"{CONTENT}/{item['id']}/card.png"

    plain = await client.get(card_url, headers=seller.headers)
    assert plain.status_code == 200
    assert plain.headers["content-type"] == "image/png"
    typographic = Image.open(io.BytesIO(plain.content))
    assert typographic.format == "PNG"
    assert typographic.size == (1080, 1080)
    assert red_share(typographic) == 0

    await processed_photo(app, db, seller, "P-7")
    with_photo = await client.get(card_url, headers=seller.headers, params={"layout": "landscape"})
    card = Image.open(io.BytesIO(with_photo.content))
    assert card.size == (1200, 630)
    assert red_share(card) > 0.2

    portrait = await client.get(
        card_url, headers=seller.headers, params={"layout": "portrait", "download": "true"}
    )
    assert Image.open(io.BytesIO(portrait.content)).size == (1080, 1350)
    assert portrait.headers["content-disposition"].startswith("attachment;")
    bad = await client.get(card_url, headers=seller.headers, params={"layout": "banner"})
    assert bad.status_code == 422


async def test_the_card_uses_the_photo_chosen_for_the_item(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    seller = dealership[Role.salesperson]
    vehicle = await add_vehicle(client, seller)
    item = await create_content(client, seller, vehicle["id"], variants=1)
    chosen = await processed_photo(app, db, seller, None)  # not linked to the vehicle
    foreign = await processed_photo(app, db, other_dealership[Role.salesperson], None)

    refused = await client.patch(
        f"{CONTENT}/{item['id']}", headers=seller.headers, json={"content": {"images": [foreign]}}
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "unknown_image"
    accepted = await client.patch(
        f"{CONTENT}/{item['id']}", headers=seller.headers, json={"content": {"images": [chosen]}}
    )
    assert accepted.json()["content"]["images"] == [chosen]
    card = await client.get(f"{CONTENT}/{item['id']}/card.png", headers=seller.headers)
    assert red_share(Image.open(io.BytesIO(card.content))) > 0.2


def pdf_text(pdf: bytes) -> str:
    """The text that the page streams of a PDF show (fpdf2 writes Helvetica strings)."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        # A compressed stream whose last byte is a carriage return loses it to the pattern's
        # `\r?`: a decompressor object still gives all the text of such a stream (the byte is
        # the checksum's), where zlib.decompress refuses it.
        try:
            content = zlib.decompressobj().decompress(stream)
        except zlib.error:
            content = stream
        shown.extend(re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", content))
    return " ".join(
        part.decode("latin-1").replace("\\(", "(").replace("\\)", ")") for part in shown
    )


async def test_the_print_ad_is_a_real_pdf_with_the_copy(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)
    item = await create_content(client, seller, vehicle["id"], platform="print", variants=1)
    assert item["type"] == "print"

    response = await client.get(f"{CONTENT}/{item['id']}/print.pdf", headers=seller.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1  # one page
    text = " ".join(pdf_text(pdf).split())
    headline = item["content"]["text"].split("\n\n")[0]
    assert " ".join(headline.split()[:3]) in text
    assert "$23,995" in text
    assert "North Motors" in text
    assert ADDRESS in text


async def _published_email(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> dict[str, Any]:
    seller = dealership[Role.salesperson]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)
    item = await create_content(client, seller, vehicle["id"], platform="email", variants=1)
    assert [f for f in item["findings"] if f["severity"] == "error"] == []
    await client.post(f"{CONTENT}/{item['id']}/submit", headers=seller.headers)
    manager = dealership[Role.manager]
    published = await client.post(f"{CONTENT}/{item['id']}/publish", headers=manager.headers)
    assert published.status_code == 200, published.text
    body: dict[str, Any] = published.json()
    return body


async def test_the_email_goes_out_through_smtp_with_both_parts_and_the_footer(
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    mailbox: Mailbox,
) -> None:
    item = await _published_email(client, db, dealership)
    seller = dealership[Role.salesperson]
    recipients = ["first@example.com", "second@example.com"]
    response = await client.post(
        f"{CONTENT}/{item['id']}/send-email",
        headers=seller.headers,
        json={"recipients": recipients},
    )
    assert response.status_code == 202, response.text
    assert response.json() == {"recipients": recipients, "subject": item["content"]["subject"]}

    [message] = await mailbox.wait_for(1)
    assert message["Subject"] == item["content"]["subject"]
    assert "first@example.com" not in message["To"]  # a test list goes out undisclosed
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    text = plain.get_content()
    assert "Accord" in text
    # CAN-SPAM: the dealership's postal address and a way to unsubscribe, in both parts.
    assert ADDRESS in text
    assert "unsubscribe" in text.lower()
    assert ADDRESS in html.get_content()
    assert "unsubscribe" in html.get_content().lower()


async def test_who_may_send_which_email(
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    configure: Callable[..., Settings],
    mailbox: Mailbox,
) -> None:
    seller = dealership[Role.salesperson]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)
    draft = await create_content(client, seller, vehicle["id"], platform="email", variants=1)
    send = f"{CONTENT}/{draft['id']}/send-email"

    # A draft goes only to its sender, as a proof.
    others = await client.post(
        send, headers=seller.headers, json={"recipients": ["boss@example.com"]}
    )
    assert others.status_code == 409
    assert others.json()["code"] == "not_published"
    proof = await client.post(
        send, headers=seller.headers, json={"recipients": [seller.user.email]}
    )
    assert proof.status_code == 202
    [message] = await mailbox.wait_for(1)
    assert message["Subject"] == draft["content"]["subject"]

    too_many = [f"user{n}@example.com" for n in range(21)]
    assert (
        await client.post(send, headers=seller.headers, json={"recipients": too_many})
    ).status_code == 422
    post = await create_content(client, seller, vehicle["id"], variants=1)
    not_email = await client.post(
        f"{CONTENT}/{post['id']}/send-email",
        headers=seller.headers,
        json={"recipients": [seller.user.email]},
    )
    assert not_email.json()["code"] == "not_email_content"
    configure(smtp_host=None)
    unset = await client.post(
        send, headers=seller.headers, json={"recipients": [seller.user.email]}
    )
    assert unset.status_code == 409
    assert unset.json()["code"] == "smtp_not_configured"


async def test_text_to_paste_per_platform(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)
    post = await create_content(client, seller, vehicle["id"], variants=1)
    await client.patch(
        f"{CONTENT}/{post['id']}",
        headers=seller.headers,
        json={"content": {"text": "Meet the Accord.", "hashtags": ["#Honda", "Accord"]}},
    )
    text = await client.get(f"{CONTENT}/{post['id']}/export.txt", headers=seller.headers)
    assert text.status_code == 200
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == "Meet the Accord.\n\n#Honda #Accord\n"

    email = await create_content(client, seller, vehicle["id"], platform="email", variants=1)
    pasted = (await client.get(f"{CONTENT}/{email['id']}/export.txt", headers=seller.headers)).text
    assert pasted.startswith(f"Subject: {email['content']['subject']}\n")
    assert email["content"]["text"].strip() in pasted


async def test_a_csv_of_the_published_items(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    manager = dealership[Role.manager]
    vehicle = await add_vehicle(client, seller, vin=None)
    published = await create_content(client, seller, vehicle["id"], variants=1)
    await create_content(client, seller, vehicle["id"], variants=1, title="=HYPERLINK(1)")
    await client.post(f"{CONTENT}/{published['id']}/submit", headers=seller.headers)
    assert (
        await client.post(f"{CONTENT}/{published['id']}/publish", headers=manager.headers)
    ).status_code == 200

    response = await client.get(
        f"{CONTENT}/export.csv", headers=manager.headers, params={"status": "published"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["id"] for row in rows] == [published["id"]]
    [row] = rows
    assert row["vehicle"] == "2020 Honda Accord Sport"
    assert row["stockNumber"] == "A100"
    assert row["text"] == published["content"]["text"]
    assert row["status"] == "published"
    assert row["author"] == "Sal Person"

    everything = await client.get(f"{CONTENT}/export.csv", headers=seller.headers)
    titles = [row["title"] for row in csv.DictReader(io.StringIO(everything.text))]
    # A spreadsheet must not run a title as a formula.
    assert "'=HYPERLINK(1)" in titles
