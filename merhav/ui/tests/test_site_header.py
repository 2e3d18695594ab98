"""The page header made in Python (merhav.ui.shell, the {% site_header %} tag of base.html) is the HTML its
template made: signed in with two authorities and unread notifications, as a national administrator outside an
authority, and signed out, in Hebrew, Arabic and English; the template rendered here with the context of the
very response it is compared with."""

import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from merhav.notify.models import Notification
from merhav.tenancy.tests.factories import MembershipFactory

# base.html's <header> before it moved into the tag.
OLD_HEADER = """{% load i18n %}{% get_current_language as LANGUAGE_CODE %}{% get_available_languages as LANGUAGES %}
  <header class="site-header">
    <div class="site-header__bar">
      <a class="brand" href="{% url 'ui:home' %}"><span class="brand__mark" aria-hidden="true">◆</span> {% translate "Merhav" %}</a>
      {# The language buttons come right after the brand: the third stop of the Tab key on every page. #}
      <form method="post" action="{% url 'accounts:set_language' %}" class="lang-switch">
        {% csrf_token %}
        <input type="hidden" name="next" value="{{ request.get_full_path }}">
        <span class="visually-hidden" id="lang-label">{% translate "Language" %}</span>
        {% get_language_info_list for LANGUAGES as language_list %}
        {% for language in language_list %}
          <button type="submit" name="language" value="{{ language.code }}" lang="{{ language.code }}" dir="{{ language.bidi|yesno:'rtl,ltr' }}" aria-describedby="lang-label" aria-pressed="{% if language.code == LANGUAGE_CODE %}true{% else %}false{% endif %}">{{ language.name_local }}</button>
        {% endfor %}
      </form>
      {% if user.is_authenticated %}
        {% if my_memberships %}
        <details class="switcher">
          <summary>
            <span class="visually-hidden">{% translate "Authority:" %}</span>
            {% if current_authority %}{{ current_authority.name }}{% else %}{% translate "Choose an authority" %}{% endif %}
          </summary>
          <ul class="switcher__list">
            {% for m in my_memberships %}
              <li><a href="{% url 'tenancy:dashboard' authority_slug=m.authority.slug %}"{% if current_authority and m.authority_id == current_authority.pk %} aria-current="true"{% endif %}>{{ m.authority.name }} <small>· {{ m.get_role_display }}</small></a></li>
            {% endfor %}
          </ul>
        </details>
        {% endif %}
        <nav class="user-nav" aria-label="{% translate 'Your account' %}">
          <a href="{% url 'notify:inbox' %}" class="inbox-link">{% translate "Notifications" %}{% if unread_notifications %} <span class="badge" aria-label="{% blocktranslate count n=unread_notifications %}{{ n }} unread{% plural %}{{ n }} unread{% endblocktranslate %}">{{ unread_notifications }}</span>{% endif %}</a>
          {% if user.is_national_admin or user.is_superuser %}<a href="{% url 'national:authorities' %}">{% translate "National administration" %}</a>{% endif %}
          <a href="{% url 'accounts:profile' %}">{{ user.get_short_name }}</a>
          <form method="post" action="{% url 'accounts:logout' %}" class="inline-form">{% csrf_token %}<button type="submit" class="link-button">{% translate "Log out" %}</button></form>
        </nav>
      {% endif %}
    </div>
    {% if nav_modules %}
    <nav class="module-nav" aria-label="{% translate 'Modules' %}">
      <ul>
        {% for item in nav_modules %}
          <li><a href="{{ item.url }}"{% if item.current %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
        {% endfor %}
      </ul>
    </nav>
    {% endif %}
  </header>
"""


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def header_of(html: str) -> str:
    return html[html.index('<header class="site-header">'):html.index("</header>") + len("</header>")]


def template_header(response, language: str) -> str:
    context = response.context[0] if isinstance(response.context, list) else response.context
    with translation.override(language):
        return header_of(Template(OLD_HEADER).render(Context(context.flatten())))


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_a_members_header_is_the_templates(login, authority, other_authority, staff, language):
    MembershipFactory(authority=other_authority, user=staff, role="auditor")
    for _ in range(3):
        Notification.objects.create(recipient=staff, authority=authority, kind="x", title="t")
    Notification.objects.create(recipient=staff, authority=authority, kind="x", title="t", read_at=timezone.now())
    response = login(staff, language=language).get(f"/a/{authority.slug}/lessons/?q=%3Cb%3E&page=2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "class=\"badge\"" in page and "aria-current=\"page\"" in page
    assert "&lt;b&gt;" in header_of(page) or "%3Cb%3E" in header_of(page)
    assert squeezed(header_of(page)) == squeezed(template_header(response, language))


@pytest.mark.parametrize("language", ["he", "en"])
def test_a_national_administrators_header_is_the_templates(login, national_admin, language):
    response = login(national_admin, language=language).get("/accessibility/")
    assert response.status_code == 200
    page = response.content.decode()
    assert squeezed(header_of(page)) == squeezed(template_header(response, language))


@pytest.mark.django_db
def test_a_visitors_header_is_the_templates(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "user-nav" not in page
    assert squeezed(header_of(page)) == squeezed(template_header(response, "he"))
