from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "debate.seed"
    label = "seed"
    verbose_name = "Seed data"
