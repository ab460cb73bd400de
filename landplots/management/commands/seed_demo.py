from django.core.management.base import BaseCommand

from landplots import demo


class Command(BaseCommand):
    help = (
        "Demo data: providers, approving bodies, tariffs, one user per role, applicants and "
        "applications at several stages. Safe to run again: what exists is left as it is."
    )

    def handle(self, *args, **options):
        created = demo.seed_demo()
        made = [key for key, n in created.items() if n]
        if made:
            self.stdout.write(self.style.SUCCESS(f"Demo applications created: {', '.join(made)}"))
        else:
            self.stdout.write("Demo data already in place; nothing changed.")
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Logins (password {demo.DEMO_PASSWORD}): admin, "
                + ", ".join(r for r in demo.login_names())
            )
