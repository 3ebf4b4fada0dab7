"""What copy may say besides the vehicle's facts (`carsales.vehicles.facts`): the dealership's
details and the offer. Pure.

Every number the generator writes comes from one of these; the fact check
(`carsales.content.generation.factcheck`) flags any other number in a text. The wording of
prices and offer disclosures lives here, so that the generator and the compliance linter's
suggested fixes say the same thing.
"""

from typing import Annotated

from pydantic import Field, StringConstraints

from carsales.kit.schema import ApiModel
from carsales.vehicles.facts import ShortText


class DealerProfile(ApiModel):
    """The dealership's public details; absent fields are left out of copy, never invented."""

    name: ShortText | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    phone: ShortText | None = None
    website: ShortText | None = None


class Offer(ApiModel):
    """An optional sales or finance offer. Finance and lease terms feed the disclosures that the
    compliance linter asks for (Regulation Z and M)."""

    kind: str = "sale"  # sale, finance, lease
    sale_price: float | None = Field(default=None, ge=0)
    down_payment: float | None = Field(default=None, ge=0)
    monthly_payment: float | None = Field(default=None, ge=0)
    term_months: int | None = Field(default=None, ge=1, le=120)
    apr: float | None = Field(default=None, ge=0, le=100)
    due_at_signing: float | None = Field(default=None, ge=0)
    security_deposit: float | None = Field(default=None, ge=0)
    expires: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    details: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


def money(amount: float) -> str:
    """$28,995, or $289.50 when there are cents."""
    if round(amount, 2) == round(amount):
        return f"${round(amount):,}"
    return f"${amount:,.2f}"


def percent(rate: float) -> str:
    """4.9%, 0%, 3.99%: the rate as given, without trailing zeros."""
    return f"{rate:.3f}".rstrip("0").rstrip(".") + "%"


def offer_disclosure(offer: Offer) -> str | None:
    """The full disclosure for a finance or lease offer, built from its fields only, or None when
    a required field is missing (the offer's terms must then not be advertised at all).

    Finance (Regulation Z, 12 CFR 1026.24(d)(2)): down payment, terms of repayment (number and
    amount of payments) and the APR. Lease (Regulation M, 12 CFR 1013.7(b)): that it is a lease,
    the total due at signing, the number, amount and period of payments, and whether a security
    deposit is required.
    """
    payment, term = offer.monthly_payment, offer.term_months
    if payment is None or term is None:
        return None
    if offer.kind == "finance":
        if offer.apr is None or offer.down_payment is None:
            return None
        text = (
            f"Finance offer: {money(payment)} per month for {term} months at "
            f"{percent(offer.apr)} APR with {money(offer.down_payment)} down payment."
        )
    elif offer.kind == "lease":
        if offer.due_at_signing is None or offer.security_deposit is None:
            return None
        deposit = (
            "No security deposit required."
            if offer.security_deposit == 0
            else f"Security deposit of {money(offer.security_deposit)} required."
        )
        text = (
            f"Lease offer: {term} monthly payments of {money(payment)}, "
            f"{money(offer.due_at_signing)} total due at lease signing. {deposit}"
        )
    else:
        return None
    return " ".join(part for part in (text, offer.details, _expiry(offer)) if part)


def _expiry(offer: Offer) -> str | None:
    return f"Offer ends {offer.expires}." if offer.expires else None
