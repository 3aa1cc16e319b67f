from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recours.core"
    label = "core"
    verbose_name = "Recours core"
