"""What the linter reports. Categories and severities are fixed: tools and the front end rely
on them."""

import enum

from carsales.kit.schema import ApiModel


class Category(enum.StrEnum):
    reg_z = "reg-z"
    reg_m = "reg-m"
    deceptive_claim = "deceptive-claim"
    length = "length"
    platform_rule = "platform-rule"
    can_spam = "can-spam"
    style = "style"


class FindingSeverity(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(ApiModel):
    """One problem in a text.

    `start`..`end` (end exclusive) is the offending text: the trigger term for a missing
    disclosure, the phrase for a claim. A finding about something missing from the whole text
    (a CAN-SPAM footer, an SMS opt-out) or about the e-mail subject is zero-width at the end of
    the text, which is where the missing line belongs.
    """

    category: Category
    rule: str
    severity: FindingSeverity
    message: str
    start: int
    end: int
    citation: str | None = None
    fix: str | None = None
    """Text to insert (a disclosure built from the offer), when one can be built."""
