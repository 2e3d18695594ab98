from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import activate_user_language


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    if request is not None:
        activate_user_language(request, user)
