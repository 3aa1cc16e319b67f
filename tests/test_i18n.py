import shutil
import subprocess
import sys

import pytest

from recours.i18n import LOCALE_DIR, catalogs, incomplete_entries


def test_there_is_a_french_catalog():
    assert LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po" in catalogs()


@pytest.mark.parametrize("po_path", catalogs(), ids=lambda p: p.parent.parent.name)
def test_every_string_is_translated_and_none_is_fuzzy(po_path):
    assert incomplete_entries(po_path) == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed: SKIPPED")
def test_the_catalog_holds_every_string_in_the_code(tmp_path):
    """Extract afresh into a copy and compare: a string added without its French fails here."""
    import polib

    copy = tmp_path / "recours"
    shutil.copytree(LOCALE_DIR.parent, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "recours.site.settings",
            "PATH": "/usr/bin:/bin",
            "RECOURS_DATA_DIR": str(tmp_path / "var"),
        },
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = {
        e.msgid for e in polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"))
    }
    missing = sorted(e.msgid for e in fresh if e.msgid not in committed)
    assert missing == [], "run `recours manage makemessages -l fr` and translate these"
