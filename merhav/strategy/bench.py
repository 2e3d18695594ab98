"""An invented strategic plan: the issue's plan of 400 actions (chains of dependencies per channel), their
budget lines, 60 indicators with quarterly measurements over five years, 40 plans, 60 committee members
and 50 initiatives. `build` is the strategy benchmark's data (bench/strategy_bench.py); `bench_data` is the
module's generator for `manage.py bench_data` (declared on the module's AppConfig). The plan's process is
written through the services (as the CEO); its bulk (actions, budget lines, measurements) with bulk_create."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

ACTIONS, INDICATORS, YEARS, PLANS, MEMBERS, INITIATIVES = 400, 60, 5, 40, 60, 50


def build(city, ceo, *, actions: int = ACTIONS, indicators: int = INDICATORS, plans: int = PLANS,
          members: int = MEMBERS, initiatives: int = INITIATIVES):
    """The issue's plan, written through the services (as the CEO), plus the rows of the list pages."""
    from django_scopes import scope

    from merhav.core.context import acting_as
    from merhav.strategy import services
    from merhav.strategy.models import BudgetLine, Channel, Indicator, LogicNode, Measurement, PlanAction

    start = date(2024, 1, 7)
    with acting_as(ceo, authority=city), scope(authority=city):
        plan = services.create_plan(authority=city, title="קהילה מיטיבה — תוכנית הבנצ'מרק", start_date=start,
                                    vision="חזון " * 40)
        for n in range(plans - 1):
            services.create_plan(authority=city, title=f"תוכנית נוספת {n}", start_date=start)
        channels = list(Channel.objects.filter(plan=plan).order_by("order"))
        for n in range(5):
            services.add_challenge(plan=plan, title=f"אתגר {n}", situation="תמונת מצב " * 30, needs=n, resources=n)
            services.add_goal(plan=plan, title=f"מטרה {n}")
        outcomes = []
        for kind in LogicNode.Kind.values:
            for n in range(4):
                node = services.add_logic_node(plan=plan, kind=kind, title=f"{kind} {n}")
                if kind in LogicNode.OUTCOMES:
                    outcomes.append(node)
        for n in range(members):
            committee = ("steering", "shaping", "team", "pilot")[n % 4]
            services.add_participant(plan=plan, committee=committee, full_name=f"חבר ועדה {n}",
                                     sector=("municipality", "civil_society", "business", "residents", "academia")[n % 5],
                                     channel=channels[n % 4] if committee == "team" else None)
        for n in range(initiatives):
            services.add_initiative(plan=plan, title=f"יוזמה {n}", team_name=f"צוות {n}", channel=channels[n % 4])
        # The bulk of the plan in bulk: 400 actions (chains of dependencies per channel), their budget lines,
        # 60 indicators with quarterly measurements over five years.
        rows = []
        for n in range(actions):
            begin = start + timedelta(days=(n * 9) % 1400)
            rows.append(PlanAction(authority=city, plan=plan, channel=channels[n % 4], title=f"פעולה מספר {n}",
                                      owner=ceo, start=begin, end=begin + timedelta(days=60 + n % 200),
                                      status=("planned", "in_progress", "done")[n % 3], progress=n % 100,
                                      outcome=outcomes[n % len(outcomes)], budget_total=Decimal(3 * 10000)))
        PlanAction.objects.bulk_create(rows)
        actions = list(PlanAction.objects.filter(plan=plan).order_by("id"))
        for n, action in enumerate(actions[4:], start=4):
            action.depends_on_id = actions[n - 4].pk
        PlanAction.objects.bulk_update(actions, ["depends_on"])
        BudgetLine.objects.bulk_create([
            BudgetLine(authority=city, action=action, year=2024 + y, amount=Decimal(10000), source="municipal")
            for action in actions for y in range(3)
        ])
        indicators = Indicator.objects.bulk_create([
            Indicator(authority=city, plan=plan, outcome=outcomes[n % len(outcomes)], name=f"מדד {n}", unit="%",
                      baseline=Decimal(20), target=Decimal(60), target_date=start + timedelta(days=365 * YEARS),
                      latest_value=Decimal(30 + n % 20), latest_on=start + timedelta(days=365 * YEARS - 30))
            for n in range(indicators)
        ])
        Measurement.objects.bulk_create([
            Measurement(authority=city, indicator=indicator, measured_on=start + timedelta(days=91 * q),
                        value=Decimal(20 + q)) for indicator in indicators for q in range(4 * YEARS)
        ])
        approval = plan.meetings.get(step="steering_approval")
        services.hold_meeting(meeting=approval, version=approval.version, held_on=approval.date, decisions="אושר")
        published_at = time.perf_counter()
        services.publish_plan(plan=plan)
        publish_ms = (time.perf_counter() - published_at) * 1000
    return plan, publish_ms


def bench_data(context) -> dict[str, int]:
    """manage.py bench_data: the plan of 400 actions in the large city at `large` (the other authorities have
    none: a strategic plan is one city's)."""
    from merhav.strategy.models import BudgetLine, Measurement, Plan, PlanAction

    sizes = {"actions": context.size(ACTIONS, minimum=8), "indicators": context.size(INDICATORS, minimum=4),
             "plans": context.size(PLANS, minimum=2), "members": context.size(MEMBERS, minimum=4),
             "initiatives": context.size(INITIATIVES, minimum=4)}
    build(context.city, context.people[context.city.pk]["ceo"], **sizes)
    return {model._meta.label: model.objects.filter(authority=context.city).count()
            for model in (Plan, PlanAction, BudgetLine, Measurement)}
