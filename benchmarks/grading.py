"""Speed of `swarmcast grade`: the same synthetic submissions graded with 1 worker and with N workers.

Builds a temporary course with the synthetic one-question assignment of tests/fixtures/grading/,
releases it, writes N submissions (correct, partial, blank in turn), copies the course, grades one copy
serially and the other in parallel, and prints both wall times and the speed-up. No asserts: the
equality of the two gradebooks is proven by tests/test_grading_parallel.py.

    python benchmarks/grading.py                       # 40 submissions, workers = number of cores
    python benchmarks/grading.py --submissions 80 --workers 4 --questions 3
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


def run(*, submissions: int = 40, workers: int | None = None, questions: int = 1) -> list[dict]:
    """Serial and parallel wall times for the same submissions; returns rows for a combined report."""
    from swarmcast.grading import parallel, runner
    from swarmcast.grading.course import open_course

    workers = workers or max(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="swarmcast-bench-") as tmp:
        serial_root = S.write_course(Path(tmp) / "serial", n_questions=questions, timeout_seconds=30)
        _, cfg = open_course(course_dir=serial_root)
        step = runner.generate_assignment(config=cfg, assignment=S.ASSIGNMENT)
        if not step.success:
            raise RuntimeError(step.log)
        S.write_submissions(serial_root, S.class_of(submissions))
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


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--submissions", type=int, default=40)
    p.add_argument("--workers", type=int, default=None, help="default: number of cores (at least 2)")
    p.add_argument("--questions", type=int, default=1, choices=(1, 2, 3))
    a = p.parse_args(argv)
    for row in run(submissions=a.submissions, workers=a.workers, questions=a.questions):
        print(f"grading  {row['case']:<52} {row['metric']:<24} {row['value']:>8.2f} {row['unit']}")


if __name__ == "__main__":
    main()
