from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "debate.core"
    label = "core"
