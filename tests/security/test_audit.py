import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from recours import audit
from recours.audit.models import Action, AuditEntry
from recours.audit.protection import protect, unprotect
from recours.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    user = get_user_model().objects.create_user("ana")
    return [audit.record(user, Action.READ, obj=user) for _ in range(5)]


@pytest.fixture
def unprotected():
    """Lift the triggers, as an attacker with database rights could, and restore them after."""
    unprotect(connection)
    yield
    protect(connection)


def test_an_intact_trail_verifies(trail, capsys):
    assert audit.verify() == (5, None, "")
    assert main(["audit", "verify"]) == 0
    assert "5 entries verified" in capsys.readouterr().out


def test_entries_hold_ids_and_actions_never_values(trail):
    entry = trail[0]
    assert set(entry.chained_fields()) == {
        "at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "case_id",
        "route",
    }
    assert entry.object_type == "auth.user" and entry.actor_label == "ana"


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"]
)
def test_the_database_refuses_to_change_or_delete_entries(trail, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.count() == 5


def test_an_altered_entry_is_found_and_verify_exits_1(trail, unprotected, capsys):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'read' WHERE id = %s", [trail[2].pk])
        cursor.execute(
            "UPDATE audit_auditentry SET actor_label = 'someone' WHERE id = %s", [trail[2].pk]
        )
    checked, bad, reason = audit.verify()
    assert (checked, bad.pk) == (2, trail[2].pk) and "altered" in reason
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"first bad entry: id {trail[2].pk}" in out


def test_a_removed_entry_is_found(trail, unprotected):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [trail[1].pk])
    checked, bad, reason = audit.verify()
    assert (checked, bad.pk) == (1, trail[2].pk) and "removed" in reason


def test_a_rewritten_chain_without_the_key_is_found(trail, unprotected):
    """Recomputing hashes with a guessed key does not help: the chain is keyed."""
    import hashlib
    import json

    entry = trail[3]
    entry.actor_label = "cover-up"
    body = json.dumps(entry.chained_fields(), sort_keys=True, separators=(",", ":"))
    forged = hashlib.sha256((entry.previous_hash + body).encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_label = %s, entry_hash = %s WHERE id = %s",
            ["cover-up", forged, entry.pk],
        )
    _, bad, _ = audit.verify()
    assert bad.pk == entry.pk


def test_case_history_lists_a_cases_entries_newest_first(trail):
    user = get_user_model().objects.get(username="ana")
    first = audit.record(user, Action.READ, obj=user, case=user)
    second = audit.record(user, Action.EXPORT, obj=user, case=user)
    assert [e.pk for e in audit.case_history(user)] == [second.pk, first.pk]
