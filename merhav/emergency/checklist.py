"""The ecosystem manager's emergency checklist: every question of the appendix of seed 004
("צ'ק-ליסט לניהול אקוסיסטם בזמן חירום"), the Hebrew as in the seed, with Arabic and English translations.

Each authority gets its own copy (services.ensure_checklist) that its admins edit; this is the standard
template it starts from. tests/test_checklist_seed.py counts the questions against the seed's text."""

from __future__ import annotations

from dataclasses import dataclass

from .models import ChecklistStage


@dataclass(frozen=True)
class Topic:
    stage: int
    he: str
    ar: str
    en: str
    questions: tuple[tuple[str, str, str], ...]  # (he, ar, en)


STANDARD_CHECKLIST: tuple[Topic, ...] = (
    Topic(ChecklistStage.COPING, "החוויה האישית", "التجربة الشخصية", "The personal experience", (
        ("מה הן התחושות שעולות אצלי?",
         "ما المشاعر التي تنشأ لديّ؟",
         "What feelings are coming up in me?"),
        ("האם ביצעתי התארגנות פנימית להתמודד עם המציאות החדשה?",
         "هل قمت بترتيب داخلي للتعامل مع الواقع الجديد؟",
         "Have I organised myself inwardly to cope with the new reality?"),
        ("האם אני מרגישה שאני שומרת על יציבות פנימית כדי לשדר ביטחון לצוותים ולשותפים?",
         "هل أشعر أنني أحافظ على استقرار داخلي لأبثّ الثقة في الطواقم والشركاء؟",
         "Do I feel I am keeping an inner stability, so as to convey confidence to the teams and partners?"),
    )),
    Topic(ChecklistStage.COPING, "היבט מקצועי", "الجانب المهني", "The professional aspect", (
        ("האם הובלתי את הצוותים לפתח תכנית פעולה למענה על אתגרי המצב?",
         "هل قدت الطواقم إلى تطوير خطة عمل للاستجابة لتحديات الوضع؟",
         "Have I led the teams to develop an action plan that answers the challenges of the situation?"),
        ("האם הפעלתי את התמיכה החיצונית והפנימית של האקוסיסטם?",
         "هل فعّلت الدعم الخارجي والداخلي للمنظومة (الإيكوسيستم)؟",
         "Have I activated the ecosystem's external and internal support?"),
    )),
    Topic(ChecklistStage.LISTENING, "הבנת המצב בשטח", "فهم الوضع في الميدان", "Understanding the situation in the field", (
        ("האם עשיתי מיפוי של המצב בשטח? (מהו המצב הכללי והאם יש פגיעות?)",
         "هل أجريت مسحًا للوضع في الميدان؟ (ما الوضع العام وهل هناك أضرار؟)",
         "Have I mapped the situation in the field? (What is the general situation, and is there damage?)"),
        ("האם נתתי הזדהות אמפתית לשותפים ולצוותים, על מנת שירגישו שהם לא לבד במצב?",
         "هل أبديت تعاطفًا مع الشركاء والطواقم كي يشعروا أنهم ليسوا وحدهم في هذا الوضع؟",
         "Have I shown empathy to the partners and teams, so that they feel they are not alone in this?"),
        ("האם יש הפגיעות בשטח שמשפיעות על המשך הפעילות וההתרחשויות?",
         "هل توجد أضرار في الميدان تؤثر على استمرار النشاط والأحداث؟",
         "Is there damage in the field that affects the continuation of activity and events?"),
    )),
    Topic(ChecklistStage.LISTENING, "מיפוי הצרכים בשטח", "مسح الاحتياجات في الميدان", "Mapping the needs in the field", (
        ("האם הערכתי את הפניות של הצוותים והמשאבים הזמינים? (מהם האתגרים שהם חווים? האם הם יכולים להמשיך בעבודתם?)",
         "هل قيّمت مدى جاهزية الطواقم والموارد المتاحة؟ (ما التحديات التي يواجهونها؟ هل يستطيعون مواصلة عملهم؟)",
         "Have I assessed the teams' availability and the resources at hand? (What challenges are they facing? "
         "Can they go on with their work?)"),
        ("האם מיפיתי את הצרכים של התלמידים והקהילה? (האם יש צורך בשינוי דרך הלמידה? אילו כלים נדרשים?)",
         "هل قمت بمسح احتياجات الطلاب والمجتمع؟ (هل هناك حاجة لتغيير طريقة التعلّم؟ ما الأدوات المطلوبة؟)",
         "Have I mapped the needs of the students and the community? (Does the way of learning need to change? "
         "What tools are needed?)"),
    )),
    Topic(ChecklistStage.LISTENING, "בירור הצרכים המתהווים", "استيضاح الاحتياجات الناشئة", "Clarifying emerging needs", (
        ("האם התנאים השתנו? (האם יש צורך במעבר ללמידה מקוונת או בהקצאת ציוד טכנולוגי נוסף?)",
         "هل تغيّرت الظروف؟ (هل هناك حاجة للانتقال إلى التعلّم عن بُعد أو لتخصيص معدات تكنولوجية إضافية؟)",
         "Have conditions changed? (Is there a need to move to online learning or to allocate more technical "
         "equipment?)"),
        ("האם יש צורך במתן מענה לצרכים חדשים שלא היינו מודעים להם לפני המשבר?",
         "هل هناك حاجة للاستجابة لاحتياجات جديدة لم نكن على علم بها قبل الأزمة؟",
         "Is there a need to answer new needs we were not aware of before the crisis?"),
    )),
    Topic(ChecklistStage.RESOURCES, "הון אנושי", "رأس المال البشري", "Human capital", (
        ("האם מיפיתי את כוח האדם המקצועי הקיים?",
         "هل قمت بمسح القوى العاملة المهنية المتوفرة؟",
         "Have I mapped the professional staff available?"),
        ("האם זיהיתי מיומנויות וכישורים שניתן להסב לצרכים החדשים?",
         "هل حددت مهارات وقدرات يمكن تحويلها لتلبية الاحتياجات الجديدة؟",
         "Have I identified skills and abilities that can be turned to the new needs?"),
        ("האם איתרתי מתנדבים ופעילים בקהילה?",
         "هل حددت متطوعين وناشطين في المجتمع؟",
         "Have I found volunteers and activists in the community?"),
    )),
    Topic(ChecklistStage.RESOURCES, "מערכות קשרים ותקשורת", "العلاقات والتواصل", "Relationships and communication", (
        ("האם ניצלתי את הרשתות הקיימות להפצת מידע ומשאבים?",
         "هل استفدت من الشبكات القائمة لنشر المعلومات والموارد؟",
         "Have I used the existing networks to spread information and resources?"),
        ("האם הפעלתי ערוצי תקשורת מותאמים למצב החירום?",
         "هل فعّلت قنوات تواصل ملائمة لحالة الطوارئ؟",
         "Have I activated communication channels suited to the emergency?"),
        ("האם חיזקתי את שיתוף הפעולה עם גורמים שונים?",
         "هل عزّزت التعاون مع جهات مختلفة؟",
         "Have I strengthened the cooperation with different bodies?"),
    )),
    Topic(ChecklistStage.RESOURCES, "משאבים חומריים וכספיים", "الموارد المادية والمالية", "Physical and financial resources", (
        ("האם מיפיתי תשתיות פיזיות זמינות שמאפשרות המשך פעילות תחת המגבלות?",
         "هل قمت بمسح البنى التحتية المادية المتاحة التي تتيح استمرار النشاط في ظل القيود؟",
         "Have I mapped available physical infrastructure that allows activity to go on under the restrictions?"),
        ("האם איתרתי מקורות מימון ותמיכה בשעת חירום?",
         "هل حددت مصادر تمويل ودعم في حالات الطوارئ؟",
         "Have I found sources of funding and support in an emergency?"),
        ("האם הכנתי רשימות צרכים מעודכנות לגורמים פילנתרופיים?",
         "هل أعددت قوائم احتياجات محدّثة للجهات الخيرية؟",
         "Have I prepared up-to-date lists of needs for philanthropic bodies?"),
    )),
    Topic(ChecklistStage.WORK_PLAN, "ניהול תקשורת אפקטיבי", "إدارة تواصل فعّالة", "Effective communication management", (
        ('האם הקמתי מערכי חמ"ל והסברה כדי לשמור על זרימת מידע רציפה?',
         "هل أقمت غرفة عمليات ومنظومة إعلام للحفاظ على تدفق مستمر للمعلومات؟",
         "Have I set up a situation room and public information to keep information flowing?"),
        ("האם יצירת ערוצי תקשורת מהירים ויעילים בין כל הגורמים הרלוונטיים הושלמה?",
         "هل اكتمل إنشاء قنوات تواصل سريعة وفعّالة بين جميع الجهات ذات الصلة؟",
         "Is the setting up of fast and efficient communication channels between all the relevant bodies complete?"),
    )),
    Topic(ChecklistStage.WORK_PLAN, "התגייסות קהילתית", "التجنّد المجتمعي", "Community mobilisation", (
        ("האם רתמתי את הקהילה למשימות חיוניות?",
         "هل جنّدت المجتمع لمهام حيوية؟",
         "Have I enlisted the community for essential tasks?"),
        ("האם חיזקתי את הערבות ההדדית בין הגורמים השונים?",
         "هل عزّزت التكافل المتبادل بين الجهات المختلفة؟",
         "Have I strengthened mutual responsibility between the different bodies?"),
        ("האם יצרתי מנגנוני תמיכה קהילתיים?",
         "هل أنشأت آليات دعم مجتمعية؟",
         "Have I created community support mechanisms?"),
    )),
    Topic(ChecklistStage.WORK_PLAN, "גמישות ויכולת הסתגלות", "المرونة والقدرة على التكيّف", "Flexibility and adaptability", (
        ("האם הצוותים מוכנים להתאים את פעילותם לשינויים בשטח?",
         "هل الطواقم مستعدة لملاءمة نشاطها للتغيّرات في الميدان؟",
         "Are the teams ready to adapt their activity to the changes in the field?"),
        ("האם יש המשכיות של פעילויות חיוניות?",
         "هل هناك استمرارية للأنشطة الحيوية؟",
         "Do essential activities continue?"),
        ("האם יצרתי מענים חדשים לצרכים המתהווים?",
         "هل أنشأت استجابات جديدة للاحتياجات الناشئة؟",
         "Have I created new responses to the emerging needs?"),
    )),
    Topic(ChecklistStage.WORK_PLAN, "שימוש מושכל בתשתיות", "الاستخدام الحكيم للبنى التحتية", "Smart use of infrastructure", (
        ("האם ניצלתי מרחבים ממוגנים לפעילות חיונית?",
         "هل استفدت من الأماكن المحمية للأنشطة الحيوية؟",
         "Have I used protected spaces for essential activity?"),
        ("האם התאמת מבנים ומתקנים לצרכים החדשים?",
         "هل تمت ملاءمة المباني والمرافق للاحتياجات الجديدة؟",
         "Have buildings and facilities been adapted to the new needs?"),
        ("האם יצרתי פתרונות יצירתיים לאילוצי המיגון?",
         "هل أوجدت حلولًا إبداعية لقيود الحماية؟",
         "Have I found creative solutions to the constraints of protection?"),
    )),
    Topic(ChecklistStage.AXIS, "שמירה על החזון והייעוד", "الحفاظ على الرؤية والرسالة", "Keeping the vision and purpose", (
        ("האם שמרתי על קידום תחום ה-STEM ומיומנויות המאה ה-21 גם בתקופת החירום?",
         "هل حافظت على النهوض بمجال STEM ومهارات القرن الحادي والعشرين في فترة الطوارئ أيضًا؟",
         "Have I kept advancing STEM and 21st-century skills during the emergency too?"),
        ("האם שמרתי על עקרונות העבודה הקולקטיבית ושיתוף הפעולה בין השותפים?",
         "هل حافظت على مبادئ العمل الجماعي والتعاون بين الشركاء؟",
         "Have I kept the principles of collective work and cooperation between the partners?"),
    )),
    Topic(ChecklistStage.AXIS, "תכלול וחיבוריות", "التكامل والترابط", "Integration and connectivity", (
        ("האם שמרתי על קשרים עם שותפים קיימים והגברתי את החיבורים לשיתופי פעולה חדשים?",
         "هل حافظت على العلاقات مع الشركاء الحاليين وعزّزت الروابط لتعاونات جديدة؟",
         "Have I kept in touch with existing partners and built more connections for new cooperation?"),
        ("האם ניצלתי את הקשרים הקיימים לטובת מענים בחירום?",
         "هل استفدت من العلاقات القائمة لصالح الاستجابات في الطوارئ؟",
         "Have I used existing relationships for emergency responses?"),
    )),
    Topic(ChecklistStage.AXIS, "ניהול משאבי הקהילה", "إدارة موارد المجتمع", "Managing community resources", (
        ("האם אני מסתכלת רחב על נכסי הקהילה והאקוסיסטם, ומשתמשת בהם באופן מושכל?",
         "هل أنظر نظرة واسعة إلى أصول المجتمع والمنظومة، وأستخدمها بحكمة؟",
         "Do I take a wide view of the assets of the community and the ecosystem, and use them wisely?"),
        ("האם אני שומרת על קשר עם מקבלי החלטות ברשות ובקהילה?",
         "هل أحافظ على التواصل مع متخذي القرار في السلطة وفي المجتمع؟",
         "Do I keep in touch with decision makers in the authority and the community?"),
    )),
    Topic(ChecklistStage.AXIS, "המשכיות ושימור הישגים", "الاستمرارية والحفاظ على الإنجازات", "Continuity and keeping achievements", (
        ("האם שמרתי על הישגי האקוסיסטם גם בתקופת החירום?",
         "هل حافظت على إنجازات المنظومة في فترة الطوارئ أيضًا؟",
         "Have I kept the ecosystem's achievements during the emergency too?"),
        ("האם עדכנתי את פלטפורמות התקשורת בהתאם למצב המשתנה?",
         "هل حدّثت منصات التواصل وفقًا للوضع المتغيّر؟",
         "Have I updated the communication platforms as the situation changes?"),
        ("האם הבטחתי את המשך הפעילות הבסיסית של האקוסיסטם?",
         "هل ضمنت استمرار النشاط الأساسي للمنظومة؟",
         "Have I secured the continuation of the ecosystem's basic activity?"),
    )),
)


def standard_questions() -> list[dict]:
    """The standard template as rows: stage, position, topic and text in he/ar/en."""
    rows = []
    position = 0
    for topic in STANDARD_CHECKLIST:
        for he, ar, en in topic.questions:
            position += 1
            rows.append({
                "stage": int(topic.stage), "position": position,
                "topic_he": topic.he, "topic_ar": topic.ar, "topic_en": topic.en,
                "text_he": he, "text_ar": ar, "text_en": en,
            })
    return rows
