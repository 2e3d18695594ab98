"""The authentication backend: Django's ModelBackend, with the user of each request's session read by SQL
compiled once per process (merhav.core.prepared) — the same row, the same checks, less CPU."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from merhav.core.prepared import Prepared

_user_by_pk = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk), int)


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            users = _user_by_pk(int(user_id))
        except (TypeError, ValueError):
            return None
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
