from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "debate.extraction"
    label = "extraction"
    verbose_name = "Quotation extraction"
