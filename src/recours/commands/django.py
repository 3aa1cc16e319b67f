"""Start Django for commands that need the database or the site."""

import os


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recours.site.settings")
    import django

    django.setup()
