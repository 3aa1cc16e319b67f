import pytest
from django.db import connection, transaction

from recours.crypto import KeyDestroyed, Tampered, keyed_hash
from recours.crypto import keys as keymod
from recours.crypto.fields import PREFIX
from recours.crypto.files import open_upload, save_upload
from recours.crypto.keys import KeyStore, parse_keyring

pytestmark = pytest.mark.django_db


def raw_column(model, column, pk):
    """The stored value, bypassing the ORM (column and table are test constants: S608 noted)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_it_stores_only_ciphertext_and_reads_back_the_plaintext(dossier_model):
    dossier = dossier_model.objects.create(name="Marie Dupont", facts={"sector": "farm"})
    stored_name = raw_column(dossier_model, "name", dossier.pk)
    stored_facts = raw_column(dossier_model, "facts", dossier.pk)
    assert stored_name.startswith(PREFIX) and "Marie" not in stored_name
    assert "farm" not in stored_facts
    again = dossier_model.objects.get(pk=dossier.pk)
    assert again.name == "Marie Dupont"
    assert again.facts == {"sector": "farm"}


def test_the_same_value_encrypts_differently_each_time(dossier_model):
    first = dossier_model.objects.create(name="Same")
    second = dossier_model.objects.create(name="Same")
    assert raw_column(dossier_model, "name", first.pk) != raw_column(
        dossier_model, "name", second.pk
    )


def test_each_case_gets_its_own_data_key(dossier_model):
    first = dossier_model.objects.create(name="A")
    second = dossier_model.objects.create(name="B")
    assert first.data_key_id != second.data_key_id
    assert first.data_key() != second.data_key()


def test_an_altered_ciphertext_is_refused(dossier_model):
    dossier = dossier_model.objects.create(name="Marie")
    stored = raw_column(dossier_model, "name", dossier.pk)
    flipped = stored[:-3] + ("A" if stored[-3] != "A" else "B") + stored[-2:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_dossier SET name = %s WHERE id = %s", [flipped, dossier.pk])
    with pytest.raises(Tampered):
        _ = dossier_model.objects.get(pk=dossier.pk).name


def test_a_ciphertext_moved_to_another_row_does_not_open(dossier_model):
    """The associated data binds a value to its row: swapping rows in the database fails."""
    victim = dossier_model.objects.create(name="Victim")
    other = dossier_model.objects.create(name="Other")
    other.data_key_id = victim.data_key_id  # even under the same key
    other.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE crypto_dossier SET name = %s WHERE id = %s",
            [raw_column(dossier_model, "name", victim.pk), other.pk],
        )
    with pytest.raises(Tampered):
        _ = dossier_model.objects.get(pk=other.pk).name


def test_a_ciphertext_moved_to_another_field_does_not_open(dossier_model):
    dossier = dossier_model.objects.create(name='"x"', facts="x")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE crypto_dossier SET facts = %s WHERE id = %s",
            [raw_column(dossier_model, "name", dossier.pk), dossier.pk],
        )
    with pytest.raises(Tampered):
        _ = dossier_model.objects.get(pk=dossier.pk).facts


def test_plaintext_cannot_reach_the_database_through_update_or_be_searched(dossier_model):
    dossier_model.objects.create(name="Marie")
    with pytest.raises(ValueError, match="plaintext"):
        dossier_model.objects.update(name="Leak")
    with pytest.raises(ValueError, match="plaintext"):
        list(dossier_model.objects.filter(name="Marie"))


def test_child_rows_use_their_cases_key(dossier_model, page_model):
    dossier = dossier_model.objects.create(name="A")
    page = page_model.objects.create(dossier=dossier, text="the person's own account")
    assert "own account" not in raw_column(page_model, "text", page.pk)
    assert page_model.objects.get(pk=page.pk).text == "the person's own account"


def test_an_unread_value_is_saved_without_being_decrypted_or_changed(dossier_model):
    dossier = dossier_model.objects.create(name="Keep", label="a")
    before = raw_column(dossier_model, "name", dossier.pk)
    again = dossier_model.objects.get(pk=dossier.pk)
    again.label = "b"
    again.save()
    assert raw_column(dossier_model, "name", dossier.pk) == before


@pytest.mark.django_db(transaction=True)
def test_deleting_a_case_destroys_its_key_so_a_copy_of_the_row_cannot_be_read(dossier_model):
    dossier = dossier_model.objects.create(name="Gone")
    key_id = dossier.data_key_id
    stolen_copy = raw_column(dossier_model, "name", dossier.pk)
    with transaction.atomic():
        dossier_model.objects.filter(pk=dossier.pk).delete()
    with pytest.raises(KeyDestroyed):
        keymod.get_data_key(key_id)
    assert stolen_copy.startswith(PREFIX)


def test_a_rolled_back_delete_keeps_the_key(dossier_model):
    dossier = dossier_model.objects.create(name="Stays")
    try:
        with transaction.atomic():
            dossier.delete()
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    assert keymod.get_data_key(dossier.data_key_id)


def test_encrypted_upload_round_trip_and_nothing_readable_on_disk(dossier_model, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = dossier_model.objects.create(name="A")
    upload = SimpleUploadedFile("pay-stub-marie.pdf", b"%PDF wages 3.50/h", "application/pdf")
    ref = save_upload(dossier, upload)
    files = [p for p in (settings.MEDIA_ROOT / "vault").rglob("*") if p.is_file()]
    assert len(files) == 1
    assert "marie" not in str(files[0]) and ref in files[0].name
    assert b"wages" not in files[0].read_bytes() and b"marie" not in files[0].read_bytes()
    opened = open_upload(dossier, ref)
    assert (opened.name, opened.content_type, opened.data) == (
        "pay-stub-marie.pdf",
        "application/pdf",
        b"%PDF wages 3.50/h",
    )


def test_an_upload_does_not_open_under_another_cases_key(dossier_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = dossier_model.objects.create(name="A")
    ref = save_upload(owner, SimpleUploadedFile("a.txt", b"secret"))
    other = dossier_model.objects.create(name="B")
    other_key_id = other.data_key_id
    other.data_key_id = owner.data_key_id
    path_owner = other  # same folder, different key
    path_owner.data_key = lambda: keymod.get_data_key(other_key_id)
    with pytest.raises(Tampered):
        open_upload(path_owner, ref)


def test_keyed_hash_matches_spelling_variants_and_reveals_nothing():
    assert keyed_hash("Marie  DUPONT", "client-name") == keyed_hash("marie dupont", "client-name")
    assert keyed_hash("marie dupont", "client-name") != keyed_hash("marie dupont", "phone")
    assert "marie" not in keyed_hash("marie dupont", "client-name")


def test_rotation_rewraps_every_key_under_the_new_kek_and_data_still_opens(tmp_path, monkeypatch):
    old = "old:" + "A" * 43 + "="
    new = "new:" + "B" * 43 + "="
    monkeypatch.setenv("RECOURS_KEK", old)
    keymod.keyring.cache_clear()
    store = KeyStore(tmp_path / "keys.sqlite3")
    key_id = store.create()
    data_key = store.get(key_id)
    monkeypatch.setenv("RECOURS_KEK", f"{new},{old}")
    keymod.keyring.cache_clear()
    count, before = store.rewrap_all()
    assert (count, before) == (1, {"old": 1})
    assert store.kek_ids_in_use() == {"new": 1}
    monkeypatch.setenv("RECOURS_KEK", new)  # the old KEK retired
    keymod.keyring.cache_clear()
    assert store.get(key_id) == data_key
    keymod.keyring.cache_clear()


def test_a_retired_kek_makes_keys_wrapped_under_it_unreadable(tmp_path, monkeypatch):
    monkeypatch.setenv("RECOURS_KEK", "old:" + "A" * 43 + "=")
    keymod.keyring.cache_clear()
    store = KeyStore(tmp_path / "keys.sqlite3")
    key_id = store.create()
    monkeypatch.setenv("RECOURS_KEK", "new:" + "B" * 43 + "=")
    keymod.keyring.cache_clear()
    with pytest.raises(keymod.KeyMissing):
        store.get(key_id)
    keymod.keyring.cache_clear()


def test_a_malformed_keyring_stops_the_site():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_keyring("k1:not-base64!")
    with pytest.raises(ImproperlyConfigured):
        parse_keyring("k1:" + "QUJD")  # 3 bytes, not 32


def test_dumpdata_writes_ciphertext_and_loaddata_reads_it_back(dossier_model, tmp_path):
    from django.core.management import call_command

    dossier = dossier_model.objects.create(name="Marie Dupont", facts={"sector": "farm"})
    dump = tmp_path / "dump.json"
    call_command("dumpdata", "crypto.dossier", output=str(dump), verbosity=0)
    assert "Marie" not in dump.read_text() and "farm" not in dump.read_text()
    dossier_model.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    again = dossier_model.objects.get(pk=dossier.pk)
    assert (again.name, again.facts) == ("Marie Dupont", {"sector": "farm"})
