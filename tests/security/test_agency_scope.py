"""An inter-linked agency acts only on its own step, only while it holds it; a unit's
certificate is used only by a leader of that unit."""

from __future__ import annotations

import pytest
from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.bundles.services import complete_step
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import AGENCY_STEP, Forbidden, get_dossier_for_staff
from motcua.results.permissions import dossier_for_issue, may_certify, may_issue
from motcua.units.models import Unit
from tests.bundles.conftest import bundle_world
from tests.bundles.test_bundles import _started
from tests.conftest import PASSWORD
from tests.dossiers.conftest import vn

__all__ = ["bundle_world"]
NOT_THEIRS = [
    Action.SUSPEND,
    Action.RESUME,
    Action.HAND_OVER,
    Action.REQUEST_SUPPLEMENT,
    Action.EXTEND,
    Action.APPROVE,
    Action.REFUSE,
    "collect_fee",
]


def _at_the_police(people: dict[str, User]) -> Dossier:
    dossier = _started(people)
    complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh", at=vn(2024, 3, 4, 10))
    complete_step(dossier, actor=people["lanhdao"], title="Đã ký", at=vn(2024, 3, 4, 11))
    return dossier


@pytest.mark.parametrize("action", NOT_THEIRS)
def test_while_it_holds_its_step_the_agency_may_do_only_its_step_s_acts(
    bundle_world: dict[str, User], action: Action | str
) -> None:
    dossier = _at_the_police(bundle_world)
    police = bundle_world["congan"]
    assert get_dossier_for_staff(police, dossier.pk).pk == dossier.pk
    assert get_dossier_for_staff(police, dossier.pk, AGENCY_STEP).pk == dossier.pk
    with pytest.raises(Forbidden, match="Cơ quan liên thông"):
        get_dossier_for_staff(police, dossier.pk, action)


def test_after_its_step_the_agency_no_longer_sees_the_dossier(
    bundle_world: dict[str, User],
) -> None:
    dossier = _at_the_police(bundle_world)
    police = bundle_world["congan"]
    complete_step(dossier, actor=police, title="Đăng ký thường trú", at=vn(2024, 3, 4, 14))
    for action in ("view", AGENCY_STEP, Action.SUSPEND, Action.RESUME):
        with pytest.raises(Http404):
            get_dossier_for_staff(police, dossier.pk, action)


def test_a_leader_of_the_agency_cannot_issue_with_the_commune_s_certificate(
    bundle_world: dict[str, User],
) -> None:
    dossier = _at_the_police(bundle_world)
    police_leader = create_or_update_staff(
        username="truongcongan",
        full_name="Trưởng Công an",
        role=Role.LEADER,
        password=PASSWORD,
        unit=Unit.objects.get(code="CA30406"),
    )
    with pytest.raises(Forbidden):
        dossier_for_issue(police_leader, dossier.pk)
    assert not may_issue(police_leader, dossier)
    assert not may_certify(police_leader, dossier)
    assert may_issue(bundle_world["lanhdao"], dossier)
