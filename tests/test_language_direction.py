"""Pages speak the chosen language: <html lang dir> follows it (Hebrew and Arabic right-to-left, English
left-to-right), and the text is translated — including the 404 and 403 pages."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = [("he", "rtl"), ("ar", "rtl"), ("en", "ltr")]


class _HtmlTag(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs = None

    def handle_starttag(self, tag, attrs):
        if tag == "html" and self.attrs is None:
            self.attrs = dict(attrs)


def assert_speaks(response, language: str, direction: str, *english_texts: str) -> None:
    """The page is marked with the language and direction, and shows these texts in that language."""
    content = response.content.decode()
    parser = _HtmlTag()
    parser.feed(content)
    assert parser.attrs is not None, "the page has no <html> tag"
    assert parser.attrs.get("lang") == language
    assert parser.attrs.get("dir") == direction
    assert response.headers.get("Content-Language") == language
    for english in english_texts:
        with translation.override(language):
            translated = translation.gettext(english)
        if language != "en":
            assert translated != english, f"{english!r} has no {language} translation"
            assert english not in content, f"{english!r} appears untranslated on the {language} page"
        assert translated in content, f"{translated!r} is not on the {language} page"


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_login_page(client, language, direction):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_speaks(response, language, direction, "Log in to Merhav", "Forgot your password?")


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_dashboard(login, staff, authority, language, direction):
    response = login(staff, language=language).get(
        reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    )
    assert response.status_code == 200
    assert_speaks(response, language, direction, "Dashboard", "Skip to main content")


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_not_found_page(login, staff, language, direction):
    response = login(staff, language=language).get("/a/no-such-authority/")
    assert response.status_code == 404
    assert_speaks(
        response, language, direction,
        "Page not found", "The page does not exist, or it belongs to an authority you are not a member of.",
    )


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_not_found_page_for_a_visitor(client, language, direction):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_speaks(response, language, direction, "Page not found")


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_forbidden_page(login, staff, authority, language, direction):
    # Staff may not read the audit log.
    response = login(staff, language=language).get(reverse("audit:log", kwargs={"authority_slug": authority.slug}))
    assert response.status_code == 403
    assert_speaks(response, language, direction, "Not allowed", "You are not allowed to do this")


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_the_language_switch_changes_the_page(client, language, direction):
    response = client.post(
        reverse("accounts:set_language"), {"language": language, "next": reverse("accounts:login")}, follow=True
    )
    assert response.status_code == 200
    assert_speaks(response, language, direction, "Log in to Merhav")


@pytest.mark.parametrize("language,report", [("he", "השפה היא עכשיו עברית."), ("ar", "اللغة الآن العربيّة."),
                                             ("en", "The language is now English.")])
def test_the_language_switch_reports_itself_in_a_message_that_takes_the_focus(client, language, report):
    response = client.post(
        reverse("accounts:set_language"), {"language": language, "next": reverse("accounts:login")}, follow=True
    )
    body = response.content.decode()
    messages = body[body.index('class="messages"'):]
    opening = messages[: messages.index(">")]
    assert "autofocus" in opening and 'tabindex="-1"' in opening
    assert report in messages[: messages.index("</div>")]
    # Shown once: the next page has no message.
    assert 'class="messages"' not in client.get(reverse("accounts:login")).content.decode()


def test_a_logged_in_user_is_told_the_switch_changes_their_accounts_language(login, staff):
    client = login(staff)
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"}, follow=True)
    assert "It is saved on your account: your emails and notifications will come in it too." in (
        response.content.decode())
    staff.refresh_from_db()
    assert staff.language == "en"
