"""Cost of the security layer: field encryption, key-store lookups, keyed hashes, Argon2, backup.

Runs in a throw-away data folder with a development key file.

    .venv/bin/python bench/crypto.py [--rounds 5000]

The last line printed is one JSON object (microseconds per operation, milliseconds for the
rest).
"""

import argparse
import json
import os
import statistics
import tempfile
import time


def per_call_us(function, rounds):
    start = time.perf_counter()
    for _ in range(rounds):
        function()
    return (time.perf_counter() - start) / rounds * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5000)
    args = parser.parse_args()
    os.environ["RECOURS_DATA_DIR"] = tempfile.mkdtemp(prefix="recours-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "recours.site.settings"
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from recours.crypto import keys
    from recours.crypto.sealing import open_bytes, seal_bytes

    call_command("migrate", verbosity=0)
    key_id = keys.create_data_key()
    data_key = keys.get_data_key(key_id)
    value = ("Account in the person's own words. " * 30).encode()  # about 1 KB
    sealed = seal_bytes(data_key, value, b"cases.case.own_account:row")
    argon = [0.0] * 5
    for i in range(5):
        start = time.perf_counter()
        make_password("a long passphrase for timing")
        argon[i] = (time.perf_counter() - start) * 1000

    from recours.security.backup import make_backup

    for _ in range(200):
        keys.create_data_key()
    start = time.perf_counter()
    archive = make_backup()
    backup_ms = (time.perf_counter() - start) * 1000
    result = {
        "seal_1kb_us": round(
            per_call_us(lambda: seal_bytes(data_key, value, b"x"), args.rounds), 1
        ),
        "open_1kb_us": round(
            per_call_us(
                lambda: open_bytes(data_key, sealed, b"cases.case.own_account:row"), args.rounds
            ),
            1,
        ),
        "keystore_get_us": round(per_call_us(lambda: keys.get_data_key(key_id), args.rounds), 1),
        "keyed_hash_us": round(per_call_us(lambda: keyed_hash_call(keys), args.rounds), 1),
        "argon2_hash_ms_median": round(statistics.median(argon), 1),
        "backup_empty_site_ms": round(backup_ms, 1),
        "backup_bytes": len(archive),
    }
    for name, number in result.items():
        print(f"{name}: {number}")
    print(json.dumps(result))


def keyed_hash_call(keys):
    return keys.keyed_hash("Marie  Dupont", "client-name:1")


if __name__ == "__main__":
    main()
