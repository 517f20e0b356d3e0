from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "debate.moderation"
    label = "moderation"
