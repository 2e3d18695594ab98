"""The restore drill (`manage.py backup` / `manage.py restore`), on whichever database the run uses (SQLite by
default, PostgreSQL with DATABASE_URL): back up, destroy the database and the uploaded files, restore, and every
record and every file is back. Also: a damaged backup is refused before anything is touched, and a backup that
cannot be finished (a full disk) leaves nothing that looks like one."""

import errno
import json
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django_scopes import scopes_disabled

from merhav.communities.models import KnowledgeProduct
from merhav.communities.tests.factories import ProductFactory
from merhav.core.backup import table_counts
from merhav.lessons.models import ActionItem
from merhav.lessons.tests.factories import ActionItemFactory, ReviewFactory
from merhav.resources.tests.factories import PartnerFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def some_data(authority, make_user):
    ceo = make_user(authority=authority, role="ceo", email="ceo.backup@test.example")
    review = ReviewFactory(authority=authority, created_by=ceo)
    for n in range(3):
        ActionItemFactory(review=review, owner=ceo, title=f"פעולה {n} — إجراء")
    PartnerFactory(authority=authority)
    product = ProductFactory()
    product.file.save("report.pdf", ContentFile(b"%PDF-1.4 a report\n" * 100), save=True)
    default_storage.save("other/אחר.txt", ContentFile("קובץ — ملف".encode()))
    return product


def snapshot():
    with scopes_disabled():
        return {
            "counts": table_counts(),
            "actions": sorted(ActionItem.objects.values_list("pk", "title", "review_id", "owner_id")),
            "products": sorted(KnowledgeProduct.objects.values_list("pk", "file")),
        }


def destroy_database():
    """As if the database were lost: no table left at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for name in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{name}"')
    assert connection.introspection.table_names() == []


def test_restore_drill_brings_back_every_record_and_file(media, tmp_path, authority, make_user):
    product = some_data(authority, make_user)
    before = snapshot()
    files_before = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert len(files_before) == 2

    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["lessons_actionitem"] == 3
    assert set(manifest["media"]) == {product.file.name, "other/אחר.txt"}

    destroy_database()
    shutil.rmtree(media)

    call_command("restore", str(tmp_path / "backup"), interactive=False)

    assert snapshot() == before
    assert {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()} == files_before
    with scopes_disabled():
        assert KnowledgeProduct.objects.get(pk=product.pk).file.read().startswith(b"%PDF")


def test_a_damaged_backup_is_refused_before_anything_is_touched(media, tmp_path, authority, make_user):
    some_data(authority, make_user)
    call_command("backup", str(tmp_path / "backup"))
    ActionItemFactory(review=ReviewFactory(authority=authority))  # after the backup: must survive the refusal
    before = table_counts()
    damaged = next((tmp_path / "backup" / "media").rglob("report*.pdf"))
    damaged.write_bytes(b"not the report")

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "backup"), interactive=False)

    assert table_counts() == before


def test_a_backup_never_overwrites_another(media, tmp_path, authority, make_user):
    some_data(authority, make_user)
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", str(tmp_path / "backup"))


def test_a_full_disk_during_a_backup_leaves_nothing_half_written(media, tmp_path, authority, make_user, monkeypatch):
    some_data(authority, make_user)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("merhav.core.backup.shutil.copy2", no_space)  # the disk fills while the files are copied
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", str(tmp_path / "backup"))
    assert not (tmp_path / "backup").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["media"]  # no partial directory left beside it
