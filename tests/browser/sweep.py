"""Every page type of the project, for the browser sweeps: one address per URL pattern name, from the isolation
crawler's walk (tests/test_isolation_crawler.py, kwargs from tests/url_fillers.py), so that a page added
tomorrow is swept tomorrow. Each address is paired with who sees it: the CEO of the authority whose objects
fill it, the national admin (regions, authorities), or an anonymous visitor (the public pages).

Used by test_every_page_sweep.py (axe, translations, overflow) and test_hostile_text_browser.py (no script
runs)."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from conftest import verified_login
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
class PageToVisit:
    name: str
    path: str
    who: str  # "ceo", "national_admin" or "anonymous"


def pages_to_visit(world: World, national_admin) -> tuple[list[PageToVisit], dict[str, str]]:
    """(the HTML pages someone sees with a 200, the other URL names with what they answer instead)."""
    clients = {"ceo": verified_login(Client(), world.a_user), "national_admin": verified_login(Client(), national_admin),
               "anonymous": Client()}
    pages, others = [], {}
    for route in all_routes():
        if route.is_api or route.is_admin or route.name is None or route.name in NOT_PAGES:
            continue
        path = route.path({name: FILLERS[name](world) for name in route.kwargs})
        answers = []
        for who, client in clients.items():
            response = client.get(path)
            kind = response.get("Content-Type", "")
            answers.append(f"{who}: {response.status_code} {kind.split(';')[0]}")
            if response.status_code == 200 and kind.startswith("text/html"):
                pages.append(PageToVisit(route.name, path, who))
                break
        else:
            others[route.name] = "; ".join(answers)
    return pages, others
