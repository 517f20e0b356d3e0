from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "debate.search"
    label = "search"
