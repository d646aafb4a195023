"""Long prints through the job queue: the request records the job and returns at once; a worker
renders the PDF (Typst, ≈ 1 ms per tracking-book row: a province's month of tens of thousands
of rows would still hold a web worker for many seconds) and the officer downloads it from the
job's page."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.documents.formsets import FormKind, form_for
from motcua.documents.render import render_pdf
from motcua.prints.models import PrintJob, PrintState

log = logging.getLogger(__name__)
TRACKING_BOOK = "tracking_book"
FAILED_MESSAGE = "Không tạo được bản in; hãy yêu cầu lại hoặc báo quản trị hệ thống."

# What a kind of print shows: (unit, first day, last day) -> the form's context. The app that
# owns the data adds its kind from its AppConfig.ready (dossiers: the tracking book's rows).
ContextBuilder = Callable[[Any, dt.date, dt.date], Any]
CONTEXTS: dict[str, ContextBuilder] = {}


def add_print_context(kind: str, build: ContextBuilder) -> None:
    CONTEXTS[kind] = build


@transaction.atomic
def request_tracking_book(user: User, start: dt.date, end: dt.date) -> PrintJob:
    """Record the request for the tracking book of the user's unit; the worker renders it."""
    assert user.unit is not None
    job = PrintJob.objects.create(
        kind=TRACKING_BOOK,
        title=f"Sổ theo dõi hồ sơ từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
        unit=user.unit,
        requested_by=user,
        params={"start": start.isoformat(), "end": end.isoformat()},
    )
    record(
        actor=user,
        action="request_print",
        object_type="print_job",
        object_id=job.pk,
        after={"kind": TRACKING_BOOK, "unit": user.unit.code, **job.params},
    )
    transaction.on_commit(partial(enqueue, job.pk), robust=True)
    return job


def enqueue(pk: int) -> None:
    render_print.enqueue(pk)


@task()
def render_print(pk: int) -> str:
    return render_job(pk).state


def render_job(pk: int) -> PrintJob:
    """Render a queued job's PDF and store it; a failure is kept on the job, in Vietnamese."""
    claimed = PrintJob.objects.filter(pk=pk, state=PrintState.QUEUED).update(
        state=PrintState.RUNNING
    )
    job = PrintJob.objects.select_related("unit").get(pk=pk)
    if not claimed:  # done, failed or taken by another worker
        return job
    try:
        start = dt.date.fromisoformat(job.params["start"])
        end = dt.date.fromisoformat(job.params["end"])
        context = CONTEXTS[job.kind](job.unit, start, end)
        content = render_pdf(form_for(FormKind.TRACKING_BOOK, end), context)
    except Exception:
        log.exception("print job %s failed", pk)
        PrintJob.objects.filter(pk=pk).update(
            state=PrintState.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.file.save(f"so-theo-doi-{start}-{end}-{pk}.pdf", ContentFile(content), save=False)
    job.rows = len(context.rows)
    job.state = PrintState.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows", "state", "finished_at"])
    return job
