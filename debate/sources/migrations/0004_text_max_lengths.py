"""Limits on free text. A TextField's max_length changes no column on any database, so only the
state changes: on SQLite an AlterField would rebuild the table and drop its search triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_source_content_hash"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evidence",
                    name="quote",
                    field=models.TextField(
                        help_text="Exactly the source text between the offsets, without quotation marks.",
                        max_length=10000,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalevidence",
                    name="quote",
                    field=models.TextField(
                        help_text="Exactly the source text between the offsets, without quotation marks.",
                        max_length=10000,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalsource",
                    name="text",
                    field=models.TextField(max_length=2097152),
                ),
                migrations.AlterField(
                    model_name="source",
                    name="text",
                    field=models.TextField(max_length=2097152),
                ),
            ],
        ),
    ]
