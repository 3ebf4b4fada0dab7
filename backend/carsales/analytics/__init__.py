"""Product usage analytics: events recorded where the product is used (sign-ins, practice
sessions, photos processed, copy written and published), the admin's weekly usage report, and
Prometheus counters by kind (docs/analytics.md)."""

from carsales.analytics.schemas import UsageKind
from carsales.analytics.service import record_usage

__all__ = ["UsageKind", "record_usage"]
