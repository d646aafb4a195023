"""The counter intake form (Tiếp nhận hồ sơ) of a receiving officer.

Pick the procedure by typing (its code, or its name with or without diacritics; the unit's most
used first), fill the applicant from the chip ID card's QR (a scanner types it into a field and
presses Enter) and from the unit's earlier dossiers of the same person, tick the components
received. Pressing Enter anywhere in the form only fills (the first submit button), never
accepts. Everything works without JavaScript: the search is a GET form, the fill a round trip.
The page never writes models: receiving calls receiving.receive_at_counter, as the API does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.domain.dossier_states import Status
from motcua.domain.vnformat import parse_vn_date
from motcua.dossiers.counter_eform import CounterEform, counter_eform, invalid_message
from motcua.dossiers.intake_fill import (
    commune_in_address,
    component_rows,
    components_posted,
    earlier_applicant,
    fields_from_qr,
    procedure_choices,
)
from motcua.dossiers.models import Sex
from motcua.dossiers.permissions import Forbidden, may_receive
from motcua.dossiers.receiving import receive_at_counter
from motcua.dossiers.services import Applicant, DossierError, Intake
from motcua.units.models import Unit
from motcua.units.picker import address_choices, resolve_address_commune
from motcua.units.services import UnitError

MAX_QUERY = 100
BIRTH_DATE_ERROR = "Ngày sinh phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 02/03/1990."


def _typed(text: str, limit: int) -> str:
    """A query-string value as text the database can compare (no NUL or other control
    characters, which PostgreSQL cannot take), at most `limit` characters."""
    return "".join(ch for ch in text[:limit] if ord(ch) >= 32)


def _receiving_officer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.unit is None or not may_receive(user, user.unit):
        raise PermissionDenied("Chỉ công chức tiếp nhận được tiếp nhận hồ sơ.")
    return user


def _intake_from_post(post: dict[str, str], user: User, version: ProcedureVersion) -> Intake:
    birth = post.get("birth_date", "").strip()
    try:
        birth_date = parse_vn_date(birth) if birth else None
    except ValueError:
        raise DossierError(BIRTH_DATE_ERROR) from None
    assert user.unit is not None
    try:
        address_unit = resolve_address_commune(
            post.get("address_unit", ""), timezone.localdate(), post.get("address_province", "")
        )
    except UnitError as exc:
        raise DossierError(str(exc)) from None
    return Intake(
        procedure_code=version.procedure.code,
        receiving_unit=user.unit,
        competent_unit=user.unit,
        channel=post.get("channel", "counter"),
        applicant=Applicant(
            name=post.get("applicant_name", ""),
            id_number=post.get("id_number", ""),
            birth_date=birth_date,
            sex=post.get("sex", ""),
            address=post.get("address", ""),
            address_unit=address_unit,
            phone=post.get("phone", ""),
            email=post.get("email", ""),
        ),
        components=components_posted(version, post),
        result_delivery=post.get("result_delivery", "desk"),
        delivery_address=post.get("delivery_address", ""),
    )


def _with_commune(values: dict[str, str], unit: Unit | None) -> None:
    """A commune filled in needs its province picked too (the picker lists communes by it)."""
    province = unit.province() if unit is not None else None
    if unit is not None and province is not None:
        values["address_unit"] = unit.code
        values["address_province"] = province.code


def _fill(
    request: HttpRequest, user: User, values: dict[str, str], context: dict[str, Any]
) -> None:
    """The "fill" round trip: the QR's fields replace the applicant's; the unit's earlier
    dossier of the same ID is offered, and on request fills the fields still empty."""
    if values.get("qr", "").strip():
        values.update(fields_from_qr(values["qr"]))
        values["qr"] = ""
        commune, street = commune_in_address(values["address"], timezone.localdate())
        if commune is not None:
            values["address"] = street
            _with_commune(values, commune)
        context["filled_from_qr"] = True
    earlier = earlier_applicant(user, values.get("id_number", ""))
    if earlier is None:
        return
    if values.get("decision") == "use_earlier":
        for name, value in earlier.fields.items():
            if not values.get(name, "").strip():
                values[name] = value
        if not values.get("address_province"):
            _with_commune(values, earlier.address_unit)
        messages.info(request, f"Đã điền các ô còn trống từ hồ sơ {earlier.code}.")
    else:
        context["earlier"] = earlier


@login_required
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    user = _receiving_officer(request)
    assert user.unit is not None
    today = timezone.localdate()
    code = _typed(request.GET.get("thu-tuc") or request.POST.get("procedure_code", ""), 30)
    procedure = Procedure.objects.filter(code=code, kind="procedure").first()
    version = procedure.version_on(today) if procedure else None
    query = _typed(request.GET.get("tim", ""), MAX_QUERY)
    values = request.POST.dict() if request.method == "POST" else {}
    context: dict[str, Any] = {
        "version": version,
        "post": values,
        "query": query,
        "choices": procedure_choices(user.unit, query, today) if version is None or query else [],
        "sexes": Sex.choices,
    }
    eform = counter_eform(version)  # the eforms app's (counter_eform.py)
    if request.method == "POST" and version is not None:
        try:
            if values.get("decision") in ("fill", "use_earlier"):
                _fill(request, user, values, context)
            else:
                dossier = _receive(request, user, values, version, eform)
                return redirect("dossiers:detail", dossier.pk)
        except (DossierError, Forbidden) as exc:  # refused: nothing was written
            context["error"] = str(exc)
    context["address"] = address_choices(today, values.get("address_province", ""), near=user.unit)
    if version is not None:
        context["components"] = component_rows(version, values or None)
        context["fees"] = version.fees.all()
    context["eform"] = eform.sections(
        day=today, near=user.unit, post=request.POST.dict() if request.method == "POST" else None
    )
    return render(request, "dossiers/intake.html", context, status=200 if eform.ok else 400)


def _receive(
    request: HttpRequest,
    user: User,
    values: dict[str, str],
    version: ProcedureVersion,
    eform: CounterEform,
) -> Any:
    """Receive (and accept) the dossier; the e-form (counter_eform.py) is checked before anything
    is written and saved with the dossier in one transaction."""
    intake = _intake_from_post(values, user, version)
    day, complete = timezone.localdate(), eform.typed(request.POST)
    if not eform.check(request.POST, day=day, complete=complete):
        raise DossierError(invalid_message())
    key = values.get("form_key", "")
    dossier = receive_at_counter(  # received, its e-form kept and accepted: all or nothing
        intake,
        actor=user,
        idempotency_key=f"{user.pk}:web:{key}" if key else None,
        accept=values.get("decision") == "accept",
        with_dossier=lambda received: eform.keep_for_dossier(received, actor=user),
    )
    if dossier.status == Status.RECEIVED:
        messages.info(request, "Đã ghi nhận hồ sơ; hãy chọn yêu cầu bổ sung hoặc từ chối.")
    else:
        messages.success(request, f"Đã tiếp nhận hồ sơ {dossier.code}.")
    return dossier


@login_required
@require_GET
def procedure_options(request: HttpRequest) -> HttpResponse:
    """The type-ahead's list (an htmx fragment): the same choices as the page's search."""
    user = _receiving_officer(request)
    assert user.unit is not None
    query = _typed(request.GET.get("tim", ""), MAX_QUERY)
    choices = procedure_choices(user.unit, query, timezone.localdate())
    return render(request, "dossiers/intake_procedures.html", {"choices": choices, "query": query})
