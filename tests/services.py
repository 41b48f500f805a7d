"""Real servers for the tests and the benchmark: a throwaway PostgreSQL cluster, Redis and gunicorn.

Each starts on a free loopback port in a temporary directory and stops when its `with` block ends. The
binaries come from Debian's packages (postgresql, redis-server), which `.ci/run` installs.
"""

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server's bin directory on this machine, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def missing_services() -> list[str]:
    """The Debian packages these servers need that this machine lacks."""
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A running throwaway cluster: its DATABASE_URL, and a restart as a database upgrade would do."""

    def __init__(self, bin_dir: Path, data: Path, port: int):
        self.bin_dir, self.data, self.port = bin_dir, data, port
        self.url = f"postgres://postgres@127.0.0.1:{port}/portal"

    def pg_ctl(self, *args: str) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c fsync=off -c max_connections=200"
        )
        subprocess.run(
            _as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                          str(self.data / "server.log"), "-o", options, *args]),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
        )  # fmt: skip

    def restart(self) -> None:
        """Stop (closing every connection) and start again."""
        self.pg_ctl("-m", "fast", "restart")

    def create_database(self, name: str) -> str:
        """Another empty database on this server; its DATABASE_URL."""
        subprocess.run(
            _as_postgres([str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                          name]),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
        )  # fmt: skip
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@contextmanager
def postgres():
    """A new PostgreSQL cluster with a database `portal`; yields a `Postgres`."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    data = Path(tempfile.mkdtemp(prefix="spbe-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    server = Postgres(bin_dir, data, free_port())
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--no-locale", "--no-sync"]),
        **quiet,
    )  # fmt: skip
    server.pg_ctl("start")
    try:
        subprocess.run(
            _as_postgres([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                          "portal"]),
            **quiet,
        )  # fmt: skip
        yield server
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(data, ignore_errors=True)


class Redis:
    """A Redis server on a fixed port that a fault test can stop and start again."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, self.process, "redis-server")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)

    def keys(self) -> int:
        """How many keys the server holds (DBSIZE), over a plain socket."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(b"DBSIZE\r\n")
            return int(connection.recv(64).strip().lstrip(b":"))


@contextmanager
def redis():
    """A Redis server with nothing persisted and a memory cap, as the README sets it up; yields a `Redis`."""
    server = Redis(free_port())
    server.start()
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


def server_environment(**settings: str) -> dict[str, str]:
    """The environment of a production-like portal process (DEBUG off, one shared secret key)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CACHE_URL")}
    env |= {
        "DEBUG": "False",
        "SECRET_KEY": "two-server-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No collectstatic in a test: templates name the static files as they are.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONPATH": str(ROOT),
    }
    return env | settings


def manage(env: dict[str, str], *args: str) -> str:
    """Run a management command in its own process, as an operator would."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# Where prepared databases are kept for the run (set by tests/deploy/conftest.py, shared by the xdist
# workers): preparing one runs every migration and loads the whole published record, a minute or more.
TEMPLATES: Path | None = None


def prepare_database(env: dict[str, str], admin_password: str | None = None) -> None:
    """What `make setup` does: schema, register, frameworks, the published results; an admin if asked.

    The first database of each kind in a run is prepared so and kept; the next ones are copies of it (the
    SQLite file, or PostgreSQL's pg_dump restored), the same data for a fraction of the time."""
    url = env["DATABASE_URL"]
    kind = "sqlite" if url.startswith("sqlite:") else "postgresql"
    template = _template(kind) if TEMPLATES is not None else None
    if template is None:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_shipped_data")
    elif kind == "sqlite":
        shutil.copyfile(template, url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    else:
        _pg_restore(template, url)
    if admin_password:
        manage(
            env | {"DJANGO_SUPERUSER_PASSWORD": admin_password},
            "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org",
        )  # fmt: skip


def _template(kind: str) -> Path:
    """The prepared database of `kind` for this run: made by the first worker that asks, under a lock."""
    import fcntl

    TEMPLATES.mkdir(parents=True, exist_ok=True)
    path = TEMPLATES / ("prepared.sqlite3" if kind == "sqlite" else "prepared.pgdump")
    with open(TEMPLATES / f"{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = path.with_suffix(".part")
            if kind == "sqlite":
                env = server_environment(DATABASE_URL=f"sqlite:///{building}")
                manage(env, "migrate", "--verbosity", "0")
                manage(env, "load_shipped_data")
            else:
                with postgres() as server:
                    env = server_environment(DATABASE_URL=server.url)
                    manage(env, "migrate", "--verbosity", "0")
                    manage(env, "load_shipped_data")
                    with open(building, "wb") as dump:
                        subprocess.run(
                            _as_postgres([str(server.bin_dir / "pg_dump"), "-Fc", "-h", "127.0.0.1", "-p",
                                          str(server.port), "-U", "postgres", "portal"]),
                            stdout=dump, stderr=subprocess.PIPE, check=True,
                        )  # fmt: skip
            building.rename(path)
    return path


def _pg_restore(dump: Path, url: str) -> None:
    """Restore a prepared dump into the empty database `url` (postgres://postgres@127.0.0.1:port/name)."""
    address, name = url.rsplit("@", 1)[1].split("/", 1)
    port = address.rsplit(":", 1)[1]
    with open(dump, "rb") as data:
        subprocess.run(
            _as_postgres([str(postgres_bin() / "pg_restore"), "--no-owner", "--exit-on-error", "-h", "127.0.0.1",
                          "-p", port, "-U", "postgres", "-d", name]),
            stdin=data, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
        )  # fmt: skip


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    """The portal behind gunicorn, as in production; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "spbe_portal.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--access-logfile", "/dev/null"]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_port(port, process, "gunicorn")
            _wait_until_serving(base, process)
            yield base
        except RuntimeError as error:
            log.seek(0)
            raise RuntimeError(f"{error}\n{log.read().decode(errors='replace')[-3000:]}") from None
        finally:
            process.terminate()
            process.wait(20)


def _wait_until_serving(base: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/v1/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
    raise RuntimeError(f"{base} did not answer within {timeout} s")


def password() -> str:
    return secrets.token_urlsafe(16)
