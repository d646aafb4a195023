"""Staff roles. Each role is a Django group; the Vietnamese name is what officials see."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RECEIVING_OFFICER = "receiving_officer"
    SPECIALIST = "specialist"
    LEADER = "leader"
    STATISTICS_OFFICER = "statistics_officer"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.RECEIVING_OFFICER: "Công chức tiếp nhận (Bộ phận Một cửa)",
    Role.SPECIALIST: "Công chức chuyên môn",
    Role.LEADER: "Lãnh đạo",
    Role.STATISTICS_OFFICER: "Văn phòng – Thống kê",
    Role.ADMINISTRATOR: "Quản trị hệ thống",
}


# Roles that may hold a dossier in processing (be handed it): the statistics officer and the
# administrator read and configure, they never process a dossier.
HOLDING_ROLES: frozenset[Role] = frozenset({Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER})
