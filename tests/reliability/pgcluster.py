"""A throw-away PostgreSQL cluster for the crash tests of the database server: its own
directory, port and processes (so its server can be killed without touching anybody else's),
copies of a database into it, and Django's default connection pointed at it for a while."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.reliability.harness import free_port


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin with initdb and postgres (or the ones on PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parts[4]) if p.parts[4].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """A PostgreSQL cluster of our own in a temporary directory (fsync and synchronous commit on),
    so that its server can be killed without touching anybody else's. As root the server runs as
    the `postgres` account (initdb and postgres refuse root)."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="motcua-pgcrash-"))
        self.data = self.dir / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse root
            account = pwd.getpwnam("postgres")  # KeyError without the account: the test skips
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.dir / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/motcua"

    def init(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
             "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        log = self.log.open("ab")
        self.proc = subprocess.Popen(
            [*self.as_user, str(self.bin / "postgres"), "-D", str(self.data),
             "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={self.dir}", "-c", "fsync=on",
             "-c", "synchronous_commit=on", "-c", "full_page_writes=on",
             "-c", "max_connections=60", "-c", "shared_buffers=32MB"],
            stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [
                    str(self.bin / "pg_isready"),
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                ],
                check=False,
            )
            if ready.returncode == 0:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start: {self.log.read_text()[-2000:]}")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def kill(self) -> None:
        """kill -9 of the postmaster, then of every backend it leaves behind (what a crash of the
        database server's processes looks like; the next start runs crash recovery)."""
        assert self.proc is not None
        postmaster = self.postmaster_pid()
        os.kill(postmaster, signal.SIGKILL)
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # gone and reaped: the next start must not see them
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                if not Path(f"/proc/{postmaster}").exists():
                    return
            time.sleep(0.02)
        raise RuntimeError("the killed PostgreSQL processes did not go away")

    def createdb(self, name: str) -> None:
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             name],
            check=True,
        )  # fmt: skip

    def copy_from(self, source_url: str, name: str) -> None:
        """The source database (schema and rows) into `name` here, with pg_dump | pg_restore."""
        self.createdb(name)
        dump = subprocess.Popen(
            [str(self.bin / "pg_dump"), "-Fc", "--no-owner", "-d", source_url],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            [str(self.bin / "pg_restore"), "--no-owner", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "postgres", "-d", name],
            stdin=dump.stdout, check=True,
        )  # fmt: skip
        assert dump.stdout is not None
        dump.stdout.close()
        assert dump.wait() == 0

    def remove(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def default_database(url: str) -> Iterator[None]:
    """Point Django's default connection at another PostgreSQL database for a while (to check
    the invariants where the application wrote)."""
    from motcua.database_url import parse_database_url

    wanted = parse_database_url(url)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(
        {k: wanted[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    )
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
