"""The job runner: Huey, embedded by default (a SQLite file under instance/), on Redis in
production (``JOBS_REDIS_URL``), with any number of workers (``flask worker``).

- `runner.py`: the Huey instance of an app, its tasks, and the hook that enqueues a delivery
  when a transaction that queued mail commits;
- `tasks.py`: what each task does, in an app context of its own.
"""

from app.jobs.runner import Jobs, init_app, jobs_of

__all__ = ["Jobs", "init_app", "jobs_of"]
