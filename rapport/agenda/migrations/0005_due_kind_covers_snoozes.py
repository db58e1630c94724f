"""The kind index covers the snoozes too, so the agenda counts one kind from the index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0004_due_item'),
        ('contacts', '0016_touch_message_id_and_source'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='dueitem',
            name='due_item_owner_kind',
        ),
        migrations.AddIndex(
            model_name='dueitem',
            index=models.Index(fields=['owner', 'kind', 'due_at', 'snoozed_until'], name='due_item_owner_kind'),
        ),
    ]
