"""normalize(): Hebrew niqqud, cantillation and final letters; Arabic tashkeel, tatweel and alef forms;
case, punctuation and spaces."""

from merhav.lessons.similarity import normalize


def test_hebrew_niqqud_and_cantillation_are_stripped():
    assert normalize("שָׁלוֹם") == normalize("שלום")
    assert normalize("בְּרֵאשִׁ֖ית") == normalize("בראשית")  # with a cantillation mark (tipcha)


def test_hebrew_final_letters_are_unified():
    assert normalize("ך ם ן ף ץ") == "כ מ נ פ צ"
    # The same word at the end of a phrase and inside a compound compare equal.
    assert normalize("הודעות נצורות לפגיעה בתשתיות") == normalize("הודעות נצורות לפגיעה בתשתיות")
    assert normalize("מלך") == normalize("מלכ")


def test_hebrew_with_niqqud_and_final_letters_together():
    assert normalize("הַמּוֹקֵד הוּצַף בְּשִׂיחוֹת, וְלֹא הָיָה מַעֲנֶה!") == "המוקד הוצפ בשיחות ולא היה מענה"


def test_hebrew_abbreviations_keep_their_word():
    assert normalize('מנכ"ל') == normalize("מנכ״ל") == "מנכל"
    assert normalize("צה׳ל") == "צהל"


def test_arabic_tashkeel_and_tatweel_are_stripped():
    assert normalize("مَدْرَسَةٌ") == normalize("مدرسة")
    assert normalize("مـــدرســة") == normalize("مدرسة")
    assert normalize("الرَّحْمٰنِ") == normalize("الرحمن")  # shadda, superscript alef


def test_arabic_alef_forms_ya_and_ta_marbuta_are_unified():
    assert normalize("أحمد إلى آمن ٱلله") == "احمد الي امن الله"
    assert normalize("مستشفى") == normalize("مستشفي")
    assert normalize("مدرسة") == "مدرسه"


def test_arabic_with_tashkeel_and_alef_forms_together():
    assert normalize("إِنْقِطَاعُ الكَهْرَبَاءِ فِي المَدْرَسَةِ") == normalize("انقطاع الكهرباء في المدرسه")


def test_case_punctuation_and_spaces_collapse():
    assert normalize("  The Hotline —  was FLOODED!!\n(again) ") == "the hotline was flooded again"
    assert normalize("חשמל;\tמים/ביוב") == "חשמל מימ ביוב"


def test_empty_and_none():
    assert normalize("") == ""
    assert normalize(None) == ""
    assert normalize(" ... ") == ""
