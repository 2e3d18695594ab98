"""`manage.py restore <dir>`: replace the database and put the uploaded files back from a backup.

See merhav.core.backup. Stop the web processes and the worker first: the restore replaces every table.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from merhav.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = ("Restore the database and MEDIA_ROOT from a backup made by `manage.py backup` (checksums checked "
            "first, row counts and files checked after). Replaces the current data.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args: Any, directory: Path, interactive: bool, **options: Any) -> None:
        try:
            manifest = read_manifest(directory)
            if interactive:
                answer = input(f"This replaces every table of the database with the backup of "
                               f"{manifest['created_at']} ({sum(manifest['tables'].values())} rows). Type 'yes': ")
                if answer != "yes":
                    raise CommandError("Restore cancelled.")
            restore(directory, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored from {directory}: every table has its rows and every file its checksum."))
