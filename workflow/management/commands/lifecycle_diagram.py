from django.core.management.base import BaseCommand

from workflow.diagram import lifecycle_mermaid


class Command(BaseCommand):
    help = "Print the study life cycle as a Mermaid state diagram (pasted into docs/architecture.md)."

    def handle(self, *args, **options):
        self.stdout.write(lifecycle_mermaid())
