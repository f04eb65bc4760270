"""Issue 13: LibreOffice is sandboxed and never outlives, or litters after, its caller.

Needs LibreOffice (skipped without it). The network test only ever touches loopback: a
server on 127.0.0.1 that must see no request.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest

from scrutiny_parse import ResourceLimitError
from scrutiny_parse.batch.engine import ArchiveConverter
from scrutiny_parse.batch.manifest import manifest_path, read_manifest
from scrutiny_parse.readers.legacy import libreoffice as lo

pytestmark = pytest.mark.skipif(lo.soffice_path() is None, reason="LibreOffice not installed")


def _soffice_using(prefix: str) -> list[int]:
    """Pids whose command line names a path starting with ``prefix``."""
    needle = prefix.encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if needle in f.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def _dirs(prefix: str) -> list[str]:
    return [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(prefix)]


def _wait_clean(prefix: str, seconds: float = 10.0) -> None:
    """Assert that no process or directory with ``prefix`` remains (reaping is async)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _soffice_using(os.path.join(tempfile.gettempdir(), prefix)) and not _dirs(prefix):
            return
        time.sleep(0.2)
    assert _soffice_using(os.path.join(tempfile.gettempdir(), prefix)) == []
    assert _dirs(prefix) == []


@pytest.fixture
def loopback_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 recording every request path."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_OPTIONS = do_HEAD = do_PROPFIND = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _document_text(docx: bytes) -> str:
    import io

    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read("word/document.xml").decode()


@pytest.mark.parametrize("sandboxed", [True, False], ids=["namespace", "settings-only"])
def test_linked_content_is_neither_fetched_nor_read(
    sandboxed: bool,
    loopback_server: tuple[str, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if sandboxed and lo.network_sandbox() is None:
        pytest.skip("no network namespace can be made here")
    if not sandboxed:
        monkeypatch.setattr(lo, "network_sandbox", lambda: None)
    url, seen = loopback_server
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n")
    odt = hostile.linked_odt(f"{url}/image.png", secret.as_uri())
    text = _document_text(lo.convert(odt, suffix=".odt", to="docx", timeout=120))
    assert "Recommendation 1" in text
    assert "TOP-SECRET-LINE" not in text
    assert seen == []


def test_the_profile_disables_macros_and_link_updates(tmp_path: Path) -> None:
    lo._write_profile(tmp_path / "profile")
    xcu = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text()
    assert 'oor:name="DisableMacrosExecution" oor:op="fuse"><value>true' in xcu
    assert 'oor:name="MacroSecurityLevel" oor:op="fuse"><value>3' in xcu
    assert 'oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true' in xcu
    assert 'Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0' in xcu


def test_a_timeout_kills_the_process_group_and_removes_the_directory() -> None:
    odt = hostile.linked_odt("image.png", "section.txt")
    with pytest.raises(ResourceLimitError, match="took more than"):
        lo.convert(odt, suffix=".odt", to="docx", timeout=0.3)
    _wait_clean(f"{lo.TEMP_PREFIX}{os.getpid()}-", seconds=2)


def test_ctrl_c_during_a_conversion_kills_it_too(monkeypatch: pytest.MonkeyPatch) -> None:
    real = subprocess.Popen.communicate

    def interrupted(self: subprocess.Popen[bytes], *args: object, **kwargs: object) -> object:
        time.sleep(0.3)  # soffice is running by now
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        lo.convert(hostile.linked_odt("a.png", "b.txt"), suffix=".odt", to="docx")
    monkeypatch.setattr(subprocess.Popen, "communicate", real)
    _wait_clean(f"{lo.TEMP_PREFIX}{os.getpid()}-", seconds=2)


def test_a_worker_killed_mid_conversion_takes_its_soffice_along(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "slow.odt").write_bytes(hostile.linked_odt("a.png", "b.txt"))
    out = tmp_path / "out"
    summary = ArchiveConverter([archive], out, jobs=1, timeout=0.5).run()
    assert summary.failed == 1
    assert read_manifest(manifest_path(out))["slow.odt"].error == "Timeout"
    # The worker's pid is gone; so must be every soffice and directory of any worker of
    # this test's run: none may name a directory that no longer has an owner.
    time.sleep(0.5)
    for name in _dirs(lo.TEMP_PREFIX):
        owner = lo._owner(Path(name))
        assert owner is None or lo._alive(owner), f"{name} outlived its worker"
    import re

    root = re.escape(os.path.join(tempfile.gettempdir(), lo.TEMP_PREFIX))
    for pid in _soffice_using(os.path.join(tempfile.gettempdir(), lo.TEMP_PREFIX)):
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            owners = re.findall(root.encode() + rb"(\d+)-", f.read())
        for owner in owners:
            assert lo._alive(int(owner)), f"soffice {pid} outlived its worker {int(owner)}"


def test_leftovers_of_a_killed_run_are_cleaned_at_the_next_start() -> None:
    # A directory whose owner pid is dead, with a process still running "in" it.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path(tempfile.mkdtemp(prefix=f"{lo.TEMP_PREFIX}{dead.pid}-"))
    (stale / "input.odt").write_bytes(b"copy of someone's input")
    lingering = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)", str(stale / "profile")]
    )
    # Right after fork the child's /proc cmdline can still be empty: wait for the exec.
    deadline = time.monotonic() + 10
    while lingering.pid not in _soffice_using(str(stale)) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        # ... and one of a live owner (this process), which must be left alone.
        mine = Path(tempfile.mkdtemp(prefix=f"{lo.TEMP_PREFIX}{os.getpid()}-"))
        assert lo.clean_stale() >= 1
        assert not stale.exists()
        assert lingering.wait(timeout=10) == -9
        assert mine.exists()
        mine.rmdir()
    finally:
        if lingering.poll() is None:
            lingering.kill()
