"""Limits on free text. A TextField's max_length changes no column on any database, so only the
state changes: on SQLite an AlterField would rebuild the table and drop its search triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("arguments", "0002_historicalargument_historicalargument_evidence_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="argument",
                    name="text",
                    field=models.TextField(help_text="The claim, in one or two sentences.", max_length=2000),
                ),
                migrations.AlterField(
                    model_name="debate",
                    name="summary",
                    field=models.TextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name="historicalargument",
                    name="text",
                    field=models.TextField(help_text="The claim, in one or two sentences.", max_length=2000),
                ),
                migrations.AlterField(
                    model_name="historicaldebate",
                    name="summary",
                    field=models.TextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name="historicalposition",
                    name="summary",
                    field=models.TextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name="position",
                    name="summary",
                    field=models.TextField(blank=True, max_length=5000),
                ),
            ],
        ),
    ]
