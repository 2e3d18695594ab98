"""Invented partners, resources and needs: the issue's "large city" has 2,000 partners, 20,000 resources and
50,000 needs. `generate` is the resources benchmark's data (bench/resources_bench.py); `bench_data` is the
module's generator for `manage.py bench_data` (declared on the module's AppConfig). Rows go in with
bulk_create (no services: 72,000 historical rows need no audit entries)."""

from __future__ import annotations

import time
from datetime import date, timedelta

CATEGORIES = ["food", "shelter", "health", "psychosocial", "education", "transport", "elderly", "disabilities",
              "information", "other"]
KINDS = ["professional_staff", "convertible_skills", "volunteers", "information_network", "emergency_channel",
         "cooperation", "infrastructure", "protected_space", "funding"]
FAMILY = {"professional_staff": "human", "convertible_skills": "human", "volunteers": "human",
          "information_network": "relations", "emergency_channel": "relations", "cooperation": "relations",
          "infrastructure": "physical", "protected_space": "physical", "funding": "physical"}
NEIGHBOURHOODS = ["עין אור", "שכונת הגפן", "רמת הדקל", "נווה שלום", "מרכז העיר", "אזור התעשייה", "גבעת הזיתים",
                  "حي الزيتون", "حي الكرمة", "שכונת הפרחים", "הכפר הירוק", "שכונת האגם", "المركز القديم",
                  "קריית החינוך", "נווה ים", "רמת אשכול", "حي النور", "שכונת הרקפות", "גבעת התמר", "השכונה הצפונית"]
PARTNER_STEMS = ["עמותת לב חם", "יד ביד", "חסדי נעמי", "מרכז קהילתי", "جمعية الأمل", "תנועת נוער", "קרן הגליל",
                 "جمعية السلام", "בית חב\"ד", "מועדון רוטרי", "מכולת השכונה", "רשת מרכולים", "جمعية النهضة"]
RESOURCE_NAMES = {"professional_staff": "עובדות סוציאליות", "convertible_skills": "נהגים עם רישיון אוטובוס",
                  "volunteers": "מתנדבי חלוקה", "information_network": "רשת רכזי בניינים",
                  "emergency_channel": "קבוצת ווטסאפ שכונתית", "cooperation": "הסכם שיתוף עם המתנ\"ס",
                  "infrastructure": "מטבח תעשייתי", "protected_space": "מקלט ציבורי", "funding": "קרן סיוע"}
NEED_TITLES = {"food": "מנות מזון חמות", "shelter": "מקומות לינה", "health": "ליווי רפואי", "psychosocial":
               "תמיכה רגשית", "education": "מסגרות לימוד", "transport": "הסעות", "elderly": "ביקורי בית לקשישים",
               "disabilities": "הסעה נגישה", "information": "מידע בערבית", "other": "ציוד כללי"}


def generate(city, *, partners: int, resources: int, needs: int) -> dict:
    """Neighbourhoods, partners, resources and needs of one authority."""
    from django_scopes import scope

    from merhav.resources.models import Need, Neighbourhood, Partner, Resource
    from merhav.resources.validators import with_check_digit

    today = date.today()
    started = time.perf_counter()
    with scope(authority=city):
        places = Neighbourhood.objects.bulk_create(
            [Neighbourhood(authority=city, name=NEIGHBOURHOODS[n]) for n in range(20)])
        partner_rows = Partner.objects.bulk_create([
            Partner(authority=city, name=f"{PARTNER_STEMS[n % len(PARTNER_STEMS)]} {n}",
                    kind="amuta" if n % 2 else "company",
                    registration_number=with_check_digit(f"58{n:06d}") if n % 2 else "",
                    fields_of_activity="מזון, חינוך, רווחה", populations_served="משפחות")
            for n in range(partners)], batch_size=2000)
        Resource.objects.bulk_create([
            Resource(authority=city, name=f"{RESOURCE_NAMES[KINDS[n % 9]]} {n}", kind=KINDS[n % 9],
                     family=FAMILY[KINDS[n % 9]], category=CATEGORIES[n % 10], capacity=50 + n % 50,
                     allocated=(n % 5) * 10, unit="יחידות", neighbourhood=places[n % 20],
                     partner=partner_rows[n % len(partner_rows)], verified_on=today - timedelta(days=n % 400))
            for n in range(resources)], batch_size=2000)
        Need.objects.bulk_create([
            Need(authority=city, title=f"{NEED_TITLES[CATEGORIES[n % 10]]} — {NEIGHBOURHOODS[n % 20]}",
                 category=CATEGORIES[n % 10], neighbourhood=places[n % 20],
                 population_group="משפחות", urgency=1 + n % 4, quantity=20 + n % 80, covered=n % 20,
                 status="partly" if n % 20 else "open")
            for n in range(needs)], batch_size=2000)
    return {"generate_s": round(time.perf_counter() - started, 1), "partners": partners, "resources": resources,
            "needs": needs}


def bench_data(context) -> dict[str, int]:
    """manage.py bench_data: 2,000 partners, 20,000 resources and 50,000 needs in the large city at `large`."""
    counts: dict[str, int] = {}
    for authority in context.authorities:
        sizes = {"partners": context.size(2_000, authority=authority),
                 "resources": context.size(20_000, authority=authority),
                 "needs": context.size(50_000, authority=authority)}
        generate(authority, **sizes)
        counts["resources.Neighbourhood"] = counts.get("resources.Neighbourhood", 0) + 20
        for name, model in (("partners", "Partner"), ("resources", "Resource"), ("needs", "Need")):
            counts[f"resources.{model}"] = counts.get(f"resources.{model}", 0) + sizes[name]
    return counts
