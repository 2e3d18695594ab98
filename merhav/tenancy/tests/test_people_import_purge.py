"""Uploaded people sheets hold personal data: the worker deletes them a day after the upload."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.tenancy.models import PeopleImport
from merhav.tenancy.tasks import PEOPLE_IMPORT_HOURS, purge_people_imports


def test_old_uploads_are_deleted_and_recent_ones_kept(authority, authority_admin):
    with scope(authority=authority):
        old = PeopleImport.objects.create(authority=authority, created_by=authority_admin,
                                          rows=[{"line": 2, "email": "old@example.org"}],
                                          created_at=timezone.now() - timedelta(hours=PEOPLE_IMPORT_HOURS + 1))
        recent = PeopleImport.objects.create(authority=authority, created_by=authority_admin,
                                             rows=[{"line": 2, "email": "new@example.org"}])
    purge_people_imports.call()
    with scope(authority=authority):
        assert list(PeopleImport.objects.values_list("pk", flat=True)) == [recent.pk]
        assert not PeopleImport.objects.filter(pk=old.pk).exists()


def test_an_expired_upload_can_no_longer_be_confirmed(login, authority, authority_admin):
    from .conftest import page

    with scope(authority=authority):
        old = PeopleImport.objects.create(authority=authority, created_by=authority_admin,
                                          rows=[{"line": 2, "email": "old@example.org", "full_name": "",
                                                 "role": "", "department": "", "title": ""}],
                                          created_at=timezone.now() - timedelta(hours=PEOPLE_IMPORT_HOURS + 1))
    response = login(authority_admin).post(page("people_import_preview", authority, token=old.token))
    assert response.status_code == 404
