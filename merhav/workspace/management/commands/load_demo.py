"""Load the demo: a fictional city, its departments, one user per role, and a neighbour in the region.

Idempotent: running it again changes nothing that is already there. All people are invented.
"""

from django.core.management import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from merhav.accounts.models import User
from merhav.core.modules import demo_loaders
from merhav.tenancy import services
from merhav.tenancy.models import Authority, Department, Membership, Region, StandardDepartment
from merhav.tenancy.roles import ROLES_REQUIRING_2FA, Role

DEMO_PASSWORD = "merhav-demo-2026"
# A published demo key so that reviewers can add the demo users to an authenticator app, or print a
# code with `manage.py demo_otp EMAIL`. Demo only: real users enrol their own device.
DEMO_TOTP_KEY_HEX = "4d65726861762d64656d6f2d746f74702d6b6579"

CITY = {
    "slug": "givat-zamir",
    "code": "9901",
    "name_he": "גבעת זמיר",
    "name_ar": "جفعات زمير",
    "name_en": "Givat Zamir",
    "kind": Authority.Kind.CITY,
    "district": Authority.District.NORTH,
    "population": 48200,
}
NEIGHBOUR = {
    "slug": "kfar-shalva",
    "code": "9902",
    "name_he": "כפר שלווה",
    "name_ar": "كفر شالفا",
    "name_en": "Kfar Shalva",
    "kind": Authority.Kind.LOCAL_COUNCIL,
    "district": Authority.District.NORTH,
    "population": 9300,
}

# (email, full name, role, department kind, job title)
CITY_USERS = [
    ("admin@givat-zamir.example", "נועה ברק", Role.AUTHORITY_ADMIN, StandardDepartment.IT, "מנמ\"רית"),
    ("ceo@givat-zamir.example", "אבי שרון", Role.CEO, StandardDepartment.CEO_OFFICE, "מנכ\"ל העירייה"),
    ("dovrut@givat-zamir.example", "מיכל דוד", Role.DEPARTMENT_HEAD, StandardDepartment.PUBLIC_INFORMATION, "ראש מכלול הסברה"),
    ("education@givat-zamir.example", "סמיר חורי", Role.DEPARTMENT_HEAD, StandardDepartment.EDUCATION, "מנהל אגף החינוך"),
    ("welfare@givat-zamir.example", "רונית אלון", Role.DEPARTMENT_HEAD, StandardDepartment.WELFARE, "מנהלת אגף הרווחה"),
    ("staff@givat-zamir.example", "יואב כהן", Role.STAFF, StandardDepartment.SECURITY, "קב\"ט"),
    ("partnerships@givat-zamir.example", "ליאת מזרחי", Role.PARTNERSHIPS_MANAGER, StandardDepartment.PARTNERSHIPS, "מנהלת שותפויות ומשאבי קהילה"),
    ("auditor@givat-zamir.example", "דן פרידמן", Role.AUDITOR, None, "מבקר העירייה"),
    ("intake@givat-zamir.example", "הילה נחום", Role.INTAKE_COORDINATOR, StandardDepartment.WELFARE, "רכזת קליטה"),
    ("viewer@givat-zamir.example", "עומר לוי", Role.VIEWER, None, "חבר מועצה"),
    # For the seed's "Ein Or" example: the city engineer and the manager of the municipal hotline (106).
    ("engineering@givat-zamir.example", "אורי גולן", Role.DEPARTMENT_HEAD, StandardDepartment.ENGINEERING, "מהנדס העיר"),
    ("hotline@givat-zamir.example", "סהר אזולאי", Role.DEPARTMENT_HEAD, StandardDepartment.HOTLINE, "מנהלת המוקד העירוני"),
]
NEIGHBOUR_USERS = [
    ("ceo@kfar-shalva.example", "ענבל גבאי", Role.CEO, StandardDepartment.CEO_OFFICE, "מנכ\"לית המועצה"),
    ("staff@kfar-shalva.example", "אחמד סעדי", Role.STAFF, StandardDepartment.ENGINEERING, "מהנדס"),
]
NATIONAL_ADMIN = ("admin@merhav.example", "מנהלת מערכת ארצית")


def ensure_user(email: str, full_name: str, **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, **extra)
    return user


def ensure_demo_device(user: User) -> None:
    TOTPDevice.objects.get_or_create(
        user=user, name="demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
    )


def ensure_authority(spec: dict, region: Region) -> Authority:
    authority = Authority.objects.filter(slug=spec["slug"]).first()
    return authority or services.create_authority(region=region, **spec)


def ensure_members(authority: Authority, users: list) -> None:
    for email, name, role, dept_kind, title in users:
        user = ensure_user(email, name)
        department = Department.objects.filter(authority=authority, kind=dept_kind).first() if dept_kind else None
        if not Membership.objects.filter(authority=authority, user=user).exists():
            services.set_membership(authority=authority, user=user, role=role, department=department, title=title)
        if role in ROLES_REQUIRING_2FA:
            ensure_demo_device(user)


class Command(BaseCommand):
    help = "Load the demo authorities and users (idempotent)."

    @transaction.atomic
    @scopes_disabled()
    def handle(self, *args, **options):
        region, _ = Region.objects.get_or_create(
            slug="western-hills",
            defaults={"name_he": "אשכול הגבעות המערביות", "name_ar": "تجمع التلال الغربية", "name_en": "Western Hills cluster"},
        )
        city = ensure_authority(CITY, region)
        neighbour = ensure_authority(NEIGHBOUR, region)
        ensure_members(city, CITY_USERS)
        ensure_members(neighbour, NEIGHBOUR_USERS)
        admin = ensure_user(NATIONAL_ADMIN[0], NATIONAL_ADMIN[1], is_national_admin=True)
        ensure_demo_device(admin)
        for load_module_demo in demo_loaders():
            load_module_demo(city=city, neighbour=neighbour, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Password for every demo user: {DEMO_PASSWORD}"))
