"""Processing jobs: durable batches of work run by workers, with progress and live events.

The database row is the truth (status, progress, per-item results, error, attempts); queue
messages carry only the job id and are hints to look at it. Delivery is at-least-once and
every run is idempotent: a worker claims a job with a lease, skips finished items and reuses
outputs that are already stored under their deterministic key.
"""
