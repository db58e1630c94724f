# The account's address is checked by email-validator, which knows internationalized
# addresses (zoë@…), instead of Django's EmailValidator. The column is varchar(254) UNIQUE
# before and after, so only the state changes: SQLite need not rebuild the user table.

import rapport.addresses
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_withdrawn_link'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='user',
                    name='email',
                    field=models.CharField(max_length=254, unique=True, validators=[rapport.addresses.check_address], verbose_name='e-mail'),
                ),
            ],
        ),
    ]
