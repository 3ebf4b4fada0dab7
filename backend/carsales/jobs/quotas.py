"""Per-dealership quotas on queued work (docs/operations.md "Quotas").

The workers are shared by every dealership, so one dealership's hundred large photo sets or
hours of recordings would delay everybody else's; past a quota, new work is refused with 429
and Retry-After rather than queued. The count is read when the work is submitted, holding the
dealership's quota until the submission commits (`db.hold_until_commit`), so two submissions
racing each other are counted one after the other and cannot both pass.
"""

from carsales.errors import TooManyRequests


class QuotaExceeded(TooManyRequests):
    code = "quota_exceeded"
    title = "Too much work queued"


def check_quota(
    *, in_flight: float, adding: float, limit: float, unit: str, retry_after: int
) -> None:
    """Raises QuotaExceeded when `adding` more to the `in_flight` work (queued or running)
    goes past `limit`; a limit of 0 is no quota."""
    if limit <= 0 or in_flight + adding <= limit:
        return
    raise QuotaExceeded(
        f"Your dealership has {_amount(in_flight)} {unit} waiting or being processed and may "
        f"have at most {_amount(limit)} at a time; this adds {_amount(adding)}. Try again once "
        "some of them have finished, or send less at once.",
        retry_after=retry_after,
        in_flight=round(in_flight, 1),
        limit=limit,
    )


def _amount(value: float) -> str:
    """At most one decimal, none when whole: "12", "0.5"."""
    return f"{value:,.1f}".removesuffix(".0")
