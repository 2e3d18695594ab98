"""The user model's type for the apps below accounts (audit, tenancy), which may not import
merhav.accounts.models.User (see .importlinter).

For mypy, `User` is django-stubs' `_User`, which its plugin resolves to settings.AUTH_USER_MODEL
(accounts.User, with every field); at run time it is AbstractBaseUser, which every user model extends.
Apps above accounts import merhav.accounts.models.User itself.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User
else:
    from django.contrib.auth.base_user import AbstractBaseUser as User

# Whoever a permission is asked about: a user, or the anonymous visitor (rules asks about both).
AnyUser = User | AnonymousUser

__all__ = ["AnyUser", "User"]
