from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "debate.accounts"
    label = "accounts"
