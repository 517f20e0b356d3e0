from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "debate.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .freshness import connect_content_signals, content_changed
        from .models import ContentStamp, Versioned

        # Every kind of curated content, including kinds added later, invalidates cached pages.
        connect_content_signals([model for model in apps.get_models() if issubclass(model, Versioned)])

        def after_migrate(using, **kwargs):
            # A deployment runs migrate: pages rendered by the old templates must not be served from cache.
            if ContentStamp._meta.db_table in connections[using].introspection.table_names():
                content_changed(using)

        post_migrate.connect(after_migrate, sender=self, weak=False, dispatch_uid="freshness-after-migrate")
