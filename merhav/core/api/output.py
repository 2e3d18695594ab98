"""The base of the API's output schemas: ninja's Schema, read from a model instance at a fraction of the cost.

    class ThingOut(Out):
        id: int
        owner: UserRef | None          # UserRef(Out) too
        review_title: str = Field(alias="review.title")

        @staticmethod
        def resolve_status_label(thing): ...

ninja validates an object by wrapping it in a DjangoGetter, whose `__getattr__` pydantic calls for every field:
an attribute lookup that fails first (so Python raises and catches an AttributeError), then the resolver
table, then the conversion of managers, querysets and callables. On a list of 25 actions that is about
450 such lookups and a third of the API call's CPU. `Out` reads the same values itself — the resolvers
first, then the attribute (a dotted alias is followed attribute by attribute), converted as DjangoGetter
converts them — into a dict keyed as pydantic expects (by alias), and lets pydantic validate the dict.
The JSON is the same (merhav/lessons/tests/test_api_output.py compares the two ways on every list of the
lessons API). Anything unusual (a dict input, extra="forbid", a path through a dict) takes ninja's way.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

# Tests switch it off to compare with ninja's own way.
FAST = True

_MISSING = object()


def _plan(cls: type[Out]) -> list[tuple[str, Any, tuple[str, ...]]]:
    """(key in the dict, resolver or None, attribute path) per field."""
    plan = []
    for name, field in cls.model_fields.items():
        key = field.validation_alias if isinstance(field.validation_alias, str) else (field.alias or name)
        resolver = cls._ninja_resolvers.get(key)
        plan.append((key, resolver, tuple(key.split("."))))
    return plan


_plans: dict[type, list[tuple[str, Any, tuple[str, ...]]]] = {}


class Out(Schema):
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo) -> Any:
        if not FAST or not isinstance(values, Model) or cls.model_config.get("extra") == "forbid" \
                or cls.model_config.get("validate_assignment", False):
            return super()._run_root_validator(values, handler, info)  # type: ignore[operator]
        plan = _plans.get(cls)
        if plan is None:
            plan = _plans[cls] = _plan(cls)
        getter = None
        data = {}
        convert = DjangoGetter._convert_result
        for key, resolver, path in plan:
            if resolver is not None:
                if getter is None:
                    getter = DjangoGetter(values, cls, info.context)
                value = resolver(getter=getter)
            else:
                value = values
                for step, part in enumerate(path, 1):
                    value = getattr(value, part, _MISSING)
                    if value is _MISSING or (value is None and step < len(path)):
                        # As DjangoGetter: no such attribute, or a None on the way (review.title of no
                        # review) is a missing value (the field's default, or pydantic's "missing").
                        value = _MISSING
                        break
                if value is _MISSING:
                    continue
            data[key] = convert(getter, value)  # type: ignore[arg-type]  # self is not used
        return handler(data)
