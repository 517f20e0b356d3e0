"""Limits on free text. A TextField's max_length changes no column on any database, so only the
state changes: on SQLite an AlterField would rebuild the table and drop its search triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="flag",
                    name="comment",
                    field=models.TextField(max_length=2000),
                ),
                migrations.AlterField(
                    model_name="flag",
                    name="review_reason",
                    field=models.TextField(blank=True, help_text="Shown to the student.", max_length=2000),
                ),
                migrations.AlterField(
                    model_name="proposal",
                    name="quote",
                    field=models.TextField(blank=True, max_length=10000),
                ),
                migrations.AlterField(
                    model_name="proposal",
                    name="review_reason",
                    field=models.TextField(blank=True, help_text="Shown to the student.", max_length=2000),
                ),
                migrations.AlterField(
                    model_name="proposal",
                    name="text",
                    field=models.TextField(blank=True, max_length=2000),
                ),
            ],
        ),
    ]
