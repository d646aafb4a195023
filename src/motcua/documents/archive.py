"""Make Office files (ZIP packages) reproducible: same content → same bytes.

python-docx and openpyxl stamp every ZIP member with the current time (``ZipFile.writestr``) and
openpyxl also writes ``modified = now`` into docProps/core.xml. The writers set the document
properties from the form; this rewrites the package with one fixed timestamp per member.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def reproducible_zip(data: bytes, day: dt.date) -> bytes:
    """Rewrite a ZIP package: members in the same order, each dated ``day`` 00:00, deflated."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 0
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
