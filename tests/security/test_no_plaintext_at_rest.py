"""After the demo data is loaded and a case is made through the site, neither the raw database
nor the upload folder holds any of that case's plaintext."""

import re
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from recours.accounts.testing import sign_in
from recours.cases.models import Case, EvidenceItem
from recours.demo.loader import load_demo

NAME = "Zephyrine Quasimodo-Tallis"
SECRETS = {
    "client_name": NAME,
    "contact": "555-0199 through her aunt Rosalba",
    "notes": "Sleeps in the Quillfeather greenhouse dormitory",
    "evidence label": "Xylograph pay ledger",
    "evidence notes": "Kept under the floorboard by Ortolan",
    "file name": "zephyrine-wages.txt",
    "file content": "Wages withheld by Oberwald Farms",
    "consent purpose": "Marigold House shelter placement",
}


def raw_database_bytes() -> bytes:
    """Every byte of the SQLite database (free pages included), or every row of PostgreSQL."""
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            target = sqlite3.connect(Path(folder) / "copy.sqlite3")
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            return (Path(folder) / "copy.sqlite3").read_bytes()
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # The table names come from the database's own catalogue, not from input.
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks).encode()


def found_in(data: bytes, value: str) -> bool:
    lowered = data.lower()
    return any(
        piece.lower().encode() in lowered
        for piece in [value, *re.findall(r"[A-Za-z]{6,}", value)]
        if piece.lower() not in {"through", "dormitory", "shelter", "placement", "withheld"}
    )


@pytest.mark.django_db(transaction=True)
def test_a_case_made_through_the_site_leaves_no_plaintext_in_the_database_or_uploads():
    from django.contrib.auth import get_user_model

    load_demo()
    lawyer = get_user_model().objects.get(username="demo-lawyer")
    client = Client()
    sign_in(client, lawyer)
    created = client.post(
        "/en/cases/new/",
        {
            "client_name": SECRETS["client_name"],
            "contact": SECRETS["contact"],
            "organisation": lawyer.memberships.get().organisation_id,
        },
    )
    assert created.status_code == 302
    case = Case.objects.get(pk=int(re.search(r"/cases/(\d+)/", created["Location"]).group(1)))
    details = client.post(
        f"/en/cases/{case.pk}/",
        {"client_name": NAME, "contact": SECRETS["contact"], "notes": SECRETS["notes"]},
    )
    assert details.status_code in (200, 302)
    client.post(f"/en/cases/{case.pk}/evidence/", {"label": SECRETS["evidence label"]})
    item = EvidenceItem.objects.get(case=case, item="custom")
    client.post(
        f"/en/cases/{case.pk}/evidence/{item.pk}/",
        {"gathered": "on", "notes": SECRETS["evidence notes"]},
    )
    upload = SimpleUploadedFile(SECRETS["file name"], SECRETS["file content"].encode())
    client.post(f"/en/cases/{case.pk}/evidence/{item.pk}/upload/", {"file": upload})
    other = lawyer.memberships.get().organisation.__class__.objects.exclude(
        pk=case.organisation_id
    )[0]
    client.post(
        f"/en/cases/{case.pk}/sharing/consents/",
        {
            "kind": "sharing",
            "recipient": other.pk,
            "sections": ["plan"],
            "purpose": SECRETS["consent purpose"],
            "given_on": "2026-05-01",
        },
    )

    # Everything was stored, and reads back through the site...
    case = Case.objects.get(pk=case.pk)
    assert (case.client_name, case.notes) == (NAME, SECRETS["notes"])
    assert case.evidence_files.get().name == SECRETS["file name"]
    assert case.consents.get().purpose == SECRETS["consent purpose"]

    # ...but nowhere at rest in readable form.
    database = raw_database_bytes()
    assert found_in(database, "demo-lawyer"), "the scan sees stored rows (a user name is plain)"
    leaks = [label for label, value in SECRETS.items() if found_in(database, value)]
    assert leaks == [], f"plaintext in the database: {leaks}"
    uploads = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert uploads, "the upload was stored"
    for path in uploads:
        content = path.read_bytes() + str(path.relative_to(settings.MEDIA_ROOT)).encode()
        leaks = [label for label, value in SECRETS.items() if found_in(content, value)]
        assert leaks == [], f"plaintext in {path.name}: {leaks}"
