"""Every change made in the admin is an audit event: roles, users, bulk deletes, inlines,
passwords and notifications, driven through the admin pages as an administrator would."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.models import Group, Permission
from django.forms import BaseForm, CheckboxInput, MultiWidget
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.admin_mixin import AuditedAdmin
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog, new_version
from motcua.notifications.models import Notification
from motcua.units.models import Unit
from tests.catalog_data import catalog
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mat-khau-moi-rat-dai-2027"


def _form_fields(form: BaseForm, data: dict[str, Any]) -> None:
    """What the browser would send back for this form, untouched."""
    for field in form:
        value = field.value()
        widget = field.field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        if value is None or field.field.disabled:
            continue
        if isinstance(widget, MultiWidget):
            for index, (part, sub) in enumerate(
                zip(widget.decompress(value) or [], widget.widgets, strict=False)
            ):
                if part is not None:
                    data[f"{field.html_name}_{index}"] = sub.format_value(part) or ""
        elif isinstance(widget, CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            data[field.html_name] = widget.format_value(value) or ""


def _page_data(response: Any) -> dict[str, Any]:
    """The change page's form and inline formsets as POST data."""
    assert response.status_code == 200
    context = response.context
    data: dict[str, Any] = {}
    _form_fields(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        _form_fields(inline.formset.management_form, data)
        for form in inline.formset.forms:
            _form_fields(form, data)
    return data


def _events(action: str, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=object_type).order_by("id"))


def _plain_user(username: str = "canbo_moi") -> User:
    return User.objects.create_user(username=username, password=PASSWORD, full_name="Lê Văn Tâm")


def test_a_role_grant_is_recorded_with_the_new_role(client: Client, administrator: User) -> None:
    user = _plain_user()
    group = Group.objects.get(name=Role.RECEIVING_OFFICER.value)
    client.force_login(administrator)
    url = f"/quan-tri/accounts/user/{user.pk}/change/"
    data = _page_data(client.get(url))
    data["groups"] = [str(group.pk)]
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == [group.name]
    [event] = _events("admin_change", "accounts.user")
    assert event.object_id == str(user.pk)
    assert event.before is not None
    assert event.after is not None
    assert event.before["groups"] == []
    assert event.after["groups"] == [group.name]
    assert verify().first_broken is None


def test_editing_a_user_who_has_a_role_works_and_is_recorded(
    client: Client, administrator: User, receiving_officer: User
) -> None:
    client.force_login(administrator)
    url = f"/quan-tri/accounts/user/{receiving_officer.pk}/change/"
    page = client.get(url)
    assert Role.RECEIVING_OFFICER.label in page.content.decode()  # roles by their Vietnamese name
    data = _page_data(page)
    data["full_name"] = "Nguyễn Thị Lan Anh"
    response = client.post(url, data)
    assert response.status_code == 302
    [event] = _events("admin_change", "accounts.user")
    assert event.before is not None
    assert event.after is not None
    assert event.before["groups"] == event.after["groups"] == [Role.RECEIVING_OFFICER.value]
    assert event.after["full_name"] == "Nguyễn Thị Lan Anh"
    assert "password" not in event.before
    assert "password" not in event.after


def test_a_change_to_a_role_s_permissions_is_recorded(client: Client, administrator: User) -> None:
    group = Group.objects.get(name=Role.LEADER.value)
    permission = Permission.objects.get(codename="view_unit")
    client.force_login(administrator)
    url = f"/quan-tri/auth/group/{group.pk}/change/"
    data = _page_data(client.get(url))
    data["permissions"] = [str(permission.pk)]
    assert client.post(url, data).status_code == 302
    [event] = _events("admin_change", "auth.group")
    assert event.after is not None
    assert event.after["permissions"] == ["view_unit.units.unit"]


def test_delete_selected_records_each_deleted_object(client: Client, administrator: User) -> None:
    first = Unit.objects.create(code="X91", name="Xã Thử Một", kind="commune")
    second = Unit.objects.create(code="X92", name="Xã Thử Hai", kind="commune")
    client.force_login(administrator)
    response = client.post(
        "/quan-tri/units/unit/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Unit.objects.filter(code__in=["X91", "X92"]).exists()
    events = _events("admin_delete", "units.unit")
    assert sorted(e.object_id for e in events) == sorted([str(first.pk), str(second.pk)])
    assert sorted((e.before or {})["name"] for e in events) == ["Xã Thử Hai", "Xã Thử Một"]
    assert verify().first_broken is None


def test_an_inline_edit_is_recorded(client: Client, administrator: User) -> None:
    load_catalog(catalog())
    in_force = ProcedureVersion.objects.get(procedure__code="2.000815")
    # fees are edited on a version not yet in force (catalog/admin.py: _fees_editable)
    version = new_version(in_force, dt.date.today() + dt.timedelta(days=30))
    fee = version.fees.get()
    client.force_login(administrator)
    url = f"/quan-tri/catalog/procedureversion/{version.pk}/change/"
    data = _page_data(client.get(url))
    component = version.components.get()
    fee_prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(fee.pk))
    data[fee_prefix.removesuffix("-id") + "-cap"] = "250000"
    gone = next(k for k, v in data.items() if k.endswith("-id") and v == str(component.pk))
    data[gone.removesuffix("-id") + "-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fee.refresh_from_db()
    assert fee.cap == 250000
    [event] = AuditEvent.objects.filter(object_type="catalog.fee", object_id=str(fee.pk))
    assert event.before is not None
    assert event.after is not None
    assert (event.before["cap"], event.after["cap"]) == (200000, 250000)
    assert not version.components.exists()
    [deleted] = AuditEvent.objects.filter(object_type="catalog.component", action="admin_delete")
    assert deleted.object_id == str(component.pk)
    assert deleted.before is not None
    assert deleted.before["name"] == component.name
    assert verify().first_broken is None


def test_an_admin_setting_a_password_is_recorded_without_the_secret(
    client: Client, administrator: User, receiving_officer: User
) -> None:
    client.force_login(administrator)
    response = client.post(
        f"/quan-tri/accounts/user/{receiving_officer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    receiving_officer.refresh_from_db()
    assert receiving_officer.check_password(NEW_PASSWORD)
    [event] = AuditEvent.objects.filter(object_type="accounts.user", action="admin_set_password")
    assert (event.object_id, event.actor_id) == (str(receiving_officer.pk), administrator.pk)
    stored = json.dumps([event.before, event.after])
    assert NEW_PASSWORD not in stored
    assert receiving_officer.password not in stored
    assert verify().first_broken is None


def test_an_administrator_changing_their_own_password_is_recorded(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    response = client.post(
        "/quan-tri/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    [event] = AuditEvent.objects.filter(object_type="accounts.user", action="password_change")
    assert (event.object_id, event.actor_id) == (str(administrator.pk), administrator.pk)
    stored = json.dumps([event.before, event.after])
    assert NEW_PASSWORD not in stored
    assert administrator.password not in stored


def _notification(key: str) -> Notification:
    return Notification.objects.create(
        kind="accepted",
        channel="email",
        address="dan@example.vn",
        subject="Hồ sơ đã được tiếp nhận",
        body="Nội dung",
        dedupe_key=key,
    )


def test_a_notification_delete_is_recorded(client: Client, administrator: User) -> None:
    one, two = _notification("k1"), _notification("k2")
    client.force_login(administrator)
    response = client.post(
        f"/quan-tri/notifications/notification/{one.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    response = client.post(
        "/quan-tri/notifications/notification/",
        {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Notification.objects.exists()
    events = _events("admin_delete", "notifications.notification")
    assert [e.object_id for e in events] == [str(one.pk), str(two.pk)]
    assert (events[0].before or {})["address"] == "dan@example.vn"
    assert verify().first_broken is None


def test_every_admin_page_is_audited_or_read_only(rf: Any, administrator: User) -> None:
    request = rf.get("/quan-tri/")
    request.user = administrator
    for model, model_admin in admin.site._registry.items():
        writable = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        assert isinstance(model_admin, AuditedAdmin) or not writable, model._meta.label


def test_every_admin_list_opens_and_a_bad_password_page_is_404(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    _notification("k3")
    for model in admin.site._registry:
        meta = model._meta
        assert client.get(f"/quan-tri/{meta.app_label}/{meta.model_name}/").status_code == 200
    notification = Notification.objects.get()
    page = client.get(f"/quan-tri/notifications/notification/{notification.pk}/change/")
    assert page.status_code == 200
    assert client.get("/quan-tri/accounts/user/abc/password/").status_code == 404
