import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from recours import audit
from recours.accounts.models import Membership, Organisation, Role
from recours.accounts.testing import sign_in
from recours.audit.models import Action, AuditEntry
from recours.cases.models import Case, CaseMember, EvidenceFile, EvidenceItem
from recours.crypto import KeyDestroyed
from recours.crypto.files import open_upload, save_upload
from recours.crypto.keys import get_data_key
from recours.privacy.export import person_export
from recours.privacy.retention import purge
from recours.security.backup import BackupRefused, make_backup, open_archive, restore_backup


def make_case(reference, name, closed_at=None):
    organisation, _ = Organisation.objects.get_or_create(slug="clinic", defaults={"name": "Clinic"})
    user, created = get_user_model().objects.get_or_create(username="lawyer")
    if created:
        user.set_password("a long passphrase 123")
        user.save()
        Membership.objects.create(user=user, organisation=organisation, role=Role.LAWYER)
    case = Case.objects.create(
        organisation=organisation,
        reference=reference,
        created_by=user,
        client_name=name,
        notes="Works nights at the greenhouse",
        status="closed" if closed_at else "open",
        closed_at=closed_at,
    )
    CaseMember.objects.get_or_create(case=case, user=user)
    item = EvidenceItem.objects.create(case=case, item="custom", custom_label="pay stubs")
    ref = save_upload(case, SimpleUploadedFile("stub.txt", b"paid 3 dollars an hour"))
    EvidenceFile.objects.create(
        evidence=item, case=case, name="stub.txt", storage_name=ref, size=22, uploaded_by=user
    )
    return case


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_brings_everything_back():
    case = make_case("R-1", "Ines Moreau")
    audit.record(None, Action.READ, obj=case, case=case)
    archive = make_backup()
    assert b"Ines" not in archive and b"greenhouse" not in archive
    Case.objects.create(
        organisation=case.organisation,
        reference="AFTER",
        created_by=case.created_by,
        client_name="x",
    )
    restore_backup(archive)
    assert sorted(Case.objects.values_list("reference", flat=True)) == ["R-1"]
    restored = Case.objects.get(reference="R-1")
    assert restored.client_name == "Ines Moreau"
    stored = EvidenceFile.objects.get(case=restored)
    assert open_upload(restored, stored.storage_name).data == b"paid 3 dollars an hour"
    assert audit.verify()[1] is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", [10, -40, "truncate", "append"])
def test_restore_refuses_an_altered_archive(where):
    archive = bytearray(make_backup())
    if where == "truncate":
        archive = archive[: len(archive) // 2]
    elif where == "append":
        archive += archive[-100:]
    else:
        archive[where] ^= 0x01
    with pytest.raises(BackupRefused):
        open_archive(bytes(archive))
    with pytest.raises(BackupRefused):
        restore_backup(bytes(archive))


@pytest.mark.django_db(transaction=True)
def test_a_case_deleted_after_a_backup_stays_deleted_when_the_backup_is_restored():
    case = make_case("GONE", "Paulo Reyes")
    key_id = case.data_key_id
    archive = make_backup()
    case.delete()
    with pytest.raises(KeyDestroyed):
        get_data_key(key_id)
    result = restore_backup(archive)
    assert result["removed"] == 1
    assert not Case.objects.filter(reference="GONE").exists()
    with pytest.raises(KeyDestroyed):
        get_data_key(key_id)


@pytest.mark.django_db(transaction=True)
def test_retention_purges_only_cases_closed_long_enough_ago_and_destroys_their_keys(settings):
    settings.RECOURS_RETENTION_YEARS = 7
    now = timezone.now()
    old = make_case("OLD", "A", closed_at=now - datetime.timedelta(days=365 * 7 + 10))
    recent = make_case("RECENT", "B", closed_at=now - datetime.timedelta(days=365 * 6))
    make_case("OPEN", "C")
    assert purge(dry_run=True) == ["OLD"]
    assert Case.objects.filter(reference="OLD").exists()
    assert purge() == ["OLD"]
    assert sorted(Case.objects.values_list("reference", flat=True)) == ["OPEN", "RECENT"]
    with pytest.raises(KeyDestroyed):
        get_data_key(old.data_key_id)
    assert get_data_key(recent.data_key_id)
    entry = AuditEntry.objects.get(action=Action.PURGE)
    assert entry.case_id == str(old.pk) and entry.actor_id is None


@pytest.mark.django_db
def test_the_export_holds_everything_about_the_person_in_readable_form():
    case = make_case("EXP-1", "Ines Moreau")
    data = person_export(case)
    text = str(data)
    for value in ("Ines Moreau", "Works nights at the greenhouse", "pay stubs", "stub.txt"):
        assert value in text
    assert "rcx1:" not in text and case.data_key_id not in text


@pytest.mark.django_db
def test_the_export_page_needs_fresh_authentication_and_is_audited():
    case = make_case("EXP-2", "Ines Moreau")
    client = Client()
    sign_in(client, case.created_by, recent_auth=False)
    url = f"/en/cases/{case.pk}/export/"
    assert client.get(url)["Location"].startswith("/en/accounts/confirm/")
    sign_in(client, case.created_by)
    page = client.get(url)
    assert page.status_code == 200 and "Ines Moreau" in page.content.decode()
    assert AuditEntry.objects.filter(action=Action.EXPORT, case_id=str(case.pk)).exists()
    as_file = client.get(url + "?format=json")
    assert as_file["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_someone_outside_the_team_cannot_export():
    case = make_case("EXP-3", "Ines Moreau")
    other_org = Organisation.objects.create(slug="other", name="Other")
    stranger = get_user_model().objects.create_user("stranger")
    Membership.objects.create(user=stranger, organisation=other_org, role=Role.LAWYER)
    client = Client()
    sign_in(client, stranger)
    assert client.get(f"/en/cases/{case.pk}/export/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_deleting_a_case_on_request_needs_fresh_authentication_and_its_reference():
    case = make_case("DEL-1", "Ines Moreau")
    client = Client()
    url = f"/en/cases/{case.pk}/delete/"
    sign_in(client, case.created_by, recent_auth=False)
    assert client.post(url, {"reference": "DEL-1"})["Location"].startswith("/en/accounts/confirm/")
    sign_in(client, case.created_by)
    assert client.post(url, {"reference": "DEL-2"}).status_code == 400
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_case_destroys_its_key_and_files_and_is_audited():
    case = make_case("DEL-3", "Ines Moreau")
    stored = EvidenceFile.objects.get(case=case).storage_name
    client = Client()
    sign_in(client, case.created_by)
    response = client.post(f"/en/cases/{case.pk}/delete/", {"reference": "DEL-3"})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    with pytest.raises(KeyDestroyed):
        get_data_key(case.data_key_id)
    with pytest.raises((KeyDestroyed, FileNotFoundError)):  # the file is gone with its key
        open_upload(case, stored)
    entry = AuditEntry.objects.get(action=Action.DELETE, case_id=str(case.pk))
    assert entry.actor_id == case.created_by.pk


@pytest.mark.django_db
def test_only_a_lawyer_or_an_organisation_admin_may_delete_a_case():
    case = make_case("DEL-4", "Ines Moreau")
    advocate = get_user_model().objects.create_user("advocate")
    Membership.objects.create(user=advocate, organisation=case.organisation, role=Role.ADVOCATE)
    CaseMember.objects.create(case=case, user=advocate)
    client = Client()
    sign_in(client, advocate)
    assert client.post(f"/en/cases/{case.pk}/delete/", {"reference": "DEL-4"}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()
