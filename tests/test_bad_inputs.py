"""The bad-input catalogue (tests/bad_inputs/manifest.toml): every case exits 2 with
exactly one line on stderr, prints nothing on stdout, creates or changes no file, and
never shows a traceback - only ``tqc --debug`` does.

Every case runs in-process (click's CliRunner, through the same TqcGroup as the
``tqc`` command); the cases marked ``process = true`` run again as ``python -m tqc``
in a new interpreter, with real file descriptors and exit status."""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import tomllib
from pathlib import Path

import pytest

import run_counts

CATALOGUE = Path(__file__).parent / "bad_inputs"
CASE_KEYS = {"id", "about", "args", "error", "setup", "stdin", "env", "unprivileged", "process"}
NOBODY = 65534  # the conventional uid and gid of "nobody"
FIFTY_MB = 50_000_000


def load_cases() -> list[dict]:
    return tomllib.loads((CATALOGUE / "manifest.toml").read_text(encoding="utf-8"))["case"]


CASES = load_cases()


# --- what cannot be committed: made in the scratch folder before a case runs ---------------

def fifty_mb_line() -> bytes:
    """One line of Chinese, 50 MB, no line break."""
    chunk = ("市图书馆延长开放时间" * 1000).encode("utf-8")  # 30,000 bytes
    whole, rest = divmod(FIFTY_MB, len(chunk))
    return chunk * whole + b"x" * rest


def deep_tmx(folder: Path) -> None:
    depth = 100_000
    nested = "<g>" * depth + "library" + "</g>" * depth
    text = (CATALOGUE / "good.tmx").read_text(encoding="utf-8")
    (folder / "deep.tmx").write_text(text.replace("The city library opens longer.", nested),
                                     encoding="utf-8")


def make_unreadable(folder: Path) -> None:
    shutil.copy(folder / "good.en.txt", folder / "unreadable.txt")
    os.chmod(folder / "unreadable.txt", 0)


def make_read_only_directory(folder: Path) -> None:
    (folder / "locked").mkdir()
    os.chmod(folder / "locked", 0o555)


SETUPS = {
    "fifty-mb-line": lambda folder: (folder / "line.txt").write_bytes(fifty_mb_line()),
    "deep-tmx": deep_tmx,
    "directory": lambda folder: (folder / "folder").mkdir(),
    "unreadable": make_unreadable,
    "read-only-directory": make_read_only_directory,
    "symlink-to-input": lambda folder: os.symlink("good.zh.txt", folder / "link-to-zh.txt"),
    "hard-link-to-input": lambda folder: os.link(folder / "good.en.txt", folder / "hard-link-to-en.txt"),
}
STDIN = {"fifty-mb-line": fifty_mb_line}


# --- running a case ----------------------------------------------------------------------------

def snapshot(folder: Path) -> dict:
    """Every file and link under ``folder`` with its size, time and (when small and
    readable) content hash: a case may create or change none of them."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        entry = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns)
        if stat.S_ISREG(info.st_mode) and info.st_size < 2_000_000 and os.access(path, os.R_OK):
            entry += (hashlib.sha256(path.read_bytes()).hexdigest(),)
        found[str(path.relative_to(folder))] = entry
    return found


def case_environment(case: dict) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "TQC_MAX_INPUT_MB"}
    env.update(case.get("env", {}))
    return env


def run_subprocess(case: dict, folder: Path) -> tuple[int, str, str]:
    stdin = STDIN[case["stdin"]]() if "stdin" in case else b""
    result = subprocess.run([sys.executable, "-m", "tqc", *case["args"]], cwd=folder, input=stdin,
                            capture_output=True, env=case_environment(case), timeout=300)
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def invoke(args: list[str], folder: Path, env: dict | None = None, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run tqc in this process with ``folder`` as the working directory; an exception
    that escaped the CLI shows up on stderr, as a traceback would."""
    from click.testing import CliRunner

    from tqc.cli import main

    previous = os.getcwd()
    os.chdir(folder)
    try:
        overrides = {"TQC_MAX_INPUT_MB": None, **(env or {})}
        result = CliRunner().invoke(main, args, env=overrides, input=stdin)
    finally:
        os.chdir(previous)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += f"Traceback: uncaught {type(result.exception).__name__}: {result.exception}"
    return result.exit_code, result.stdout, stderr


def run_in_process(case: dict, folder: Path) -> tuple[int, str, str]:
    stdin = STDIN[case["stdin"]]() if "stdin" in case else b""
    return invoke(case["args"], folder, case.get("env"), stdin)


def warm_up(folder: Path) -> None:
    """Import and load, as root, everything a check needs: the unprivileged child
    cannot read the installed packages when they live in root's home."""
    scratch = Path(tempfile.mkdtemp(prefix="tqc-warm-up-"))
    try:
        for name in ("good.zh.txt", "good.en.txt"):
            shutil.copy(folder / name, scratch / name)
        for output_format in ("json", "text"):
            invoke(["check", "good.zh.txt", "good.en.txt", "--format", output_format, "--output", "out"],
                   scratch)
    finally:
        shutil.rmtree(scratch)


def run_as_nobody(case: dict, folder: Path) -> tuple[int, str, str]:
    """Root ignores permission bits, so a forked child switches to uid/gid 65534 and runs
    the command in-process (a new interpreter could not read root's Python)."""
    warm_up(folder)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        signal.alarm(120)  # a hung child dies, and the parent reads an empty pipe
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        except OSError as error:
            payload = {"unavailable": f"{type(error).__name__}: {error}"}
        else:
            try:
                status, stdout, stderr = run_in_process(case, folder)
                payload = {"status": status, "stdout": stdout, "stderr": stderr}
            except BaseException as error:  # noqa: BLE001 - a failure, reported to the parent
                payload = {"status": -1, "stdout": "", "stderr": f"Traceback: {error!r}"}
        os.write(writer, json.dumps(payload).encode("utf-8"))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        payload = json.loads(stream.read() or b'{"status": -1, "stdout": "", "stderr": "the child died"}')
    os.waitpid(pid, 0)
    if "unavailable" in payload:
        pytest.skip(f"running as root and cannot switch to an unprivileged user: {payload['unavailable']}")
    return payload["status"], payload["stdout"], payload["stderr"]


@pytest.fixture
def scratch(tmp_path, request):
    """A copy of the catalogue; world-readable for a case run as another user."""
    case = request.param
    if case.get("unprivileged") and os.geteuid() == 0:
        folder = Path(tempfile.mkdtemp(prefix="tqc-bad-input-"))
        os.chmod(folder, 0o755)
    else:
        folder = tmp_path / "catalogue"
        folder.mkdir()
    for path in CATALOGUE.iterdir():
        if path.is_file() and path.name != "manifest.toml":
            shutil.copy(path, folder / path.name)
    yield case, folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            os.chmod(path, 0o700)
    if not folder.is_relative_to(tmp_path):
        shutil.rmtree(folder)


def check_case(case: dict, folder: Path, runner) -> None:
    for step in case.get("setup", []):
        SETUPS[step](folder)
    before = snapshot(folder)
    if case.get("unprivileged") and os.geteuid() == 0:
        status, stdout, stderr = run_as_nobody(case, folder)
    else:
        status, stdout, stderr = runner(case, folder)
    assert "Traceback" not in stderr, stderr
    assert stderr == f"tqc: error: {case['error']}\n"
    assert (status, stdout) == (2, "")
    assert snapshot(folder) == before, "the case created or changed a file"


@pytest.mark.parametrize("scratch", CASES, ids=[case["id"] for case in CASES], indirect=True)
def test_catalogue_case(scratch):
    case, folder = scratch
    run_counts.catalogue_cases["run"] += 1
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    check_case(case, folder, run_in_process)
    run_counts.catalogue_cases["passed"] += 1


IN_A_NEW_PROCESS = [case for case in CASES if case.get("process")]


@pytest.mark.parametrize("scratch", IN_A_NEW_PROCESS, ids=[case["id"] for case in IN_A_NEW_PROCESS],
                         indirect=True)
def test_catalogue_case_in_a_new_process(scratch):
    case, folder = scratch
    run_counts.catalogue_cases["process"] += 1
    check_case(case, folder, run_subprocess)


def test_manifest_is_tidy():
    """Ids are unique, every case says what it stands for, every setup step exists and
    every file of the catalogue is used by some case."""
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert all(case.get("about") and case.get("args") and case.get("error") for case in CASES)
    assert {step for case in CASES for step in case.get("setup", [])} <= set(SETUPS)
    used = {arg for case in CASES for arg in case["args"]}
    partners = {"good.zh.txt", "good.en.txt", "good-glossary.tsv"}
    valid_twins = {"good.tbx", "good.tmx", "good.xlf"}  # checked in test_valid_twins_pass
    unused = {path.name for path in CATALOGUE.iterdir()} - used - partners - valid_twins - {"manifest.toml"}
    assert not unused


@pytest.mark.parametrize("args", [
    ["check", "good.zh.txt", "good.en.txt", "--glossary", "good-glossary.tsv"],
    ["check", "good.zh.txt", "good.en.txt", "--glossary", "good.tbx"],
    ["check", "good.tmx"],
    ["check", "good.xlf"],
], ids=["tsv-glossary", "tbx-glossary", "tmx", "xliff"])
def test_valid_twins_pass(args, tmp_path):
    """The valid twins of the bad files are read: each bad case has one thing wrong."""
    status, stdout, stderr = invoke([*args, "--fail-on", "never", "--output", str(tmp_path / "out")],
                                    CATALOGUE)
    assert (status, stdout, stderr) == (0, "", "")


def test_debug_shows_the_traceback():
    """Only ``tqc --debug`` prints a traceback, and then the same one-line error."""
    result = subprocess.run([sys.executable, "-m", "tqc", "--debug", "check", "empty.txt", "good.en.txt"],
                            cwd=CATALOGUE, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("tqc: error: empty.txt: file is empty\n")


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY evil "fetched">')

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("kind", ["doctype", "parameter-entity"])
def test_no_dtd_is_ever_fetched(tmp_path, kind):
    """A DOCTYPE naming a remote DTD is skipped (CAT tools write one) and a parameter
    entity pointing at one is refused; either way nothing is fetched."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    _RecordingHandler.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/remote.dtd"
    try:
        for name in ("good.tmx", "good.xlf", "good.tbx", "good.zh.txt", "good.en.txt"):
            shutil.copy(CATALOGUE / name, tmp_path / name)
        for name, root in (("good.tmx", "tmx"), ("good.xlf", "xliff"), ("good.tbx", "martif")):
            doctype = (f'<!DOCTYPE {root} SYSTEM "{url}">\n' if kind == "doctype"
                       else f'<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "{url}"> %remote;]>\n')
            text = (tmp_path / name).read_text(encoding="utf-8")
            (tmp_path / name).write_text(text.replace(f"<{root} ", doctype + f"<{root} ", 1), encoding="utf-8")
        runs = [["check", "good.tmx"], ["check", "good.xlf"],
                ["check", "good.zh.txt", "good.en.txt", "--glossary", "good.tbx"]]
        statuses = [invoke([*args, "--fail-on", "never", "--output", "out"], tmp_path) for args in runs]
    finally:
        server.shutdown()
        server.server_close()
    assert _RecordingHandler.requests == []
    expected = 0 if kind == "doctype" else 2
    assert [(status, stdout) for status, stdout, _ in statuses] == [(expected, "")] * 3, statuses
