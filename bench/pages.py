"""Server time of the case list and the plan page with 10,000 cases in the database (SQLite).

Builds a throw-away data folder, fills it with CASES encrypted cases of one organisation (the
signed-in lawyer is on every team: the worst case for the list), then times requests through
Django's full middleware stack in-process (test client, so no network) and prints percentiles.

The plan page is timed uncached, as every day's first visit is: deadlines depend on the date,
so the section kept yesterday is stale. Each picked case (distinct, at random) is visited once
"yesterday" (`plan_page_first_ever_*`: no section kept yet), then once today
(`plan_page_*`, the target: the engine runs, the section is rendered and replaces yesterday's),
then again today (`plan_page_cached_p95_ms`: the kept section is served). The `*_cpu_p95_ms`
figures are this process's CPU time per request: on a shared machine they move less with the
load than the wall-clock times the target is checked on.

    .venv/bin/python bench/pages.py [--cases 10000] [--requests 300]

The last line printed is one JSON object.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

SEED = 20261128


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def setup(data_dir):
    os.environ["RECOURS_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "recours.site.settings"
    os.environ["RECOURS_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", interactive=False, verbosity=0)


def situation(rng):
    """A plausible situation; values vary so that plans differ from case to case."""
    return {
        "jurisdiction": rng.choice(["ON", "BC", "QC", "AB", "MB", "NS", "SK", "NB"]),
        "person": {"age": rng.randint(18, 65), "needs_interpreter": rng.random() < 0.6},
        "immigration": {
            "status": rng.choice(["work_permit", "out_of_status", "visitor", "refugee_claimant"]),
            "work_permit_type": rng.choice(["employer_specific", "open", "none"]),
        },
        "exploitation": {
            "types": [rng.choice(["labour", "sexual", "domestic_servitude"])],
            "indicators": rng.sample(
                [
                    "cd.documents_confiscated",
                    "cd.threat_denounce_authorities",
                    "ex.excessive_days_hours",
                    "ex.low_or_no_pay",
                    "vd.dependency_on_exploiters",
                    "dr.deceived_wages",
                ],
                k=rng.randint(0, 4),
            ),
        },
        "work": {
            "sector": rng.choice(["agriculture", "cleaning", "caregiving", "construction"]),
            "wages_owed_cad": rng.randint(0, 20000),
            "wages_owed_since": f"2026-0{rng.randint(1, 9)}-01",
        },
        "goals": rng.sample(["stay_in_canada", "work_legally", "recover_wages", "safety"], k=2),
        "limits": rng.sample(["no_police", "must_keep_working"], k=rng.randint(0, 1)),
    }


def fill(count, rng):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from recours.accounts.models import Membership, Organisation, Role
    from recours.cases.models import Case, CaseMember

    organisation = Organisation.objects.create(name="Bench clinic", slug="bench")
    user = get_user_model().objects.create_user("bench-lawyer")  # signed in without password
    Membership.objects.create(user=user, organisation=organisation, role=Role.LAWYER)
    started = time.perf_counter()
    batch = 500
    for start in range(0, count, batch):
        with transaction.atomic():
            cases = [
                Case(
                    organisation=organisation,
                    reference=f"B-{number:06d}",
                    status=rng.choice(["intake", "open", "open", "closed"]),
                    created_by=user,
                    client_name=f"Person {number}",
                    situation=situation(rng),
                )
                for number in range(start, min(start + batch, count))
            ]
            for case in cases:
                case.save()
            CaseMember.objects.bulk_create(
                [CaseMember(case=case, user=user, role="lead") for case in cases]
            )
    print(f"filled {count} cases in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return user, list(Case.objects.values_list("pk", flat=True))


CPU_MS = {}  # url kind -> CPU time of this process per request, beside the wall-clock time


def timed(client, url, kind=None):
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    if kind:
        CPU_MS.setdefault(kind, []).append((time.process_time() - cpu) * 1000)
    return elapsed


class yesterday:
    """Plans dated the day before, as the visits of the previous day were."""

    def __enter__(self):
        from django.utils import timezone

        from recours.cases import planning

        self.planning, self.real = planning, planning.timezone
        planning.timezone = SimpleNamespace(localdate=lambda: timezone.localdate() - timedelta(1))

    def __exit__(self, *exc):
        self.planning.timezone = self.real


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="recours-bench-") as data_dir:
        setup(Path(data_dir))
        from django.test import Client

        from recours.accounts.testing import sign_in

        user, case_ids = fill(args.cases, rng)
        client = Client()
        sign_in(client, user)
        pages = max(1, args.cases // 25)
        for _ in range(10):  # warm up: templates compiled, knowledge base loaded
            timed(client, "/en/cases/")
            timed(client, f"/en/cases/{rng.choice(case_ids)}/plan/")
        list_times = [
            timed(client, f"/en/cases/?page={rng.randint(1, pages)}", "case_list")
            for _ in range(args.requests)
        ]
        picked = rng.sample(case_ids, min(args.requests, len(case_ids) - 10))
        with yesterday():
            first_times = [timed(client, f"/en/cases/{pk}/plan/") for pk in picked]
        plan_times = [timed(client, f"/en/cases/{pk}/plan/", "plan_page") for pk in picked]
        cached_times = [timed(client, f"/en/cases/{pk}/plan/") for pk in picked]
    result = {
        "cases": args.cases,
        "requests": args.requests,
        "database": "sqlite",
        "case_list_p50_ms": round(statistics.median(list_times), 2),
        "case_list_p95_ms": round(percentile(list_times, 0.95), 2),
        "plan_page_p50_ms": round(statistics.median(plan_times), 2),
        "plan_page_p95_ms": round(percentile(plan_times, 0.95), 2),
        "plan_page_first_ever_p95_ms": round(percentile(first_times, 0.95), 2),
        "plan_page_cached_p50_ms": round(statistics.median(cached_times), 2),
        "plan_page_cached_p95_ms": round(percentile(cached_times, 0.95), 2),
        "case_list_cpu_p95_ms": round(percentile(CPU_MS["case_list"], 0.95), 2),
        "plan_page_cpu_p95_ms": round(percentile(CPU_MS["plan_page"], 0.95), 2),
        "target_p95_ms": 50,
    }
    result["meets_target"] = result["case_list_p95_ms"] < 50 and result["plan_page_p95_ms"] < 50
    print(json.dumps(result))


if __name__ == "__main__":
    main()
