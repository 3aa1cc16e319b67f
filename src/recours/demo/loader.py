"""Load the fictional demo data from the fixture files beside this module.

Loading is idempotent: an object that already exists (matched by its natural key) is left as it
is, so running ``make demo`` again never overwrites work done on the demo site.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

DEMO_DIR = Path(__file__).resolve().parent


def read_fixture(name):
    with (DEMO_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass
class DemoReport:
    created: dict = field(default_factory=dict)
    sign_ins: list = field(default_factory=list)

    def count(self, kind, was_created):
        self.created[kind] = self.created.get(kind, 0) + (1 if was_created else 0)

    def describe(self):
        lines = ["Demo data: " + ", ".join(f"{n} {k} created" for k, n in self.created.items())]
        if self.sign_ins:
            lines.append("Demo sign-in (fictional accounts):")
            lines.extend(f"  {line}" for line in self.sign_ins)
        return "\n".join(lines)


def load_organisations(report):
    from recours.accounts.models import Organisation

    for organisation in read_fixture("accounts.yaml")["organisations"]:
        _, created = Organisation.objects.get_or_create(
            slug=organisation["slug"], defaults={"name": organisation["name"]}
        )
        report.count("organisations", created)


def load_accounts(report):
    """Accounts with their role and a fixed, public TOTP key, so a newcomer can sign in."""
    import base64

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from recours.accounts.models import Membership, Organisation

    fixture = read_fixture("accounts.yaml")
    user_model = get_user_model()
    profile_fields = {"first_name", "last_name", "email"}
    for account in fixture["accounts"]:
        user, created = user_model.objects.get_or_create(
            username=account["username"],
            defaults={k: v for k, v in account.items() if k in profile_fields},
        )
        if created:
            user.set_password(fixture["password"])
            user.save(update_fields=["password"])
            Membership.objects.create(
                user=user,
                organisation=Organisation.objects.get(slug=account["organisation"]),
                role=account["role"],
            )
            TOTPDevice.objects.create(
                user=user,
                name="demo authenticator",
                key=base64.b32decode(account["totp_key"]).hex(),
                confirmed=True,
            )
            for name in account.get("permissions", []):
                app_label, codename = name.split(".")
                user.user_permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
        report.count("accounts", created)
        report.sign_ins.append(
            f"{account['username']} / {fixture['password']} / TOTP key {account['totp_key']}"
            f"  ({account['role']}, {account['organisation']})"
        )


def load_cases(report):
    """Fictional cases across provinces, sectors and statuses, with their teams."""
    from recours.cases.demo import load_cases as load

    load(report, read_fixture("cases.yaml"))


SECTIONS = [load_organisations, load_accounts, load_cases]


@transaction.atomic
def load_demo():
    report = DemoReport()
    for section in SECTIONS:
        section(report)
    return report
