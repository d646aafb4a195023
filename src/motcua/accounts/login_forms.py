"""The staff and admin sign-in forms: refuse an attempt the guessing limits block
(accounts/login_limits.py) with a Vietnamese message before any password is checked."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from motcua.accounts import login_limits
from motcua.core.ratelimit import client_address


def refuse_when_locked(request: HttpRequest | None, username: str) -> None:
    if request is None or not username:
        return
    try:
        login_limits.check("staff", username, client_address(request))
    except login_limits.LoginLocked as exc:
        raise ValidationError(str(exc), code="locked") from None


class StaffLoginForm(AuthenticationForm):
    locked = False  # the page shows the lockout message instead of "wrong password"

    def clean(self) -> dict[str, Any]:
        try:
            refuse_when_locked(self.request, self.cleaned_data.get("username") or "")
        except ValidationError:
            self.locked = True
            raise
        return super().clean()


class AdminLoginForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        refuse_when_locked(self.request, self.cleaned_data.get("username") or "")
        return super().clean()
