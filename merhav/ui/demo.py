"""Modules add their demo data here; load_demo calls each loader with the demo authorities."""

from collections.abc import Callable

DEMO_LOADERS: list[Callable] = []


def register_demo(loader: Callable) -> Callable:
    DEMO_LOADERS.append(loader)
    return loader


def load_module_demos(*, city, neighbour, stdout) -> None:
    for loader in DEMO_LOADERS:
        loader(city=city, neighbour=neighbour, stdout=stdout)
