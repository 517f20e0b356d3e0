from django.core.management.base import BaseCommand

from debate.seed.services import load_seed


class Command(BaseCommand):
    help = "Load the curated debate on the seed article. Adds what is missing; never changes existing rows."

    def handle(self, *args, **options):
        created = load_seed()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Seed loaded (created: {summary})."))
