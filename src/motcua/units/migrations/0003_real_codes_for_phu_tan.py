"""Existing installations: xã Phú Tân was keyed by an invented code (AG-PHUTAN); it becomes
30406-2025 (mã ĐVHC 30406, taken over from thị trấn Phú Mỹ), keeping its rows, staff and dossiers.
`motcua units load` (or `load-official`) then adds the new tỉnh An Giang (91) and the links."""

import datetime as dt

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

KNOWN = {"89": "89", "888": "888", "30406": "30406"}


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    unit = apps.get_model("units", "Unit")
    if not unit.objects.filter(code="30406-2025").exists():
        unit.objects.filter(code="AG-PHUTAN").update(
            code="30406-2025", admin_code="30406", valid_from=dt.date(2025, 7, 1)
        )
    for code, admin_code in KNOWN.items():
        unit.objects.filter(code=code, admin_code="").update(admin_code=admin_code)


class Migration(migrations.Migration):
    dependencies = [("units", "0002_admin_code_source")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
