"""Backing up and restoring the database and the uploaded files (`manage.py backup <dir>`, `manage.py restore <dir>`).

A backup is a directory:
- `database.sqlite3` (SQLite, taken with SQLite's online backup API: a consistent copy while the site runs) or
  `database.dump` (PostgreSQL, `pg_dump --format=custom`: one consistent snapshot, restored with `pg_restore`);
- `media/`: a copy of MEDIA_ROOT (the uploaded files);
- `manifest.json`: when, which database engine, the number of rows of every table, and the size and SHA-256 of the
  database file and of every uploaded file.

The backup is written into a temporary directory beside the target and renamed into place at the end: a backup
that stopped half-way (a full disk, a kill) never looks like a finished one. A restore first checks every
checksum of the manifest (a damaged backup is refused before anything is touched), then replaces the database
(SQLite: the backup API again; PostgreSQL: `pg_restore --clean --if-exists --single-transaction`, all or nothing),
copies the files back, and checks that every table has the manifest's row count and every file its checksum.

PostgreSQL needs `pg_dump`/`pg_restore` of the server's major version on the PATH; the connection is the one of
DATABASE_URL (Django's default database), its password passed in PGPASSWORD, never on the command line.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def table_counts() -> dict[str, int]:
    """Rows per table of the default database (every table, Django's own included)."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            if name.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 (a table name)
            counts[name] = cursor.fetchone()[0]
    return counts


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore (the database name last) and their environment."""
    params = connection.settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools are needed).") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _copy_media(source: Path, target: Path) -> dict[str, dict]:
    files = {}
    for path in _media_files(source):
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        files[relative] = {"size": destination.stat().st_size, "sha256": sha256(destination)}
    return files


def backup(target: Path, *, log: Callable[[str], None] = lambda _message: None) -> dict:
    """Write a backup of the default database and of MEDIA_ROOT into `target` (which must not exist or be
    empty). Returns the manifest."""
    kind = engine()
    target = Path(target).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty directory: a backup never overwrites another.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        connection.ensure_connection()
        if kind == "sqlite":
            database_file = work / "database.sqlite3"
            destination = sqlite3.connect(database_file)
            try:
                connection.connection.backup(destination)  # the raw sqlite3 connection
            finally:
                destination.close()
            counts = _sqlite_counts(database_file)
        else:
            database_file = work / "database.dump"
            args, env = _pg_env()
            # One snapshot: the rows are counted in a REPEATABLE READ transaction whose snapshot pg_dump takes
            # over (--snapshot), so the manifest's counts are those of the dump even while the site writes.
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                counts = table_counts()
                _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                      "--file", str(database_file), *args, str(connection.settings_dict["NAME"])], env)
        log(f"database: {database_file.name}, {sum(counts.values())} rows in {len(counts)} tables")
        media_root = Path(settings.MEDIA_ROOT)
        files = _copy_media(media_root, work / "media")
        log(f"uploaded files: {len(files)} from {media_root}")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": kind,
            "database": {"file": database_file.name, "size": database_file.stat().st_size,
                         "sha256": sha256(database_file)},
            "tables": counts,
            "media": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _sqlite_counts(path: Path) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        names = [row[0] for row in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
    finally:
        database.close()


def read_manifest(source: Path) -> dict:
    """The backup's manifest, after checking the database file's and every file's size and checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: not a finished backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    database_file = source / manifest["database"]["file"]
    if not database_file.is_file() or sha256(database_file) != manifest["database"]["sha256"]:
        raise BackupError(f"{database_file} is missing or does not match its checksum: the backup is damaged.")
    for relative, meta in manifest["media"].items():
        path = source / "media" / relative
        if not path.is_file() or sha256(path) != meta["sha256"]:
            raise BackupError(f"media/{relative} is missing or does not match its checksum: the backup is damaged.")
    return manifest


def restore(source: Path, *, log: Callable[[str], None] = lambda _message: None) -> dict:
    """Replace the default database and put back the uploaded files from the backup in `source`; then check every
    table's row count and every file's checksum against the manifest. Returns the manifest."""
    kind = engine()
    source = Path(source).resolve()
    manifest = read_manifest(source)
    if manifest["engine"] != kind:
        raise BackupError(f"The backup is of a {manifest['engine']} database; this site runs on {kind}.")
    database_file = source / manifest["database"]["file"]
    if kind == "sqlite":
        connection.ensure_connection()
        backup_database = sqlite3.connect(database_file)
        try:
            backup_database.backup(connection.connection)  # replaces every page
        finally:
            backup_database.close()
    else:
        for alias in connections:  # pg_restore drops tables: hold no lock on them
            connections[alias].close()
        args, env = _pg_env()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", *args, "--dbname", str(connection.settings_dict["NAME"]), str(database_file)], env)
    log(f"database restored from {database_file.name}")
    media_root = Path(settings.MEDIA_ROOT)
    for relative in manifest["media"]:
        destination = media_root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.restoring")
        shutil.copy2(source / "media" / relative, partial)
        os.replace(partial, destination)
    log(f"uploaded files restored: {len(manifest['media'])} into {media_root}")
    verify(manifest)
    return manifest


def verify(manifest: dict) -> None:
    """The live database and MEDIA_ROOT hold what the manifest lists; BackupError otherwise."""
    counts = table_counts()
    wrong = {name: (count, counts.get(name)) for name, count in manifest["tables"].items() if counts.get(name) != count}
    if wrong:
        raise BackupError("After the restore these tables do not have the backup's rows (expected, found): "
                          + ", ".join(f"{name} {pair}" for name, pair in sorted(wrong.items())[:20]))
    media_root = Path(settings.MEDIA_ROOT)
    for relative, meta in manifest["media"].items():
        path = media_root / relative
        if not path.is_file() or sha256(path) != meta["sha256"]:
            raise BackupError(f"After the restore {path} is missing or differs from the backup.")
