from django.core.management.base import BaseCommand

from debate.accounts.services import create_demo_users
from debate.seed.services import load_seed


class Command(BaseCommand):
    help = "Load the curated debate on the seed article. Adds what is missing; never changes existing rows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create a demo moderator and student (for local use only) and print their credentials.",
        )

    def handle(self, *args, demo_users=False, **options):
        created = load_seed()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Seed loaded (created: {summary})."))
        if demo_users:
            self.stdout.write(self.style.WARNING("Demo accounts, for local use only:"))
            for username, password in create_demo_users().items():
                if password:
                    self.stdout.write(f"  {username} / {password}")
                else:
                    self.stdout.write(f"  {username} exists (reset with: manage.py changepassword {username})")
