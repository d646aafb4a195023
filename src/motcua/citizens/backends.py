"""Staff sign in with a user name at /dang-nhap/; citizens only through their identity providers
(/cong-dan/dang-nhap/, rate-limited). This backend keeps citizen accounts out of the staff form
while still restoring every user's session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from motcua.accounts.models import User


class StaffModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and hasattr(user, "citizen_profile"):
            return None
        return user
