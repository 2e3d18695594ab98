"""The demo of learning communities (`manage.py load_demo`): the seed's community of heads of education
departments in a national programme, with the seed's two real syllabi (2022–23: the education community
and the economic development community), a recruitment call with its mix, the planning sheet of a
meeting, attendance and satisfaction, a work team through the six stages to a published policy paper.

Idempotent: it adds nothing when the programme already exists. It writes through the services, acting as
the people of the seed's roles, so the audit log and the notifications fill as real use would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.tenancy.models import Authority, StandardDepartment
from merhav.workspace.management.commands.load_demo import ensure_user

from . import services
from .demo_sna import load_sna_demo
from .models import Community, CommunityMember, Meeting, Programme, ProgrammeRole, WorkTeam
from .network_demo import load_network_demo

PROGRAMME = "קהילות לומדות בשלטון המקומי"
D = dt.date

# The seed's "Gantt of the community of heads of education departments" (2022–23): number, date, last day,
# topic, host, online, kind.
EDUCATION_SYLLABUS = (
    (1, D(2022, 9, 14), None, "הגדרת תחומי ליבה", "", False, Meeting.Kind.MEETING),
    (2, D(2022, 10, 26), None, "חדשנות חינוכית", "", False, Meeting.Kind.MEETING),
    (3, D(2022, 11, 24), None, "חדשנות חינוכית", "", True, Meeting.Kind.MEETING),
    (4, D(2022, 12, 21), None, "שותפויות ורצפים", "שדרות", False, Meeting.Kind.MEETING),
    (5, D(2023, 1, 18), None, "שותפויות ורצפים", "", True, Meeting.Kind.MEETING),
    (6, D(2023, 2, 22), D(2023, 2, 23), "שלטון מקומי, שלטון מרכזי", "ירושלים", False, Meeting.Kind.SEMINAR),
    (7, D(2023, 3, 22), None, "כוח אדם", "", True, Meeting.Kind.MEETING),
    (8, D(2023, 4, 2), None, "אופציונלי", "", True, Meeting.Kind.MEETING),
    (9, D(2023, 5, 10), None, "כוח אדם", "", False, Meeting.Kind.MEETING),
    (10, D(2023, 6, 6), None, "מפגש סיום", "קרן רש״י", False, Meeting.Kind.CONFERENCE),
)

# The seed's "Gantt of the economic development community" (2022–23).
ECONOMY_SYLLABUS = (
    (1, D(2022, 9, 21), None, "מפגש פתיחה", "גני אביב, לוד", False, Meeting.Kind.MEETING),
    (2, D(2022, 10, 25), None, "נכסים מניבים", "כרמיאל", False, Meeting.Kind.MEETING),
    (3, D(2022, 11, 22), None, "נכסים מניבים", "", True, Meeting.Kind.MEETING),
    (4, D(2022, 12, 27), None, "קידום עסקים מקומיים", "עיריית ירושלים ומשרד הכלכלה", False, Meeting.Kind.MEETING),
    (5, D(2023, 1, 24), None, "מנועי צמיחה", "דרום השרון", False, Meeting.Kind.MEETING),
    (6, D(2023, 2, 21), None, "שותפויות וממשקי עבודה", "", True, Meeting.Kind.MEETING),
    (7, D(2023, 3, 27), None, "שותפויות וממשקי עבודה", "אשכול נגב מערבי", False, Meeting.Kind.MEETING),
    (8, D(2023, 5, 2), None, "הרשות כארגון כלכלי", "ראשון לציון", False, Meeting.Kind.MEETING),
    (9, D(2023, 5, 30), None, "הרשות כארגון כלכלי", "", True, Meeting.Kind.MEETING),
    (10, D(2023, 7, 4), None, "מגמות עולמיות", "קרן רש״י", False, Meeting.Kind.CONFERENCE),
)

# The planning sheet of the seed's example meeting, for meeting 2.
PLANNING = {
    "goals_professional": "השראה ושיתוף בהחלטות ניהוליות אמיצות ובתהליכי רוחב חדשניים ברשויות השונות.\n"
                          "יצירת שפה משותפת לקהילה בהובלת תהליכי שינוי פנים-ארגוניים שדורשים אומץ ויוזמה.\n"
                          "פיתוח תוצר, כלי או מתודולוגיה שיסייעו בהטמעה בעבודה היומיומית בכל רשות.",
    "goals_community": "המשך היכרות וגיבוש הקהילה.\nחיזוק תחושת האמון והפתיחות דרך למידת עמיתים ושיתוף בדילמות מהשטח.",
    "desired_output": "עמוד שדרה ניהולי אישי, סיכום קייס סטאדי והמלצות הקהילה על הובלת מהלכי שינוי אמיצים בארגון.",
    "opening": "צ'ק-אין, העמקת ההיכרות והתייחסות לאירועים אקטואליים. הצגת הסילבוס של השנה והדרייב המשותף של הקהילה.",
    "professional_content": "יחידת שפה משותפת: הצפה וגירוי – מה זה ניהול אמיץ ויוזם? מתחים על ציר: תכנון ארוך טווח – "
                            "מענה מיידי; החלטות מבוססות נתונים – אינטואיציה; מלמעלה למטה – מלמטה למעלה.\n"
                            "ידע השראתי: הרצאה של מנהל רשות. ידע מניסיון המשתתפים: למידת עמיתים בקבוצות קטנות.",
    "product_lab": "כל משתתף מנסח את עמוד השדרה הניהולי שלו: הערכים המרכזיים של ניהול אמיץ, מקצועי ויוזם.",
    "schedule": "09:00 התכנסות\n10:00 פתיחת יום\n10:45 הפסקה\n11:00 למידת עמיתים – ניהול מקצועי ואמיץ\n"
                "12:00 הרצאה – הרשות כארגון\n12:30 ארוחת צהריים\n13:30 ניהול הון אנושי\n14:30 סיכום המפגש\n15:00 סיום משוער",
    "logistics": "אולם במתנ\"ס המארח, כיבוד, כרטיסיות צירים ונספח צירים אישי לכל משתתף.",
    "roles": "מובילת הקהילה מנחה; רכזת ההפקה אחראית ללוגיסטיקה; מובילת הידע מתעדת ומעבדת לתוצר; השותף המקצועי מציג.",
}

TOPICS = ("הגדרת תחומי ליבה", "חדשנות חינוכית", "שותפויות ורצפים", "שלטון מקומי ושלטון מרכזי", "כוח אדם",
          "חינוך בזמן חירום")

QUESTIONS = (
    "מה האתגר המקצועי המרכזי שלך השנה?",
    "מה תוכל.י לתרום לעמיתים בקהילה?",
    "איך תשלב.י את הקהילה בשגרת העבודה שלך?",
    "מה הציפייה שלך מהקהילה בסוף השנה הראשונה?",
)

# Invented members: (email, name, gender, sector, years, authority: "city" | "neighbour").
MEMBERS = (
    ("hila.edu@merhav.example", "הילה שגיא", "female", "jewish", 6, "neighbour"),
    ("nasrin.edu@merhav.example", "נסרין עבאס", "female", "arab", 9, "city"),
    ("eli.edu@merhav.example", "אלי ברגר", "male", "jewish", 3, "neighbour"),
    ("wafa.edu@merhav.example", "ופא חלבי", "female", "druze", 12, "city"),
    ("yossi.edu@merhav.example", "יוסי טל", "male", "jewish", 15, "neighbour"),
    ("salim.edu@merhav.example", "סלים אבו-ריא", "male", "bedouin", 4, "city"),
    ("orly.edu@merhav.example", "אורלי נחמיאס", "female", "mixed", 8, "neighbour"),
)


def load_communities_demo(*, city: Authority, neighbour: Authority, stdout) -> None:
    if Programme.objects.filter(name=PROGRAMME).exists():
        load_network_demo(city=city, neighbour=neighbour, stdout=stdout)
        load_sna_demo(city=city, neighbour=neighbour, stdout=stdout)
        return
    manager = ensure_user("programme@merhav.example", "תמר רז")
    knowledge = ensure_user("knowledge@merhav.example", "אסנת נוי")
    leader = ensure_user("community-lead@merhav.example", "יעל ירון")
    partner = ensure_user("partner-edu@merhav.example", "דוד מלכה")
    education_head = ensure_user("education@givat-zamir.example", "סמיר חורי")
    economy_lead = ensure_user("economy-lead@merhav.example", "חן עברי")
    today = timezone.localdate()
    with acting_as(manager):
        programme = services.create_programme(
            name=PROGRAMME, description="מיזם משותף למשרד הפנים ולקרן פילנתרופית: קהילות לומדות למנהלים בכירים ברשויות.")
        services.add_programme_role(programme=programme, user=knowledge, role=ProgrammeRole.Role.KNOWLEDGE_LEAD)
        services.add_programme_role(programme=programme, user=knowledge, role=ProgrammeRole.Role.ADVISORY)
        services.create_committee_meeting(
            programme=programme, committee="advisory", held_on=D(2022, 8, 30),
            agenda="תוכנית העבודה השנתית, התקציב והמודל הלוגי למדידה.",
            summary="אושרו תוכנית העבודה והתקציב; המדידה: שביעות רצון אחרי כל מפגש וניתוח רשתות בשתי נקודות זמן.")
        education = services.create_community(
            programme=programme, name="קהילת מנהלי.ות אגפי חינוך", shared_role="מנהלי ומנהלות אגפי חינוך ברשויות",
            department_kind=StandardDepartment.EDUCATION, stage=Community.Stage.YEAR_B,
            finish_line=D(today.year if today.month < 7 else today.year + 1, 7, 15),
            description="קהילה מקצועית לומדת של מנהלי אגפי חינוך מרשויות ברחבי הארץ.")
        economy = services.create_community(
            programme=programme, name="קהילת פיתוח כלכלי", shared_role="גזברים, מנהלי חברות כלכליות ומנהלי פיתוח כלכלי",
            department_kind=StandardDepartment.FINANCE, stage=Community.Stage.YEAR_A)
        lead = services.add_member(community=education, user=leader, authority=None, role=CommunityMember.Role.LEADER,
                                   job_title="מובילת קהילה", gender="female")
        services.add_member(community=education, user=partner, authority=None, role=CommunityMember.Role.PARTNER,
                            job_title="משרד החינוך", gender="male")
        services.add_member(community=economy, user=economy_lead, authority=None, role=CommunityMember.Role.LEADER,
                            job_title="מובילת קהילה", gender="female")
        members = [services.add_member(community=education, user=education_head, authority=city,
                                       role=CommunityMember.Role.LEADING_CORE, job_title="מנהל אגף החינוך",
                                       gender="male", sector="arab", seniority_years=7)]
        for i, (email, name, gender, sector, years, where) in enumerate(MEMBERS):
            user = ensure_user(email, name)
            members.append(services.add_member(
                community=education, user=user, authority=city if where == "city" else neighbour,
                role=CommunityMember.Role.LEADING_CORE if i < 2 else CommunityMember.Role.CORE,
                job_title="מנהל.ת אגף החינוך", gender=gender, sector=sector, seniority_years=years))
    with acting_as(leader):
        _recruitment(education, city, neighbour)
        _syllabus(education, EDUCATION_SYLLABUS, members, lead, city)
    with acting_as(economy_lead):
        _syllabus(economy, ECONOMY_SYLLABUS, [], None, None)
    with acting_as(leader):
        _teams(education, members, today)
    stdout.write("Communities demo: a programme, 2 communities, 20 meetings, a work team and its product")
    load_network_demo(city=city, neighbour=neighbour, stdout=stdout)
    load_sna_demo(city=city, neighbour=neighbour, stdout=stdout)


def _recruitment(community: Community, city: Authority, neighbour: Authority) -> None:
    call = services.create_call(
        community=community, title="קול קורא: הצטרפות לקהילת מנהלי.ות אגפי חינוך",
        text_of_call="מנהלות ומנהלי אגפי חינוך מוזמנים להצטרף לקהילה לומדת: מפגש חודשי, כל פעם ברשות אחרת, "
                     "סמינר דו-יומי וכנס שנתי. ההשתתפות ללא עלות.")
    for dimension, value, target in (("gender", "female", 18), ("gender", "male", 17), ("sector", "arab", 8),
                                     ("sector", "druze", 3), ("sector", "bedouin", 3), ("authority_kind", "city", 15),
                                     ("authority_kind", "local_council", 12), ("authority_kind", "regional_council", 8),
                                     ("seniority", "0-3", 8)):
        services.set_mix_target(call=call, dimension=dimension, value=value, target=target)
    for question in QUESTIONS:
        services.add_interview_question(community=community, question=question)
    applicants = (
        ("רות אשכנזי", "ruth.apply@merhav.example", neighbour, "female", "jewish", 2),
        ("מוחמד דראושה", "mohammad.apply@merhav.example", city, "male", "arab", 11),
        ("ליאור גולן", "lior.apply@merhav.example", neighbour, "male", "jewish", 5),
        ("סמאח חטיב", "samah.apply@merhav.example", city, "female", "arab", 3),
        ("נועם פרץ", "noam.apply@merhav.example", neighbour, "male", "mixed", 1),
    )
    rows = [services.apply_to_call(call=call, full_name=name, email=email, authority=where, job_title="מנהל.ת אגף החינוך",
                                   gender=gender, sector=sector, seniority_years=years,
                                   motivation="ללמוד מעמיתים ולהביא פתרונות לרשות.")
            for name, email, where, gender, sector, years in applicants]
    with scope(community=community.pk):
        services.shortlist_application(application=rows[1], version=1)
        services.schedule_interview(application=rows[2], version=1,
                                    interview_at=timezone.make_aware(dt.datetime(2026, 12, 8, 10, 30)),
                                    notes="ראיון משותף עם השותף המקצועי.")
        services.decide_application(application=rows[3], version=1, accept=True,
                                    message="שמחים לבשר שהתקבלת לקהילה. המפגש הבא יתקיים בחודש הבא.")
        services.decide_application(application=rows[4], version=1, accept=False,
                                    message="תודה על הפנייה. השנה התמהיל מלא; נשמח לראותך ברשת הידע של הקהילה.")


def _syllabus(community: Community, syllabus, members, lead, city) -> None:
    topics = {}
    if members:
        for title in TOPICS:
            topics[title] = services.propose_topic(community=community, title=title)
        for i, member in enumerate(members):
            scores = {topic.pk: 1 + (i + j * 3) % 5 for j, topic in enumerate(topics.values())}
            services.rank_topics(community=community, member=member, scores=scores)
    for number, starts_on, ends_on, title, host, online, kind in syllabus:
        meeting = services.create_meeting(
            community=community, number=number, starts_on=starts_on, ends_on=ends_on, title=title, kind=kind,
            host_name=host, host_authority=city if (members and number == 9) else None, online=online,
            planning=PLANNING if number == 2 and members else None, syllabus_year=2022)
        if members:
            present = [m.pk for i, m in enumerate(members) if (i + number) % 4 != 0]
            services.record_attendance(meeting=meeting, present_member_ids=present)
            for i, member in enumerate(members):
                if member.pk in present and i % 3 != 2:
                    services.answer_survey(meeting=meeting, member=member, overall=5 - (i + number) % 3,
                                           content=4 + (i % 2), comment="מפגש מעולה, הרבה כלים לעבודה." if i == 0 else "")
    if members:
        # The summary and the knowledge produced, after meeting 2.
        with scope(community=community.pk):
            meeting = Meeting.objects.get(community=community, number=2, syllabus_year=2022)
        services.update_meeting(
            meeting=meeting, version=meeting.version, title=meeting.title, starts_on=meeting.starts_on, kind=meeting.kind,
            ends_on=None, host_authority=city, host_name="", online=False, number=2, topic=None, planning=PLANNING,
            summary="המשתתפים עמדו על צירי המתחים ודנו ביתרונות ובחסרונות של כל סגנון ניהול.",
            knowledge_produced="עמוד השדרה הניהולי של כל משתתף, וסיכום הקהילה: ניהול אמיץ הוא שילוב של מאפיינים.")
        # The next meeting of this year, for the dashboard.
        today = timezone.localdate()
        upcoming = today + dt.timedelta(days=21)
        if community.syllabus_year_of(upcoming) == community.syllabus_year_of(today):
            services.create_meeting(community=community, title="צוותי עבודה: הצגת טיוטות", starts_on=upcoming,
                                    host_authority=city, planning={"product_lab": "כל צוות מציג טיוטה ומקבל משוב."})


def _teams(community: Community, members, today) -> None:
    roles = ["facilitator", "documenter", "timekeeper", "scheduler", "member", "member"]
    policy_team = services.create_team(
        community=community, name="צוות נייר מדיניות", topic="חינוך בזמן חירום: מה הרשות צריכה מהשלטון המרכזי",
        budget=Decimal(8000), members={m.pk: roles[i] for i, m in enumerate(members[:6])})
    with scope(community=community.pk):
        for _stage in range(5):
            team = WorkTeam.objects.get(pk=policy_team.pk)
            services.advance_team(team=team, version=team.version)
    product = services.create_product(
        community=community, team=policy_team, kind="policy",
        title="נייר מדיניות: רצף חינוכי בזמן חירום",
        summary="המלצות הקהילה למשרד החינוך ולמשרד הפנים: מי מחליט, מי מממן ואיך שומרים על רצף לימודים לתלמידים מפונים.",
        link="https://example.org/communities/policy-paper-education-emergency")
    services.review_product(product=product, version=product.version,
                            criteria=dict.fromkeys(("voice", "useful", "whole", "pride", "from_field"), True))
    with scope(community=community.pk):
        product.refresh_from_db()
    services.publish_product(product=product, version=product.version)
    services.create_team(community=community, name="צוות פודקאסט", topic="שותפויות ורצפים בין גן לבית ספר",
                         budget=Decimal(5000), members={m.pk: roles[i] for i, m in enumerate(members[2:8])})
