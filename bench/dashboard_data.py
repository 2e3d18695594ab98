"""Generate the platform-wide data the dashboard benchmark runs on: authorities, departments, users, memberships.

    from bench.dashboard_data import generate
    generate(authorities=50, users=5000)     # on a migrated database, inside django.setup()

Every user has a membership in one authority (round robin), one in ten also in a second one; each authority
has a CEO, an authority admin and an auditor, department heads for a tenth of its people, the rest staff,
viewers and partnership managers. Each user has a few notifications (the header shows the unread count).
Rows go in with bulk_create; every user shares one password hash (hashing 5,000 passwords would take
longer than the benchmark). All names are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BENCH_PASSWORD = "bench-password-2026"
LANGUAGES = ["he", "he", "he", "ar", "en"]
FIRST_NAMES = ["נועה", "אבי", "מיכל", "סמיר", "רונית", "יואב", "ליאת", "דן", "הילה", "עומר", "ענבל", "אחמד", "רים", "יוסף"]
LAST_NAMES = ["ברק", "שרון", "דוד", "חורי", "אלון", "כהן", "מזרחי", "פרידמן", "נחום", "לוי", "גבאי", "סעדי", "עודה"]


@dataclass
class Generated:
    authorities: list
    users: list
    memberships: int
    notifications: int


def generate(*, authorities: int = 50, users: int = 5000, seed: int = 2026, notifications_per_user: int = 3) -> Generated:
    from django.contrib.auth.hashers import make_password
    from django_scopes import scopes_disabled

    from merhav.accounts.models import User
    from merhav.notify.models import Notification
    from merhav.tenancy.models import Authority, Department, Membership, Region, StandardDepartment
    from merhav.tenancy.roles import Role

    rng = random.Random(seed)
    with scopes_disabled():
        region = Region.objects.create(slug="bench-region", name_he="אשכול בדיקה", name_en="Bench cluster")
        kinds = list(Authority.Kind.values)
        created = Authority.objects.bulk_create(
            [
                Authority(
                    name_he=f"רשות בדיקה {n}", name_ar=f"سلطة اختبار {n}", name_en=f"Bench Authority {n}",
                    slug=f"bench-{n:03d}", code=str(70000 + n), kind=kinds[n % len(kinds)],
                    district=Authority.District.NORTH, population=rng.randint(3000, 250000), region=region,
                )
                for n in range(1, authorities + 1)
            ]
        )
        created = list(Authority.objects.filter(slug__startswith="bench-").order_by("pk"))
        Department.objects.bulk_create(
            [Department(authority=a, kind=kind) for a in created for kind in StandardDepartment.values]
        )
        departments: dict[int, list[Department]] = {}
        for d in Department.objects.filter(authority__in=created).order_by("pk"):
            departments.setdefault(d.authority_id, []).append(d)

        password = make_password(BENCH_PASSWORD)
        User.objects.bulk_create(
            [
                User(
                    email=f"user{n:05d}@bench.example",
                    full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    password=password,
                    language=rng.choice(LANGUAGES),
                )
                for n in range(users)
            ],
            batch_size=1000,
        )
        people = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))

        leading = [Role.CEO, Role.AUTHORITY_ADMIN, Role.AUDITOR]
        others = [Role.STAFF, Role.STAFF, Role.STAFF, Role.VIEWER, Role.PARTNERSHIPS_MANAGER, Role.INTAKE_COORDINATOR]
        memberships = []
        seen_in_authority: dict[int, int] = {}
        for n, user in enumerate(people):
            homes = [created[n % len(created)]]
            if n % 10 == 9:
                homes.append(created[(n * 7 + 3) % len(created)])
            for authority in dict.fromkeys(homes):
                index = seen_in_authority.get(authority.pk, 0)
                seen_in_authority[authority.pk] = index + 1
                if index < len(leading):
                    role = leading[index]
                elif index % 10 == 0:
                    role = Role.DEPARTMENT_HEAD
                else:
                    role = rng.choice(others)
                memberships.append(
                    Membership(
                        authority=authority, user=user, role=role,
                        department=rng.choice(departments[authority.pk]) if role != Role.AUDITOR else None,
                        title="",
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=2000)

        notes = [
            Notification(
                recipient=user, authority=created[n % len(created)], kind="bench",
                title=f"הודעה {k} למשתמש {n}", body="", url="",
            )
            for n, user in enumerate(people)
            for k in range(notifications_per_user)
        ]
        Notification.objects.bulk_create(notes, batch_size=2000)
    return Generated(authorities=created, users=people, memberships=len(memberships), notifications=len(notes))
