"""A print job's page (it refreshes itself until the file is ready) and its download. Only the
officer who asked sees either: anyone else gets 404, as for another unit's dossier."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.prints.models import PrintJob, PrintState
from motcua.prints.services import enqueue

REQUEUE_AFTER = dt.timedelta(minutes=2)


def _own_job(request: HttpRequest, pk: int) -> PrintJob:
    job = PrintJob.objects.filter(pk=pk, requested_by_id=request.user.pk).first()
    if job is None:
        raise Http404("Không có bản in này.")
    return job


@login_required
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    waiting = job.state in (PrintState.QUEUED, PrintState.RUNNING)
    if job.state == PrintState.QUEUED and timezone.now() - job.created_at > REQUEUE_AFTER:
        enqueue(job.pk)  # the queue lost it (it was down at the request): ask again
    template = "prints/_state.html" if request.htmx else "prints/job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job, "waiting": waiting})


@login_required
@require_GET
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.state != PrintState.DONE or not job.file:
        raise Http404("Bản in chưa sẵn sàng.")
    name = f"{job.title}.pdf".replace("/", "-")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
