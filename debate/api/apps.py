from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "debate.api"
    label = "api"
