"""Django's ``flush``, which empties every table, audit included, on purpose.

``flush`` is how tests reset the database and how a whole site is wiped; the audit triggers
would refuse it, so they are lifted for the flush and put back at once.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from recours.audit.protection import protect, unprotect


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        unprotect(connection)
        try:
            return super().handle(**options)
        finally:
            protect(connection)
