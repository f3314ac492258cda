"""No data loss: a report is written to a temporary file and renamed, so Ctrl-C, a full
disk or a crash leaves the old report (or none), never half of one; tqc never writes
over an input (the catalogue in test_bad_inputs.py covers every way of naming one)."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.errors import InputError
from tqc.output import check_destination, write_report

CATALOGUE = Path(__file__).parent / "bad_inputs"
ZH, EN = str(CATALOGUE / "good.zh.txt"), str(CATALOGUE / "good.en.txt")
OLD_REPORT = "the report of yesterday\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


class InterruptedStream:
    """A binary file that takes half of what it is given, then 'Ctrl-C' (or a full disk)."""

    def __init__(self, stream, error: BaseException):
        self.stream, self.error = stream, error

    def write(self, data: bytes) -> int:
        self.stream.write(data[:len(data) // 2])
        self.stream.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


@pytest.fixture
def interrupted_writes(monkeypatch):
    """Make the next report write stop halfway with the given exception."""
    def arm(error: BaseException) -> None:
        real_fdopen = os.fdopen
        monkeypatch.setattr("tqc.output.os.fdopen",
                            lambda *args, **kwargs: InterruptedStream(real_fdopen(*args, **kwargs), error))
    return arm


def test_report_is_written_whole_with_the_old_permissions(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(OLD_REPORT)
    os.chmod(report, 0o640)
    write_report("new report\n", str(report), [ZH, EN])
    assert report.read_text() == "new report\n"
    assert oct(report.stat().st_mode & 0o777) == oct(0o640)
    assert leftovers(tmp_path) == []


def test_a_new_report_follows_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        write_report("new report\n", str(tmp_path / "report.txt"), [])
    finally:
        os.umask(previous)
    assert oct((tmp_path / "report.txt").stat().st_mode & 0o777) == oct(0o640)


def test_ctrl_c_while_writing_keeps_the_old_report(tmp_path, interrupted_writes):
    report = tmp_path / "report.txt"
    report.write_text(OLD_REPORT)
    interrupted_writes(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_report("x" * 100_000, str(report), [ZH, EN])
    assert report.read_text() == OLD_REPORT
    assert leftovers(tmp_path) == []


def test_a_full_disk_keeps_the_old_report(tmp_path, interrupted_writes):
    report = tmp_path / "report.txt"
    report.write_text(OLD_REPORT)
    interrupted_writes(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(InputError) as caught:
        write_report("x" * 100_000, str(report), [ZH, EN])
    assert str(caught.value) == f"{report}: cannot write the report: no space left on device"
    assert report.read_text() == OLD_REPORT
    assert leftovers(tmp_path) == []


def test_ctrl_c_in_the_cli_exits_130_and_leaves_no_report(tmp_path, interrupted_writes):
    report = tmp_path / "report.html"
    interrupted_writes(KeyboardInterrupt())
    result = CliRunner().invoke(main, ["check", ZH, EN, "--format", "html", "--output", str(report),
                                       "--fail-on", "never"])
    assert (result.exit_code, result.stderr) == (130, "tqc: interrupted\n")
    assert list(tmp_path.iterdir()) == []


# A child tqc whose report writer is slow, so that a real SIGINT lands in the middle of a
# write: it announces the start of the write by creating a marker file.
SLOW_WRITER = textwrap.dedent("""
    import os, sys, time
    import tqc.output

    marker = sys.argv[1]
    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, stream):
            self.stream = stream
        def write(self, data):
            for start in range(0, len(data), 1000):
                self.stream.write(data[start:start + 1000])
                self.stream.flush()
                if start == 0:
                    open(marker, "w").close()
                time.sleep(0.01)
        def __getattr__(self, name):
            return getattr(self.stream, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.stream.close()

    tqc.output.os.fdopen = lambda *args, **kwargs: Slow(real_fdopen(*args, **kwargs))
    from tqc.cli import main
    main(sys.argv[2:], prog_name="tqc")
""")


def test_sigint_in_the_middle_of_a_write_leaves_the_old_report(tmp_path):
    report = tmp_path / "report.html"
    report.write_text(OLD_REPORT)
    marker = tmp_path / "writing"
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(marker), "check", ZH, EN, "--format", "html",
         "--output", str(report), "--fail-on", "never"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), child.communicate()
    partial = [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert partial, "the report is being written to a temporary file"
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert (child.returncode, stdout, stderr) == (130, "", "tqc: interrupted\n")
    assert report.read_text() == OLD_REPORT
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.html", "writing"]


def test_output_through_a_symbolic_link_keeps_the_link(tmp_path):
    target = tmp_path / "run-42.json"
    target.write_text(OLD_REPORT)
    link = tmp_path / "latest.json"
    link.symlink_to(target.name)
    write_report("{}\n", str(link), [ZH, EN])
    assert link.is_symlink() and target.read_text() == "{}\n"


def test_destination_checks_happen_before_the_run(tmp_path, monkeypatch):
    """A refused output costs no time: the inputs are not even read."""
    def must_not_run(*args, **kwargs):
        raise AssertionError("the inputs were read before the output was checked")

    monkeypatch.setattr("tqc.reading.read_bytes", must_not_run)
    result = CliRunner().invoke(main, ["check", ZH, EN, "--output", str(tmp_path / "no" / "r.json")])
    assert result.exit_code == 2
    assert result.stderr == f"tqc: error: {tmp_path / 'no' / 'r.json'}: output directory " \
                            f"'{tmp_path / 'no'}' does not exist\n"


def test_check_destination_accepts_stdout_and_new_files(tmp_path):
    for destination in (None, "-", str(tmp_path / "new.json")):
        check_destination(destination, [ZH, EN])
    assert list(tmp_path.iterdir()) == []  # the write probe leaves nothing behind


def test_a_closed_pipe_ends_quietly(tmp_path):
    """``tqc check ... | head -c 10``: no error, no traceback, the status of SIGPIPE."""
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"  # a report larger than a pipe's buffer
    zh.write_text("\n\n".join([Path(ZH).read_text(encoding="utf-8")] * 30), encoding="utf-8")
    en.write_text("\n\n".join([Path(EN).read_text(encoding="utf-8")] * 30), encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "tqc", "check", str(zh), str(en), "--format", "html",
                              "--fail-on", "never"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert child.stdout.read(10) == b"<!DOCTYPE "
    child.stdout.close()
    stderr = child.stderr.read()
    child.wait(timeout=120)
    assert (child.returncode, stderr) == (141, b"")


def test_reports_to_a_pipe_are_utf8_whatever_the_locale():
    result = subprocess.run([sys.executable, "-m", "tqc", "check", ZH, EN, "--format", "json",
                             "--fail-on", "never"], capture_output=True, timeout=120,
                            env={**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    assert "图书馆" in result.stdout.decode("utf-8")
