"""Factories of emergency operations: emergencies and their log, sealed messages (approved or draft),
issued messages, webhook endpoints, and the checklist's questions and runs. Rows are written inside their
authority's scope with the fields the services would fill."""

from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from merhav.tenancy.tests.factories import AuthorityFactory, ScopedFactory

from ..checklist import standard_questions
from ..models import (
    ChecklistQuestion,
    Emergency,
    EmergencyKind,
    IssuedMessage,
    LogEntry,
    Scenario,
    SealedMessage,
    WebhookEndpoint,
)


class EmergencyFactory(ScopedFactory):
    """An active emergency, declared an hour ago. `ended=True` for one that is over."""

    class Meta:
        model = Emergency

    class Params:
        ended = factory.Trait(ended_at=factory.LazyFunction(timezone.now))

    authority = factory.SubFactory(AuthorityFactory)
    kind = EmergencyKind.SECURITY
    title = factory.Sequence(lambda n: f"ירי רקטות {n}")
    neighbourhoods = "עין אור"
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class _OfEmergency(ScopedFactory):
    class Meta:
        abstract = True

    @classmethod
    def _generate(cls, strategy, params):
        emergency = params.get("emergency")
        if emergency is not None and "authority" not in params:
            params["authority"] = emergency.authority
        return super()._generate(strategy, params)


def _counted(field: str, *also: str):
    """A factory's hook that counts the new row on its emergency, as the services do."""

    @factory.post_generation
    def count(row, create, extracted, **kwargs):
        if create:
            names = [field, *(name for name in also if name == "decisions_count" and row.kind == "decision")]
            Emergency._base_manager.filter(pk=row.emergency_id).update(**{n: F(n) + 1 for n in names})

    return count


class LogEntryFactory(_OfEmergency):
    class Meta:
        model = LogEntry

    counted = _counted("log_entries_count", "decisions_count")

    emergency = factory.SubFactory(EmergencyFactory)
    kind = LogEntry.Kind.REPORT
    text = factory.Sequence(lambda n: f"דיווח מהשטח מספר {n}")


class SealedMessageFactory(ScopedFactory):
    """A draft; `approved=True` for one the CEO approved (pass approved_by)."""

    class Meta:
        model = SealedMessage

    class Params:
        approved = factory.Trait(status=SealedMessage.Status.APPROVED,
                                 approved_at=factory.LazyFunction(timezone.now))

    authority = factory.SubFactory(AuthorityFactory)
    scenario = Scenario.POWER
    channel = "sms"
    language = "he"
    title = factory.Sequence(lambda n: f"הפסקת חשמל {n}")
    body = "אין חשמל בשכונת {neighbourhood} מאז {time}. {instructions}"


class IssuedMessageFactory(_OfEmergency):
    class Meta:
        model = IssuedMessage

    counted = _counted("issued_count")

    emergency = factory.SubFactory(EmergencyFactory)
    message_version = 2
    scenario = Scenario.POWER
    channel = "sms"
    language = "he"
    title = factory.Sequence(lambda n: f"הודעה שהופצה {n}")
    text = "אין חשמל בשכונת עין אור מאז 18:40."
    values = factory.LazyFunction(lambda: {"neighbourhood": "עין אור", "time": "18:40"})


class WebhookEndpointFactory(ScopedFactory):
    class Meta:
        model = WebhookEndpoint

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"מערכת החירום {n}")
    url = "https://emergency.example/hook"
    secret = factory.Sequence(lambda n: f"{n:064x}")


class ChecklistQuestionFactory(ScopedFactory):
    class Meta:
        model = ChecklistQuestion

    authority = factory.SubFactory(AuthorityFactory)
    stage = 1
    position = factory.Sequence(int)
    topic_he, topic_ar, topic_en = "נושא", "موضوع", "Topic"
    text_he = factory.Sequence(lambda n: f"שאלה {n}?")
    text_ar = factory.Sequence(lambda n: f"سؤال {n}؟")
    text_en = factory.Sequence(lambda n: f"Question {n}?")


def standard_checklist(authority) -> list[ChecklistQuestion]:
    """The authority's copy of the standard checklist (as services.ensure_checklist makes it)."""
    return [ChecklistQuestionFactory(authority=authority, **row) for row in standard_questions()]
