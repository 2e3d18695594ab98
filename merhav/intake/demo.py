"""The demo of evacuee intake for Givat Zamir (`manage.py load_demo`): the seed's second worked example
("evacuee intake": one questionnaire for every department, per-department access, an intake coordinator,
long-term services). Invented families evacuated from the "Ein Or" neighbourhood, taken in by the
city's intake coordinator; the education and welfare heads fill in their own sections. Through the
services, so the audit log fills as real use would. Idempotent: nothing is added when the city has
households already."""

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.accounts.models import User
from merhav.core.context import acting_as

from .identity import with_check_digit
from .models import Household, LongTermService, Person, SectionField, SectionKey, ServiceKind
from .services import fields as field_services
from .services import households as household_services
from .services import long_term

Kind = SectionField.Kind

QUESTIONS = (
    (SectionKey.WELFARE, "known", "מוכרים ברווחה ביישוב המקור?", Kind.YES_NO, [], True,
     "לדעת אם יש תיק רווחה פתוח שיש להעביר."),
    (SectionKey.WELFARE, "support", "צורך בתמיכה רגשית", Kind.CHOICE, ["אין", "פרטני", "משפחתי"], False,
     "להפנות לגורם טיפול מתאים."),
    (SectionKey.EDUCATION, "grade", "כיתה", Kind.CHOICE, ["גן", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט", "י",
                                                            "יא", "יב"], False, "לשבץ את הילד בבית ספר."),
    (SectionKey.EDUCATION, "school", "בית הספר ביישוב המקור", Kind.TEXT, [], False,
     "לתאם עם בית הספר המקורי."),
    (SectionKey.SPECIAL_EDUCATION, "eligible", "זכאות לחינוך מיוחד", Kind.YES_NO, [], False,
     "לשבץ במסגרת חינוך מיוחד מתאימה."),
    (SectionKey.TRANSPORT, "needs_transport", "צריך הסעה", Kind.YES_NO, [], False, "לתכנן הסעות."),
    (SectionKey.HEALTH, "medication", "תרופות קבועות", Kind.TEXT, [], False, "להבטיח רצף טיפול תרופתי."),
    (SectionKey.HOUSING, "until", "הסדר הלינה מובטח עד", Kind.DATE, [], False, "לתכנן דיור המשך."),
    (SectionKey.EMPLOYMENT, "work", "מצב תעסוקה", Kind.CHOICE, ["עובד/ת", "לא עובד/ת", "עצמאי/ת"], False,
     "להפנות לשירות התעסוקה."),
)

# (household, [(ID stem, first, last, birth date, relation)], {(person index, section): answers})
FAMILIES = (
    ({"origin_locality": "עין אור", "accommodation": Household.Accommodation.HOTEL,
      "accommodation_details": "מלון הגבעה, חדר 214", "phone": "050-0000001",
      "needs": "תרופות לאם, בגדים חמים לילדים"},
     [("1000001", "מרים", "אזולאי", date(1984, 3, 12), Person.Relation.HEAD),
      ("1000002", "יוסף", "אזולאי", date(1982, 7, 2), Person.Relation.SPOUSE),
      ("1000003", "נועם", "אזולאי", date(2015, 9, 20), Person.Relation.CHILD),
      ("1000004", "תמר", "אזולאי", date(2019, 1, 5), Person.Relation.CHILD)],
     {(0, SectionKey.WELFARE): {"known": "no", "support": "משפחתי"},
      (0, SectionKey.HEALTH): {"medication": "תרופה לחץ דם"},
      (2, SectionKey.EDUCATION): {"grade": "ד", "school": "בית ספר עין אור"},
      (2, SectionKey.TRANSPORT): {"needs_transport": "yes"},
      (3, SectionKey.EDUCATION): {"grade": "גן"}}),
    ({"origin_locality": "עין אור", "accommodation": Household.Accommodation.RELATIVES,
      "accommodation_details": "אצל הורים, רחוב הזית 4", "phone": "050-0000002", "needs": ""},
     [("1000011", "סלים", "חדד", date(1976, 11, 30), Person.Relation.HEAD),
      ("1000012", "ראניה", "חדד", date(2011, 4, 14), Person.Relation.CHILD)],
     {(0, SectionKey.WELFARE): {"known": "yes", "support": "פרטני"},
      (0, SectionKey.EMPLOYMENT): {"work": "עצמאי/ת"},
      (1, SectionKey.EDUCATION): {"grade": "ט"},
      (1, SectionKey.SPECIAL_EDUCATION): {"eligible": "yes"}}),
    ({"origin_locality": "עין אור", "accommodation": Household.Accommodation.MUNICIPAL,
      "accommodation_details": "דירת עירייה, שכונת הגפן", "phone": "050-0000003", "needs": "ריהוט בסיסי"},
     [("1000021", "אורית", "בן דוד", date(1990, 6, 8), Person.Relation.HEAD)],
     {(0, SectionKey.HOUSING): {"until": "2027-01-31"}}),
)

SERVICES = (  # (family, person index, kind, status, days since the last update)
    (0, 2, ServiceKind.SCHOOL_PLACEMENT, LongTermService.Status.IN_PROGRESS, 3),
    (0, 2, ServiceKind.TRANSPORT, LongTermService.Status.OPEN, 20),
    (0, 0, ServiceKind.WELFARE_CASE, LongTermService.Status.OPEN, 1),
    (1, 1, ServiceKind.SPECIAL_EDUCATION, LongTermService.Status.WAITING, 16),
    (1, 0, ServiceKind.WELFARE_CASE, LongTermService.Status.CLOSED, 0),
    (2, 0, ServiceKind.HOUSING, LongTermService.Status.OPEN, 2),
)


def load_intake_demo(*, city, neighbour, stdout) -> None:
    with scope(authority=city):
        if Household.objects.filter(authority=city).exists():
            return
        coordinator = User.objects.get(email="intake@givat-zamir.example")
        with acting_as(coordinator, authority=city):
            for section, key, label, kind, choices, required, purpose in QUESTIONS:
                field_services.add_field(authority=city, section=section, values={
                    "key": key, "label": label, "kind": kind, "choices": choices, "required": required,
                    "purpose": purpose})
            families = []
            for household, members, answers in FAMILIES:
                (stem, first, last, born, relation), *others = members
                created = household_services.create_household(authority=city, household=household, head={
                    "id_number": with_check_digit(stem), "first_name": first, "last_name": last, "birth_date": born,
                    "relation": relation})
                people = list(Person.objects.filter(household=created))
                for stem, first, last, born, relation in others:
                    people.append(household_services.add_person(household=created, person={
                        "id_number": with_check_digit(stem), "first_name": first, "last_name": last,
                        "birth_date": born, "relation": relation}))
                for (index, section), values in answers.items():
                    household_services.save_section(person=people[index], section=section, answers=values)
                families.append(people)
            # Registered again by another department, without the ID number: flagged as a likely duplicate.
            household_services.add_person(household=Household.objects.get(pk=families[2][0].household_id), person={
                "first_name": "סלים", "last_name": "חדד", "birth_date": date(1976, 11, 30),
                "relation": Person.Relation.OTHER})
            for family, index, kind, status, days in SERVICES:
                service = long_term.open_service(person=families[family][index], kind=kind, values={"status": status})
                LongTermService.objects.filter(pk=service.pk).update(
                    last_update_at=timezone.now() - timedelta(days=days))
    stdout.write(f"Intake demo: {len(FAMILIES)} households, {len(SERVICES)} services")
