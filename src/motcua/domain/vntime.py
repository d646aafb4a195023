"""Vietnam time (UTC+7, no daylight saving): the wall clock of every date and time a dossier,
a report or a document shows, whatever the server's time zone. Defined once here;
settings.TIME_ZONE names the same zone."""

from __future__ import annotations

import zoneinfo

VN_TIME_ZONE = "Asia/Ho_Chi_Minh"
VN = zoneinfo.ZoneInfo(VN_TIME_ZONE)
