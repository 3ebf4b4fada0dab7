from fastapi import FastAPI

from carsales.jobs.runtime import start_worker


def test_a_worker_takes_no_more_jobs_than_it_can_start(app: FastAPI) -> None:
    # Jobs last minutes: a prefetched second message would wait on a busy worker while
    # another worker idles (measured with bench/throughput.py, 2 workers and 2 jobs).
    worker = start_worker(app.state.job_queue, threads=2)
    try:
        assert worker.queue_prefetch == 2
    finally:
        worker.stop()
