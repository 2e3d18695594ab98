"""The foundation's scenario data: authorities, departments, users, memberships.

`generate` is the dashboard benchmark's platform (many authorities, many users):

    from bench.dashboard_data import generate
    generate(authorities=50, users=5000)     # on a migrated database, inside django.setup()

`people` is the first step of `manage.py bench_data`: the large city and the other authorities, one user
per role in each and staff in proportion to the scale; each module's generator then adds its rows.

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


# --- manage.py bench_data: the authorities and their people ---------------------------------------------

AUTHORITY_NAMES = [
    # (slug, Hebrew, Arabic, English, kind, population)
    ("bench-city", "עיר הנחל", "مدينة الوادي", "Nahal City", "city", 220_000),
    ("bench-carmel-hills", "גבעות הכרמל", "تلال الكرمل", "Carmel Hills", "local_council", 18_000),
    ("bench-ein-tamar", "עין תמר", "عين تمر", "Ein Tamar", "regional_council", 31_000),
    ("bench-kafr-zeitun", "כפר זיתון", "كفر زيتون", "Kafr Zeitun", "local_council", 14_500),
    ("bench-migdal-or", "מגדל אור", "مجدل النور", "Migdal Or", "city", 64_000),
    ("bench-nahal-sorek", "נחל שורק", "وادي سوريك", "Nahal Sorek", "regional_council", 22_000),
    ("bench-tel-rimon", "תל רימון", "تل الرمان", "Tel Rimon", "local_council", 9_800),
    ("bench-beit-hadas", "בית הדס", "بيت الآس", "Beit Hadas", "local_council", 7_200),
]
ARABIC_FIRST = ["سمير", "رانية", "محمد", "ليلى", "أحمد", "نور", "يوسف", "مريم", "خالد", "هبة"]
ARABIC_LAST = ["خوري", "عباس", "حداد", "سعدي", "عودة", "منصور", "ناصر", "حسين"]
# Staff of the large city at the large scale (the rest of the roles: one user each).
CITY_STAFF = 600


def city_slug() -> str:
    return AUTHORITY_NAMES[0][0]


def people(*, authorities: int, factor: float, seed: int) -> tuple[list, dict, dict, dict, dict[str, int]]:
    """Create the authorities (the large city first) and their people. Returns (authorities, people by role,
    writers, departments, counts); every user's password is BENCH_PASSWORD."""
    from django.contrib.auth.hashers import make_password

    from merhav.accounts.models import User
    from merhav.core.bench import bulk
    from merhav.tenancy.models import Authority, Department, Membership, Region, StandardDepartment
    from merhav.tenancy.roles import WRITING_ROLES, Role

    if not 1 <= authorities <= len(AUTHORITY_NAMES):
        raise ValueError(f"between 1 and {len(AUTHORITY_NAMES)} authorities")
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    region = Region.objects.create(slug="bench-region", name_he="אשכול הנחל", name_ar="تجمع الوادي",
                                   name_en="Nahal cluster")
    rows = [
        Authority(slug=slug, name_he=he, name_ar=ar, name_en=en, kind=kind, district=Authority.District.NORTH,
                  population=population, code=str(88000 + n), region=region)
        for n, (slug, he, ar, en, kind, population) in enumerate(AUTHORITY_NAMES[:authorities])
    ]
    bulk(Authority, rows, counts)
    created = list(Authority.objects.filter(slug__in=[a.slug for a in rows]).order_by("pk"))
    bulk(Department, [Department(authority=a, kind=kind) for a in created for kind in StandardDepartment.values],
         counts)
    departments: dict[int, list] = {}
    for d in Department.objects.filter(authority__in=created).order_by("pk"):
        departments.setdefault(d.authority_id, []).append(d)

    password = make_password(BENCH_PASSWORD)
    users, plan = [], []
    for index, authority in enumerate(created):
        arabic = authority.slug in ("bench-kafr-zeitun", "bench-carmel-hills")
        staff = max(2, round(CITY_STAFF * factor * (1.0 if index == 0 else 0.05)))
        roles = list(Role.values) + [Role.STAFF] * staff
        for n, role in enumerate(roles):
            if arabic or n % 5 == 4:
                name, language = f"{rng.choice(ARABIC_FIRST)} {rng.choice(ARABIC_LAST)}", "ar"
            else:
                name, language = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "he"
            users.append(User(email=f"{role}{n}@{authority.slug}.bench.example", full_name=name,
                              password=password, language=language))
            plan.append((authority, role))
    users = bulk(User, users, counts)
    if users and users[0].pk is None:  # SQLite before 3.35 does not return ids
        users = list(User.objects.filter(email__endswith=".bench.example").order_by("pk"))
    memberships = []
    by_role: dict[int, dict[str, object]] = {}
    writers: dict[int, list] = {}
    heads: dict[int, int] = {}
    for user, (authority, role) in zip(users, plan, strict=True):
        own = departments[authority.pk]
        if role == Role.DEPARTMENT_HEAD:
            department = own[heads.get(authority.pk, 0) % len(own)]
            heads[authority.pk] = heads.get(authority.pk, 0) + 1
        elif role == Role.INTAKE_COORDINATOR:
            department = next(d for d in own if d.kind == StandardDepartment.WELFARE)
        elif role == Role.AUDITOR:
            department = None
        else:
            department = rng.choice(own)
        memberships.append(Membership(authority=authority, user=user, role=role, department=department, title=""))
        by_role.setdefault(authority.pk, {}).setdefault(role, user)
        if role in WRITING_ROLES:
            writers.setdefault(authority.pk, []).append(user)
    bulk(Membership, memberships, counts)
    return created, by_role, writers, departments, counts
