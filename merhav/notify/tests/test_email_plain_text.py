"""Emails are plain text: what a user typed arrives as typed (no `&quot;`), and a title cannot reorder
or break the lines around it (bidi controls such as U+202E and line breaks are removed from it)."""

from django.core import mail
from django_scopes import scopes_disabled

from merhav.notify.services import send_notification
from merhav.tenancy import services as tenancy_services

RLO = "\u202e"
TITLE = f'Fix the "north" gate & <fence>{RLO}gpj.exe\nReply to: attacker@evil.example'


def test_a_notification_email_shows_the_title_as_typed_on_one_line(make_user, run_tasks):
    recipient = make_user(language="en")
    send_notification(recipient=recipient, kind="test", title=TITLE, body='Owner said: "today" & <now>', url="/notifications/")
    run_tasks()
    body = mail.outbox[0].body
    assert "&quot;" not in body and "&amp;" not in body and "&lt;" not in body
    assert 'Fix the "north" gate & <fence>gpj.exe Reply to: attacker@evil.example' in body.splitlines()
    assert 'Owner said: "today" & <now>' in body
    assert RLO not in body and RLO not in mail.outbox[0].subject


def test_the_inbox_also_keeps_the_title_on_one_line_without_bidi_controls(make_user):
    recipient = make_user(language="en")
    notification = send_notification(recipient=recipient, kind="test", title=TITLE, email=False)
    assert notification.title == 'Fix the "north" gate & <fence>gpj.exe Reply to: attacker@evil.example'


def test_an_invitation_email_shows_names_as_typed(authority, make_user, run_tasks):
    inviter = make_user(authority=authority, role="authority_admin", full_name=f'Dana "D" Levi{RLO}\nCC', language="en")
    with scopes_disabled():
        tenancy_services.invite_member(authority=authority, email="new.person@test.example", by=inviter)
    run_tasks()
    body = mail.outbox[0].body
    assert "&quot;" not in body
    assert 'Dana "D" Levi CC invites you to join' in body
    assert RLO not in body
