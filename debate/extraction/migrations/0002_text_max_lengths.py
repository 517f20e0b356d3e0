"""Limits on free text. A TextField's max_length changes no column on any database, so only the
state changes: on SQLite an AlterField would rebuild the table and drop its search triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("extraction", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="extractionproposal",
                    name="quote",
                    field=models.TextField(max_length=10000),
                ),
            ],
        ),
    ]
