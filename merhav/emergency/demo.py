"""The demo of emergency operations for Givat Zamir (`manage.py load_demo`), from seed 000's first worked
example: the "Ein Or" neighbourhood lost power after a missile hit and the hotline was flooded, because no
sealed messages had been prepared. Its action item was that the head of public information prepares
sealed messages for infrastructure damage and the CEO approves them. So the demo has:

- the sealed messages the head of public information (מיכל דוד) drafted: power, water and road
  infrastructure, shelter instructions, all clear; the CEO approved most of them; the Arabic water message
  is still a draft and there is none for school closure or evacuation, so the readiness view shows gaps;
- a drill of the power-infrastructure scenario in Ein Or, declared, logged, with a message issued, and
  ended (the lessons-learned event of the drill is made by the lessons app);
- the authority's copy of the ecosystem manager's checklist (seed 004) and a run for the STEM ecosystem.

Idempotent: it adds nothing when the city already has sealed messages. Everything goes through the
services, acting as the people who would do it, so the audit log fills as real use would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.accounts.models import User
from merhav.core.context import acting_as

from . import services
from .models import AnswerStatus, Channel, ChecklistAnswer, EmergencyKind, LogEntry, Scenario, SealedMessage

DOMAIN = "givat-zamir.example"

# (scenario, channel, language, title, body, approved)
MESSAGES = (
    (Scenario.POWER, Channel.SMS, "he", "פגיעה בתשתית החשמל – SMS לתושבים",
     "עיריית גבעת זמיר: בשל פגיעה בתשתית החשמל אין חשמל בשכונת {neighbourhood} מאז {time}. "
     "{instructions} אין צורך להתקשר למוקד. עדכון נוסף יישלח.", True),
    (Scenario.POWER, Channel.SMS, "ar", "ضرر في البنية التحتية للكهرباء – رسالة قصيرة للسكان",
     "بلدية جفعات زمير: بسبب ضرر في البنية التحتية للكهرباء لا توجد كهرباء في حي {neighbourhood} منذ {time}. "
     "{instructions} لا حاجة للاتصال بالمركز. سنرسل تحديثًا آخر.", True),
    (Scenario.POWER, Channel.WEBSITE, "he", "פגיעה בתשתית החשמל – הודעה באתר",
     "בשעה {time} נפגעה תשתית החשמל בשכונת {neighbourhood}. צוותי חברת החשמל והעירייה פועלים בשטח.\n"
     "{instructions}\nתושבים התלויים בציוד רפואי חשמלי יפנו למוקד העירוני.", True),
    (Scenario.POWER, Channel.HOTLINE, "he", "פגיעה בתשתית החשמל – תסריט למוקד",
     "שלום, מדברים מהמוקד העירוני. אנו מודעים להפסקת החשמל בשכונת {neighbourhood} מאז {time}. "
     "{instructions} האם יש בבית מי שתלוי בציוד רפואי?", True),
    (Scenario.WATER, Channel.SMS, "he", "פגיעה בתשתית המים – SMS לתושבים",
     "עיריית גבעת זמיר: בשל פגיעה בצנרת אספקת המים בשכונת {neighbourhood} הופסקה מאז {time}. "
     "חלוקת מים: {instructions}", True),
    (Scenario.WATER, Channel.SMS, "ar", "ضرر في البنية التحتية للمياه – رسالة قصيرة للسكان",
     "بلدية جفعات زمير: بسبب ضرر في شبكة المياه انقطع التزويد في حي {neighbourhood} منذ {time}. "
     "توزيع المياه: {instructions}", False),
    (Scenario.ROAD, Channel.WEBSITE, "he", "פגיעה בכביש – הודעה באתר",
     "בשעה {time} נחסם הכביש בשכונת {neighbourhood} בשל פגיעה. {instructions}", True),
    (Scenario.ROAD, Channel.WEBSITE, "ar", "ضرر في الشارع – إعلان في الموقع",
     "في الساعة {time} أُغلق الشارع في حي {neighbourhood} بسبب ضرر. {instructions}", True),
    (Scenario.SHELTER, Channel.WHATSAPP, "he", "הנחיות התגוננות – וואטסאפ",
     "לתושבי {neighbourhood}: יש לשהות בסמיכות למרחב מוגן. {instructions}", True),
    (Scenario.SHELTER, Channel.WHATSAPP, "ar", "تعليمات الحماية – واتساب",
     "إلى سكان {neighbourhood}: يجب البقاء بالقرب من مكان محمي. {instructions}", True),
    (Scenario.ALL_CLEAR, Channel.SMS, "he", "חזרה לשגרה – SMS",
     "עיריית גבעת זמיר: החל מ-{time} חזרה אספקת החשמל בשכונת {neighbourhood}. תודה על הסבלנות.", True),
)

LOG = (
    (LogEntry.Kind.REPORT, "דיווח מחברת החשמל: קו ההזנה לשכונת עין אור נפגע. משך התיקון המשוער: 6 שעות."),
    (LogEntry.Kind.DECISION, "הוחלט להפיץ הודעה נצורה לתושבי עין אור ב-SMS ובאתר, ולא לענות אחד-אחד במוקד."),
    (LogEntry.Kind.ENTRY, "המוקד העירוני מדווח על ירידה במספר הפניות לאחר הפצת ההודעה."),
)


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def load_emergency_demo(*, city, neighbour, stdout) -> None:
    with scope(authority=city):
        if SealedMessage.objects.filter(authority=city).exists():
            return
    ceo, dovrut, staff, admin, education = (
        _user("ceo"), _user("dovrut"), _user("staff"), _user("admin"), _user("education"))
    made = {}
    with acting_as(dovrut, authority=city):
        for scenario, channel, language, title, body, _approved in MESSAGES:
            made[title] = services.create_message(authority=city, scenario=scenario, channel=channel,
                                                  language=language, title=title, body=body)
    with acting_as(ceo, authority=city):
        for *_rest, title, _body, approved in MESSAGES:
            if approved:
                message = made[title]
                made[title] = services.approve_message(message=message, version=message.version)
    with acting_as(admin, authority=city):
        services.ensure_checklist(authority=city)

    # A drill of the seed's scenario: power infrastructure hit in Ein Or.
    with acting_as(staff, authority=city):
        drill = services.declare_emergency(
            authority=city, kind=EmergencyKind.INFRASTRUCTURE, title="תרגיל: פגיעה בתשתית החשמל בשכונת עין אור",
            neighbourhoods="עין אור", started_at=timezone.now() - timedelta(hours=5),
            description="תרגיל עירוני של תרחיש נפילת טיל והפסקת חשמל, לבדיקת ההודעות הנצורות שהוכנו.",
        )
        for kind, text in LOG:
            services.add_log_entry(emergency=drill, kind=kind, text=text)
    with acting_as(dovrut, authority=city):
        services.issue_message(
            emergency=drill, message=made["פגיעה בתשתית החשמל – SMS לתושבים"],
            values={"neighbourhood": "עין אור", "time": "18:40",
                    "instructions": "מומלץ להטעין טלפונים ולהימנע מפתיחת מקררים."},
        )
    with acting_as(education, authority=city):
        run = services.start_checklist_run(authority=city, programme="אקוסיסטם STEM גבעת זמיר", emergency=drill)
        with scope(authority=city):
            answers = list(ChecklistAnswer.objects.filter(run=run).order_by("question__stage", "question__position")[:6])
        for answer, status in zip(answers, (AnswerStatus.DONE, AnswerStatus.DONE, AnswerStatus.PARTLY,
                                            AnswerStatus.DONE, AnswerStatus.NOT_YET, AnswerStatus.PARTLY), strict=True):
            services.answer_question(answer=answer, version=answer.version, status=status, owner=education)
        lab = services.add_initiative(run=run, title="מעבדת STEM ניידת למרחבים המוגנים בעין אור")
        services.update_initiative(initiative=lab, version=lab.version, title=lab.title, cycle_stage="plan",
                                   note="נבחרו שלושה מקלטים ציבוריים; נדרש תיאום עם הקב\"ט.")
    with acting_as(ceo, authority=city):
        drill.refresh_from_db()
        services.end_emergency(emergency=drill, version=drill.version)
    stdout.write(f"Emergency demo: {len(MESSAGES)} sealed messages, a drill in Ein Or, the checklist")
