"""The dashboard's funnel, stored, and counted for the accounts the database already holds."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps: Any, schema_editor: Any) -> None:
    # The models as of this migration, counted as summary.count_funnel counts.
    summary, referral, funnel = (
        apps.get_model("contacts", name) for name in ("TimelineSummary", "Referral", "Funnel")
    )

    def had(*kinds: str) -> models.Q:
        found = models.Q()
        for kind in kinds:
            found |= models.Q(**{f"last_{kind}__isnull": False})
        return found

    talked = had("meeting", "call")
    contacted = had("email_sent") | talked
    replied = contacted & (had("reply_received", "meeting", "call") | talked)
    met = replied & talked
    referrers = referral.objects.values("referrer_id")
    by_owner = (
        summary.objects.order_by()
        .values("owner_id")
        .annotate(
            contacted=models.Count("pk", filter=contacted),
            replied=models.Count("pk", filter=replied),
            met=models.Count("pk", filter=met),
            thanked=models.Count("pk", filter=met & had("thank_you")),
            referred=models.Count("pk", filter=met & models.Q(contact_id__in=referrers)),
        )
    )
    funnel.objects.bulk_create(funnel(**row) for row in by_owner)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_retention_warning"),
        ("contacts", "0018_ask_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="Funnel",
            fields=[
                (
                    "owner",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("contacted", models.PositiveIntegerField(default=0)),
                ("replied", models.PositiveIntegerField(default=0)),
                ("met", models.PositiveIntegerField(default=0)),
                ("thanked", models.PositiveIntegerField(default=0)),
                ("referred", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
