"""The bell's note to the owner of a photo job that has ended.

Only image jobs notify: they run for minutes while their owner does something else. A speech
analysis is watched on its report page and a content batch on the content page, where the
jobs' own live events already show the end. A job canceled by its owner tells them nothing
new; a job given up after its last attempt (the runner's `_give_up`) ends without this hook,
and shows as failed in the jobs list.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.text import plural
from carsales.models import JobStatus, NotificationKind, ProcessingJob
from carsales.notifications.service import notify

JOBS_LINK = "/images/"


async def tell_owner(db: AsyncSession, job: ProcessingJob) -> None:
    """In the transaction that ends the job; the event follows its commit."""
    where = f" for {job.vehicle_ref}" if job.vehicle_ref else ""
    if job.status is JobStatus.completed:
        done, total = job.completed_items, job.total_items
        kind = NotificationKind.job_finished
        title = f"Photos ready{where}"
        body = f"{done} of {plural(total, 'photo')} processed."
    elif job.status is JobStatus.failed:
        kind = NotificationKind.job_failed
        title = f"Photo job failed{where}"
        body = job.error or "None of the photos could be processed."
    else:
        return
    await notify(
        db,
        dealership_id=job.dealership_id,
        user_id=job.owner_id,
        kind=kind,
        title=title,
        body=body,
        link=JOBS_LINK,
    )
