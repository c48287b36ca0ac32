"""Speed of `swarmcast grade`: the same synthetic submissions graded with 1 worker and with N workers.

Builds a temporary course with the synthetic one-question assignment of tests/fixtures/grading/,
releases it, writes N submissions (correct, partial, blank in turn), copies the course, grades one copy
serially and the other in parallel, and prints both wall times and the speed-up. No asserts: the
equality of the two gradebooks is proven by tests/test_grading_parallel.py.

Then the cost of the grading sandbox (grading/sandbox.py): the same submissions graded serially in
bubblewrap and with --unsandboxed, per submission and as a percentage (aim: at most 15 %).

    python benchmarks/grading.py                       # 40 submissions, workers = number of cores
    python benchmarks/grading.py --submissions 80 --workers 4 --questions 3
    python benchmarks/grading.py --only sandbox --sandbox-submissions 40
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "fixtures" / "grading"))
# nbgrader runs `alembic` from PATH when it creates a gradebook.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"

import synthetic_course as S  # noqa: E402


def _released_course(root: Path, *, submissions: int, questions: int) -> Path:
    """The synthetic course, released, with ``submissions`` students (correct, partial, blank in turn)."""
    from swarmcast.grading import runner
    from swarmcast.grading.course import open_course

    root = S.write_course(root, n_questions=questions, timeout_seconds=30)
    _, cfg = open_course(course_dir=root)
    step = runner.generate_assignment(config=cfg, assignment=S.ASSIGNMENT)
    if not step.success:
        raise RuntimeError(step.log)
    S.write_submissions(root, S.class_of(submissions))
    return root


def run(*, submissions: int = 40, workers: int | None = None, questions: int = 1) -> list[dict]:
    """Serial and parallel wall times for the same submissions; returns rows for a combined report."""
    from swarmcast.grading import parallel

    workers = workers or max(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="swarmcast-bench-") as tmp:
        serial_root = _released_course(Path(tmp) / "serial", submissions=submissions, questions=questions)
        parallel_root = Path(shutil.copytree(serial_root, Path(tmp) / "parallel"))

        t0 = time.perf_counter()
        serial = parallel.autograde(course_dir=serial_root, assignment=S.ASSIGNMENT, workers=1)
        t_serial = time.perf_counter() - t0
        t0 = time.perf_counter()
        par = parallel.autograde(course_dir=parallel_root, assignment=S.ASSIGNMENT, workers=workers)
        t_parallel = time.perf_counter() - t0
    case = f"{submissions} submissions, {questions}-question notebook, {os.cpu_count()} cores"
    return [
        {"case": case, "metric": "serial (1 worker)", "value": t_serial, "unit": "s", "failed": len(serial.failed)},
        {"case": case, "metric": f"parallel ({par.workers} workers)", "value": t_parallel, "unit": "s", "failed": len(par.failed)},
        {"case": case, "metric": "speed-up", "value": t_serial / t_parallel, "unit": "x", "failed": 0},
        {"case": case, "metric": "serial, per submission", "value": t_serial / submissions, "unit": "s", "failed": 0},
    ]


def run_sandbox_cost(*, submissions: int = 20, questions: int = 1, repeats: int = 2) -> list[dict]:
    """Serial grading of the same submissions in the bubblewrap sandbox and without it (--unsandboxed).

    The two modes alternate, ``repeats`` times each, on fresh copies of one released course; the best
    time of each mode is kept (the machine is shared, so the minimum is the steadiest estimate).
    """
    from swarmcast.grading import parallel

    best = {True: float("inf"), False: float("inf")}
    failed = {True: 0, False: 0}
    with tempfile.TemporaryDirectory(prefix="swarmcast-bench-") as tmp:
        root = _released_course(Path(tmp) / "course", submissions=submissions, questions=questions)
        for i in range(repeats):
            for sandboxed in (True, False):
                copy = Path(shutil.copytree(root, Path(tmp) / f"copy-{i}-{sandboxed}"))
                t0 = time.perf_counter()
                done = parallel.autograde(course_dir=copy, assignment=S.ASSIGNMENT, workers=1, unsandboxed=not sandboxed)
                best[sandboxed] = min(best[sandboxed], time.perf_counter() - t0)
                failed[sandboxed] += len(done.failed)
                shutil.rmtree(copy)
    case = f"{submissions} submissions, {questions}-question notebook, serial, best of {repeats}"
    per_in, per_out = best[True] / submissions, best[False] / submissions
    return [
        {"case": case, "metric": "sandboxed, per submission", "value": per_in, "unit": "s", "failed": failed[True]},
        {"case": case, "metric": "unsandboxed, per submission", "value": per_out, "unit": "s", "failed": failed[False]},
        {"case": case, "metric": "sandbox cost, per submission", "value": per_in - per_out, "unit": "s", "failed": 0},
        {"case": case, "metric": "sandbox overhead", "value": 100 * (per_in / per_out - 1), "unit": "%", "failed": 0},
    ]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--submissions", type=int, default=40)
    p.add_argument("--workers", type=int, default=None, help="default: number of cores (at least 2)")
    p.add_argument("--questions", type=int, default=1, choices=(1, 2, 3))
    p.add_argument("--sandbox-submissions", type=int, default=20, help="submissions for the sandbox cost (default 20)")
    p.add_argument("--only", choices=("parallel", "sandbox"), help="run only one of the two measurements")
    a = p.parse_args(argv)
    rows = []
    if a.only != "sandbox":
        rows += run(submissions=a.submissions, workers=a.workers, questions=a.questions)
    if a.only != "parallel":
        rows += run_sandbox_cost(submissions=a.sandbox_submissions, questions=a.questions)
    for row in rows:
        print(f"grading  {row['case']:<52} {row['metric']:<30} {row['value']:>8.2f} {row['unit']}"
              + (f"  ({row['failed']} failed)" if row["failed"] else ""))


if __name__ == "__main__":
    main()
