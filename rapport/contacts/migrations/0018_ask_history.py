"""The asks and replies by commonality kind, stored, and counted for the accounts the
database already holds."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps: Any, schema_editor: Any) -> None:
    # The models as of this migration, counted as summary.count_history counts.
    commonality, history = (
        apps.get_model("contacts", "Commonality"),
        apps.get_model("contacts", "AskHistory"),
    )
    answered = (
        models.Q(contact__timeline__last_reply_received__isnull=False)
        | models.Q(contact__timeline__last_meeting__isnull=False)
        | models.Q(contact__timeline__last_call__isnull=False)
    )
    by_kind = (
        commonality.objects.filter(contact__timeline__last_email_sent__isnull=False)
        .order_by()
        .values("owner_id", "kind")
        .annotate(asked=models.Count("pk"), replied=models.Count("pk", filter=answered))
        .values_list("owner_id", "kind", "asked", "replied")
    )
    history.objects.bulk_create(
        history(owner_id=owner, kind=kind, asked=asked, replied=replied)
        for owner, kind, asked, replied in by_kind
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0017_contact_approached"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AskHistory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("asked", models.PositiveIntegerField()),
                ("replied", models.PositiveIntegerField()),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("owner", "kind"), name="ask_history_kind_per_owner"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
