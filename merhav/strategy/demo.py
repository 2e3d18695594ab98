"""The strategic plan of the demo city (`manage.py load_demo`): seed 003's process, "a caring community", for
Givat Zamir. The steering committee met about eleven months ago; the shaping committee, the launch
conference and the four channel teams (social, educational, urban, economic) followed at the seed's
intervals; the steering committee approved the plan and it is published. The hackathon pilot is at its
six-month measurement, with its nine-month decision ahead. Written through the services, as the people who
would do it (the partnerships manager coordinates, the CEO appoints the domain leads). Idempotent: nothing
is added when the city has the plan already."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope

from merhav.accounts.models import User
from merhav.core.context import acting_as

from . import services
from .models import Channel, LogicNode, Meeting, Participant, Plan

TITLE = "קהילה מיטיבה — התוכנית האסטרטגית של גבעת זמיר"
VISION = ("גבעת זמיר — קהילה מיטיבה: עיר שבה כל תושב ותושבת מרגישים שייכות, מוגנות ויכולת להשפיע, "
          "והרשות, הקהילות והשותפים מכל המגזרים פועלים יחד לחוסן ולרווחה.")
GOALS = (
    "חיזוק האחריות, הבעלות וההובלה של הרשות עם כלל השחקנים לתוצאות ארוכות טווח משותפות.",
    "רצף וקשרים בין כלל המערכות העירוניות: תיאום מהיר, איגום משאבים וניהול ידע.",
    "עבודה מבוססת נתונים: איסוף שיטתי, יעדים, בקרה ומעקב.",
    "שותפות ציבור ודיאלוג רב-מגזרי: מידע המיפוי פתוח לכולם.",
)
CHALLENGES = (
    ("בדידות של אזרחים ותיקים בשכונות הוותיקות", "כ-1,200 אזרחים ותיקים גרים לבד; רק שליש מהם מוכרים לרווחה.", 14, 6),
    ("נשירה סמויה של בני נוער ממסגרות", "עלייה בהיעדרויות בחטיבות הביניים; אין מענה אחרי שעות הלימודים.", 11, 4),
    ("מרחבים ציבוריים מוזנחים ולא מזמינים", "שלוש גינות שכונתיות ללא תאורה ופעילות; מעט מקומות מפגש.", 9, 5),
    ("עסקים קטנים במרכז העיר נסגרים", "12 חנויות נסגרו בשנתיים; אין פורום סוחרים פעיל.", 7, 3),
    ("מעט מתנדבים פעילים ומוכנות נמוכה לחירום", "מאגר המתנדבים לא מעודכן; רק חלק מהשכונות עם צוות צח\"י.", 10, 8),
)
PEOPLE = (
    ("steering", "municipality", "אבי שרון", "עיריית גבעת זמיר", "ceo@givat-zamir.example"),
    ("steering", "civil_society", "שרה בן-דוד", "עמותת יד ביד", None),
    ("steering", "business", "אמיר נסאר", "פורום עסקי גבעת זמיר", None),
    ("steering", "academia", "ד\"ר תמר גולן", "המכללה האזורית", None),
    ("steering", "residents", "יוסי אברהם", "ועד שכונת הרקפות", None),
    ("shaping", "municipality", "ליאת מזרחי", "עיריית גבעת זמיר", "partnerships@givat-zamir.example"),
    ("shaping", "municipality", "רונית אלון", "אגף הרווחה", "welfare@givat-zamir.example"),
    ("shaping", "civil_society", "מוחמד עודה", "מרכז קהילתי צפון", None),
    ("shaping", "business", "גלית שמעוני", "לשכת המסחר", None),
    ("shaping", "residents", "אורי פרץ", "תושב, ועד הורים עירוני", None),
    ("shaping", "academia", "פרופ' נעמה לב", "המכללה האזורית", None),
    ("pilot", "municipality", "ליאת מזרחי", "עיריית גבעת זמיר", "partnerships@givat-zamir.example"),
    ("pilot", "public", "חן רוזן", "משרד הרווחה, מחוז", None),
    ("pilot", "civil_society", "דנה קרמר", "קרן קהילות", None),
)
TEAM = {
    0: (("רונית אלון", "municipality", "welfare@givat-zamir.example"), ("עדי שגיא", "civil_society", None),
        ("ניר חזן", "residents", None)),
    1: (("סמיר חורי", "municipality", "education@givat-zamir.example"), ("מירב דהן", "residents", None),
        ("יעל סבג", "academia", None)),
    2: (("יואב כהן", "municipality", "staff@givat-zamir.example"), ("רועי מלכה", "business", None)),
    3: (("גלית שמעוני", "business", None), ("אלון ביטון", "municipality", None)),
}
LEADS = {0: "welfare@givat-zamir.example", 1: "education@givat-zamir.example", 2: "staff@givat-zamir.example",
         3: "partnerships@givat-zamir.example"}
LOGIC = {
    LogicNode.Kind.INPUT: ("צוות קהילה מיטיבה ורכזות שכונתיות", "תקציב עירוני ושותפים פילנתרופיים"),
    LogicNode.Kind.ACTIVITY: ("רשת שכנים מטפלים לאזרחים ותיקים", "מועדוניות נוער אחר הצהריים", "שיקום גינות שכונתיות"),
    LogicNode.Kind.OUTPUT: ("400 אזרחים ותיקים בקשר שבועי", "6 מועדוניות פעילות", "3 גינות משוקמות"),
    LogicNode.Kind.SHORT: ("ירידה בתחושת הבדידות",),
    LogicNode.Kind.MEDIUM: ("עלייה בהשתתפות בני נוער במסגרות",),
    LogicNode.Kind.LONG: ("קהילה מיטיבה וחסינה",),
}
# (channel index, title, owner email, start offset from the approval in days, length in days, progress,
#  outcome title, budget by year offset: amount)
ACTIONS = (
    (0, "רשת שכנים מטפלים בשכונות הוותיקות", "welfare@givat-zamir.example", -60, 300, 40, "ירידה בתחושת הבדידות",
     {0: 180000, 1: 150000}),
    (0, "מוקד טלפוני חם לאזרחים ותיקים", "welfare@givat-zamir.example", 0, 200, 25, "ירידה בתחושת הבדידות",
     {0: 90000}),
    (1, "מועדוניות נוער אחר הצהריים", "education@givat-zamir.example", -30, 330, 35,
     "עלייה בהשתתפות בני נוער במסגרות", {0: 240000, 1: 240000}),
    (1, "תוכנית חונכות של סטודנטים", "education@givat-zamir.example", 30, 240, 10,
     "עלייה בהשתתפות בני נוער במסגרות", {0: 60000}),
    (2, "שיקום שלוש גינות שכונתיות", "staff@givat-zamir.example", -90, 150, 90, "קהילה מיטיבה וחסינה",
     {0: 350000}),
    (2, "תאורה ומתקני מפגש בגינות", "staff@givat-zamir.example", 60, 120, 0, "קהילה מיטיבה וחסינה", {1: 120000}),
    (3, "פורום סוחרים והטבות לעסקים מקומיים", "partnerships@givat-zamir.example", -20, 360, 20,
     "קהילה מיטיבה וחסינה", {0: 50000, 1: 50000}),
)
INITIATIVES = (
    ("ארוחת שישי משותפת בשכונת הרקפות", "ועד שכונת הרקפות", 0, (5, 4, 5), True),
    ("תיקון אופניים בהתנדבות לבני נוער", "קבוצת הורים", 1, (4, 4, 3), True),
    ("ספרייה קהילתית בתחנת אוטובוס", "תושבים מרחוב הזית", 2, (3, 2, 4), False),
    ("שוק איכרים חודשי במרכז העיר", "פורום סוחרים", 3, (4, 5, 3), True),
)


def _user(email: str | None) -> User | None:
    return User.objects.filter(email=email).first() if email else None


def load_strategy_demo(*, city, neighbour, stdout) -> None:
    with scope(authority=city):
        if Plan.objects.filter(authority=city, title=TITLE).exists():
            return
        ceo = User.objects.get(email="ceo@givat-zamir.example")
        manager = _user("partnerships@givat-zamir.example") or ceo
        today = timezone.localdate()
        with acting_as(manager, authority=city):
            plan = services.create_plan(authority=city, title=TITLE, vision=VISION, coordinator=manager,
                                        start_date=today - timedelta(days=330), status=Plan.Status.DRAFT,
                                        description="תוכנית רב-שנתית שנבנתה עם כלל המגזרים, בהובלת הרשות.")
            channels = list(Channel.objects.filter(plan=plan).order_by("order"))
            people = [services.add_participant(plan=plan, committee=c, sector=s, full_name=n, organisation=o,
                                               user=_user(e)) for c, s, n, o, e in PEOPLE]
            for index, members in TEAM.items():
                for name, sector, email in members:
                    services.add_participant(plan=plan, committee=Participant.Committee.TEAM, channel=channels[index],
                                             full_name=name, sector=sector, user=_user(email))
            for title, situation, needs, resources in CHALLENGES:
                services.add_challenge(plan=plan, title=title, situation=situation, needs=needs, resources=resources)
            for goal in GOALS:
                services.add_goal(plan=plan, title=goal)
            nodes = {}
            for kind, titles in LOGIC.items():
                for title in titles:
                    nodes[title] = services.add_logic_node(plan=plan, kind=kind, title=title)
            order = list(LOGIC.values())
            for left, right in zip(order, order[1:], strict=False):
                for a in left:
                    services.add_logic_link(plan=plan, source=nodes[a], target=nodes[right[0]])
            start = plan.start_date
            lonely = services.add_indicator(outcome=nodes["ירידה בתחושת הבדידות"], name="אזרחים ותיקים שמדווחים על בדידות",
                                            unit="%", baseline=Decimal(38), target=Decimal(25),
                                            target_date=start + timedelta(days=365 * 3))
            youth = services.add_indicator(outcome=nodes["עלייה בהשתתפות בני נוער במסגרות"],
                                           name="בני נוער במסגרת אחר הצהריים", unit="%", baseline=Decimal(42),
                                           target=Decimal(60), target_date=start + timedelta(days=365 * 3))
            for months, (a, b) in enumerate(((36, 44), (35, 44), (33, 43))):
                day = start + timedelta(days=100 * (months + 1))
                services.add_measurement(indicator=lonely, measured_on=day, value=Decimal(a))
                services.add_measurement(indicator=youth, measured_on=day, value=Decimal(b))
        with acting_as(ceo, authority=city):
            for index, email in LEADS.items():
                services.appoint_channel_lead(channel=channels[index], lead=_user(email))
        with acting_as(manager, authority=city):
            by_step = {}
            for meeting in Meeting.objects.filter(plan=plan).order_by("order", "number", "id"):
                meeting.refresh_from_db()
                if meeting.step in (Meeting.Step.PILOT_MEASUREMENT, Meeting.Step.PILOT_DECISION):
                    continue
                if meeting.date is None or meeting.date > today:
                    continue
                committee = {"steering": "steering", "team": "team", "hackathon": "pilot"}.get(
                    meeting.step.split("_")[0], "shaping")
                came = [p.pk for p in people if p.committee == committee]
                by_step[meeting.step] = services.hold_meeting(
                    meeting=meeting, version=meeting.version, held_on=meeting.date, decisions=_decisions(meeting),
                    attendee_ids=came)
            approval = by_step.get(Meeting.Step.STEERING_APPROVAL)
            approved_on = approval.held_on if approval else today
            outcomes = {n.title: n for n in LogicNode.objects.filter(plan=plan)}
            previous = None
            for index, title, email, offset, length, progress, outcome, budget in ACTIONS:
                begin = approved_on + timedelta(days=offset)
                action = services.create_action(
                    plan=plan, channel=channels[index], title=title, owner=_user(email), start=begin,
                    end=begin + timedelta(days=length), outcome=outcomes.get(outcome), progress=progress,
                    status="in_progress" if progress else "planned",
                    depends_on=previous if index == 2 and previous and previous.channel_id == channels[2].pk else None,
                )
                previous = action
                for year_offset, amount in budget.items():
                    services.add_budget_line(action=action, year=begin.year + year_offset, amount=Decimal(amount),
                                             source="municipal" if year_offset == 0 else "philanthropy")
            for title, team, index, (fit, impact, feasible), selected in INITIATIVES:
                initiative = services.add_initiative(plan=plan, title=title, team_name=team, channel=channels[index])
                services.score_initiative(initiative=initiative, version=initiative.version, fit=fit, impact=impact,
                                          feasibility=feasible, selected=selected, connections=selected,
                                          mentoring=selected, amount=Decimal(15000 if selected else 0))
            plan.refresh_from_db()
            if plan.status == Plan.Status.APPROVED:
                services.publish_plan(plan=plan)
    stdout.write("Strategic plan demo: the caring-community plan of Givat Zamir, approved and published")


def _decisions(meeting: Meeting) -> str:
    return {
        Meeting.Step.STEERING_SCOPE: "גבולות הגזרה: כל שכונות העיר, בדגש על השכונות הוותיקות. ארבעה אפיקים: חברתי, "
                                     "חינוכי, אורבני, כלכלי. הוועדה המעצבת מונתה.",
        Meeting.Step.SHAPING_1: "נבחרו חמישה אתגרים למיקוד המיפוי (ראו בדף התוכנית).",
        Meeting.Step.SHAPING_2: "תמונת המצב הוצגה; הכנס יתקיים באולם העירוני ויוזמנו נציגים מכל המגזרים.",
        Meeting.Step.LAUNCH: "נבנו החזון, ארבע מטרות והיעדים המרכזיים — המצפן של התוכנית.",
        Meeting.Step.SHAPING_3: "נבנו תיאוריית השינוי והמודל הלוגי, עם מדדים לתוצאות.",
        Meeting.Step.HACKATHON: "הוצגו ארבע יוזמות; הוועדה בחרה שלוש לתמיכה בקשרים, בליווי ובכסף.",
        Meeting.Step.SHAPING_4: "הצוותים הציגו את תוכניות העבודה; הערות לאפיק הכלכלי.",
        Meeting.Step.SHAPING_5: "התוכנית נסגרה והועברה לאישור ועדת ההיגוי.",
        Meeting.Step.STEERING_APPROVAL: "ועדת ההיגוי אישרה את התוכנית ואת תוכניות העבודה הנגזרות ממנה.",
    }.get(meeting.step, "תוכנית העבודה של הצוות התקדמה; משימות חולקו עד המפגש הבא.")
