"""Generate a large, realistic lessons-learned data set for one authority (the benchmark's data).

    DATABASE_URL=... .venv/bin/python bench/lessons_data.py --actions 100000   # on a migrated database

`bench_data` is the module's generator for `manage.py bench_data` (declared on the module's AppConfig):
the same rows in the authorities the command created.

The proportions follow the issue's target (10,000 reviews, 50,000 lessons, 100,000 action items):
per 10 action items, 1 review and 5 lessons; events a little fewer than reviews; five sections per review;
4–8 participants; follow-ups for completed reviews. Dates spread over three years before `today`.
Texts are Hebrew, built from themes that recur across events with varied wording, so that the
similar-lesson and recurring-lesson features have real work to do. Rows go in with bulk_create in
batches; the generator writes through the models (not the services) because services audit-log and
notify each row, which is not what 100,000 historical rows need.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

BATCH = 2000

# --- Hebrew building blocks ----------------------------------------------------------------------

PLACES = [
    "עין אור", "שכונת הגפן", "רמת הדקל", "נווה שלום", "מרכז העיר", "אזור התעשייה", "השכונה הצפונית",
    "גבעת הזיתים", "קריית החינוך", "רחוב הרצל", "שכונת הפרחים", "הכפר הירוק", "שכונת האגם", "המתחם הישן",
]
EVENT_TITLES = {
    "emergency": ["פגיעת טיל ב{place} והפסקת חשמל", "תרגיל רעידת אדמה רשותי", "אירוע חומרים מסוכנים ב{place}",
                  "הצפה ב{place} לאחר סערה", "שריפה במבנה ציבור ב{place}", "קליטת מפונים מ{place}"],
    "cultural_event": ["אירועי יום העצמאות ב{place}", "פסטיבל הקיץ העירוני", "מופע חנוכה ב{place}",
                       "טקס יום הזיכרון", "צעדת האביב ב{place}"],
    "school_year": ["פתיחת שנת הלימודים ב{place}", "מעבר בית ספר למבנה חדש ב{place}",
                    "הסעות תלמידים בתחילת השנה"],
    "infrastructure": ["עבודות ביוב ב{place}", "החלפת קו מים ראשי ב{place}", "סלילת כביש גישה ל{place}",
                       "שדרוג תאורת רחוב ב{place}"],
    "policy": ["מדיניות חניה חדשה ב{place}", "נוהל אישור אירועים ציבוריים", "החלטה על צמצום שעות מוקד"],
    "work_process": ["טיפול בפניות תושבים במוקד", "תהליך רכש דחוף", "קליטת עובדים חדשים",
                     "ממשק בין ההנדסה לתברואה", "הנפקת היתרים לעסקים"],
    "friction": ["חיכוך מתמשך בין החינוך לרווחה", "תיאום מול חברת החשמל", "עבודה משותפת עם המשטרה ב{place}"],
    "burnout": ["עומס במחלקת הרווחה בחגים", "משמרות כפולות במוקד העירוני", "עומס בצוות ההנדסה בחורף"],
    "could_be_better": ["יריד התעסוקה ב{place}", "מבצע ניקיון אביב", "כנס תושבים ב{place}"],
    "infrastructure_damage": ["נפילה ופגיעה בקו החשמל ב{place}", "פגיעה בצנרת המים ב{place} בשעת חירום",
                              "קריסת תקשורת סלולרית ב{place}"],
    "other": ["ביקור שר ב{place}", "מעבר משרדי העירייה", "הטמעת מערכת מידע חדשה"],
}
SECTION_TEXTS = [
    "רצינו להבטיח שכל תושבי {place} יקבלו מידע מדויק ומהיר, ושהמוקד יוכל לענות לכל פנייה תוך זמן סביר.",
    "בפועל {problem}. המוקד קיבל מאות שיחות בשעה הראשונה והתושבים דיווחו על מידע סותר.",
    "היה אמור לצאת מסר מרוכז לכל התושבים. הפער נבע מכך ש{cause}.",
    "הלקח המרכזי: {lesson}",
    "{action} — באחריות {owner} עד {due}.",
]
# Recurring themes: each a lesson worded several ways, its cause and its corrective action.
THEMES = [
    ("אין הודעות נצורות מוכנות לפגיעה בתשתיות", ["לא היו הודעות נצורות מוכנות לפגיעה בתשתית חשמל",
     "חסרות הודעות נצורות מאושרות מראש לתרחישי תשתית", "ההודעות לציבור נכתבו מאפס בזמן האירוע במקום הודעה נצורה"],
     "להכין סט הודעות נצורות לפגיעה בתשתיות ולאשר אותו מול המנכ\"ל"),
    ("אין גורם מתכלל לקליטת מפונים", ["לא היה גורם אחד שמתכלל את קליטת המפונים",
     "כל מחלקה פנתה למפונים בנפרד ושאלה את אותן שאלות", "חסר רכז קליטה שרואה את התמונה המלאה"],
     "למנות רכז קליטה ולהגדיר את סמכויותיו"),
    ("אין מערכת מידע משותפת למחלקות", ["אין מאגר מידע משולב עם הרשאות לפי מחלקה",
     "המידע נאסף בגיליונות נפרדים בכל מחלקה", "לא הייתה מערכת אחת שאוספת את המידע הרלוונטי לכל המחלקות"],
     "להקים מאגר מידע משולב עם הרשאות לפי מחלקה"),
    ("תיאום ציפיות חסר מול מנהלי המחלקות", ["לא נעשה תיאום ציפיות עם מנהלי המחלקות לפני האירוע",
     "מנהלי המחלקות לא ידעו מה מצופה מהם", "התפקידים לא הוגדרו מראש בין המחלקות"],
     "לקיים מפגש תיאום ציפיות עם מנהלי המחלקות ולהפיץ סיכום"),
    ("המוקד קרס תחת עומס השיחות", ["המוקד העירוני הוצף בשיחות ולא היה מענה",
     "זמני ההמתנה במוקד היו ארוכים מאוד", "לא תוגבר המוקד בזמן האירוע"],
     "להכין נוהל תגבור מוקד באירועי חירום"),
    ("עבודות תשתית ללא הודעה מוקדמת לתושבים", ["התושבים לא קיבלו הודעה מוקדמת על העבודות",
     "ההודעה על סגירת הרחוב יצאה באיחור", "לא היה שילוט הכוונה בזמן העבודות"],
     "לקבוע נוהל הודעה לתושבים שבוע לפני עבודות תשתית"),
    ("הסעות תלמידים לא תואמו", ["ההסעות לא תואמו עם בתי הספר", "תלמידים נשארו ללא הסעה ביום הראשון",
     "רשימות ההסעה לא עודכנו בזמן"], "לעדכן את רשימות ההסעה שבועיים לפני פתיחת השנה"),
    ("עומס ושחיקה של הצוות", ["הצוות עבד משמרות כפולות לאורך זמן", "אין תגבור כוח אדם בתקופות עומס",
     "התהליך עובד רק בזכות מאמץ אישי של העובדים"], "לבנות מנגנון תגבור ומשמרות לתקופות עומס"),
    ("תהליך הרכש איטי מדי לשעת חירום", ["הרכש הדחוף נתקע באישורים", "אין ספקים מאושרים מראש לחירום",
     "ועדת המכרזים לא התכנסה בזמן"], "לאשר מראש רשימת ספקים לחירום"),
    ("חוסר תיאום עם גורמי חוץ", ["לא היה איש קשר קבוע מול חברת החשמל", "התיאום מול המשטרה נעשה בטלפונים אישיים",
     "גורמי החוץ לא הכירו את מבנה החמ\"ל"], "למנות איש קשר קבוע לכל גורם חוץ ולעדכן את דף הקשר"),
    ("מידע לא נגיש לדוברי ערבית ולאוכלוסיות מיוחדות", ["ההודעות יצאו רק בעברית",
     "לא היה מענה לאוכלוסייה עם מוגבלויות", "המידע לא הגיע לקשישים שאינם משתמשים ברשתות"],
     "לתרגם את ההודעות לערבית ולהכין ערוץ לאוכלוסיות מיוחדות"),
    ("ציוד חירום לא נבדק", ["הגנרטור במבנה לא הופעל כי לא נבדק", "מחסן החירום לא היה מעודכן",
     "חלק מהציוד פג תוקף"], "לקבוע בדיקה רבעונית לציוד החירום"),
]
PROBLEMS = ["החשמל נותק לשש שעות", "הכביש נחסם ללא הודעה", "ההסעות לא הגיעו", "המוקד הוצף בשיחות",
            "המידע לתושבים יצא באיחור", "מחלקות פעלו בנפרד"]
CONTEXTS = ["בזמן האירוע ב{place}", "כפי שקרה גם בשנה שעברה", "במיוחד בשעות הערב", "לפי עדות הצוות בשטח",
            "על פי נתוני המוקד", "", "", ""]
TAGS = ["תקשורת", "מוקד", "תשתיות", "חינוך", "רווחה", "רכש", "כוח אדם", "חירום", "תיאום", "מידע"]


@dataclass
class Sizes:
    actions: int
    reviews: int = 0
    lessons: int = 0
    events: int = 0
    users: int = 80

    def __post_init__(self):
        self.reviews = self.reviews or max(1, self.actions // 10)
        self.lessons = self.lessons or max(1, self.actions // 2)
        self.events = self.events or max(1, int(self.reviews * 0.9))


@dataclass
class Generated:
    authority: object
    ceo: object
    auditor: object
    staff: object
    department_head: object
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def _bulk(model, rows, counts, name=None):
    created = []
    for start in range(0, len(rows), BATCH):
        created.extend(model.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH))
    counts[name or model._meta.model_name] = counts.get(name or model._meta.model_name, 0) + len(rows)
    return created


def _aware(day: date, hour: int = 10):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, dtime(hour, 0)))


def generate(sizes: Sizes, *, slug: str = "bench-city", seed: int = 2026, today: date | None = None,
             stdout=sys.stdout) -> Generated:
    """Create the authority, its people and the lessons data. Returns the personas the benchmark uses."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django_scopes import scopes_disabled

    from merhav.tenancy import services as tenancy_services
    from merhav.tenancy.models import Department, Membership
    from merhav.tenancy.roles import Role

    rnd = random.Random(seed)
    today = today or date.today()
    started = time.perf_counter()
    counts: dict[str, int] = {}
    User = get_user_model()

    with scopes_disabled(), transaction.atomic():
        authority = tenancy_services.create_authority(
            name_he="עיר המדידה", name_en="Bench City", name_ar="مدينة القياس", slug=slug, code="9999"
        )
        departments = list(Department.objects.filter(authority=authority).order_by("id"))
        roles = [Role.CEO, Role.AUDITOR, Role.AUTHORITY_ADMIN] + [Role.DEPARTMENT_HEAD] * len(departments)
        roles += [Role.STAFF] * max(0, sizes.users - len(roles))
        users = []
        for n, role in enumerate(roles):
            user = User(email=f"bench{n}-{role}@bench.example", full_name=f"משתמש מדידה {n}", language="he")
            user.set_unusable_password()
            users.append(user)
        users = _bulk(User, users, counts, "users")
        memberships = []
        for n, (user, role) in enumerate(zip(users, roles, strict=True)):
            if role == Role.DEPARTMENT_HEAD:
                department = departments[(n - 3) % len(departments)]
            else:
                department = departments[n % len(departments)]
            memberships.append(Membership(authority=authority, user=user, role=role, department=department))
        _bulk(Membership, memberships, counts)
        ceo, auditor, staff, department_head = users[0], users[1], users[-1], users[4]
        writers = [u for u, r in zip(users, roles, strict=True) if r != Role.AUDITOR]

        fill(authority, sizes=sizes, departments=departments, writers=writers, ceo=ceo, rnd=rnd, today=today,
             counts=counts)

    elapsed = time.perf_counter() - started
    print(f"generated {counts} in {elapsed:.1f}s", file=stdout)
    return Generated(authority=authority, ceo=ceo, auditor=auditor, staff=staff, department_head=department_head,
                     counts=counts, seconds=elapsed)


def fill(authority, *, sizes: Sizes, departments: list, writers: list, ceo, rnd: random.Random, today: date,
         counts: dict) -> None:
    """The lessons rows of one authority whose departments and people exist."""
    from merhav.lessons.models import (
        ActionItem,
        Event,
        EventKind,
        FollowUp,
        FollowUpItem,
        Lesson,
        Question,
        Review,
        ReviewSection,
        SectionComment,
    )
    from merhav.lessons.similarity import normalize

    start_day = today - timedelta(days=3 * 365)
    # Events spread over three years.
    kinds = list(EventKind.values)
    events = []
    for _n in range(sizes.events):
        kind = rnd.choice(kinds)
        day = start_day + timedelta(days=rnd.randrange(3 * 365 - 10))
        title = rnd.choice(EVENT_TITLES[kind]).format(place=rnd.choice(PLACES))
        events.append(Event(
            authority=authority, title=title, kind=kind, starts_on=day,
            ends_on=day + timedelta(days=rnd.choice([0, 0, 1, 2, 5])),
            description=f"{title}. {rnd.choice(PROBLEMS)}.", created_by=rnd.choice(writers),
            created_at=_aware(day),
        ))
    events = _bulk(Event, events, counts)
    through = Event.departments.through
    _bulk(through, [through(event_id=e.pk, department_id=d.pk) for e in events
                    for d in rnd.sample(departments, rnd.randint(1, 3))], counts, "event_departments")

    # Reviews: most 2–3 days after the event; some late; older ones completed and followed up.
    reviews = []
    for n in range(sizes.reviews):
        event = events[n] if n < len(events) else rnd.choice(events)
        meeting = event.ended_on + timedelta(days=rnd.choice([2, 2, 3, 3, 3, 1, 5, 8, 14]))
        age = (today - meeting).days
        if age > 60:
            status = rnd.choices(["followed_up", "completed", "held", "draft"], [60, 25, 10, 5])[0]
        elif age > 10:
            status = rnd.choices(["completed", "held", "draft"], [40, 40, 20])[0]
        else:
            status = rnd.choice(["draft", "held"])
        facilitator = rnd.choice(writers)
        review = Review(
            authority=authority, event=event, title=f"תחקיר: {event.title}", meeting_date=meeting,
            facilitator=facilitator, status=status, created_by=facilitator, created_at=_aware(event.ended_on),
        )
        if status != "draft":
            review.held_at = _aware(meeting, 12)
        if status in ("completed", "followed_up"):
            review.completed_at = _aware(meeting + timedelta(days=rnd.randint(1, 10)), 15)
            review.completed_by = ceo
            review.follow_up_due = meeting + timedelta(days=30)
        reviews.append(review)
    reviews = _bulk(Review, reviews, counts)
    through = Review.participants.through
    _bulk(through, [through(review_id=r.pk, user_id=u.pk) for r in reviews
                    for u in rnd.sample(writers, rnd.randint(4, 8))], counts, "review_participants")

    sections = []
    for review in reviews:
        place = rnd.choice(PLACES)
        theme = rnd.choice(THEMES)
        for question in Question.values:
            text = SECTION_TEXTS[question - 1].format(
                place=place, problem=rnd.choice(PROBLEMS), cause=theme[0], lesson=rnd.choice(theme[1]),
                action=theme[2], owner="ראש המכלול", due="סוף הרבעון",
            ) if review.status != "draft" or rnd.random() < 0.5 else ""
            sections.append(ReviewSection(
                authority=authority, review=review, question=question, text=text,
                version=rnd.randint(1, 6), updated_by=review.facilitator, updated_at=_aware(review.meeting_date),
            ))
    sections = _bulk(ReviewSection, sections, counts)
    comments = [
        SectionComment(authority=authority, section=s, author=rnd.choice(writers),
                       text=rnd.choice(["צריך לדייק את הניסוח", "מסכים, להוסיף נתונים מהמוקד",
                                        "זו פרשנות ולא עובדה", "להעביר לדיון בסעיף הבא"]))
        for s in rnd.sample(sections, min(len(sections), sizes.reviews // 2))
    ]
    _bulk(SectionComment, comments, counts)

    # Lessons: about five per review, themes recur across events over the years.
    lessons = []
    per_review = [0] * len(reviews)
    for n in range(sizes.lessons):
        index = n % len(reviews) if n < len(reviews) else rnd.randrange(len(reviews))
        review = reviews[index]
        theme = rnd.choice(THEMES)
        text = " ".join(part for part in [
            rnd.choice(theme[1]), rnd.choice(CONTEXTS).format(place=rnd.choice(PLACES))] if part) + "."
        is_key = review.status != "draft" and per_review[index] < 3 and rnd.random() < 0.6
        per_review[index] += int(is_key)
        lessons.append(Lesson(
            authority=authority, review=review, text=text, normalized_text=normalize(text),
            tags=rnd.sample(TAGS, rnd.randint(0, 3)), department=rnd.choice(departments),
            level="system" if is_key or rnd.random() < 0.2 else "local", is_key=is_key,
            created_by=review.facilitator, created_at=_aware(review.meeting_date, 13),
        ))
    lessons = _bulk(Lesson, lessons, counts)
    lessons_of: dict[int, list] = {}
    for lesson in lessons:
        lessons_of.setdefault(lesson.review_id, []).append(lesson)

    # Action items: due 2 weeks to 4 months after the review; statuses follow time.
    actions = []
    for n in range(sizes.actions):
        review = reviews[n % len(reviews)] if n < len(reviews) else rnd.choice(reviews)
        candidates = lessons_of.get(review.pk) or [None]
        lesson = rnd.choice(candidates) if rnd.random() < 0.85 else None
        due = review.meeting_date + timedelta(days=rnd.randint(14, 120))
        if due < today:
            status = rnd.choices(["done", "in_progress", "open", "cancelled"], [65, 12, 15, 8])[0]
        else:
            status = rnd.choices(["open", "in_progress", "done"], [55, 35, 10])[0]
        if rnd.random() < 0.7:
            owner, owner_department = rnd.choice(writers), None
        else:
            owner, owner_department = None, rnd.choice(departments)
        theme = rnd.choice(THEMES)
        action = ActionItem(
            authority=authority, review=review, lesson=lesson, title=theme[2],
            description=f"{theme[2]} ב{rnd.choice(PLACES)}", owner=owner, owner_department=owner_department,
            due_date=due, status=status, created_by=review.facilitator,
            created_at=_aware(review.meeting_date, 14), event_kind=review.event.kind,
            event_on=review.event.ends_on or review.event.starts_on,
        )
        if status == "done":
            done_day = min(today, due + timedelta(days=rnd.randint(-20, 25)))
            action.done_on = max(done_day, review.meeting_date)
            action.done_at = _aware(action.done_on, 16)
            action.evidence = rnd.choice(["הנוהל פורסם באתר", "הסיכום נשלח לכל המחלקות",
                                          "צורף פרוטוקול הישיבה", "ההודעות נטענו למערכת"])
        actions.append(action)
    actions = _bulk(ActionItem, actions, counts)
    actions_of: dict[int, list] = {}
    for action in actions:
        actions_of.setdefault(action.review_id, []).append(action)

    # Follow-ups about a month after completed reviews; held for the followed-up ones.
    follow_ups = []
    for review in reviews:
        if review.status in ("completed", "followed_up"):
            held = review.status == "followed_up"
            follow_ups.append(FollowUp(
                authority=authority, review=review, due_date=review.follow_up_due,
                status="held" if held else "scheduled",
                held_on=review.follow_up_due + timedelta(days=rnd.choice([0, 0, 3, 10, 25])) if held else None,
                notes="נבדק ביצוע המשימות" if held else "", recorded_by=ceo if held else None,
            ))
    follow_ups = _bulk(FollowUp, follow_ups, counts)
    items = []
    for follow_up in follow_ups:
        if follow_up.status != "held":
            continue
        for action in actions_of.get(follow_up.review_id, []):
            items.append(FollowUpItem(
                authority=authority, follow_up=follow_up, action=action, was_done=action.status == "done",
                effect=rnd.choices(["worked", "partly", "did_not_work", "unknown"], [55, 20, 10, 15])[0],
            ))
    _bulk(FollowUpItem, items, counts)



def bench_data(context) -> dict[str, int]:
    """manage.py bench_data: 10,000 reviews, 50,000 lessons and 100,000 actions in the large city at `large`."""
    counts: dict[str, int] = {}
    for authority in context.authorities:
        people = context.people[authority.pk]
        fill(authority, sizes=Sizes(actions=context.size(100_000, authority=authority, minimum=10)),
             departments=context.departments[authority.pk], writers=context.writers[authority.pk],
             ceo=people["ceo"], rnd=context.rng, today=context.today, counts=counts)
    from django.apps import apps

    labels = {model._meta.model_name: model._meta.label for model in apps.get_app_config("lessons").get_models()}
    return {labels.get(name, f"lessons.{name}"): number for name, number in counts.items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--slug", default="bench-city")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    import django

    django.setup()
    generate(Sizes(actions=args.actions), slug=args.slug, seed=args.seed)


if __name__ == "__main__":
    main()
