"""The /api/v1/portal/ router (empty until this app has endpoints)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["portal"])
