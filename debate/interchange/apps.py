from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "debate.interchange"
    label = "interchange"
    verbose_name = "Formats in and out"
