"""Forms issued by acts: the row in the act's transaction, the PDF after commit.

``issue`` runs inside the act (receipt, supplement request, refusal, apology, stop notice): it
picks the form of the set in force for the dossier and writes the IssuedDocument row with the
form's context as JSON, next to the act's audit event. What the form says is therefore fixed by
the committed act; nothing is re-read from the dossier later.

Rendering the PDF (WeasyPrint, a large fraction of a second) is NOT done in the act: it would hold
the act's locks (the SQLite write lock, the AuditHead row on PostgreSQL) and serialise every act
of the system behind the renderer. ``render_document`` is the one write path of the file: it is
idempotent (a document that has a file is returned as is; of two concurrent renders the first to
store wins, the other deletes its copy) and is reached three ways:

- after commit, by the job queue (``render_issued_document``, enqueued with on_commit);
- on download, when the job has not run yet (``content_of``);
- by the repair job (``render_missing``: the periodic task and `motcua dossiers render-forms`),
  for documents whose job was lost (a crash between commit and render).

The same context gives the same bytes (documents/render.py), so the file is what the act issued;
``sha256`` (of the file) is filled when it is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from motcua.audit.models import AuditEvent
from motcua.documents.context import FormContext, check_context
from motcua.documents.formsets import FormKind, FormNotInSetError, form_by_key, form_for
from motcua.documents.render import render_pdf
from motcua.documents.serial import context_from_json, context_to_json
from motcua.dossiers.models import Dossier, IssuedDocument

log = logging.getLogger(__name__)
REPAIR_AFTER = dt.timedelta(minutes=1)  # younger documents are left to their own job


def issue(
    dossier: Dossier, kind: FormKind, context: FormContext, event: AuditEvent
) -> IssuedDocument | None:
    """Record the form of the set in force for the dossier with its event (inside the act's
    transaction); its PDF is rendered after commit."""
    moment = dossier.accepted_at or dossier.received_at
    accepted_on = timezone.localtime(moment).date() if moment else timezone.localdate()
    try:
        form = form_for(kind, accepted_on)
    except FormNotInSetError:
        return None  # e.g. the stop notice does not exist in the TT 01/2018 set
    check_context(form, context)
    document = IssuedDocument.objects.create(
        dossier=dossier,
        event=event,
        form_key=form.key,
        title=form.title,
        context=context_to_json(context),
    )
    # robust: a queue that cannot take the job must not turn a committed act into an error;
    # the repair job and the download render the document anyway.
    transaction.on_commit(partial(_enqueue, document.pk), robust=True)
    return document


def _enqueue(pk: int) -> None:
    render_issued_document.enqueue(pk)


@task()
def render_issued_document(pk: int) -> str:
    return render_document(pk).sha256


def render_document(pk: int) -> IssuedDocument:
    """Render and store the document's PDF unless it has one; return the stored row."""
    document = IssuedDocument.objects.select_related("event").get(pk=pk)
    if document.file:
        return document
    if not document.context:
        raise ValueError(f"issued document {pk} has neither a file nor a context")
    form = form_by_key(document.form_key)
    content = render_pdf(form, context_from_json(document.context))
    field = document.file.field
    name = field.generate_filename(
        document, f"{document.dossier_id}-{form.key.replace('/', '-')}-{document.event.seq}.pdf"
    )
    stored = field.storage.save(name, ContentFile(content))
    won = IssuedDocument.objects.filter(pk=pk, file="").update(
        file=stored, sha256=hashlib.sha256(content).hexdigest()
    )
    if not won:  # rendered meanwhile by another job or download: keep theirs (same bytes)
        field.storage.delete(stored)
    document.refresh_from_db()
    return document


def content_of(document: IssuedDocument) -> bytes:
    """The stored bytes, rendering them first if the job has not run yet."""
    if not document.file:
        document = render_document(document.pk)
    with document.file.open("rb") as stored:
        content: bytes = stored.read()
    return content


def render_missing(
    limit: int | None = None, *, older_than: dt.timedelta | None = REPAIR_AFTER
) -> dict[str, int]:
    """Render every document that has no file yet (idempotent); count the outcomes. By default
    only documents older than REPAIR_AFTER (younger ones are left to their own job); None: all."""
    waiting = IssuedDocument.objects.filter(file="").order_by("pk").values_list("pk", flat=True)
    if older_than is not None:
        waiting = waiting.filter(issued_at__lt=timezone.now() - older_than)
    counts = {"rendered": 0, "failed": 0}
    for pk in list(waiting[:limit] if limit else waiting):
        try:
            render_document(pk)
        except Exception:  # one bad document must not stop the others; it is retried next time
            log.exception("rendering issued document %s failed", pk)
            counts["failed"] += 1
        else:
            counts["rendered"] += 1
    return counts
