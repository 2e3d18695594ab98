"""The demo of the knowledge network (called by merhav.communities.demo): the education community's
network launched with 22 members and a wave of 6 after it, discussions with replies in Hebrew, a past and
an upcoming monthly talk, a newsletter of the period's products sent to the members, a quarterly pulse and
an evaluation survey whose figures are the seed's (about 80% highly satisfied with the meetings, 80% in
ongoing contact, over 90% who adopted a tool, about 70% who shared with their managers).

Idempotent: it adds nothing when the community's network already has a wave."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.tenancy.models import Authority
from merhav.workspace.management.commands.load_demo import ensure_user

from .models import Community, CommunityMember, KnowledgeProduct, NetworkMember, NetworkWave
from .services import add_member
from .services import network as services

COMMUNITY = "קהילת מנהלי.ות אגפי חינוך"

FIRST = ("מירב", "עומר", "רנא", "גיל", "דנה", "איתי", "מאיה", "ראמי", "שירן", "אביב", "נוגה", "פאדי", "טל", "הדס",
         "יונתן", "לינא", "אסף", "ענבל", "באסם", "קרן")
LAST = ("כהן", "לוי", "חסון", "מזרחי", "בן-דוד", "ג'אבר", "שושן", "עזאם", "פרידמן", "נסאר")

THREADS = (
    ("איך מגייסים מורים למקצועות המדעים בפריפריה?",
     "אצלנו חסרים שלושה מורים לפיזיקה ולמתמטיקה לשנה הבאה. מישהו ניסה מענק רשותי או שיתוף עם מכללה?",
     ("ניסינו מענק מגורים בשיתוף המכללה האזורית: שניים מתוך שלושה נשארו אחרי שנה.",
      "אצלנו עבד שיתוף פעולה עם תעשייה מקומית: מהנדסים מלמדים שעתיים בשבוע.",
      "אשמח לקבל את נוסח ההסכם עם המכללה, אם אפשר לשתף ברשת.")),
    ("רצף חינוכי בזמן חירום: מה הכנתם לקראת השנה?",
     "אחרי השנה האחרונה אנחנו בונים תיק חירום לאגף. מה חייב להיות בו לדעתכם?",
     ("רשימת קשר מעודכנת של כל הצוותים, ונוהל למידה מרחוק שתורגל מראש.",
      "מיפוי של מבנים חלופיים ביישובים השכנים, עם הסכמים חתומים.")),
    ("כלי למיפוי צרכים של מנהלי בתי ספר",
     "בנינו שאלון קצר למנהלים בתחילת שנה. מצרפת אותו לספרייה בקרוב; מי רוצה לנסות ולתת משוב?",
     ("אנחנו ננסה בספטמבר ונחזור עם משוב.",)),
)


def load_network_demo(*, city: Authority, neighbour: Authority, stdout) -> None:
    community = Community.objects.filter(name=COMMUNITY).first()
    if community is None:
        return
    with scope(community=community.pk):
        if NetworkWave.objects.filter(community=community).exists():
            return
        lead = CommunityMember.objects.filter(community=community, role=CommunityMember.Role.LEADER).select_related(
            "user").first()
        core = list(CommunityMember.objects.filter(community=community, role__in=("core", "leading_core"))
                    .select_related("user").order_by("id"))
    if lead is None:
        return
    today = timezone.localdate()
    leader = lead.user
    with acting_as(leader):
        services.add_wave(community=community, opens_on=today - dt.timedelta(days=150),
                          note="השקת הרשת: חברי הקהילה ובעלי תפקידים שענו על השאלון")
        people = []
        for i in range(20):
            user = ensure_user(f"network{i + 1:02d}@merhav.example", f"{FIRST[i]} {LAST[i % len(LAST)]}")
            people.append(add_member(community=community, user=user, authority=city if i % 2 else neighbour,
                                     role=CommunityMember.Role.NETWORK, job_title="סגנ.ית מנהל.ת אגף החינוך",
                                     gender=("female", "male")[i % 2], sector=("jewish", "arab", "druze")[i % 3],
                                     seniority_years=2 + i % 9))
    members = core + people
    for i, member in enumerate(members[:22]):
        with acting_as(member.user):
            services.join_network(community=community, member=member, expertise="הון אנושי בחינוך, רצף חינוכי",
                                  interests="חדשנות חינוכית ושותפויות עם הקהילה", contribution="כלים ממיזם שהובלנו",
                                  online_ready=i % 5 != 0)
    with acting_as(leader):
        services.add_wave(community=community, opens_on=today - dt.timedelta(days=45), note="גל הצטרפות ראשון")
    for member in members[22:28]:
        with acting_as(member.user):
            services.join_network(community=community, member=member, expertise="פיתוח צוותים",
                                  interests="ניהול בזמן חירום")
    in_network = members[:28]
    # Discussions with replies.
    for t, (title, body, replies) in enumerate(THREADS):
        with acting_as(in_network[t * 3].user):
            thread = services.start_thread(community=community, title=title, body=body)
        for r, text in enumerate(replies):
            with acting_as(in_network[(t * 3 + r * 5 + 1) % len(in_network)].user):
                services.reply(thread=thread, body=text)
    with acting_as(leader):
        at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=20), dt.time(18, 30)))
        services.schedule_talk(community=community, topic="למידה מרחוק בשעת חירום: מה למדנו",
                               speaker="מנהלת אגף חינוך מהצפון", starts_at=at, link="https://zoom.example.org/j/1001")
        services.schedule_talk(community=community, topic="גיוס והשארת מורים בפריפריה", speaker="חוקרת ממכון מחקר",
                               starts_at=at + dt.timedelta(days=30), link="https://zoom.example.org/j/1002",
                               description="שיחה מקוונת חודשית של רשת הידע, שעה אחת.")
        with scope(community=community.pk):
            latest = (KnowledgeProduct.objects.filter(community=community, status="published")
                      .order_by("-published_at").values_list("published_at", flat=True).first())
        since = min(today - dt.timedelta(days=30), timezone.localdate(latest) if latest else today)
        newsletter = services.generate_newsletter(
            community=community, period_start=since, period_end=today,
            intro="שלום לחברות ולחברי רשת הידע! הנה התוצרים שפורסמו החודש, ומועד השיחה המקוונת הבאה.")
        services.send_newsletter(newsletter=newsletter)
        quarter = (today.month - 1) // 3 + 1
        pulse = services.open_pulse(community=community, year=today.year, quarter=quarter,
                                    question="עד כמה הרשת מועילה לעבודה היומיומית שלך?")
        survey = services.open_evaluation(community=community, title="סקר הערכה — סוף השנה הראשונה")
    with scope(community=community.pk):
        rows = list(NetworkMember.objects.filter(community=community).select_related("member").order_by("id"))
    for i, row in enumerate(rows):
        if i < 21:  # 21 of 28 answer the pulse (75%)
            services.answer_pulse(pulse=pulse, member=row.member, value=(5, 4, 4, 5, 3, 4, 2)[i % 7])
        if i < 25:  # 25 answer the evaluation: 80% satisfied, 80% in contact, 92% adopted, 72% shared
            services.answer_evaluation(survey=survey, member=row.member, meetings_satisfaction=5 - (i % 5 == 4) * 2,
                                       ongoing_contact=i % 5 != 3, adopted_tool=i not in (7, 19),
                                       shared_with_manager=i < 18,
                                       comment="המפגשים נתנו לי כלים ושותפים לדרך." if i == 0 else "")
    stdout.write("Communities demo: a knowledge network of 28 members in 2 waves, 3 discussions, 2 talks, "
                 "a newsletter, a pulse and an evaluation survey")
