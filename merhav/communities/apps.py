"""Learning communities (DOMAIN.md model 4): a module of Merhav. Everything the foundation needs to know
about it is declared here (merhav.core.modules): its pages, API router, navigation entry, dashboard
panel, calendar provider and demo loader.

The communities are national (they span authorities), so their pages are site pages at /communities/;
the authority's navigation entry lists the communities of the user from inside the authority's pages."""

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import MerhavAppConfig, Module, NavEntry, PanelEntry


class CommunitiesConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.communities"
    label = "communities"
    verbose_name = _("Learning communities")
    provides = Module(
        authority_urls=(("communities/", "merhav.communities.authority_urls"),),
        site_urls=(("communities/", "merhav.communities.urls"),),
        api_router="merhav.communities.api.router",
        nav=(NavEntry("communities", _("Learning communities"), "communities_here:index", "communities.open",
                      order=140),),
        panels=(
            PanelEntry("communities", "communities/panels/communities.html", "communities.take_part",
                       "merhav.communities.panels.communities_panel_context", order=140),
        ),
        calendar_providers=("merhav.communities.exports.meeting_dates",
                            "merhav.communities.network_selectors.talk_dates"),
        demo_loader="merhav.communities.demo.load_communities_demo",
        bench_data="merhav.communities.bench.bench_data",
        audit_words="merhav.communities.audit_labels.WORDS",
        accessibility_checks=(
            _("Every page of the learning communities (programmes, communities, members, recruitment and the public "
              "call for applications, topics, the syllabus with its Gantt chart, meetings with their planning sheet, "
              "attendance and survey, work teams, knowledge products and their library, wartime call lists, the "
              "knowledge network's board, discussions, talks, newsletters, pulse and evaluation surveys, and the "
              "network analysis with its diagram) is "
              "checked with axe-core in Hebrew, Arabic and English and to fit a phone screen 360 pixels wide; "
              "planning a meeting of the syllabus is completed with the keyboard alone, in Hebrew and in Arabic."),
        ),
        accessibility_gaps=(
            _("In the learning communities, recruitment, work teams and publishing a product are checked with "
              "axe-core but not yet walked with the keyboard alone; the Gantt chart of the syllabus is a picture "
              "whose bars cannot be reached one by one: the table beside it has the same meetings. The diagram of "
              "the network analysis is a picture too: the table beside it has the same members, ties and figures."),
        ),
    )
