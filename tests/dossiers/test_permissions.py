import pytest
from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent, PersonalDataRead
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import (
    Forbidden,
    acting_on,
    get_dossier_for_staff,
    may_receive,
)
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit

pytestmark = pytest.mark.usefixtures("reference")


def _staff(make_staff, role: Role, unit_code: str | None, name: str) -> User:  # type: ignore[no-untyped-def]
    user: User = make_staff(role, name)
    user.unit = Unit.objects.get(code=unit_code) if unit_code else None
    user.save()
    return user


@pytest.mark.parametrize(
    ("role", "unit", "action", "outcome"),
    [
        (Role.RECEIVING_OFFICER, "30406", Action.ACCEPT, "allowed"),
        (Role.RECEIVING_OFFICER, "30406", Action.APPROVE, "forbidden"),
        (Role.SPECIALIST, "30406", Action.REQUEST_SUPPLEMENT, "allowed"),
        (Role.SPECIALIST, "30406", Action.ACCEPT, "forbidden"),
        (Role.LEADER, "30406", Action.APPROVE, "allowed"),
        (Role.LEADER, "30406", Action.EXTEND, "allowed"),
        (Role.STATISTICS_OFFICER, "30406", "view", "allowed"),
        (Role.STATISTICS_OFFICER, "30406", Action.HAND_OVER, "forbidden"),
        # Xã Phú Tân took over thị trấn Phú Mỹ's records on 01/7/2025.
        (Role.LEADER, "30406-2025", "view", "allowed"),
        # Staff of another unit, an administrator and an outsider do not even see it.
        (Role.LEADER, "OTHER", "view", "hidden"),
        (Role.ADMINISTRATOR, None, "view", "hidden"),
    ],
)
def test_personas_get_exactly_their_rights(  # type: ignore[no-untyped-def]
    make_staff,
    dossier: Dossier,
    role: Role,
    unit: str | None,
    action: object,
    outcome: str,
) -> None:
    add_unit(
        UnitSpec(
            code="OTHER",
            name="Xã Khác",
            kind="commune",
            parent_code="89",
            agency_code="000.02.31.H01",
        )
    )
    user = _staff(make_staff, role, unit, f"u-{role.value}")
    # The same decisions when an act locks the row and checks it (dossiers/locking.py).
    for fetch in (get_dossier_for_staff, _locked_for_staff):
        if outcome == "allowed":
            assert fetch(user, dossier.pk, action).pk == dossier.pk  # type: ignore[arg-type]
        elif outcome == "forbidden":
            with pytest.raises(Forbidden, match="Vai trò của bạn không được"):
                fetch(user, dossier.pk, action)  # type: ignore[arg-type]
        else:
            with pytest.raises(Http404):
                fetch(user, dossier.pk, action)  # type: ignore[arg-type]


def _locked_for_staff(user: User, pk: int, action: Action | str) -> Dossier:
    with acting_on(user, pk, action) as dossier:
        return dossier


def test_an_act_on_a_dossier_that_does_not_exist_is_not_found(make_staff) -> None:  # type: ignore[no-untyped-def]
    user = _staff(make_staff, Role.RECEIVING_OFFICER, "30406", "tn2")
    with pytest.raises(Http404):
        _locked_for_staff(user, 987654321, Action.ACCEPT)


def test_an_outsider_without_a_role_sees_nothing(dossier: Dossier) -> None:
    outsider = User.objects.create_user("ngoai", password="x-y-z-1234567")
    with pytest.raises(Http404):
        get_dossier_for_staff(outsider, dossier.pk)


def test_staff_reads_of_personal_data_are_logged(make_staff, dossier: Dossier) -> None:  # type: ignore[no-untyped-def]
    user = _staff(make_staff, Role.SPECIALIST, "30406", "doc")
    get_dossier_for_staff(user, dossier.pk)
    event = PersonalDataRead.objects.get()
    assert (event.actor, event.object_id) == (user, str(dossier.pk))
    assert not AuditEvent.objects.filter(action="read_personal_data").exists()


def test_a_centre_receives_for_any_unit_of_its_province(make_staff) -> None:  # type: ignore[no-untyped-def]
    centre_officer = _staff(make_staff, Role.RECEIVING_OFFICER, "AG-PHUTAN-TTPVHCC", "ttp")
    commune_officer = _staff(make_staff, Role.RECEIVING_OFFICER, "30406-2025", "xa")
    add_unit(UnitSpec(code="OTHER", name="Xã Khác", kind="commune", parent_code="91-2025"))
    other = Unit.objects.get(code="OTHER")
    assert may_receive(centre_officer, other)
    assert not may_receive(commune_officer, other)
    assert may_receive(commune_officer, Unit.objects.get(code="30406"))
