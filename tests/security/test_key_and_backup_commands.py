import pytest

from recours.cli import main
from recours.crypto import keys
from recours.security.backup import open_archive

pytestmark = pytest.mark.django_db(transaction=True)


def test_keys_rotate_moves_every_data_key_to_a_new_kek_and_data_still_opens(dossier_model, capsys):
    dossier = dossier_model.objects.create(name="Before rotation")
    old_active = keys.keyring().active_id
    assert main(["keys", "rotate", "--new-development-kek"]) == 0
    new_active = keys.keyring().active_id
    assert new_active != old_active
    assert set(keys.keystore().kek_ids_in_use()) == {new_active}
    assert dossier_model.objects.get(pk=dossier.pk).name == "Before rotation"
    assert "re-wrapped" in capsys.readouterr().out


def test_backup_command_writes_a_private_encrypted_file_and_restore_refuses_a_tampered_one(
    tmp_path, capsys
):
    archive = tmp_path / "site.rcb"
    assert main(["backup", str(archive)]) == 0
    assert archive.stat().st_mode & 0o077 == 0
    open_archive(archive.read_bytes())
    damaged = bytearray(archive.read_bytes())
    damaged[-5] ^= 0xFF
    (tmp_path / "damaged.rcb").write_bytes(bytes(damaged))
    assert main(["restore", str(tmp_path / "damaged.rcb"), "--yes"]) == 1
    assert "restore refused" in capsys.readouterr().out
    assert main(["restore", str(archive), "--yes"]) == 0
    assert "audit trail intact" in capsys.readouterr().out


def test_retention_command_dry_run_deletes_nothing(capsys):
    assert main(["retention", "purge", "--dry-run"]) == 0
    assert "would purge 0 closed cases" in capsys.readouterr().out
