from django.db import migrations

from recours.audit.protection import protect, unprotect


def forwards(apps, schema_editor):
    protect(schema_editor.connection)


def backwards(apps, schema_editor):
    unprotect(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
