"""Demo data of lessons learned: the seed's two worked examples as reviews of the demo city.

1. Residents' communication when infrastructure is hit: the "Ein Or" power outage (late 2025, followed up).
2. Evacuee intake: a recent review awaiting its follow-up, with actions done on time, late, overdue and open,
   so that the dashboards show real figures.

Idempotent: each review is created once (its event carries a demo source_ref). The "Ein Or" example is
entered as an authority would enter a review of a past event, through the services with the seed's own
dates (held on its meeting day, the action due 1.1.2026). The intake example's actions are rows, because
their completion dates are historic; states past "held" are set with their historic dates.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.accounts.models import User
from merhav.tenancy.models import Department, StandardDepartment

from .models import ActionItem, Event, EventKind, Lesson, Question, Review
from .services.data_version import data_changed

EIN_OR_REF = "demo:ein-or-power-outage"
INTAKE_REF = "demo:evacuee-intake"
DOMAIN = "givat-zamir.example"


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _department(city, kind: str) -> Department:
    return Department.objects.get(authority=city, kind=kind)


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _review(city, *, ref, event_title, kind, starts_on, ends_on, description, departments, review_title,
            meeting_date, facilitator, participants, answers, by, meeting_time=None, meeting_place="",
            guests=()) -> Review:
    from .services.events import create_event
    from .services.reviews import create_review, save_section

    event = create_event(
        authority=city, title=event_title, kind=kind, starts_on=starts_on, ends_on=ends_on,
        description=description, departments=departments, by=by, source_ref=ref,
    )
    review = create_review(
        event=event, title=review_title, by=by, meeting_date=meeting_date, facilitator=facilitator,
        participants=participants, meeting_time=meeting_time, meeting_place=meeting_place, guests=guests,
    ).value
    for question, text in zip(Question, answers, strict=True):
        save_section(review=review, question=question, text=text, version=1, by=facilitator)
    return review


def _lesson(review, *, text, by, tags, department, is_key) -> Lesson:
    from .services.lessons import add_lesson

    return add_lesson(
        review=review, text=text, by=by, tags=tags, department=department,
        level=Lesson.Level.SYSTEM if is_key else Lesson.Level.LOCAL, is_key=is_key,
    )


def _action(review, *, title, owner=None, department=None, due, lesson, description="", by,
            status=ActionItem.Status.OPEN, done_on: date | None = None, evidence="") -> ActionItem:
    return ActionItem.objects.create(
        authority_id=review.authority_id, review=review, lesson=lesson, title=title, description=description,
        owner=owner, owner_department=department, due_date=due, status=status,
        done_at=_at(done_on, 15) if done_on else None, evidence=evidence, created_by=by,
        created_at=_at(review.meeting_date, 16),
    )


def _close(review, *, held_on: date, completed_on: date, by) -> None:
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.COMPLETED, held_at=_at(held_on, 11), held_on=held_on,
        completed_at=_at(completed_on, 10), completed_by=by,
    )
    review.refresh_from_db()
    from .services.follow_ups import schedule_follow_up

    schedule_follow_up(review=review, by=by)


def load_ein_or(city) -> Review:
    """The seed's first worked example: residents' communication when infrastructure is hit."""
    from .services.actions import add_action
    from .services.reviews import mark_review_held

    ceo, dovrut, staff, admin = _user("ceo"), _user("dovrut"), _user("staff"), _user("admin")
    partnerships, engineer, hotline = _user("partnerships"), _user("engineering"), _user("hotline")
    public_information = _department(city, StandardDepartment.PUBLIC_INFORMATION)
    outage = date(2025, 11, 2)
    review = _review(
        city,
        ref=EIN_OR_REF,
        event_title='נפילת טיל והפסקת חשמל בשכונת "עין אור"',
        kind=EventKind.INFRASTRUCTURE_DAMAGE,
        starts_on=outage,
        ends_on=outage,
        description='באירוע נפילת טיל נפגעה אספקת החשמל לשכונת "עין אור". המוקד העירוני הוצף בשיחות טלפון.',
        departments=[public_information, _department(city, StandardDepartment.SECURITY),
                     _department(city, StandardDepartment.ENGINEERING), _department(city, StandardDepartment.HOTLINE)],
        review_title="תקשורת ועדכון תושבים במקרה של נפילה ופגיעה בתשתיות",
        meeting_date=outage + timedelta(days=3),
        facilitator=partnerships,
        participants=[ceo, dovrut, staff, admin, partnerships, engineer, hotline],
        meeting_time=time(10, 0),
        meeting_place="חדר הישיבות של המנכ\"ל, בניין העירייה",
        guests=[("נציג חברת החשמל", "מנהל אזור, חברת החשמל")],
        answers=[
            "מנגנון תקשורת ויצירת בהירות לתושבים במקרה של נפילה / פגיעה בתשתיות.",
            'באירוע נפילת טיל נפגעה אספקת החשמל לשכונת "עין אור". המוקד העירוני הוצף בשיחות טלפון ולא הצליח '
            "לתת מענה יעיל באירועים.",
            "על פי הנוהל בעירייה מידע רלוונטי להיקף רחב של תושבים מופץ כהודעה לציבור ולא במענה פרטני אנושי. "
            'הסיבה לפער במקרה הזה נבעה כתוצאה ממחסור בהודעות "נצורות" בנושא פגיעה בתשתיות, שלא הוכנו מראש.',
            'המסקנה שהוסקה הייתה שיש להכין סט של "הודעות נצורות" למקרה של פגיעה בתשתית.',
            'באחריות מנהל מכלול מידע לציבור להכין סט "הודעות נצורות" למקרים של פגיעה בתשתיות, לאשרן אצל '
            "המנכ\"ל ולוודא את הכנסתן למערכות החירום עד 1.1.2026.",
        ],
        by=partnerships,
    )
    key = _lesson(
        review,
        text='יש להכין מראש סט של "הודעות נצורות" למקרה של פגיעה בתשתית, כדי שמידע לציבור רחב יופץ כהודעה '
        "לציבור ולא יציף את המוקד העירוני.",
        by=partnerships, tags=["הודעות נצורות", "תקשורת עם תושבים", "תשתיות"], department=public_information,
        is_key=True,
    )
    _lesson(
        review,
        text="כאשר המוקד העירוני מוצף בפניות על אותו נושא, זהו סימן שנדרשת הודעה לציבור ולא מענה פרטני.",
        by=partnerships, tags=["מוקד עירוני", "תקשורת עם תושבים"], department=public_information, is_key=False,
    )
    mark_review_held(review=review, by=partnerships, held_on=review.meeting_date)
    action = add_action(
        review=review,
        title='להכין סט "הודעות נצורות" למקרים של פגיעה בתשתיות, לאשרן אצל המנכ"ל ולהכניסן למערכות החירום',
        owner=dovrut, owner_department=public_information, due_date=date(2026, 1, 1), lesson=key, by=ceo,
        description="הודעות לפגיעה בחשמל, במים ובכבישים, עם מקומות להשלמת שם השכונה, השעה וההנחיות לתושבים.",
    )
    _close(review, held_on=review.meeting_date, completed_on=review.meeting_date + timedelta(days=4), by=ceo)
    from .services.follow_ups import ItemInput, record_follow_up

    review.refresh_from_db()
    record_follow_up(
        review=review, by=partnerships, version=None, held_on=review.follow_up_due,
        items={action.pk: ItemInput(was_done=False, note="ההודעות נוסחו וממתינות לאישור המנכ\"ל.")},
        notes="הפעולה בעבודה ובלוח הזמנים. נבדוק שוב לאחר הכנסת ההודעות למערכות החירום.",
    )
    ActionItem.objects.filter(pk=action.pk).update(
        status=ActionItem.Status.DONE, done_at=_at(date(2025, 12, 24), 15), done_on=date(2025, 12, 24),
        evidence='שבע הודעות נצורות אושרו בידי המנכ"ל ב-22.12.2025 והוזנו למערכת ההתרעות ולמוקד העירוני.',
    )
    return review


def load_evacuee_intake(city) -> Review:
    """The seed's second worked example, recent: awaiting its follow-up, with actions in every state."""
    ceo, admin, staff = _user("ceo"), _user("admin"), _user("staff")
    welfare_head, education_head, intake = _user("welfare"), _user("education"), _user("intake")
    welfare = _department(city, StandardDepartment.WELFARE)
    education = _department(city, StandardDepartment.EDUCATION)
    it, ceo_office = _department(city, StandardDepartment.IT), _department(city, StandardDepartment.CEO_OFFICE)
    today = timezone.localdate()
    ended = today - timedelta(days=70)
    meeting = ended + timedelta(days=2)
    review = _review(
        city,
        ref=INTAKE_REF,
        event_title="קליטת מפונים ברשות",
        kind=EventKind.EMERGENCY,
        starts_on=ended - timedelta(days=14),
        ends_on=ended,
        description="קליטת משפחות מפונות בעיר: רישום, שיבוץ ילדים בבתי ספר, הסעות, חינוך מיוחד ושירותי רווחה.",
        departments=[welfare, education, it, ceo_office],
        review_title="תהליך קליטת מפונים ברשות",
        meeting_date=meeting,
        facilitator=staff,
        participants=[ceo, admin, welfare_head, education_head, intake, staff],
        answers=[
            "היערכות לקליטה מהירה וטובה של מפונים ומתן השירותים בהקדם האפשרי.",
            "כל מחלקה פנתה למפונים בנפרד. נוצר מצב שמתשאלים את המפונים מספר פעמים אותן שאלות. לא הייתה היערכות "
            "למתן שירות ארוך טווח – שיבוץ ילדים בבתי ספר, טיפול בהסעות, חינוך מיוחד ועוד.",
            'נוצרה חוויה של הטרדה במקום לייצר חוויה "קלה" למפונים, המחלקות לא נערכו לאספקת שירותים ארוכי טווח '
            "למפונים, כולל שירותים ייחודיים.",
            "לא היה גורם מתכלל שירכז את הנתונים אל מול אגפי הרשות ונדרש למנות גורם מתכלל; לא הייתה מערכת מידע "
            "לקליטת נתונים רלוונטיים לכל המחלקות ולריכוזם כך שתתאפשר לכל מחלקה גישה לנתונים הרלוונטיים אליה; לא "
            "בוצע תיאום ציפיות עם מנהלי אגפים סביב אספקת שירותים ארוכי טווח למפונים.",
            'להכין שאלון קליטה למפונים המתייחס לכל המידע הרלוונטי לכל המחלקות – באחריות המנכ"ל. המנמ"ר יקים בתוך '
            'חודש מאגר מידע מתכלל תוך מתן הרשאות מתאימות לכל מחלקה. המנכ"ל יטפל בתוך 3 חודשים לכל היותר במינוי '
            "גורם מתכלל לקליטה בטווח המיידי והרחוק. מנהלי אגפי הרווחה והחינוך יציגו תוכנית שילוב מפונים "
            "במערכים עד סוף השבוע.",
        ],
        by=staff,
    )
    coordinator = _lesson(
        review, text="לא היה גורם מתכלל שירכז את הנתונים אל מול אגפי הרשות: נדרש למנות גורם מתכלל לקליטה.",
        by=staff, tags=["קליטת מפונים", "גורם מתכלל"], department=ceo_office, is_key=True,
    )
    system = _lesson(
        review,
        text="לא הייתה מערכת מידע לקליטת הנתונים הרלוונטיים לכל המחלקות ולריכוזם, כך שלכל מחלקה תהיה גישה "
        "לנתונים הרלוונטיים אליה.",
        by=staff, tags=["קליטת מפונים", "מערכות מידע", "הרשאות"], department=it, is_key=True,
    )
    expectations = _lesson(
        review,
        text="לא בוצע תיאום ציפיות עם מנהלי האגפים סביב אספקת שירותים ארוכי טווח למפונים.",
        by=staff, tags=["קליטת מפונים", "תיאום ציפיות", "שירותים ארוכי טווח"], department=welfare, is_key=True,
    )
    Review.objects.filter(pk=review.pk).update(status=Review.Status.HELD, held_at=_at(meeting, 11), held_on=meeting)
    _action(
        review, title="להכין שאלון קליטה אחד למפונים המתייחס לכל המידע הרלוונטי לכל המחלקות",
        owner=ceo, due=meeting + timedelta(days=14), lesson=system, by=ceo,
        status=ActionItem.Status.DONE, done_on=meeting + timedelta(days=21),
        evidence="השאלון אושר בפורום מנהלי האגפים ומשמש את מוקד הקליטה.",
    )
    _action(
        review, title="להקים מאגר מידע מתכלל למפונים עם הרשאות מתאימות לכל מחלקה",
        owner=admin, department=it, due=meeting + timedelta(days=30), lesson=system, by=ceo,
        status=ActionItem.Status.IN_PROGRESS,
        description="כל מחלקה רואה ומעדכנת את החלק שלה; רכז/ת הקליטה רואה את התמונה המלאה.",
    )
    _action(
        review, title="למנות גורם מתכלל לקליטת מפונים בטווח המיידי והרחוק",
        owner=ceo, due=meeting + timedelta(days=90), lesson=coordinator, by=ceo,
    )
    _action(
        review, title="להציג תוכנית שילוב מפונים במערכי הרווחה והחינוך",
        owner=welfare_head, department=education, due=meeting + timedelta(days=4), lesson=expectations, by=ceo,
        status=ActionItem.Status.DONE, done_on=meeting + timedelta(days=3),
        evidence="התוכנית הוצגה בישיבת ההנהלה; מנהל אגף החינוך אחראי על פרק שיבוץ התלמידים.",
        description="בשיתוף מנהל אגף החינוך.",
    )
    _close(review, held_on=meeting, completed_on=meeting + timedelta(days=3), by=ceo)
    return review


def load_lessons_demo(*, city, neighbour, stdout) -> None:
    with scope(authority=city):
        for ref, loader in ((EIN_OR_REF, load_ein_or), (INTAKE_REF, load_evacuee_intake)):
            if Event.objects.filter(authority=city, source_ref=ref).exists():
                continue
            review = loader(city)
            data_changed(city.pk)  # written here without the services: the analysis and the figures are behind
            stdout.write(f"Lessons demo: {review.title}")
