from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "recours.documents"
    label = "documents"
    verbose_name = "Documents"
