"""Request and response bodies of the publishing outputs (camelCase on the wire)."""

from typing import Literal

from pydantic import EmailStr, Field

from carsales.kit.schema import ApiModel

MAX_RECIPIENTS = 20

CardFormat = Literal["square", "portrait", "landscape"]


class SendEmail(ApiModel):
    recipients: list[EmailStr] = Field(min_length=1, max_length=MAX_RECIPIENTS)


class EmailSent(ApiModel):
    recipients: list[str]
    subject: str
