"""Factories for accounts: users, with invented names in Hebrew (or Arabic) and addresses at example domains."""

import factory
from django.conf import settings

PASSWORD = "a-long-test-password-2026"

# Characters that HTML escapes: a name with one would not appear verbatim in a page, so a test that looks
# for the name it was given would fail for the wrong reason.
_ESCAPED = set("'\"&<>")


def invented(provider: str, locale: str, **options) -> str:
    """A value from Faker's `provider` in `locale` that HTML shows as it is (no quote, apostrophe or &).

    Uses factory_boy's Faker instance, so the root conftest's per-test seed makes it repeatable."""
    faker = factory.Faker._get_faker(locale=locale)
    value = getattr(faker, provider)(**options)
    while _ESCAPED & set(value):
        value = getattr(faker, provider)(**options)
    return value


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in with PASSWORD. `UserFactory(arabic=True)` gives an Arabic name and language."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    class Params:
        arabic = factory.Trait(
            full_name=factory.LazyFunction(lambda: invented("name", "ar_AA")),
            language="ar",
        )

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.LazyFunction(lambda: invented("name", "he_IL"))
    language = "he"
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, password: str = PASSWORD, **kwargs):
        # The manager normalises the address and hashes the password, as signing up does.
        return model_class.objects.create_user(*args, password=password, **kwargs)
