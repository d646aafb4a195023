"""The /api/v1/feedback/ router (empty until this app has endpoints)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["feedback"])
