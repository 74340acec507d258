"""``manage.py seed_demo``: demo accounts (one per role), training modules and a dozen studies.

Development only: refused when DEBUG is off, because the accounts have known passwords.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.people import ADMIN_EMAIL, ADMIN_PASSWORD, OTHER_HOLDERS, USERS
from demo.schools import seed_schools
from demo.seeding import SeedReport, last_school_start, seed_studies, seed_training_modules, seed_users


def login_rows():
    """Return (email, password, role) for every demo login, the superuser last."""
    rows = [(user.email, user.password, user.role) for user in USERS]
    rows += [(user.email, user.password, "porteur de projet (autre projet)") for user in OTHER_HOLDERS]
    rows.append((ADMIN_EMAIL, ADMIN_PASSWORD, "superutilisateur (admin Django)"))
    return rows


class Command(BaseCommand):
    help = "Create demo accounts with known passwords and demo studies in every state (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with known passwords: it runs only with DEBUG on (DEBUG=1).")
        report = SeedReport()
        # The notifications of the demo's history land in the inboxes; their emails and the log line of
        # each in-process delivery task are not printed, so that the logins stay readable.
        task_logger = logging.getLogger("celery.app.trace")
        level = task_logger.level
        task_logger.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                users = seed_users(report)
                modules = seed_training_modules(report)
                seed_studies(users, modules, report)
                # The school year before the current one is the last whose leavers' situation is known.
                report.schools_created = len(seed_schools(users, last_school_year=last_school_start().year - 1))
        finally:
            task_logger.setLevel(level)
        self._write_summary(report)
        self._write_logins()

    def _write_summary(self, report):
        if not report.changed:
            self.stdout.write("Demo data already present: nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data created: {len(report.users_created)} users, {report.modules_created} training "
                f"modules, {report.studies_created} studies, {report.schools_created} schools with their reports."
            )
        )
        if report.studies_present:
            self.stdout.write(f"The {report.studies_present} demo projects already present were left as they are.")

    def _write_logins(self):
        rows = [("email", "password", "role"), *login_rows()]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        self.stdout.write("\nDemo logins:")
        for email, password, role in rows:
            self.stdout.write(f"  {email:<{widths[0]}}  {password:<{widths[1]}}  {role}")
