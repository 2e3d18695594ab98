"""`manage.py backup <dir>`: the database and the uploaded files into a new directory, with a manifest.

See merhav.core.backup for what a backup holds and how it is checked.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from merhav.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (SQLite: online backup API; PostgreSQL: pg_dump custom format) and MEDIA_ROOT "
            "into DIR, a new or empty directory, with manifest.json (rows per table, file checksums).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = backup(directory, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"The backup could not be written ({error.strerror or error}); nothing was left "
                               f"in {directory}.") from error
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {directory}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} "
            f"tables, {len(manifest['media'])} uploaded files."))
