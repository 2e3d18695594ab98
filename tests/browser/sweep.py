"""Every page type of the project, for the browser sweeps: one address per URL pattern name, from the isolation
crawler's walk (tests/test_isolation_crawler.py, kwargs from tests/url_fillers.py), so that a page added
tomorrow is swept tomorrow. Each address is paired with the first persona who sees it (personas_of, in order):
the CEO of the authority whose objects fill it; the authority's admin (people, departments, the emergency
checklist's questions); its auditor (the audit log); its intake coordinator (the evacuee-intake pages); the
leader of the learning community the objects belong to, who is also on its programme team (every page of a
community); a plain member of it (a page only those who do not lead it would see); a newcomer who has not set up
two-factor authentication yet (the enrolment page); the national admin (regions, authorities); or an anonymous
visitor (the public pages). The refusal pages (403, 404) are swept too, as the CEO meets them.

Some pages show only in a state the fillers do not build (a sealed message is issued once approved, a plan's
public page once published): STATES puts the world's objects in it before the walk.

Used by test_every_page_sweep.py (axe, translations, overflow) and test_hostile_text_browser.py (no script
runs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import verified_login
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import member_of
from tests.test_isolation_crawler import all_routes
from tests.url_fillers import FILLERS, World

# Addresses whose GET is not a page to look at, with the reason.
NOT_PAGES = {
    "accounts:logout": "ends the session",
    "accounts:set_language": "a POST target",
    "accounts:accept_invitation": "the invitation link, for someone not yet logged in",
    "ui:healthz": "a health check for the load balancer, not a page",
}


@dataclass(frozen=True)
class Persona:
    name: str
    user: Any  # None: an anonymous visitor
    two_factor: bool = True  # logged in with two-factor passed (False: a password login, no device yet)

    def client(self) -> Client:
        client = Client()
        if self.user is None:
            return client
        if self.two_factor:
            return verified_login(client, self.user)
        client.force_login(self.user)
        return client

    def cookies(self, base_url: str, language: str | None = None) -> list[dict]:
        """The browser cookies of a session of this persona's (in `language`: the user's, the session's and the
        language cookie)."""
        cookies = [] if language is None else [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
        if self.user is None:
            return cookies
        if language:
            self.user.language = language
            self.user.save(update_fields=["language"])
        session = self.client().session
        if language:
            session["merhav_language"] = language
            session.save()
        return cookies + [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]


@dataclass(frozen=True)
class PageToVisit:
    name: str
    path: str
    who: str  # a Persona's name
    status: int = 200  # the error pages are pages too


@dataclass
class Sweep:
    pages: list[PageToVisit]  # the HTML pages someone sees with a 200, then the refusal pages (403, 404)
    others: dict[str, str]  # the other URL names, with what each persona got instead
    personas: dict[str, Persona]


def _community_people(world: World) -> tuple[Any, Any]:
    """The leader of the world's community (also its programme's manager) and a plain member of it."""
    from merhav.communities.models import CommunityMember, ProgrammeRole

    community = world.obj("communities.Community")
    leader = member_of(world.a, Role.STAFF, department_kind=StandardDepartment.EDUCATION)
    member = member_of(world.a, Role.STAFF, department_kind=StandardDepartment.WELFARE)
    with scopes_disabled():
        CommunityMember.objects.create(community=community, user=leader, authority=world.a,
                                       role=CommunityMember.Role.LEADER)
        CommunityMember.objects.create(community=community, user=member, authority=world.a,
                                       role=CommunityMember.Role.CORE)
        ProgrammeRole.objects.create(programme=community.programme, user=leader, role=ProgrammeRole.Role.MANAGER)
    return leader, member


def personas_of(world: World, national_admin) -> dict[str, Persona]:
    leader, member = _community_people(world)
    people = [
        Persona("ceo", world.a_user),
        Persona("authority_admin", member_of(world.a, Role.AUTHORITY_ADMIN, department_kind=StandardDepartment.IT)),
        Persona("auditor", member_of(world.a, Role.AUDITOR)),
        Persona("intake_coordinator", member_of(world.a, Role.INTAKE_COORDINATOR,
                                                department_kind=StandardDepartment.WELFARE)),
        Persona("community_leader", leader),
        Persona("community_member", member),
        Persona("newcomer", member_of(world.a, Role.STAFF), two_factor=False),
        Persona("national_admin", national_admin),
        Persona("anonymous", None),
    ]
    return {persona.name: persona for persona in people}


# --- States some pages need: each puts the world's objects in it, and may answer the page's own address when the
# fillers' one cannot reach it (an upload's token). Each runs once, before the walk.


def _approve_sealed_message(world: World, personas: dict[str, Persona]) -> None:
    message = world.obj("emergency.SealedMessage")
    with scopes_disabled():
        type(message).objects.filter(pk=message.pk).update(
            status=type(message).Status.APPROVED, approved_by=world.a_user, approved_at=timezone.now())


def _approve_shared_lesson(world: World, personas: dict[str, Persona]) -> None:
    shared = world.obj("lessons.SharedLesson")
    with scopes_disabled():
        type(shared).objects.filter(pk=shared.pk).update(
            status=type(shared).Status.APPROVED, decided_by=world.a_user, decided_at=timezone.now())


def _publish_plan(world: World, personas: dict[str, Persona]) -> None:
    """The plan published (its content made by the service, as the public page reads it) and open to proposals."""
    from merhav.strategy.models import Plan, PlanRelease
    from merhav.strategy.services import plan_content

    world.obj("strategy.PlanAction")  # so that the public plan has a channel and an action to show
    plan = world.obj("strategy.Plan")
    with scopes_disabled():
        PlanRelease.objects.create(authority=world.a, plan=plan, number=1, content=plan_content(plan),
                                   published_by=world.a_user)
        Plan.objects.filter(pk=plan.pk).update(published_version=1, proposals_open=True)


def _flag_duplicate(world: World, personas: dict[str, Persona]) -> None:
    """The world's person flagged as a likely duplicate of another person of the same household."""
    person = world.obj("intake.Person")
    with scopes_disabled():
        other = type(person).objects.get(pk=person.pk)
        other.pk, other.id_number = None, ""  # the ID number is unique in the authority
        other.save()
        type(person).objects.filter(pk=person.pk).update(possible_duplicate_of=other)


def _checked_people_sheet(world: World, personas: dict[str, Persona]) -> str:
    """A people sheet the authority admin uploaded and the worker checked: one good row, one with errors."""
    from merhav.tenancy.models import PeopleImport

    rows = [
        {"line": 2, "email": "new.person@example.org", "full_name": "דנה לוי", "role": Role.STAFF.value,
         "department": "", "title": ""},
        {"line": 3, "email": "not-an-address", "full_name": "", "role": "nobody", "department": "", "title": ""},
    ]
    with scopes_disabled():
        stored = PeopleImport.objects.create(authority=world.a, created_by=personas["authority_admin"].user,
                                             file_name="people.xlsx", status=PeopleImport.Status.READY, rows=rows)
    return reverse("tenancy:people_import_preview", kwargs={"authority_slug": world.a.slug, "token": stored.token})


STATES: dict[str, Callable[[World, dict[str, Persona]], str | None]] = {
    "emergency:issue": _approve_sealed_message,
    "lessons:library_adopt": _approve_shared_lesson,
    "strategy_public:plan": _publish_plan,
    "strategy_public:propose": _publish_plan,
    "intake:merge": _flag_duplicate,
    "tenancy:people_import_preview": _checked_people_sheet,
}


def pages_to_visit(world: World, national_admin) -> Sweep:
    personas = personas_of(world, national_admin)
    done: dict[Callable, str | None] = {}
    own_paths = {}
    for name, prepare in STATES.items():
        if prepare not in done:
            done[prepare] = prepare(world, personas)
        if done[prepare] is not None:
            own_paths[name] = done[prepare]
    clients = {name: persona.client() for name, persona in personas.items()}
    pages, others = [], {}
    errors: dict[int, PageToVisit] = {}  # the refusal pages (403, 404), as the CEO meets them
    for route in all_routes():
        if route.is_api or route.is_admin or route.name is None or route.name in NOT_PAGES:
            continue
        path = own_paths.get(route.name) or route.path({name: FILLERS[name](world) for name in route.kwargs})
        answers = []
        for who, client in clients.items():
            response = client.get(path)
            kind = response.get("Content-Type", "")
            answers.append(f"{who}: {response.status_code} {kind.split(';')[0]}")
            if response.status_code == 200 and kind.startswith("text/html"):
                pages.append(PageToVisit(route.name, path, who))
                break
            if who == "ceo" and response.status_code in (403, 404) and kind.startswith("text/html"):
                errors.setdefault(response.status_code, PageToVisit(f"error {response.status_code}", path, who,
                                                                    response.status_code))
        else:
            others[route.name] = "; ".join(answers)
    return Sweep(pages + sorted(errors.values(), key=lambda page: page.status), others, personas)
