"""Performance benchmark: `tqc check` end to end against jieba segmentation.

    python benchmarks/perf_bench.py                  # 1 MB and 4 MB, start-up, stage times
    python benchmarks/perf_bench.py --smoke          # ~20 KB, half a minute: keeps the script alive
    python benchmarks/perf_bench.py --sizes 1 --repeat 3 --no-cold --json out.json

Builds large inputs by repeating and shuffling (fixed seed) paragraphs of real text: the
MQM newstest2020 zh-en documents in ../shared, with the Human-A.0 reference as English,
grouped into paragraphs of 1-5 sentences.  Two files per size (Chinese, English) go to a
temporary directory.  Then, for each size, in the same run:

- ``tqc check ZH EN --format json`` in a child process (start-up counts), its wall and CPU
  time and its peak memory (max RSS of that child, from ``os.wait4``);
- ``jieba.lcut`` on the same Chinese text in this process, dictionary loaded beforehand;
- the per-stage CPU times of the same check in a fresh child (reading, reflow, segment,
  align, each rule, report), through ``tqc.pipeline.run(stage_times=...)``.

And start-up: ``tqc check`` on a one-paragraph pair and ``tqc --help`` against
``python3 -c "import jieba; jieba.initialize()"``, warm (caches built) and cold (empty
tqc cache dir, empty jieba temp dir).

The targets are judged on CPU time, wall time is printed beside it: on a shared machine
wall time also counts the time other jobs held the CPU, and tqc runs on one core.
Compare the ratios measured in one run, not seconds across runs.  Exit status 0
whatever the figures; 2 when ../shared is missing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(REPOSITORY))

import damage  # noqa: E402

MB = 1_000_000
SEED = 20200
# The targets of the performance issue.
TARGET_JIEBA_RATIO = 2.0
TARGET_SCALING = 4.5
TARGET_PEAK_MB = 1500
TARGET_STARTUP_RATIO = 2.0

TQC = [sys.executable, "-m", "tqc"]
# Children import tqc from this repository, also when it is not the installed copy (a
# snapshot of the tree benchmarked before and after a change).
CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))}
JIEBA_INITIALISE = [sys.executable, "-c", "import jieba; jieba.initialize()"]
ONE_PARAGRAPH = (
    "今天上午，市政府召开新闻发布会，介绍了今年前三个季度全市经济运行情况。",
    "This morning the city government held a press conference on how the city's "
    "economy performed in the first three quarters of the year.",
)


# --- inputs ----------------------------------------------------------------------------


def source_paragraphs(seed: int = SEED) -> list[tuple[str, str]]:
    """(Chinese, English) paragraphs of 1-5 consecutive sentences of each MQM document."""
    rng = random.Random(seed)
    paragraphs = []
    for _, pairs in damage.load_documents(system="Human-A.0"):
        paragraph_of = damage.paragraphs_for(len(pairs), rng)
        grouped: dict[int, list[tuple[str, str]]] = {}
        for index, pair in zip(paragraph_of, pairs):
            grouped.setdefault(index, []).append(pair)
        for members in grouped.values():
            paragraphs.append(("".join(zh for zh, _ in members),
                               " ".join(en for _, en in members)))
    return paragraphs


def build_texts(paragraphs: list[tuple[str, str]], chinese_bytes: int,
                seed: int = SEED) -> tuple[str, str]:
    """Chinese and English texts of shuffled copies of ``paragraphs``, cut off once the
    Chinese reaches ``chinese_bytes`` bytes of UTF-8; paragraphs end with a blank line."""
    rng = random.Random(seed)
    zh_parts: list[str] = []
    en_parts: list[str] = []
    size = 0
    while size < chinese_bytes:
        order = list(paragraphs)
        rng.shuffle(order)
        for zh, en in order:
            zh_parts.append(zh)
            en_parts.append(en)
            size += len(zh.encode("utf-8")) + 2
            if size >= chinese_bytes:
                break
    return "\n\n".join(zh_parts) + "\n", "\n\n".join(en_parts) + "\n"


def write_pair(directory: Path, name: str, zh: str, en: str) -> tuple[Path, Path]:
    zh_path, en_path = directory / f"{name}.zh.txt", directory / f"{name}.en.txt"
    zh_path.write_text(zh, encoding="utf-8")
    en_path.write_text(en, encoding="utf-8")
    return zh_path, en_path


# --- measuring -------------------------------------------------------------------------


@dataclass
class ChildRun:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_mb: float  # max resident set size of the child
    status: int
    stdout: bytes


def run_child(argv: list[str], cwd: Path, env: dict | None = None,
              accepted: tuple[int, ...] = (0, 1)) -> ChildRun:
    """Run ``argv`` and measure that child alone (os.wait4 gives its own rusage).
    ``accepted``: exit statuses that are not failures (tqc check exits 1 on findings)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env or CHILD_ENV, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode not in accepted:
        raise SystemExit(f"perf_bench: {' '.join(map(str, argv))} exited {child.returncode}:\n"
                         f"{stderr.decode('utf-8', 'replace')[-2000:]}")
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                    child.returncode, stdout)


def time_jieba(text: str, repeat: int) -> tuple[float, float, int]:
    """(wall, CPU, tokens) of the ``repeat`` jieba.lcut runs over ``text`` that took the
    least CPU time; the dictionary is loaded first, outside the timing."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        tokens = jieba.lcut(text)
        result = (time.perf_counter() - wall, time.process_time() - cpu, len(tokens))
        best = result if best is None or result[1] < best[1] else best
    return best


def stage_times(zh_path: str, en_path: str) -> dict[str, float]:
    """CPU seconds per stage of one check, in this process (run it in a fresh child).

    The stages are those of ``tqc check``: ``read_inputs`` is split here into reading
    (bytes and decoding) and reflow so that each shows."""
    from tqc.config import Config
    from tqc.glossary import Glossary
    from tqc.pipeline import run
    from tqc.reading import Bitext, read_text
    from tqc.reflow import reflow
    from tqc.reporters import render

    times: dict[str, float] = {}

    def timed(name, function, *args, **kwargs):
        started = time.process_time()
        result = function(*args, **kwargs)
        times[name] = times.get(name, 0.0) + time.process_time() - started
        return result

    started = time.process_time()
    zh_text = timed("reading", read_text, zh_path)
    en_text = timed("reading", read_text, en_path)
    source = timed("reflow", reflow, list(enumerate(zh_text.split("\n"), 1)), "zh", zh_path)
    target = timed("reflow", reflow, list(enumerate(en_text.split("\n"), 1)), "en", en_path)
    report = run(Bitext(source, target, prealigned=False), Glossary(), Config(),
                 stage_times=times)
    timed("report (json)", render, report, "json")
    times["total"] = time.process_time() - started
    return times


def child_stage_times(zh_path: Path, en_path: Path, cwd: Path) -> dict[str, float]:
    run = run_child([sys.executable, __file__, "--stages-of", str(zh_path), str(en_path)], cwd,
                    accepted=(0,))
    return json.loads(run.stdout)


@dataclass
class SizeResult:
    label: str
    chinese_bytes: int
    chinese_chars: int
    source_segments: int
    target_segments: int
    findings: int
    tqc_wall: float
    tqc_cpu: float
    peak_mb: float
    jieba_wall: float
    jieba_cpu: float
    stages: dict

    @property
    def ratio_wall(self) -> float:
        return self.tqc_wall / self.jieba_wall

    @property
    def ratio_cpu(self) -> float:
        return self.tqc_cpu / self.jieba_cpu


def measure_size(label: str, zh_path: Path, en_path: Path, work: Path, repeat: int,
                 stages: bool) -> SizeResult:
    zh_text = zh_path.read_text(encoding="utf-8")
    runs = [run_child([*TQC, "check", str(zh_path), str(en_path), "--format", "json"], work)
            for _ in range(repeat)]
    fastest = min(runs, key=lambda run: run.cpu)
    report = json.loads(fastest.stdout)
    jieba_wall, jieba_cpu, _ = time_jieba(zh_text, repeat)
    return SizeResult(
        label=label, chinese_bytes=len(zh_text.encode("utf-8")), chinese_chars=len(zh_text),
        source_segments=len(report["segments"]["source"]),
        target_segments=len(report["segments"]["target"]),
        findings=len(report["findings"]), tqc_wall=fastest.wall, tqc_cpu=fastest.cpu,
        peak_mb=max(run.peak_mb for run in runs), jieba_wall=jieba_wall, jieba_cpu=jieba_cpu,
        stages=child_stage_times(zh_path, en_path, work) if stages else {},
    )


def median_run(argv: list[str], cwd: Path, repeat: int, env: dict | None = None) -> dict:
    """Median wall and CPU seconds of ``repeat`` runs of ``argv``."""
    runs = [run_child(argv, cwd, env) for _ in range(repeat)]
    return {"wall": statistics.median(run.wall for run in runs),
            "cpu": statistics.median(run.cpu for run in runs)}


STARTUP_CHECK = "tqc check (one paragraph)"
STARTUP_JIEBA = "python3 -c 'import jieba; jieba.initialize()'"


def measure_startup(work: Path, repeat: int, cold: bool) -> dict[str, dict]:
    """{what: {"wall": s, "cpu": s}}: warm (caches built) and, with ``cold``, with an
    empty tqc cache dir and an empty temp dir (where jieba keeps its cache)."""
    zh_path, en_path = write_pair(work, "one-paragraph", *ONE_PARAGRAPH)
    check = [*TQC, "check", str(zh_path), str(en_path), "--format", "json"]
    run_child(check, work)  # make sure the caches exist: this is the warm measurement
    run_child(JIEBA_INITIALISE, work)
    result = {
        STARTUP_CHECK: median_run(check, work, repeat),
        "tqc --help": median_run([*TQC, "--help"], work, repeat),
        STARTUP_JIEBA: median_run(JIEBA_INITIALISE, work, repeat),
        "python3 -c pass": median_run([sys.executable, "-c", "pass"], work, repeat),
    }
    if cold:
        with tempfile.TemporaryDirectory(prefix="tqc-cold-") as empty:
            env = {**CHILD_ENV, "XDG_CACHE_HOME": empty, "TMPDIR": empty}
            result["cold: " + STARTUP_CHECK] = median_run(check, work, 1, env)
        with tempfile.TemporaryDirectory(prefix="jieba-cold-") as empty:
            env = {**CHILD_ENV, "TMPDIR": empty}
            result["cold: " + STARTUP_JIEBA] = median_run(JIEBA_INITIALISE, work, 1, env)
    return result


# --- report ----------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def _ratios(numerator: dict, denominator: dict) -> dict:
    return {kind: numerator[kind] / denominator[kind] for kind in ("cpu", "wall")}


def print_results(sizes: list[SizeResult], startup: dict[str, dict]) -> dict[str, dict]:
    """Print the figures; return the targets with their CPU-time values (the verdict) and
    wall-clock values (for the record)."""
    print(f"{'input':<8} {'zh bytes':>10} {'segments zh/en':>16} {'findings':>8} "
          f"{'tqc cpu':>8} {'jieba cpu':>9} {'ratio':>6} {'tqc wall':>9} {'jieba wall':>10} "
          f"{'ratio':>6} {'peak MB':>8}")
    for size in sizes:
        print(f"{size.label:<8} {size.chinese_bytes:>10,} "
              f"{size.source_segments:>7,}/{size.target_segments:<8,} {size.findings:>8,} "
              f"{size.tqc_cpu:>7.2f}s {size.jieba_cpu:>8.2f}s {size.ratio_cpu:>6.2f} "
              f"{size.tqc_wall:>8.2f}s {size.jieba_wall:>9.2f}s {size.ratio_wall:>6.2f} "
              f"{size.peak_mb:>8.0f}")
    staged = [size for size in sizes if size.stages]
    if staged:
        print("\nStage times (CPU seconds, in a fresh child per size; share and x jieba of "
              f"the {staged[-1].label} input):")
        last = staged[-1]
        print(f"{'stage':<22}" + "".join(f"{size.label:>10}" for size in staged)
              + f"{'share':>8}{'x jieba':>9}")
        for name in last.stages:
            seconds = last.stages[name]
            print(f"{name:<22}" + "".join(f"{size.stages.get(name, 0.0):>10.3f}" for size in staged)
                  + f"{seconds / last.stages['total']:>8.1%}{seconds / last.jieba_cpu:>9.3f}")
        print(f"{'jieba.lcut':<22}" + "".join(f"{size.jieba_cpu:>10.3f}" for size in staged))
    print("\nStart-up (median seconds):")
    print(f"  {'':<52} {'wall':>7} {'cpu':>7}")
    for name, seconds in startup.items():
        print(f"  {name:<52} {seconds['wall']:7.3f} {seconds['cpu']:7.3f}")

    targets: dict[str, dict] = {}
    largest = sizes[-1]
    targets["end-to-end / jieba"] = {
        "value": round(largest.ratio_cpu, 2), "wall": round(largest.ratio_wall, 2),
        "target": TARGET_JIEBA_RATIO, "met": largest.ratio_cpu <= TARGET_JIEBA_RATIO,
        "input": largest.label}
    if len(sizes) >= 2:
        first = sizes[0]
        targets[f"{largest.label} / {first.label} time"] = {
            "value": round(largest.tqc_cpu / first.tqc_cpu, 2),
            "wall": round(largest.tqc_wall / first.tqc_wall, 2), "target": TARGET_SCALING,
            "met": largest.tqc_cpu / first.tqc_cpu <= TARGET_SCALING,
            "jieba": round(largest.jieba_cpu / first.jieba_cpu, 2)}
    targets["peak memory MB"] = {"value": round(largest.peak_mb), "target": TARGET_PEAK_MB,
                                 "met": largest.peak_mb <= TARGET_PEAK_MB, "input": largest.label}
    startup_ratio = _ratios(startup[STARTUP_CHECK], startup[STARTUP_JIEBA])
    targets["start-up / jieba initialise"] = {
        "value": round(startup_ratio["cpu"], 2), "wall": round(startup_ratio["wall"], 2),
        "target": TARGET_STARTUP_RATIO, "met": startup_ratio["cpu"] <= TARGET_STARTUP_RATIO}
    print("\nTargets (judged on CPU time; wall clock in brackets):")
    for name, target in targets.items():
        wall = f" [wall {target['wall']}]" if "wall" in target else ""
        extra = f" (jieba itself: {target['jieba']})" if "jieba" in target else ""
        print(f"  {name:<30} {target['value']:>8}{wall} (target <= {target['target']}) "
              f"{verdict(target['met'])}{extra}")
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4",
                        help="Chinese sizes in MB, comma-separated (default 1,4); the scaling "
                             "ratio compares the last with the first")
    parser.add_argument("--smoke", action="store_true",
                        help="~10 KB and ~20 KB inputs, one start-up run, no cold start: "
                             "checks that the script works, in about half a minute")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per size; the one with the least CPU time counts (default 1)")
    parser.add_argument("--startup-repeat", type=int, default=5)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold start-up runs")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage breakdown")
    parser.add_argument("--keep", metavar="DIR", help="write the inputs here and keep them")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--stages-of", nargs=2, metavar=("ZH", "EN"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stages_of:
        print(json.dumps(stage_times(*args.stages_of)))
        return 0
    if not damage.DATA.exists():
        print(f"perf_bench: {damage.DATA} not found (../shared is missing)", file=sys.stderr)
        return 2
    if args.smoke:
        sizes_mb = [0.01, 0.02]
        startup_repeat, cold = 1, False
    else:
        sizes_mb = [float(size) for size in args.sizes.split(",")]
        startup_repeat, cold = args.startup_repeat, not args.no_cold

    paragraphs = source_paragraphs()
    with tempfile.TemporaryDirectory(prefix="tqc-perf-") as temporary:
        work = Path(args.keep or temporary)
        work.mkdir(parents=True, exist_ok=True)
        startup = measure_startup(work, startup_repeat, cold)
        results = []
        for number, megabytes in enumerate(sizes_mb, start=1):
            label = f"{megabytes:g}MB" if megabytes >= 1 else f"{megabytes * 1000:g}KB"
            zh, en = build_texts(paragraphs, int(megabytes * MB))
            zh_path, en_path = write_pair(work, label, zh, en)
            # Smoke runs break down the last size only: they test the script, not tqc.
            stages = not args.no_stages and (not args.smoke or number == len(sizes_mb))
            results.append(measure_size(label, zh_path, en_path, work, args.repeat, stages))
    targets = print_results(results, startup)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "sizes": [asdict(size) for size in results], "startup": startup, "targets": targets,
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
