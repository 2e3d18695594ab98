"""The demo of partnerships and community resources for Givat Zamir (`manage.py load_demo`), from seed 001
and stage 3 of seed 004: a dozen partners of every kind the seed names (civil society, business, public
bodies, academia, informal communities — parent and building committees, a synagogue community), resources
of the three families, needs in a few neighbourhoods, existing responses, the cross-sector forum, a shared
offer in the region's network, and one gap document snapshot. The seed's "voice from the field": the child
development unit that could not go on with face-to-face treatment was converted to online guidance for
parents, and the youth units' managers became a distribution channel of activity kits for young children.

Idempotent: it adds nothing when the city already has partners. It writes through the services, acting as
the city's partnerships manager, so the demo also fills the audit log as real use would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.accounts.models import User
from merhav.core.context import acting_as
from merhav.tenancy.models import Department, StandardDepartment

from . import services
from .models import Availability, Category, Partner, Resource

NEIGHBOURHOODS = ("עין אור", "נווה גבעה", "העיר העתיקה", "שכונת הפרחים")

# name, kind, registration number (an amuta's has a valid check digit), fields, populations, neighbourhoods,
# added value and identity
PARTNERS = (
    ("עמותת לב זמיר", Partner.Kind.AMUTA, "580123453", "סיוע במזון, חלוקת סלים", "משפחות ביוקר מחיה, קשישים",
     ("עין אור", "נווה גבעה"), "רשת מתנדבים ותיקה ומחסן מזון משלה; פועלת בשם העמותה ולא בשם העירייה."),
    ("מרכז החוסן גבעת זמיר", Partner.Kind.AMUTA, "580234565", "טיפול רגשי, תמיכה פסיכו-סוציאלית",
     "ילדים, משפחות, ותיקים", (), "צוות מטפלים מוסמך; שומר על חיסיון המטופלים וגישה טיפולית משלו."),
    ("ידיד לקשיש", Partner.Kind.AMUTA, "580345676", "ביקורי בית, ליווי קשישים", "קשישים בודדים",
     ("העיר העתיקה",), "היכרות אישית עם הקשישים הבודדים בעיר."),
    ("חברת הסעות הגבעה בע\"מ", Partner.Kind.COMPANY, "", "תחבורה", "כלל התושבים", (),
     "צי אוטובוסים זעירים ונהגים זמינים בערבים."),
    ("סופר השכונה", Partner.Kind.COMPANY, "", "מזון", "תושבי נווה גבעה", ("נווה גבעה",),
     "תרומת מוצרי מזון ומקום לנקודת איסוף."),
    ("מכללת הגבעות", Partner.Kind.ACADEMIA, "", "הדרכה, מחקר, סטודנטים מתנדבים", "נוער וצעירים", (),
     "סטודנטים לעבודה סוציאלית וחינוך שיכולים להתגייס בחירום."),
    ("קופת חולים — סניף העיר", Partner.Kind.PUBLIC_BODY, "", "בריאות", "כלל התושבים", (),
     "רשימות מטופלים רגישים ואחיות קהילה."),
    ("ועד ההורים העירוני", Partner.Kind.PARENT_COMMITTEE, "", "חינוך, קשר עם הורים", "הורים לילדים",
     (), "ערוץ ישיר לקבוצות ההורים של כל בתי הספר."),
    ("ועד הבית רחוב הזית 12", Partner.Kind.BUILDING_COMMITTEE, "", "קשר עם דיירים", "דיירי הבניין",
     ("עין אור",), "מכיר כל דייר בבניין, כולל מי שזקוק לעזרה בירידה למרחב המוגן."),
    ("קהילת בית הכנסת אוהל שם", Partner.Kind.SYNAGOGUE, "", "קהילה, חלוקת מזון בחגים", "מתפללים ומשפחותיהם",
     ("העיר העתיקה",), "קהילה מלוכדת עם רשימת טלפונים ומתנדבים לשבתות וחגים."),
    ("תנועת הנוער — קן גבעת זמיר", Partner.Kind.YOUTH_MOVEMENT, "", "פעילות לילדים, חלוקה",
     "ילדים ובני נוער", (), "מדריכים שיכולים להפוך לערוץ הפצה של ערכות פעילות."),
    ("מתנדבי שכונת הפרחים", Partner.Kind.VOLUNTEER_GROUP, "", "התנדבות", "תושבי שכונת הפרחים",
     ("שכונת הפרחים",), "קבוצת וואטסאפ של 60 מתנדבים פעילים."),
)

# name, kind, category, capacity, unit, availability, neighbourhood, partner (or None: a department), days since
# verified
RESOURCES = (
    ("מתנדבים לחלוקת מזון", Resource.Kind.VOLUNTEERS, Category.FOOD, 40, "מתנדבים", Availability.BOTH, "עין אור",
     "עמותת לב זמיר", 20),
    ("מחסן מזון ובו 300 סלים", Resource.Kind.INFRASTRUCTURE, Category.FOOD, 300, "סלים", Availability.EMERGENCY,
     "נווה גבעה", "עמותת לב זמיר", 30),
    ("צוות המטפלים של מרכז החוסן", Resource.Kind.PROFESSIONAL_STAFF, Category.PSYCHOSOCIAL, 25, "מטופלים בשבוע",
     Availability.BOTH, None, "מרכז החוסן גבעת זמיר", 10),
    ("יחידת התפתחות הילד — הדרכת הורים מקוונת", Resource.Kind.CONVERTIBLE_SKILLS, Category.EDUCATION, 60,
     "משפחות", Availability.EMERGENCY, None, None, 5),
    ("מנהלי יחידות הנוער — חלוקת ערכות פעילות", Resource.Kind.INFORMATION_NETWORK, Category.EDUCATION, 200,
     "ערכות", Availability.EMERGENCY, None, "תנועת הנוער — קן גבעת זמיר", 15),
    ("מיניבוסים עם נהגים", Resource.Kind.INFRASTRUCTURE, Category.TRANSPORT, 8, "רכבים", Availability.BOTH, None,
     "חברת הסעות הגבעה בע\"מ", 400),
    ("מקלט ציבורי מונגש ברחוב הזית", Resource.Kind.PROTECTED_SPACE, Category.SHELTER, 80, "מקומות",
     Availability.EMERGENCY, "עין אור", None, 60),
    ("ביקורי בית אצל קשישים בודדים", Resource.Kind.VOLUNTEERS, Category.ELDERLY, 30, "קשישים", Availability.BOTH,
     "העיר העתיקה", "ידיד לקשיש", 45),
    ("קבוצת ההורים העירונית — ערוץ הודעות", Resource.Kind.EMERGENCY_CHANNEL, Category.INFORMATION, 5000, "הורים",
     Availability.BOTH, None, "ועד ההורים העירוני", 90),
    ("קרן חירום קהילתית", Resource.Kind.FUNDING, Category.OTHER, 50000, "₪", Availability.EMERGENCY, None,
     "עמותת לב זמיר", 200),
    ("סטודנטים לעבודה סוציאלית", Resource.Kind.VOLUNTEERS, Category.PSYCHOSOCIAL, 15, "סטודנטים",
     Availability.EMERGENCY, None, "מכללת הגבעות", 30),
    ("שיתוף פעולה עם קופת החולים — רשימות מטופלים רגישים", Resource.Kind.COOPERATION, Category.HEALTH, 100,
     "מטופלים", Availability.BOTH, None, "קופת חולים — סניף העיר", 20),
)

# title, category, quantity, unit, neighbourhood, population group, urgency, source
NEEDS = (
    ("סלי מזון למשפחות שנפגעו מהפסקת החשמל", Category.FOOD, 120, "סלים", "עין אור", "משפחות", 1, "אגף הרווחה"),
    ("ליווי רגשי לילדים אחרי האירוע", Category.PSYCHOSOCIAL, 40, "ילדים", "עין אור", "ילדים", 2, "אגף החינוך"),
    ("מקומות במרחב מוגן מונגש", Category.SHELTER, 120, "מקומות", "עין אור", "אנשים עם מוגבלות", 1,
     "ועד הבית רחוב הזית 12"),
    ("ביקורי בית אצל קשישים בודדים", Category.ELDERLY, 50, "קשישים", "העיר העתיקה", "קשישים בודדים", 2,
     "ידיד לקשיש"),
    ("ערכות פעילות לילדים צעירים בבית", Category.EDUCATION, 150, "ערכות", "נווה גבעה", "ילדים צעירים", 3,
     "ועד ההורים העירוני"),
    ("הסעות לטיפולים רפואיים", Category.TRANSPORT, 12, "נסיעות ביום", "שכונת הפרחים", "חולים כרוניים", 2,
     "קופת חולים — סניף העיר"),
    ("מידע לתושבים בערבית על נקודות החלוקה", Category.INFORMATION, 1, "הודעה", None, "דוברי ערבית", 3,
     "מכלול ההסברה"),
)


def load_resources_demo(*, city, neighbour, stdout) -> None:
    with scope(authority=city):
        if Partner.objects.filter(authority=city).exists():
            return
        manager = User.objects.get(email="partnerships@givat-zamir.example")
        welfare = Department.objects.filter(authority=city, kind=StandardDepartment.WELFARE).first()
        education = Department.objects.filter(authority=city, kind=StandardDepartment.EDUCATION).first()
        with acting_as(manager, authority=city):
            places = {name: services.create_neighbourhood(authority=city, name=name) for name in NEIGHBOURHOODS}
            partners = {}
            for name, kind, number, fields, populations, served, added_value in PARTNERS:
                partners[name] = services.create_partner(
                    authority=city, name=name, kind=kind, registration_number=number, fields_of_activity=fields,
                    populations_served=populations, added_value=added_value,
                    neighbourhoods=[places[n] for n in served])
            services.add_partner_contact(partner=partners["עמותת לב זמיר"], full_name="שרית אלמוג",
                                         role_title="רכזת מתנדבים", phone="050-0000001")
            services.add_agreement(partner=partners["עמותת לב זמיר"], title="הסכם שיתוף פעולה בחירום",
                                   signed_on=timezone.localdate() - timedelta(days=120), status="signed",
                                   document="הסכם-לב-זמיר.pdf")
            today = timezone.localdate()
            resources = {}
            for name, kind, category, capacity, unit, availability, place, partner, age in RESOURCES:
                resources[name] = services.create_resource(
                    authority=city, name=name, kind=kind, category=category, capacity=capacity, unit=unit,
                    availability=availability, neighbourhood=places.get(place) if place else None,
                    partner=partners.get(partner) if partner else None,
                    department=None if partner else (education if category == Category.EDUCATION else welfare),
                    verified_on=today - timedelta(days=age), accessible=kind == Resource.Kind.PROTECTED_SPACE)
            needs = {}
            for title, category, quantity, unit, place, group, urgency, source in NEEDS:
                needs[title] = services.create_need(
                    authority=city, title=title, category=category, quantity=quantity, unit=unit,
                    neighbourhood=places.get(place) if place else None, population_group=group, urgency=urgency,
                    source=source, emergency="הפסקת חשמל בעין אור" if place == "עין אור" else "")
            for need_title, resource_name, quantity in (
                ("סלי מזון למשפחות שנפגעו מהפסקת החשמל", "מחסן מזון ובו 300 סלים", 80),
                ("ליווי רגשי לילדים אחרי האירוע", "צוות המטפלים של מרכז החוסן", 25),
                ("מקומות במרחב מוגן מונגש", "מקלט ציבורי מונגש ברחוב הזית", 80),
                ("ערכות פעילות לילדים צעירים בבית", "מנהלי יחידות הנוער — חלוקת ערכות פעילות", 150),
            ):
                services.allocate_resource(need=needs[need_title], resource=resources[resource_name],
                                           quantity=quantity)
            services.create_response(authority=city, name="מוקד רווחה טלפוני", category=Category.PSYCHOSOCIAL,
                                     department=welfare, for_whom="כלל התושבים", capacity=200)
            services.create_response(authority=city, name="חלוקת מזון שבועית בבית הכנסת",
                                     category=Category.FOOD, partner=partners["קהילת בית הכנסת אוהל שם"],
                                     for_whom="משפחות הקהילה", neighbourhood=places["העיר העתיקה"], capacity=40)
            for partner_name in ("עמותת לב זמיר", "מרכז החוסן גבעת זמיר", "חברת הסעות הגבעה בע\"מ",
                                 "מכללת הגבעות", "קופת חולים — סניף העיר", "ועד ההורים העירוני"):
                services.add_forum_member(authority=city, partner=partners[partner_name])
            services.add_forum_member(authority=city, department=welfare, role_note="מרכזת את הפורום עם מנהלת השותפויות")
            meeting = services.create_forum_meeting(
                authority=city, title="פורום שותפויות וחירום — מפגש פתיחה", held_on=today - timedelta(days=30),
                summary="היכרות בין השותפים, מיפוי המענים הקיימים וסיכום דרכי העבודה בשגרה ובחירום.")
            services.add_forum_decision(meeting=meeting, text="להשלים את מיפוי המרחבים המוגנים המונגשים בכל השכונות",
                                        owner="מנהלת השותפויות", due_on=today + timedelta(days=30))
            services.add_forum_decision(meeting=meeting, text="להכין רשימת צרכים מעודכנת לגורמים פילנתרופיים",
                                        owner="מנהלת השותפויות", due_on=today + timedelta(days=14))
            services.save_gap_note(authority=city, category=Category.SHELTER, neighbourhood=places["עין אור"],
                                   text="לפנות לבית הספר השכונתי לפתיחת המקלט שלו לציבור; לבדוק הנגשה.", version=None)
            services.take_gap_snapshot(authority=city, label="אחרי הפסקת החשמל בעין אור")
            services.create_public_link(authority=city)
            if city.region_id:
                services.share_post(authority=city, kind="offer", title="מיניבוסים עם נהגים לפינוי ולהסעות",
                                    category=Category.TRANSPORT, quantity=3, unit="רכבים",
                                    description="שלושה מיניבוסים זמינים בערבים לרשויות האשכול.")
    stdout.write(f"Resources demo: {len(PARTNERS)} partners, {len(RESOURCES)} resources, {len(NEEDS)} needs")
