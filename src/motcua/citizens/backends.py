"""Staff sign in with a user name at /dang-nhap/ and /quan-tri/login/; citizens only through
their identity providers (/cong-dan/dang-nhap/). This backend keeps citizen accounts out of the
staff forms while still restoring every user's session, and applies the guessing limits
(accounts/login_limits.py) to every password checked with a request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from motcua.accounts import login_limits
from motcua.accounts.models import User
from motcua.core.ratelimit import client_address


class StaffModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        address = client_address(request) if request is not None and username else None
        if address is not None and username:
            try:
                login_limits.check("staff", username, address)
            except login_limits.LoginLocked:
                raise PermissionDenied from None  # the forms say why (accounts/login_forms.py)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and hasattr(user, "citizen_profile"):
            user = None
        if address is not None and username:
            if user is None:
                login_limits.failed("staff", username, address)
            else:
                login_limits.succeeded("staff", username, address)
        return user

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user of a request, with their unit and (for a citizen) profile in the
        same query: every request reads them (the idle timeout, the permission checks)."""
        try:
            user = User._default_manager.select_related("unit", "citizen_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
