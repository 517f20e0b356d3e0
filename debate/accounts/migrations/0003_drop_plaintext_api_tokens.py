from django.db import migrations

# rest_framework.authtoken kept API keys in clear; its app is gone (knox tokens replace it), so
# drop its table with the keys in it, and forget its migrations in case it is ever installed again.
# Clients log in again for a new token.


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_login_counters_and_api_tokens")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunSQL("DELETE FROM django_migrations WHERE app = 'authtoken'", migrations.RunSQL.noop),
    ]
