"""Database triggers that refuse UPDATE and DELETE on the audit table.

They stop the application, a bug or a casual ``DELETE`` in a database shell from changing
history. A database owner can still drop them; the keyed hash chain is what detects that.
"""

SQLITE_ON = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_OFF = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

POSTGRES_ON = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditentry",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_OFF = [
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
]


def _statements(connection, on):
    if connection.vendor == "sqlite":
        return SQLITE_ON if on else SQLITE_OFF
    if connection.vendor == "postgresql":
        return POSTGRES_ON if on else POSTGRES_OFF
    return []


def protect(connection):
    with connection.cursor() as cursor:
        for statement in _statements(connection, True):
            cursor.execute(statement)


def unprotect(connection):
    with connection.cursor() as cursor:
        for statement in _statements(connection, False):
            cursor.execute(statement)
