"""Test helpers of learning communities: the addresses, and a community that spans two authorities."""


from django.test import Client
from django.urls import reverse
from django_scopes import scope


def url(name: str, *args, **kwargs) -> str:
    return reverse(f"communities:{name}", args=args, kwargs=kwargs or None)


def client_of(user) -> Client:
    """A client of its own, logged in (two-factor passed): for a test in which two people act."""
    from conftest import verified_login

    return verified_login(Client(), user)


def rows(model, community) -> list:
    with scope(community=community.pk):
        return list(model.objects.filter(community=community).order_by("pk"))


