"""A password may not resemble its owner's full name, user name or email address.

Django's UserAttributeSimilarityValidator compares with first_name/last_name, which motcua does
not fill, and compares Vietnamese letters as typed: "nguyenvanan" would pass for "Nguyễn Văn An".
This one folds both sides (no diacritics, đ → d, no spaces) and answers in Vietnamese. It applies
to staff (admin forms) and citizens (registration) alike: both are rows of the one User table.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from motcua.domain.text import fold

ATTRIBUTES = {
    "full_name": "họ và tên",
    "username": "tên đăng nhập",
    "email": "địa chỉ thư điện tử",
}
MAX_SIMILARITY = 0.7


def _variants(value: str) -> set[str]:
    folded = fold(value)
    return {folded, folded.replace(" ", ""), *(p for p in re.split(r"\W+", folded) if p)}


class FullNameSimilarityValidator:
    def __init__(self, max_similarity: float = MAX_SIMILARITY) -> None:
        self.max_similarity = max_similarity

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        candidate = fold(password).replace(" ", "")
        for attribute, label in ATTRIBUTES.items():
            value = getattr(user, attribute, None)
            if not isinstance(value, str) or not value.strip():
                continue
            for part in _variants(value):
                if (
                    len(candidate) >= 10 * len(part)
                    and len(part) < len(candidate) * self.max_similarity / 2
                ):
                    continue  # a long password is not "like" a short word (Django's bound)
                ratio = SequenceMatcher(a=candidate, b=part).quick_ratio()
                if ratio >= self.max_similarity:
                    raise ValidationError(
                        f"Mật khẩu quá giống {label}; xin chọn mật khẩu khác.",
                        code="password_too_similar",
                    )

    def get_help_text(self) -> str:
        return "Mật khẩu không được giống họ và tên, tên đăng nhập hay địa chỉ thư điện tử."


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its error in Vietnamese: Django 5.2 changed the message's text and its
    Vietnamese catalogue has not caught up, so citizens read "This password is too short…"."""

    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."
