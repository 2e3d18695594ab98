"""Invented emergency rows: an active emergency with its log, the sealed messages and the messages issued
from them with their webhook deliveries. `fill` is the emergency benchmark's data (bench/emergency_bench.py);
`bench_data` is the module's generator for `manage.py bench_data` (declared on the module's AppConfig):
at `large`, 300 sealed messages, 20,000 log entries and 5,000 issued messages in the large city."""

from __future__ import annotations

from datetime import timedelta

LOG_TEXTS = ["דיווח מהשטח: נפילה באזור {place}", "הוחלט לפתוח מרכז קליטה ב{place}", "بلاغ من الميدان: انقطاع الكهرباء في {place}",
             "צוות ההנדסה הגיע ל{place}", "המוקד מדווח על עומס שיחות מ{place}", "تم فتح ملجأ عام في {place}"]
PLACES = ["עין אור", "שכונת הגפן", "حي الزيتون", "מרכז העיר", "רמת הדקל", "حي الكرمة"]


def fill(authority, user, *, templates: int, issued: int, log_entries: int):
    """One active emergency of `authority` declared by `user`, its log, sealed and issued messages. Returns it."""
    from django.utils import timezone
    from django_scopes import scope

    from merhav.emergency.models import (
        Channel,
        Emergency,
        IssuedMessage,
        LogEntry,
        MessageLanguage,
        Scenario,
        SealedMessage,
        WebhookDelivery,
        WebhookEndpoint,
    )

    now = timezone.now()
    scenarios, channels, languages = Scenario.values, Channel.values, MessageLanguage.values
    with scope(authority=authority):
        emergency = Emergency.objects.create(authority=authority, kind="security", title="ירי רקטות",
                                             neighbourhoods="עין אור", declared_by=user,
                                             started_at=now - timedelta(days=3))
        SealedMessage.objects.bulk_create([
            SealedMessage(authority=authority, scenario=scenarios[n % len(scenarios)],
                          channel=channels[n % len(channels)], language=languages[n % len(languages)],
                          title=f"הודעה {n}", body="אין חשמל בשכונת {neighbourhood} מאז {time}. {instructions}",
                          status="approved", approved_by=user, approved_at=now, created_by=user)
            for n in range(templates)
        ], batch_size=1000)
        LogEntry.objects.bulk_create([
            LogEntry(authority=authority, emergency=emergency, kind=("entry", "decision", "report")[n % 3],
                     text=LOG_TEXTS[n % len(LOG_TEXTS)].format(place=PLACES[n % len(PLACES)]) + f" ({n})",
                     created_by=user, created_at=now - timedelta(seconds=n))
            for n in range(log_entries)
        ], batch_size=2000)
        message = SealedMessage.objects.filter(authority=authority).first()
        endpoint = WebhookEndpoint.objects.create(authority=authority, name="מוקד", url="https://hooks.example/x",
                                                  secret="s" * 64)
        rows = IssuedMessage.objects.bulk_create([
            IssuedMessage(authority=authority, emergency=emergency, message=message, message_version=1,
                          scenario="power", channel="sms", language="he", title=f"הודעה שהופצה {n}",
                          text="אין חשמל בשכונת עין אור מאז 18:40.", values={"time": "18:40"}, issued_by=user,
                          issued_at=now - timedelta(seconds=n))
            for n in range(issued)
        ], batch_size=2000)
        Emergency.objects.filter(pk=emergency.pk).update(  # the counts the services keep
            log_entries_count=log_entries, decisions_count=log_entries // 3, issued_count=len(rows))
        WebhookDelivery.objects.bulk_create([
            WebhookDelivery(authority=authority, issued=row, endpoint=endpoint, status="delivered", attempts=1)
            for row in rows
        ], batch_size=2000)
    return emergency


def bench_data(context) -> dict[str, int]:
    counts: dict[str, int] = {}
    for authority in context.authorities:
        sizes = {"templates": context.size(300, authority=authority),
                 "issued": context.size(5_000, authority=authority),
                 "log_entries": context.size(20_000, authority=authority)}
        fill(authority, context.people[authority.pk]["ceo"], **sizes)
        for key, model in (("templates", "SealedMessage"), ("log_entries", "LogEntry"),
                           ("issued", "IssuedMessage"), ("issued", "WebhookDelivery")):
            counts[f"emergency.{model}"] = counts.get(f"emergency.{model}", 0) + sizes[key]
        counts["emergency.Emergency"] = counts.get("emergency.Emergency", 0) + 1
    return counts
