from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "recours.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from recours.audit import signals  # noqa: F401  (connects sign-in auditing)
