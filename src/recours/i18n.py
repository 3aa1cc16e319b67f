"""Translation catalogs: compile ``.po`` to ``.mo`` without GNU gettext, and check completeness.

The compiled ``.mo`` files are build products (git ignores them); ``make install`` builds them.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalogs():
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_catalogs():
    for po_path in catalogs():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    return len(catalogs())


def incomplete_entries(po_path):
    """Entries a French reader would see in English: untranslated, fuzzy or obsolete."""
    catalog = polib.pofile(str(po_path))
    problems = [f"untranslated: {e.msgid!r}" for e in catalog.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in catalog.fuzzy_entries()]
    return problems


def main(argv):
    if argv[:1] == ["compile"]:
        print(f"compiled {compile_catalogs()} catalog(s)")
        return 0
    print("usage: python -m recours.i18n compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
