"""Run LibreOffice headless to convert one document: sandboxed, bounded, cleaned up.

Each conversion gets a private temporary directory (``mkdtemp``, mode 0700) holding the
input, the output and its own user profile (``-env:UserInstallation``): two soffice
processes sharing a profile block each other or fail silently, which a parallel batch
would hit at once. The directory is named ``scrutiny-lo-<pid>-...`` after the process
that owns it, which is what makes cleaning up after a killed run possible.

What a hostile document cannot make LibreOffice do:

- **reach the network**: soffice runs in a network namespace of its own (``unshare
  -n``, or ``unshare -rn`` where user namespaces are allowed) where not even loopback is
  up, so a linked image at ``http://...`` is never fetched. Where no namespace can be
  made, the profile still tells LibreOffice to block untrusted links;
- **run macros**: the profile sets the macro security level to "very high" and
  disables macro execution outright;
- **read other files into the document**: links (linked sections, OLE/DDE links,
  ``INCLUDETEXT`` fields) are never updated on load, and HOME, the temporary folder and
  the profile all point inside the private directory.

What happens to it when things go wrong:

- a ``timeout``: its whole process group (soffice.bin and anything it started: it runs
  in a new session) is SIGKILLed;
- Ctrl-C or any exception in the caller while it runs: the same, then re-raised;
- the calling process is killed itself (a batch worker past ``--timeout``, the OOM
  killer): the batch supervisor calls :func:`reap` for that worker's pid, which kills
  the processes whose command line names that worker's directories and removes them;
- anything that still escapes (``kill -9`` on the whole batch): :func:`clean_stale`,
  run before the first conversion of every process, removes directories whose owner is
  gone (or that are over a day old) and kills what still runs in them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from scrutiny_parse.errors import (
    ConverterUnavailableError,
    CorruptDocumentError,
    ResourceLimitError,
)

__all__ = [
    "INSTALL_HINT",
    "TEMP_PREFIX",
    "clean_stale",
    "convert",
    "network_sandbox",
    "reap",
    "soffice_path",
]

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`; "
    "or put `soffice` on PATH)"
)
#: Every conversion directory's name starts with this, then the owner's pid and "-".
TEMP_PREFIX = "scrutiny-lo-"
#: A leftover directory older than this is removed even if its "owner" pid is alive
#: (pids are reused).
_STALE_AGE = 24 * 3600.0
#: Address space soffice may use: it maps far more than it touches, so it gets its own
#: cap rather than a batch worker's (which it would inherit).
_SOFFICE_ADDRESS_SPACE = 4 << 30

# The profile's settings (registrymodifications.xcu). Update/Link takes the values of
# css.document.LinkUpdateModes: 0 NEVER, 1 MANUAL (Writer's default, "on request"; a
# headless run is never asked, but it is said explicitly), 2 AUTO.
_SETTINGS = {
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): ("int", "3"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): (
        "boolean",
        "true",
    ),
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): (
        "boolean",
        "true",
    ),
    ("org.openoffice.Office.Common/Security/Scripting", "CheckDocumentEvents"): (
        "boolean",
        "true",
    ),
    ("org.openoffice.Office.Writer/Content/Update", "Link"): ("int", "0"),
    ("org.openoffice.Office.Writer/Content/Update", "Field"): ("boolean", "false"),
    ("org.openoffice.Office.Calc/Content/Update", "Link"): ("int", "0"),
    ("org.openoffice.Office.Common/Misc", "UseLocking"): ("boolean", "false"),
    ("org.openoffice.Office.Common/Misc", "FirstRun"): ("boolean", "false"),
    ("org.openoffice.Office.Common/Save/Document", "LoadPrinter"): ("boolean", "false"),
}

_cleaned = [False]
_sandbox: list[list[str] | None] = []


def soffice_path() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def network_sandbox() -> list[str] | None:
    """The command prefix that runs a program with no network, or None where this
    system cannot make a network namespace (probed once per process)."""
    if _sandbox:
        return _sandbox[0]
    found: list[str] | None = None
    unshare = shutil.which("unshare")
    if unshare is not None:
        # As root a plain network namespace; otherwise inside a user namespace.
        for prefix in ([unshare, "-n"], [unshare, "-r", "-n"]):
            try:
                ok = subprocess.run(
                    [*prefix, "true"], capture_output=True, timeout=10, check=False
                ).returncode
            except (OSError, subprocess.SubprocessError):
                continue
            if ok == 0:
                found = prefix
                break
    _sandbox.append(found)
    return found


def convert(data: bytes, *, suffix: str, to: str, timeout: float = 120.0) -> bytes:
    """Convert ``data`` (a file ending in ``suffix``, e.g. ``.doc``) to format ``to``
    (``docx``, ``pdf``, ``doc``...) and return the converted bytes."""
    exe = soffice_path()
    if exe is None:
        raise ConverterUnavailableError(
            f"LibreOffice is needed to read {suffix} files: {INSTALL_HINT}"
        )
    if not _cleaned[0]:
        _cleaned[0] = True
        clean_stale()
    with _private_dir() as work:
        src = work / f"input{suffix}"
        src.write_bytes(data)
        out_dir = work / "out"
        profile = work / "profile"
        _write_profile(profile)
        cmd = [
            *(network_sandbox() or []),
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(src),
        ]
        _run(cmd, timeout, suffix, home=work)
        produced = sorted(out_dir.glob("*")) if out_dir.exists() else []
        if not produced:
            raise CorruptDocumentError(f"LibreOffice could not convert this {suffix} file to {to}")
        return produced[0].read_bytes()


@contextlib.contextmanager
def _private_dir() -> Iterator[Path]:
    """A new 0700 directory named after this process; removed whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _write_profile(profile: Path) -> None:
    """The user profile's settings: macros off, links never updated, nothing fetched."""
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for (path, name), (_, value) in _SETTINGS.items()
    )
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n",
        encoding="utf-8",
    )


def _limit_soffice() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """In the child: its own address-space cap, whatever the parent's."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = _SOFFICE_ADDRESS_SPACE
        soft = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass


def _run(cmd: list[str], timeout: float, suffix: str, *, home: Path) -> None:
    # HOME and TMPDIR inside the private directory too: soffice writes caches there.
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    # A new session, so a timeout can kill soffice.bin and anything it started.
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
        preexec_fn=_limit_soffice,
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        _kill_group(proc)
        raise ResourceLimitError(
            f"LibreOffice took more than {timeout:g}s to convert this {suffix} file "
            "(raise the timeout with convert_timeout=...)"
        ) from e
    except BaseException:
        # Ctrl-C, a deadline in the caller...: soffice must not outlive the call.
        _kill_group(proc)
        raise
    finally:
        # soffice.bin may leave helpers behind in its session even on success.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise CorruptDocumentError(
            f"LibreOffice failed to convert this {suffix} file: {message[0]}"
        )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


# -- cleaning up after processes that could not clean up themselves ---------------------


def _conversion_dirs(owner: int | None = None) -> Iterator[Path]:
    """This machine's conversion directories (all, or those of pid ``owner``)."""
    root = Path(tempfile.gettempdir())
    prefix = TEMP_PREFIX if owner is None else f"{TEMP_PREFIX}{owner}-"
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.is_dir(follow_symlinks=False):
            yield Path(entry.path)


def _owner(path: Path) -> int | None:
    rest = path.name[len(TEMP_PREFIX) :]
    pid, _, _ = rest.partition("-")
    return int(pid) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_users_of(path: Path) -> None:
    """SIGKILL every process whose command line names ``path`` (its soffice: the
    profile and the input are both in it). Linux /proc; a no-op elsewhere."""
    needle = os.fsencode(str(path))
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if needle in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def reap(owner: int) -> int:
    """Kill the LibreOffice processes of dead process ``owner`` and remove its
    conversion directories; how many directories. The batch calls this for a worker it
    has just killed (``--timeout``) or found dead."""
    count = 0
    for path in _conversion_dirs(owner):
        _kill_users_of(path)
        shutil.rmtree(path, ignore_errors=True)
        count += 1
    return count


def clean_stale(max_age: float = _STALE_AGE) -> int:
    """Remove conversion directories left by processes that are gone (or older than
    ``max_age`` seconds), killing what still runs in them; how many were removed."""
    count = 0
    now = time.time()
    for path in _conversion_dirs():
        owner = _owner(path)
        if owner == os.getpid():
            continue
        try:
            age = now - path.lstat().st_mtime
        except OSError:
            continue
        # A name without a pid (another version's) is only removed once clearly old:
        # it may belong to a conversion running right now.
        if age > max_age or (owner is not None and not _alive(owner)):
            _kill_users_of(path)
            shutil.rmtree(path, ignore_errors=True)
            count += 1
    return count
