from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "recours.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.db.models.signals import post_migrate

        from recours.audit import signals  # noqa: F401  (connects sign-in auditing)

        post_migrate.connect(_protect_after_migrate, sender=self)


def _protect_after_migrate(using, **kwargs):
    """Re-create the append-only triggers after every migrate: a table rebuild (SQLite's way
    of altering a column) would silently drop them."""
    from django.db import connections

    from recours.audit.protection import protect

    protect(connections[using])
