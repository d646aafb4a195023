"""Each dossier keeps the time limit it was given; existing rows take their pinned version's."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def pin_limits(apps: Any, schema_editor: Any) -> None:
    dossier = apps.get_model("dossiers", "Dossier")
    version = apps.get_model("catalog", "ProcedureVersion")
    of_version = version.objects.filter(pk=OuterRef("procedure_version_id"))
    dossier.objects.update(
        time_limit_value=Subquery(of_version.values("time_limit_value")[:1]),
        time_limit_unit=Subquery(of_version.values("time_limit_unit")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_flag_events"),
        ("catalog", "0002_fee_amount_may_be_unknown"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="time_limit_unit",
            field=models.CharField(
                blank=True, editable=False, max_length=20, verbose_name="đơn vị thời hạn đã hẹn"
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="time_limit_value",
            field=models.PositiveIntegerField(
                editable=False, null=True, verbose_name="thời hạn giải quyết đã hẹn"
            ),
        ),
        migrations.RunPython(pin_limits, migrations.RunPython.noop, elidable=True),
    ]
