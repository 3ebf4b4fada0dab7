"""Where a job's files live in storage. Everything of a job sits under one prefix, so deleting
the job deletes its files with one `delete_prefix`: `inputs/` (the uploads), `attachments/`
(a custom backdrop), `work/` (prepared items between the two passes; kept until the job is
deleted where a touch-up may need them, see JobKind.keeps_prepared) and `outputs/`."""

from carsales.models import ProcessingJob


def job_prefix(job: ProcessingJob) -> str:
    return f"{job.dealership_id}/jobs/{job.id}"
