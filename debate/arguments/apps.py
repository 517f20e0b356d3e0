from django.apps import AppConfig


class ArgumentsConfig(AppConfig):
    name = "debate.arguments"
    label = "arguments"
