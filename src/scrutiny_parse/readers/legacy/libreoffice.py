"""Run LibreOffice headless to convert one document, safely and in parallel.

Each conversion gets a private temporary directory holding the input, the output and
its own user profile (``-env:UserInstallation``): two soffice processes sharing a
profile block each other or fail silently, which a parallel batch would hit at once.
The process is killed (with its children) after ``timeout`` seconds, and the directory
is always removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from scrutiny_parse.errors import (
    ConverterUnavailableError,
    CorruptDocumentError,
    ResourceLimitError,
)

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`; "
    "or put `soffice` on PATH)"
)


def soffice_path() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(data: bytes, *, suffix: str, to: str, timeout: float = 120.0) -> bytes:
    """Convert ``data`` (a file ending in ``suffix``, e.g. ``.doc``) to format ``to``
    (``docx``, ``pdf``, ``doc``...) and return the converted bytes."""
    exe = soffice_path()
    if exe is None:
        raise ConverterUnavailableError(
            f"LibreOffice is needed to read {suffix} files: {INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="scrutiny-lo-") as tmp:
        work = Path(tmp)
        src = work / f"input{suffix}"
        src.write_bytes(data)
        out_dir = work / "out"
        profile = work / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
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


def _run(cmd: list[str], timeout: float, suffix: str, *, home: Path) -> None:
    # HOME inside the private directory too: soffice writes caches there.
    env = {**os.environ, "HOME": str(home)}
    # A new session, so a timeout can kill soffice.bin and anything it started.
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise ResourceLimitError(
            f"LibreOffice took more than {timeout:g}s to convert this {suffix} file "
            "(raise the timeout with convert_timeout=...)"
        ) from e
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise CorruptDocumentError(
            f"LibreOffice failed to convert this {suffix} file: {message[0]}"
        )
