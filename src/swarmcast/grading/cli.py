"""The `swarmcast` command for instructors: release, grade, report, feedback, flag and practice, on top of nbgrader.

Why: nbgrader alone stops being pleasant at class size; this command grades a whole class on all
cores, never stops at a broken submission, tells the instructor how the class did, keeps hidden tests
out of feedback, lists suspicious answers, and writes a synthetic practice class to rehearse all this on.
The step-by-step guide is instructor_guide/grading_runbook.md.
Source: nbgrader 0.9 (Jupyter Development Team).
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

__all__ = ["main", "EXIT_OK", "EXIT_ERROR", "EXIT_USAGE", "EXIT_PARTIAL", "EXIT_FLAGGED", "EXIT_INCOMPLETE"]

#: Everything worked.
EXIT_OK = 0
#: Nothing was done: no course folder, unknown assignment, missing gradebook, nbgrader error on release.
EXIT_ERROR = 1
#: The command line itself was wrong (argparse's own code).
EXIT_USAGE = 2
#: The run finished but some items failed (submissions not graded, feedback not written or withheld).
EXIT_PARTIAL = 3
#: `swarmcast flag` found submissions to review by hand.
EXIT_FLAGGED = 4
#: `swarmcast export` refused: some submissions failed or wait for manual grading (nothing written).
EXIT_INCOMPLETE = 5

_EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}  everything worked
  {EXIT_ERROR}  nothing done: not a course folder, unknown assignment, missing gradebook, nbgrader failed,
     or `practice` refused to write beside existing submissions
  {EXIT_USAGE}  wrong command line
  {EXIT_PARTIAL}  finished, but some submissions could not be graded (or some feedback was not written);
     they are listed, everything else was done
  {EXIT_FLAGGED}  `flag` found submissions to read by hand (suspicious code or similar answers)
  {EXIT_INCOMPLETE}  `export` refused: some submissions failed or wait for manual grading; nothing written
"""

_MAIN_DESCRIPTION = """\
Grade a Swarmcast (nbgrader) course from its course folder: the folder with nbgrader_config.py,
solutions/ (instructor versions), exercises/ (student versions) and, after collecting, submitted/.

A typical round, run from the course folder:
  swarmcast release a01_counting_propaganda             # solutions/ -> exercises/, and the gradebook
  (students work; on a JupyterHub: nbgrader release_assignment / collect, see the runbook)
  swarmcast grade a01_counting_propaganda --workers 4   # autograde all, summary table, report
  swarmcast flag a01_counting_propaganda                # answers worth reading by hand
  (grade written answers in formgrader, then)
  swarmcast report a01_counting_propaganda              # refresh the report with the manual grades
  swarmcast feedback a01_counting_propaganda            # feedback pages, hidden tests removed
  swarmcast export                                      # reports/grades.csv (or --format canvas)

Register the class once: swarmcast roster import students.csv   (id,first_name,last_name,email,lms_user_id)
Student data (grades, flags, reports, feedback, the gradebook) stays in git-ignored folders.

Rehearse all of it first on a synthetic class (students practice-01, ...):
  swarmcast practice a01_counting_propaganda            # then grade, flag, feedback as above
  swarmcast practice a01_counting_propaganda --clean    # remove the practice students again

Step by step, with JupyterHub: instructor_guide/grading_runbook.md
"""


def _course_dir_parent() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--course-dir",
        metavar="PATH",
        default=".",
        help="the course folder, with nbgrader_config.py in it (default: the current folder)",
    )
    return p


_FMT = argparse.RawDescriptionHelpFormatter


def _int_arg(option: str, low: int, high: int | None = None, *, auto: bool = False):
    """An argparse ``type`` for a whole-number option; a wrong value is refused naming the option and its range.

    ``auto`` also accepts the word 'auto' (one per core of this machine).
    """
    allowed = f"a whole number from {low} to {high}" if high is not None else f"a whole number >= {low}"
    if auto:
        allowed += " or 'auto' (one per core)"

    def parse(text: str) -> int:
        if auto and text == "auto":
            return max(1, os.cpu_count() or 1)
        try:
            n = int(text)
        except ValueError:
            n = None
        if n is None or n < low or (high is not None and n > high):
            raise argparse.ArgumentTypeError(f"{option} must be {allowed}; got {text!r}")
        return n

    return parse


def _share(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        x = -1.0
    if not 0 < x <= 1:
        raise argparse.ArgumentTypeError(f"--threshold must be a share above 0 and at most 1 (for example 0.6); got {text!r}")
    return x


def _command(sub, common, name: str, *, help: str, description: str, assignment: bool = False):
    """One sub-command's parser: --course-dir, its description and the exit codes; ``assignment``: takes ASSIGNMENT."""
    p = sub.add_parser(name, parents=common, formatter_class=_FMT, help=help,
                       description=textwrap.dedent(description), epilog=_EXIT_CODES)
    if assignment:
        p.add_argument("assignment", metavar="ASSIGNMENT")
    return p


def build_parser() -> argparse.ArgumentParser:
    """The `swarmcast` argument parser: one sub-command per ``_add_*`` function below."""
    parser = argparse.ArgumentParser(prog="swarmcast", description=_MAIN_DESCRIPTION, epilog=_EXIT_CODES,
                                     formatter_class=_FMT)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = [_course_dir_parent()]
    for add in _ADDERS:
        add(sub, common)
    return parser


def _add_release(sub, common) -> None:
    p = _command(sub, common, "release", help="regenerate exercises/ASSIGNMENT from solutions/ASSIGNMENT (nbgrader generate_assignment)",
                 description="""\
            Regenerate the student version of an assignment: solutions/ASSIGNMENT -> exercises/ASSIGNMENT,
            with solutions replaced by stubs and hidden tests removed, and record its tests and points in
            the gradebook (created on first use). Existing exercises/ASSIGNMENT is overwritten.

            This is `nbgrader generate_assignment --force`. On a JupyterHub, publish it to students
            afterwards with `nbgrader release_assignment ASSIGNMENT`.

            examples:
              swarmcast release a01_counting_propaganda
              swarmcast release --all
            """)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("assignment", nargs="?", metavar="ASSIGNMENT", help="the assignment folder name in solutions/")
    g.add_argument("--all", action="store_true", help="regenerate every assignment in solutions/")


def _add_rubric(sub, common) -> None:
    p = _command(sub, common, "rubric", help="write each written question's criteria (instructor_guide/rubrics/*.toml) into the guide and the notebook",
                 description="""\
            The criteria of every written (manually graded) answer live in one source per assignment,
            instructor_guide/rubrics/ASSIGNMENT.toml. This writes them (1) as the criteria table under each
            question in instructor_guide/rubrics/ASSIGNMENT.md, with what earns each point, and (2) as a
            read-only markdown cell above each written answer in solutions/ASSIGNMENT/ (criteria and points
            only), which students and graders in formgrader see. Then run `swarmcast release ASSIGNMENT`.
            --check writes nothing and exits 3 if the guide or the notebook differ from the source.

            examples:
              swarmcast rubric a05_policy_memo && swarmcast release a05_policy_memo
              swarmcast rubric --all --check
            """)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("assignment", nargs="?", metavar="ASSIGNMENT")
    g.add_argument("--all", action="store_true", help="every assignment with a rubric source")
    p.add_argument("--check", action="store_true", help="write nothing; exit 3 if anything differs from the source")


def _add_grade(sub, common) -> None:
    p = _command(sub, common, "grade", help="autograde every submission, print a summary table, write the grade report",
                 description="""\
            Autograde every submission in submitted/<student>/ASSIGNMENT/ (as `nbgrader autograde --force`),
            with a progress bar. A submission that cannot be graded (not valid JSON, the kernel dies, a cell
            that cannot be stopped) is reported with its reason and skipped: the run goes on. A cell that runs
            past the time limit is stopped and scored as a failed test (listed under notes).

            Then it prints a summary table and writes the grade report to reports/ASSIGNMENT/:
            students.csv, questions.csv and report.html (score distribution, per-question difficulty and
            discrimination; opens offline). Manual grades given later in formgrader: run `swarmcast report`.
            nbgrader's and the kernels' messages go to .swarmcast/grade-ASSIGNMENT.log.

            Do not grade in formgrader while this runs: with --workers the gradebook is written at the end
            of each student's grading.

            Each notebook runs in a bubblewrap sandbox: it sees a private copy of its own submission, not
            this folder, the gradebook, other submissions, home folders or the network; memory, processes
            and CPU time are capped. Where the machine cannot sandbox, grading refuses and says what to
            install; --unsandboxed grades without it (trusted submissions only; the report says so).

            examples:
              swarmcast grade a01_counting_propaganda
              swarmcast grade a01_counting_propaganda --workers auto
              swarmcast grade a01_counting_propaganda --student alice --student bob
            """, assignment=True)
    p.add_argument(
        "--workers",
        type=_int_arg("--workers", 1, auto=True),
        default=1,
        metavar="N",
        help="grade in N processes at once ('auto' = one per core; default 1)",
    )
    p.add_argument("--student", action="append", metavar="ID", help="grade only this student (repeat for more)")
    p.add_argument("--timeout", type=_int_arg("--timeout", 1), metavar="SECONDS", help="time limit per cell (default: Execute.timeout in nbgrader_config.py)")
    p.add_argument("--no-report", action="store_true", help="do not write the grade report")
    p.add_argument("--unsandboxed", action="store_true",
                   help="grade WITHOUT the bubblewrap sandbox (students' code runs with your rights; trusted code only)")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show the progress bar")


def _add_report(sub, common) -> None:
    p = _command(sub, common, "report", help="rewrite the grade report from the gradebook (after manual grading)",
                 description="""\
            Write reports/ASSIGNMENT/students.csv, questions.csv and report.html from the gradebook,
            including manual grades given in formgrader. Failed submissions come from the last
            `swarmcast grade` run.

            example:
              swarmcast report a01_counting_propaganda
            """, assignment=True)
    p.add_argument("--out", metavar="FOLDER", help="write the report here instead of reports/ASSIGNMENT/")


def _add_feedback(sub, common) -> None:
    p = _command(sub, common, "feedback", help="write feedback pages with hidden tests scrubbed",
                 description="""\
            Write feedback/<student>/ASSIGNMENT/*.html for every autograded student (as
            `nbgrader generate_feedback --force`), with hidden tests removed from the code AND from error
            messages. Every page is then searched for hidden test text; a page that still shows any is
            deleted and reported, never left for release.

            On a JupyterHub, send the pages to students afterwards with `nbgrader release_feedback ASSIGNMENT`.

            examples:
              swarmcast feedback a01_counting_propaganda
              swarmcast feedback a01_counting_propaganda --student alice
            """, assignment=True)
    p.add_argument("--student", action="append", metavar="ID", help="only this student (repeat for more)")


def _add_flag(sub, common) -> None:
    p = _command(sub, common, "flag", help="list submissions whose answers may fool the tests, for manual review",
                 description="""\
            Read every submitted answer cell (without running it) and list the ones that rebind builtin or
            library names (abs = ..., np.isclose = ...), read files outside their folder, touch the
            gradebook or how errors are reported (set_custom_exc); also locked cells that were edited or
            deleted. Then compare every submission's code and written answers with the published solution
            and with every other submission (copydetect: winnowing over normalised code, so renamed
            variables still match; written answers as normalised prose) and list the pairs at or above the threshold; each pair is shown side by side in
            reports/ASSIGNMENT/similarity.html. Every flagged notebook is also marked "Flagged" in
            formgrader (graded submissions only). A flag is a reason to read the answer, not proof of cheating.

            examples:
              swarmcast flag a01_counting_propaganda
              swarmcast flag a01_counting_propaganda --csv reports/flags.csv --threshold 0.5
            """, assignment=True)
    p.add_argument("--csv", metavar="PATH", help="also write the findings to this CSV file (must be git-ignored, e.g. under reports/)")
    p.add_argument("--threshold", type=_share, default=None, metavar="SHARE",
                   help="list answer pairs at least this similar (a share from 0 to 1; default 0.6)")
    p.add_argument("--no-similarity", action="store_true", help="skip the similarity check")


def _add_export(sub, common) -> None:
    p = _command(sub, common, "export", help="write the grade export (CSV, or Canvas gradebook CSV); refuses while grades are missing",
                 description="""\
            Write every student's score on every assignment from the gradebook (formgrader's manual grades
            included) to reports/grades.csv, with a status column: graded; failed: <reason>; needs manual
            grading: <questions>; not graded yet; no submission. Only graded rows carry a score: a damaged
            upload or an unmarked written answer is never exported as 0.

            While any submission failed or waits for a manual grade, nothing is written and the students
            are listed with what to do (exit code 5); --allow-incomplete writes anyway, with the statuses.
            --format canvas writes reports/grades-canvas.csv for a learning platform's gradebook import
            (Canvas layout: Student, ID, SIS User ID = the student id, ...; empty where not final). Import
            a roster first (`swarmcast roster import`) so names and LMS ids are filled in.

            examples:
              swarmcast export
              swarmcast export --assignment a01_counting_propaganda --format canvas
              swarmcast export --allow-incomplete --out reports/draft-grades.csv
            """)
    p.add_argument("--assignment", action="append", metavar="NAME", help="only this assignment (repeat for more; default: all)")
    p.add_argument("--format", choices=["nbgrader", "canvas"], default="nbgrader",
                   help="nbgrader: nbgrader's columns + status (default); canvas: a Canvas gradebook import CSV")
    p.add_argument("--out", metavar="PATH", help="write here (must be git-ignored; default reports/grades.csv or reports/grades-canvas.csv)")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="write even if some submissions failed or wait for manual grading (their score stays empty)")


def _add_roster(sub, common) -> None:
    p = _command(sub, common, "roster", help="import the class roster (ids, names, emails, LMS ids) into the gradebook",
                 description="""\
            `swarmcast roster import FILE.csv` adds or updates every student of a CSV file in the gradebook,
            as `nbgrader db student import` does, after checking every row: the header must name the
            columns (id is required; first_name, last_name, email, lms_user_id are optional); a row with no
            id, an id that cannot be a folder name, a duplicate id or a malformed email is listed with its
            line number, and then nothing is imported. Names then show in formgrader and in the export.
            Keep the roster itself in a git-ignored place (reports/ or outside the course folder).

            examples:
              swarmcast roster import reports/students.csv
            """)
    p.add_argument("action", choices=["import"], help="what to do (import)")
    p.add_argument("file", metavar="FILE.csv")


def _add_practice(sub, common) -> None:
    from swarmcast.grading import practice

    p = _command(sub, common, "practice", help="write (or --clean away) a synthetic class of submissions, to rehearse grading",
                 description="""\
            Write a synthetic class into submitted/practice-NN/ASSIGNMENT/ for one of the course's own
            assignments, to rehearse the grading runbook before real students hand anything in. It is built
            from the released notebook (run `swarmcast release ASSIGNMENT` first), with answers copied from
            solutions/ (hidden tests are never copied). The first six students hold one of each kind: a full
            solution, a blank notebook, a partial one, an answer that loops for ever, a file that is not valid
            JSON, and a locked test cell edited to `pass`; the others are solutions, partial or blank. The
            same --seed gives the same class. A table says what grading should show for each student.

            It never writes beside real submissions of the assignment (rehearse in a copy of the course
            folder then), and refuses if practice students are already there unless --force, which replaces
            only the practice-* students. --clean removes the practice students of the assignment from
            submitted/, autograded/, feedback/, the gradebook and the grade report.

            The looping student waits for the time limit (Execute.timeout in nbgrader_config.py): grade
            the practice class with --timeout 10 to save time.

            --attackers adds one hostile student per attack (practice-01, ...), to rehearse the grading
            sandbox: answer cells that write the gradebook, overwrite or delete the other submissions,
            append to nbgrader_config.py, run the solutions from solutions/, open sockets, fork without
            limit, allocate 20 GB and sleep past the time limit. Graded in the sandbox, each gets no marks
            and changes nothing; the honest students keep their scores.

            examples:
              swarmcast practice a01_counting_propaganda
              swarmcast practice a01_counting_propaganda --attackers --force
              swarmcast practice a01_counting_propaganda --students 30 --seed 4 --force
              swarmcast grade a01_counting_propaganda --workers auto --timeout 10
              swarmcast practice a01_counting_propaganda --clean
            """, assignment=True)
    p.add_argument("--students", type=_int_arg("--students", practice.MIN_STUDENTS, practice.MAX_STUDENTS), metavar="N",
                   help="how many practice students (default 12; at least 6, one of each kind)")
    p.add_argument("--seed", type=_int_arg("--seed", 0), metavar="S", help="which mix of submissions (default 0; same seed, same class)")
    p.add_argument("--attackers", action="store_true",
                   help="also write hostile students whose code attacks the course (rehearse the grading sandbox)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--force", action="store_true", help="replace the practice students already in submitted/")
    what.add_argument("--clean", action="store_true",
                      help="remove the practice students of ASSIGNMENT (submitted/, autograded/, feedback/, gradebook, report)")


_ADDERS = (_add_release, _add_rubric, _add_grade, _add_report, _add_feedback, _add_flag, _add_export, _add_roster, _add_practice)


# ------------------------------------------------------------------------------------------------
# Output helpers
# ------------------------------------------------------------------------------------------------


def _rel(path: Path | str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(out)


def _err(msg: str) -> None:
    print(f"swarmcast: error: {msg}", file=sys.stderr)


# ------------------------------------------------------------------------------------------------
# Commands
# ------------------------------------------------------------------------------------------------


def _cmd_release(args) -> int:
    from swarmcast.grading import runner
    from swarmcast.grading.course import CourseError, open_course

    course, cfg = open_course(course_dir=args.course_dir)
    if args.all:
        names = course.assignments()
        if not names:
            raise CourseError(
                f"no assignments to release: {course.folder(course.source_directory)} has no assignment folders."
            )
    else:
        names = [course.check_assignment(args.assignment)]
    failed = []
    for name in names:
        step = runner.generate_assignment(config=cfg, assignment=name)
        release = course.folder(course.release_directory) / name
        if step.success:
            n = len(list(release.glob("*.ipynb")))
            print(f"released {name}: {_rel(release, course.root)}/ ({n} notebook{'s' if n != 1 else ''}); gradebook updated")
        else:
            failed.append(name)
            print(f"FAILED {name}: {step.reason}", file=sys.stderr)
            tail = "\n".join(step.log.strip().splitlines()[-12:])
            print(textwrap.indent(tail, "    "), file=sys.stderr)
    if failed and len(failed) == len(names):
        return EXIT_ERROR
    return EXIT_PARTIAL if failed else EXIT_OK


def _cmd_rubric(args) -> int:
    from swarmcast.grading import rubric
    from swarmcast.grading.course import open_course

    course, _ = open_course(course_dir=args.course_dir)
    if args.all:
        names = [a for a in course.assignments() if (course.root / "instructor_guide" / "rubrics" / f"{a}.toml").is_file()]
    else:
        names = [course.check_assignment(args.assignment)]
    drift = []
    for name in names:
        res = rubric.sync_rubric(course_dir=course.root, assignment=name, check=args.check)
        drift += res.changed
        verb = "differs from the source" if args.check else "written"
        for path in res.changed:
            print(f"{name}: {_rel(path, course.root)} {verb}")
        if not res.changed:
            print(f"{name}: guide and notebook agree with {name}.toml")
    if drift and args.check:
        print("Run `swarmcast rubric --all`, then `swarmcast release --all`.")
        return EXIT_PARTIAL
    if drift:
        print("Now regenerate the student versions: swarmcast release " + (" ".join(names) if not args.all else "--all"))
    return EXIT_OK


def _progress_bar(total: int, enabled: bool | None, desc: str):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: grading workers can then be forked safely
    # Our own descriptor copy: during grading, descriptor 2 is sent to the log (kernels print there).
    try:
        stream = os.fdopen(os.dup(sys.stderr.fileno()), "w", buffering=1)
        own = True
    except (AttributeError, OSError, ValueError):  # stderr replaced by something without a descriptor
        stream, own = sys.stderr, False
    disable = None if enabled is None else (not enabled)
    bar = tqdm(total=total, desc=desc, unit="submission", file=stream, disable=disable, dynamic_ncols=True)
    return bar, (stream if own else None)


def _record_run(course, assignment: str, run, *, partial: bool):
    """Save the run record of the assignment (one per assignment): a partial run (--student) updates only its students."""
    from swarmcast.grading import parallel

    record = course.reports_root / assignment / "grading_run.json"
    previous = parallel.load_run(path=record)
    if previous is not None and partial:
        mine = {r.student for r in run.results}
        merged = tuple(sorted([r for r in previous.results if r.student not in mine] + list(run.results), key=lambda r: r.student))
        run = parallel.GradeRun(run.assignment, run.workers, merged, run.seconds, run.log_path,
                                run.sandboxed and previous.sandboxed)
    parallel.save_run(run=run, path=record)
    return run


def _grade_table(course, assignment: str, run) -> str:
    """The grading summary table: each student's status, auto+manual score, answers left to grade, reason or notes."""
    from swarmcast.grading import parallel, report

    df = report.scores(course_dir=course.root, assignment=assignment)
    totals = df.groupby("student").agg(score=("score", lambda s: s.fillna(0).sum()), max_score=("max_score", "sum"),
                                       waiting=("score", lambda s: int(s.isna().sum())))
    rows = []
    for r in run.results:
        if r.status == parallel.GRADED and r.student in totals.index:
            t = totals.loc[r.student]
            score = f"{t['score']:g} / {t['max_score']:g}"
            waiting = str(int(t["waiting"])) if t["waiting"] else ""
        else:
            score, waiting = "-", ""
        note = r.reason if r.status == parallel.FAILED else "; ".join(r.notes)
        rows.append([r.student, r.status, score, waiting, note])
    return _table(rows, ["student", "status", "auto+manual score", "manual to do", "reason / notes"])


def _cmd_grade(args) -> int:
    from swarmcast.grading import parallel, report
    from swarmcast.grading.course import open_course

    course, _ = open_course(course_dir=args.course_dir)
    course.check_assignment(args.assignment)
    course.check_gradebook(args.assignment)
    n = len(args.student) if args.student else len(course.submitted_students(args.assignment))
    bar, stream = _progress_bar(n, args.progress, f"grading {args.assignment}")
    failures = 0

    def on_result(res):
        nonlocal failures
        failures += res.status == parallel.FAILED
        bar.set_postfix(failed=failures, refresh=False)
        bar.update(1)

    try:
        run = parallel.autograde(course_dir=course.root, assignment=args.assignment, workers=args.workers,
                                 students=args.student, timeout_seconds=args.timeout, on_result=on_result,
                                 unsandboxed=args.unsandboxed)
    finally:
        bar.close()
        if stream is not None:
            stream.close()

    record_run = _record_run(course, args.assignment, run, partial=bool(args.student))
    print(f"Graded {args.assignment}: {len(run.results)} submissions, {run.workers} worker(s), {run.seconds:.1f} s")
    print(_grade_table(course, args.assignment, run))
    print()
    timeouts = sum(1 for r in run.results for note in r.notes if "timeout" in note)
    print(
        f"Summary: {len(run.graded)} graded, {len(run.failed)} could not be graded"
        + (f", {timeouts} with a timeout" if timeouts else "")
        + "."
    )
    if not run.sandboxed:
        print("UNSANDBOXED: the students' code ran with your rights in this folder (--unsandboxed); the report says so.")
    if run.failed:
        print("Not graded (open these by hand; everything else was graded):")
        for r in run.failed:
            print(f"  {r.student}: {r.reason}")
    if not args.no_report:
        files = report.write_report(course_dir=course.root, assignment=args.assignment, run=record_run)
        print(f"Report: {_rel(files.html, course.root)} (with {files.students_csv.name} and {files.questions_csv.name})")
    print(f"Log: {_rel(run.log_path, course.root)}")
    return EXIT_PARTIAL if run.failed else EXIT_OK


def _cmd_report(args) -> int:
    from swarmcast.grading import report

    files = report.write_report(course_dir=args.course_dir, assignment=args.assignment, out_dir=args.out)
    print(f"Report: {_rel(files.html, Path(args.course_dir))}")
    print(f"        {_rel(files.students_csv, Path(args.course_dir))}")
    print(f"        {_rel(files.questions_csv, Path(args.course_dir))}")
    return EXIT_OK


def _no_page_reasons(course_dir, assignment: str, written: set[str], only) -> dict[str, str]:
    """Every student of the class who gets no feedback page for ``assignment``, and why."""
    from swarmcast.grading import parallel
    from swarmcast.grading.course import open_course

    course, _ = open_course(course_dir=course_dir)
    run = parallel.load_run(path=course.reports_root / assignment / "grading_run.json")
    failed = {r.student: r.reason for r in (run.failed if run else ())}
    graded = set(course.autograded_students(assignment))
    reasons = {}
    for s in course.submitted_students(assignment):
        if s in written or s in graded or (only and s not in only):
            continue
        reasons[s] = (f"could not be graded ({failed[s]}): fix the file, then `swarmcast grade {assignment} --student {s}`"
                      if s in failed else f"not graded yet: run `swarmcast grade {assignment}`")
    path = course.gradebook_path
    if path is None or path.is_file():
        from nbgrader.api import Gradebook

        with Gradebook(course.db_url, course.course_id) as gb:
            for st in gb.students:
                if st.id not in reasons and st.id not in written and st.id not in graded and not (only and st.id not in only):
                    if not course.folder(course.submitted_directory).joinpath(st.id, assignment).is_dir():
                        reasons[st.id] = "no submission"
    return reasons


def _cmd_feedback(args) -> int:
    from swarmcast.grading import feedback

    run = feedback.generate_feedback(course_dir=args.course_dir, assignment=args.assignment, students=args.student)
    written = [r for r in run.results if r.status == "written"]
    missing = _no_page_reasons(args.course_dir, args.assignment, {r.student for r in written}, args.student)
    for r in run.problems:
        missing[r.student] = f"{r.status}: {r.reason}"
    print(f"Feedback for {args.assignment}: {len(written)} student{'s' if len(written) != 1 else ''} written, hidden tests scrubbed."
          + (f" {len(missing)} student{'s' if len(missing) != 1 else ''} got no page:" if missing else " Every student has a page."))
    for student in sorted(missing):
        print(f"  {student}: {missing[student]}")
    if written:
        print(f"Pages are in feedback/<student>/{args.assignment}/. On a JupyterHub: nbgrader release_feedback {args.assignment}")
    return EXIT_PARTIAL if run.problems else EXIT_OK


def _cmd_flag(args) -> int:
    from swarmcast.grading import flag
    from swarmcast.grading.course import open_course

    course, _ = open_course(course_dir=args.course_dir)
    if args.csv:
        from swarmcast.grading.privacy import check_private

        check_private(Path(args.csv).absolute(), what="student ids and their flags")
    df = flag.flag_submissions(course_dir=course.root, assignment=args.assignment)
    if args.csv:
        Path(args.csv).absolute().parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(args.csv, index=False)
    to_mark: dict[str, set[str]] = {}
    if df.empty:
        print(f"No suspicious code in the submissions of {args.assignment}.")
    else:
        rows = [[r.student, r.notebook, r.cell, r.line or "", r.reason, r.code[:50]] for r in df.itertuples()]
        print(_table(rows, ["student", "notebook", "cell", "line", "reason", "code"]))
        print()
        print(f"{df['student'].nunique()} submission(s) to read by hand ({len(df)} findings). A flag is not proof: read the answer.")
        for r in df.itertuples():
            to_mark.setdefault(r.student, set()).add(r.notebook)
    pairs = None
    if not args.no_similarity:
        from swarmcast.grading import similarity

        threshold = similarity.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
        students = course.submitted_students(args.assignment)
        pairs, page = similarity.similarity_check(course=course, assignment=args.assignment, students=students,
                                                  threshold=threshold,
                                                  report_path=course.reports_root / args.assignment / "similarity.html")
        print()
        if pairs.empty:
            print(f"Similar answers: no pair at or above {threshold:.0%} (copydetect). Report: {_rel(page, course.root)}")
        else:
            print(f"Similar answers: {len(pairs)} pair(s) at or above {threshold:.0%} (copydetect; renamed variables still match):")
            for r in pairs.itertuples():
                print(f"  {r.a} ~ {r.b}   {r.notebook} ({r.kind} answers)   {r.similarity:.0%}")
                for who in (r.a, r.b):
                    if who != similarity.SOLUTION:
                        to_mark.setdefault(who, set()).add(r.notebook)
            print(f"  Side by side, matches marked: {_rel(page, course.root)}. Similar is not proof: read both answers.")
    if to_mark:
        marked, missing = flag.set_formgrader_flags(course_dir=course.root, assignment=args.assignment, notebooks=to_mark)
        if marked:
            print(f"Marked \"Flagged\" in formgrader: {len(marked)} notebook(s) ({', '.join(marked)}).")
        if missing:
            print(f"Not in the gradebook yet (grade them, then run flag again to mark them in formgrader): {', '.join(missing)}")
        return EXIT_FLAGGED
    return EXIT_OK


def _cmd_export(args) -> int:
    from swarmcast.grading import export

    res = export.write_export(course_dir=args.course_dir, assignments=args.assignment, out=args.out,
                              fmt=args.format, allow_incomplete=args.allow_incomplete)
    def summary(table) -> str:
        counts = table["status"].map(lambda st: st.split(":")[0]).value_counts()
        return ", ".join(f"{n} {k}" for k, n in counts.items())

    if res.path is None:
        _err(f"not exported: {len(res.incomplete)} submission(s) have no final score ({summary(res.incomplete)}). "
             "Nothing was written.")
        rows = [[r.student_id, r.assignment, r.status] for r in res.incomplete.itertuples()]
        print(_table(rows, ["student", "assignment", "status"]), file=sys.stderr)
        print(
            "What to do: for 'failed', open the submission, get a readable file from the student and run\n"
            "  swarmcast grade ASSIGNMENT --student ID (or grade it by hand in formgrader); for 'needs manual grading',\n"
            "  grade those answers in formgrader; for 'not graded yet', run swarmcast grade ASSIGNMENT.\n"
            "  To export anyway (those scores left empty, never 0): swarmcast export --allow-incomplete",
            file=sys.stderr,
        )
        return EXIT_INCOMPLETE
    print(f"Exported {len(res.table)} rows ({summary(res.table)}) to {_rel(res.path, Path(args.course_dir))} ({args.format} layout).")
    if len(res.incomplete):
        print(f"{len(res.incomplete)} row(s) have no final score (their score is empty, their status says why):")
        for r in res.incomplete.itertuples():
            print(f"  {r.student_id} {r.assignment}: {r.status}")
    return EXIT_OK


def _cmd_roster(args) -> int:
    from swarmcast.grading import roster

    res = roster.import_roster(course_dir=args.course_dir, path=args.file)
    print(f"Roster imported into the gradebook: {len(res.added)} student(s) added, {len(res.updated)} updated.")
    return EXIT_OK


def _cmd_practice(args) -> int:
    from swarmcast.grading import practice
    from swarmcast.grading.course import open_course

    course, _ = open_course(course_dir=args.course_dir)
    a = course.check_assignment(args.assignment)
    if args.clean:
        if args.students is not None or args.seed is not None or args.attackers:
            raise ValueError("--clean removes the practice class; it takes no --students, --seed or --attackers")
        res = practice.clean_practice(course_dir=course.root, assignment=a)
        if res.students:
            print(
                f"Removed {len(res.students)} practice students of {a}: {res.submitted} submitted, {res.autograded} "
                f"autograded and {res.feedback} feedback folders; {res.gradebook_submissions} gradebook submissions "
                f"({res.gradebook_students} students removed from the gradebook); {res.report_files} report files."
            )
        else:
            print(f"No practice students of {a} to remove.")
        if res.report_needs_refresh:
            print(f"The grade report still lists practice students: refresh it with `swarmcast report {a}`.")
        if res.skipped:
            print(f"Left alone (practice names, but not written by `swarmcast practice`): {', '.join(res.skipped)}")
            return EXIT_PARTIAL
        return EXIT_OK

    df = practice.write_practice_class(
        course_dir=course.root,
        assignment=a,
        n_students=12 if args.students is None else args.students,
        seed=0 if args.seed is None else args.seed,
        force=args.force,
        attackers=args.attackers,
    )
    where = _rel(course.folder(course.submitted_directory), course.root)
    print(f"Practice class for {a}: {len(df)} synthetic students in {where}/practice-*/{a}/ (seed {df.attrs['seed']}).")
    print(_table([[r.student, r.kind, r.expect] for r in df.itertuples()], ["student", "kind", "what grading should show"]))
    print()
    limit = f"{course.timeout_seconds} s" if course.timeout_seconds else "the time limit"
    print("Now rehearse the runbook (Part A, \"Practice run\"):")
    print(f"  swarmcast grade {a} --workers auto --timeout 10   # without --timeout, the loop waits {limit}")
    print(f"  swarmcast flag {a}")
    print(f"  swarmcast feedback {a}")
    print(f"Afterwards: swarmcast practice {a} --clean")
    return EXIT_OK


_COMMANDS = {
    "release": _cmd_release,
    "rubric": _cmd_rubric,
    "grade": _cmd_grade,
    "report": _cmd_report,
    "feedback": _cmd_feedback,
    "flag": _cmd_flag,
    "export": _cmd_export,
    "roster": _cmd_roster,
    "practice": _cmd_practice,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `swarmcast` command; returns the exit code (see --help)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from swarmcast.grading.course import CourseError

    try:
        return _COMMANDS[args.command](args)
    except CourseError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted; grades already written stay in the gradebook")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
