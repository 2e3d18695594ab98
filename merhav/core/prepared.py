"""Querysets compiled once per process: the hot reads that every request makes (the session, the user, the
two-factor device, the memberships) run their SQL with new parameters, without building it again.

    user_by_pk = Prepared(lambda pk: User.objects.filter(pk=pk), int)
    users = user_by_pk(42)  # a list of User, as list(User.objects.filter(pk=42)) would give
    # a values_list() queryset gives its rows as tuples

Django builds and compiles a queryset's SQL on every evaluation: 0.4–1.5 ms of CPU for a small query
(ordering, select_related and joins cost the most), several times the database's own work for a read by
primary key. A Prepared compiles the queryset the first time, with unique placeholder values for its
parameters, and remembers where they went; each call puts the real values there, runs the SQL through
the connection's cursor (counted like any query by the tests' query counters) and makes the instances
exactly as QuerySet iteration does (the database's converters, select_related, annotations).

Only for querysets whose SQL does not depend on the values (no `__in` of a list, no None tests).
Parameters are ints or strs. The compiled SQL bypasses django-scopes' check (it is compiled inside
`scopes_disabled`), so it is for reads that are not an authority's data, or that are already filtered by
the authority's id as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models.query import ModelIterable, get_related_populators
from django_scopes import scopes_disabled

M = TypeVar("M")

_INT_BASE = -2_147_000_001  # in every integer column's range (an out-of-range value compiles to no SQL at all)


class Prepared(Generic[M]):
    def __init__(self, make: Callable[..., Any], *types: type, using: str = "default") -> None:
        self.make = make
        self.types = types
        self.using = using
        self._compiled: dict[str, tuple[Any, str, tuple[Any, ...], list[int], bool]] = {}

    def _placeholders(self) -> list[Any]:
        values: list[Any] = []
        for n, kind in enumerate(self.types):
            if kind is int:
                values.append(_INT_BASE - n)
            elif kind is str:
                values.append(f"\x1fprepared-{n}\x1f")
            else:
                raise TypeError(f"Prepared parameters are int or str, not {kind!r}")
        return values

    def _compile(self, connection: Any) -> tuple[Any, str, tuple[Any, ...], list[int], bool]:
        placeholders = self._placeholders()
        with scopes_disabled():
            queryset = self.make(*placeholders)
            compiler = queryset.query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
        positions = []
        for value in placeholders:
            found = [i for i, param in enumerate(params) if type(param) is type(value) and param == value]
            if len(found) != 1:
                raise ValueError(f"Prepared: the parameter {value!r} appears {len(found)} times in {sql}")
            positions.append(found[0])
        return compiler, sql, tuple(params), positions, queryset._iterable_class is ModelIterable

    def __call__(self, *values: Any) -> list[M]:
        connection = connections[self.using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(connection)
        compiler, sql, params, positions, of_models = compiled
        bound = list(params)
        for position, kind, value in zip(positions, self.types, values, strict=True):
            bound[position] = kind(value)
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            rows = cursor.fetchall()
        if not rows:
            return []
        if not of_models:  # values_list(): the rows, converted as the ORM converts them
            return [tuple(row) for row in compiler.results_iter(results=[rows])]  # type: ignore[misc]
        # As django.db.models.query.ModelIterable, on rows already fetched.
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        related_populators = get_related_populators(klass_info, select, self.using)  # type: ignore[call-arg]
        objects = []
        for row in compiler.results_iter(results=[rows]):
            obj = model_cls.from_db(self.using, init_list, row[start:end])
            for populator in related_populators:
                populator.populate(row, obj)
            for name, position in (annotation_col_map or {}).items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
