"""How personal data is shown to people who may not see it in full (public pages)."""

from __future__ import annotations


def mask_person_name(name: str) -> str:
    """ "Nguyễn Thị Ngọc Ánh" → "Nguyễn T*** N*** Á***": the family name, then initials with
    the length hidden. One format on every public page (status look-up, rating form, the
    verification page of electronic results)."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:1] + "***"
    return " ".join([words[0], *[word[:1] + "***" for word in words[1:]]])
