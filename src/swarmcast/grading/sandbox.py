"""Run every autograded notebook's kernel in a bubblewrap sandbox, so graded code cannot touch the course.

Why: nbgrader runs a student's notebook in a kernel with the instructor's rights, started in the course
folder. Without a sandbox one answer cell can rewrite gradebook.db, read solutions/, overwrite the other
submissions or edit nbgrader_config.py (nbgrader issues #483 and #1386). Here each kernel runs in
bubblewrap (``bwrap``, the sandbox tool of Flatpak) with:

* its own mount namespace whose root is an empty tmpfs; read-only views of the system (/usr, /etc, ...)
  and of the Python environment only (the venv, the base interpreter, editable source folders); no
  course folder, no exchange, no home folders, a private /tmp;
* a PRIVATE COPY of its one submission folder as working directory, in a scratch folder thrown away
  when the kernel stops (so nothing it writes reaches the course);
* its own network namespace (no network at all; the grader talks to it over jupyter_client's ``ipc``
  transport: unix sockets in a folder shared with the sandbox), its own PID, IPC and UTS namespaces;
* a clean environment (no inherited variables, so no secrets from the grader's environment);
* limits (``prlimit``): address space, processes, CPU time, file size. As root the kernel runs under an
  unprivileged uid of its own (``setpriv``), because Linux does not enforce the process limit for uid 0.

The seam: nbgrader's ``Execute`` preprocessor is an nbclient ``NotebookClient`` that starts kernels with
its ``kernel_manager_class``. The course's nbgrader_config.py puts ``SandboxedExecute`` (below) in
``Autograde.autograde_preprocessors``, so ``swarmcast grade`` (serial and ``--workers``) and plain
``nbgrader autograde`` run in the course folder are both sandboxed. Where the machine cannot sandbox,
kernels refuse to start with ``SandboxUnavailable`` (what is missing and what to install), unless the
environment variable ``SWARMCAST_UNSANDBOXED=1`` says to grade without a sandbox (``swarmcast grade
--unsandboxed`` sets it and marks the report).
Sources: bubblewrap 0.8 manual (containers/bubblewrap); jupyter_client 8 ``KernelManager``;
nbclient ``NotebookClient``; nbgrader 0.9 ``Execute``; prlimit(1) and setpriv(1) of util-linux.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Integer

__all__ = [
    "UNSANDBOXED_ENV",
    "SandboxUnavailable",
    "SandboxedKernelManager",
    "SandboxedExecute",
    "sandbox_problem",
    "unsandboxed_requested",
    "readonly_paths",
    "SANDBOXED_EXECUTE",
    "ensure_sandboxed",
]

#: Set to 1 to grade without the sandbox (an explicit choice; `swarmcast grade --unsandboxed` sets it).
UNSANDBOXED_ENV = "SWARMCAST_UNSANDBOXED"
_GIB = 1024**3
#: System folders the kernel may read (those that exist here); everything else is absent in the sandbox.
_SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt/conda")
#: Environment variables passed into the sandbox; every other variable of the grader is dropped.
_PASS_ENV = ("LANG", "LC_ALL", "TZ", "PYTHONHASHSEED", "SWARMCAST_VALIDATE_CHARTS", "NUMBA_DISABLE_JIT",
             "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class SandboxUnavailable(RuntimeError):
    """This machine cannot run a kernel in the sandbox; the message says why and what to do."""


def unsandboxed_requested() -> bool:
    """True when the instructor asked to grade without a sandbox (SWARMCAST_UNSANDBOXED=1)."""
    return os.environ.get(UNSANDBOXED_ENV, "").strip().lower() in ("1", "true", "yes")


def _refusal(why: str) -> str:
    return (
        f"cannot grade in a sandbox on this machine: {why}. Autograding runs each student's code; without a "
        "sandbox that code can rewrite the gradebook, read solutions/ and change other submissions. Install "
        "bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`) and allow user "
        "namespaces (`sysctl kernel.unprivileged_userns_clone=1` on older Debian kernels), or, only if every "
        f"submission is trusted, grade without a sandbox: `swarmcast grade ASSIGNMENT --unsandboxed` "
        f"(for plain nbgrader: {UNSANDBOXED_ENV}=1 nbgrader autograde ...)."
    )


@functools.lru_cache(maxsize=1)
def sandbox_problem() -> str:
    """'' when bubblewrap works here (checked once per process); otherwise the refusal message."""
    missing = [t for t in ("bwrap", "prlimit") + (("setpriv",) if os.geteuid() == 0 else ()) if not shutil.which(t)]
    if missing:
        return _refusal(f"{', '.join(missing)} not found on PATH")
    cmd = [shutil.which("bwrap"), "--unshare-net", "--unshare-pid", "--die-with-parent"]
    cmd += [a for d in _SYSTEM_DIRS if os.path.isdir(d) for a in ("--ro-bind", d, d)]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--", "true"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _refusal(f"bwrap could not run ({exc})")
    if done.returncode != 0:
        return _refusal(f"bwrap could not create a sandbox ({done.stderr.strip() or 'exit ' + str(done.returncode)})")
    return ""


# ------------------------------------------------------------------------------------------------
# What the kernel may read
# ------------------------------------------------------------------------------------------------


def _editable_paths(site: Path) -> list[Path]:
    """Source folders of editable installs in a site-packages folder (the .pth lines and finder maps)."""
    out: list[Path] = []
    for pth in sorted(site.glob("*.pth")):
        for line in pth.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "import ")) and os.path.isabs(line):
                out.append(Path(line))
    for finder in sorted(site.glob("__editable__*finder.py")):
        tree = ast.parse(finder.read_text(encoding="utf-8", errors="replace"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MAPPING" for t in node.targets):
                try:
                    mapping = ast.literal_eval(node.value)
                except ValueError:
                    continue
                out += [Path(p) for p in mapping.values()]
    return out


def readonly_paths(cwd: str | os.PathLike | None = None) -> list[Path]:
    """Folders bound read-only into the sandbox: system folders, the Python prefixes, editable sources.

    A folder that contains the kernel's working folder (say, a course folder installed in editable flat
    layout) is never bound: binding it would show the course to the kernel.
    """
    paths = [Path(d) for d in _SYSTEM_DIRS]
    exe = Path(sys.executable).resolve()
    prefixes = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), exe.parent.parent]
    paths += prefixes
    import site

    # Only the environment's own site folders and the sources they install in editable mode: never a
    # folder that the grading process merely put on sys.path (a test suite's, a notebook's folder).
    sites = {Path(p) for p in [*site.getsitepackages(), site.getusersitepackages()] if os.path.isdir(p)}
    sites |= {Path(p) for p in sys.path if p.endswith("site-packages") and os.path.isdir(p)
              and any(Path(p).resolve().is_relative_to(x.resolve()) for x in prefixes)}
    for folder in sorted(sites):
        paths.append(folder)
        paths += _editable_paths(folder)
    here = Path(cwd).resolve() if cwd else None
    seen: list[Path] = []
    for p in paths:
        if not p.is_dir() or p == Path("/"):
            continue
        p = Path(os.path.abspath(p))
        if here is not None and (here == p or p in here.parents):
            continue
        if p not in seen:
            seen.append(p)
    # Children after their parents, so a later bind never hides an earlier one.
    return sorted(seen, key=lambda p: len(p.parts))


def _user_tasks(uid: int) -> int:
    """Processes and threads now running under ``uid`` (what RLIMIT_NPROC counts)."""
    n = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status", encoding="ascii", errors="replace") as fh:
                status = fh.read()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            n += int(fields.get("Threads", "1").strip() or 1)
    return n


# ------------------------------------------------------------------------------------------------
# The kernel manager and the Execute preprocessor that uses it
# ------------------------------------------------------------------------------------------------


class SandboxedKernelManager(AsyncKernelManager):
    """A jupyter_client kernel manager that starts the kernel inside bubblewrap (see the module docstring)."""

    memory_bytes = Integer(4 * _GIB, help="address-space limit of the kernel (RLIMIT_AS), bytes").tag(config=True)
    max_processes = Integer(128, help="processes and threads the kernel may have at once").tag(config=True)
    cpu_seconds = Integer(900, help="CPU seconds the kernel may use in all (RLIMIT_CPU)").tag(config=True)
    file_bytes = Integer(_GIB, help="largest file the kernel may write (RLIMIT_FSIZE), bytes").tag(config=True)
    tmp_bytes = Integer(512 * 1024**2, help="size of the kernel's private /tmp, bytes").tag(config=True)

    _scratch: Path | None = None

    def _sandbox_args(self, cwd: Path, work: Path, ipc: Path) -> list[str]:
        args = [shutil.which("bwrap") or "bwrap", "--die-with-parent", "--unshare-net", "--unshare-pid",
                "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"]
        args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(self.tmp_bytes), "--tmpfs", "/tmp"]
        ro = readonly_paths(cwd)
        # Folders on the way to a bound folder: readable by the kernel's uid (bwrap makes them 0700 as root).
        ancestors = sorted({a for p in [*ro, cwd, ipc] for a in p.parents if a != Path("/")}, key=lambda p: len(p.parts))
        for a in ancestors:
            if not any(a == p or p in a.parents for p in ro):
                args += ["--perms", "0755", "--dir", str(a)]
        for p in ro:
            if p.is_symlink() and p.parent == Path("/"):  # /bin -> usr/bin on merged-/usr systems
                args += ["--symlink", os.readlink(p), str(p)]
            else:
                args += ["--ro-bind", str(p), str(p)]
        # The private copy sits where the submission was, so relative paths in the notebook still work.
        args += ["--bind", str(work), str(cwd), "--bind", str(ipc), str(ipc), "--chdir", str(cwd)]
        args += ["--clearenv"]
        env = {k: os.environ[k] for k in _PASS_ENV if k in os.environ}
        env.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR="/tmp/matplotlib", IPYTHONDIR="/tmp/ipython",
                   PATH=f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", LANG=env.get("LANG", "C.UTF-8"),
                   PYTHONDONTWRITEBYTECODE="1")
        for k, v in sorted(env.items()):
            args += ["--setenv", k, v]
        args += ["--"]
        if os.geteuid() == 0:
            uid = self._uid
            nproc = self.max_processes
            args += [shutil.which("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                     "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]
        else:
            # An ordinary user's other processes count too: allow this many more than run now.
            nproc = _user_tasks(os.getuid()) + self.max_processes
        args += [shutil.which("prlimit") or "prlimit", f"--as={self.memory_bytes}", f"--nproc={nproc}",
                 f"--cpu={self.cpu_seconds}", f"--fsize={self.file_bytes}", "--core=0", "--"]
        return args

    @property
    def _uid(self) -> int:
        # One uid per grading process (a worker grades one notebook at a time): the process limit of one
        # kernel never counts another worker's kernel. High, unused uids (no /etc/passwd entry needed).
        return 3_000_000 + os.getpid() % 1_000_000

    async def _async_pre_start_kernel(self, **kw):
        if unsandboxed_requested():
            return await super()._async_pre_start_kernel(**kw)
        problem = sandbox_problem()
        if problem:
            raise SandboxUnavailable(problem)
        cwd = Path(kw.pop("cwd", None) or os.getcwd()).resolve()
        scratch = Path(tempfile.mkdtemp(prefix="swarmcast-sandbox-"))
        self._scratch = scratch
        # Removed at clean-up; and, should a dead or stuck kernel skip that, when the manager goes or Python exits.
        self._remove_scratch = weakref.finalize(self, shutil.rmtree, str(scratch), ignore_errors=True)
        work, ipc = scratch / "work", scratch / "ipc"
        # symlinks=True: a link in the submission is copied as a link (resolved inside the sandbox, where
        # it leads nowhere), never followed here with the grader's rights.
        shutil.copytree(cwd, work, symlinks=True)
        ipc.mkdir()
        if os.geteuid() == 0:  # the scratch folder itself stays the grader's, mode 0700
            for p in [ipc, work, *work.rglob("*")]:
                os.chown(p, self._uid, self._uid, follow_symlinks=False)
        self.transport = "ipc"
        self.ip = str(ipc / "kernel")
        self.connection_file = str(ipc / "kernel.json")
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        kw["cwd"] = str(scratch)
        if os.geteuid() == 0:  # written by the manager just now, readable by its owner only
            os.chown(self.connection_file, self._uid, self._uid)
        return self._sandbox_args(cwd, work, ipc) + list(kernel_cmd), kw

    def _kernel_pids(self) -> list[int]:
        """The sandboxed processes: bwrap (outer) -> bwrap (init of the PID namespace) -> the kernel -> ..."""
        proc = getattr(self.provisioner, "process", None)
        if proc is None or proc.pid is None:
            return []

        def children(pid: int) -> list[int]:
            out = []
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    out += [int(c) for c in (task / "children").read_text().split()]
                except (OSError, ValueError):
                    pass
            return out

        level = children(proc.pid)  # bwrap's init inside the namespace
        return [k for pid in level for k in children(pid)]

    async def _async_signal_kernel(self, signum: int) -> None:
        # jupyter_client signals the kernel's process group, which holds bwrap itself: SIGINT would end
        # bwrap and, with it, the sandbox. Interrupts go to the kernel process only.
        pids = self._kernel_pids() if self._scratch is not None and signum != signal.SIGKILL else []
        if not pids:
            await super()._async_signal_kernel(signum)
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._scratch is not None:
            self._remove_scratch()
            self._scratch = None


class SandboxedExecute(Execute):
    """nbgrader's Execute preprocessor, with every kernel started by SandboxedKernelManager."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)


#: What nbgrader_config.py puts first in ``Autograde.autograde_preprocessors``, in place of nbgrader's Execute.
SANDBOXED_EXECUTE = "swarmcast.grading.sandbox.SandboxedExecute"


def ensure_sandboxed(cfg) -> None:
    """Make ``cfg`` (an nbgrader Config) autograde with SandboxedExecute, whatever the course file says.

    `swarmcast grade` calls this, so a course config that lost the setting (or an older copy of it) still
    grades in the sandbox: nbgrader's plain Execute in the list is replaced, the other steps are kept.
    """
    current = list(cfg.Autograde.get("autograde_preprocessors", [])) if "Autograde" in cfg else []
    if not current:  # nbgrader's own list
        from nbgrader.converters import Autograde

        current = list(Autograde.class_traits()["autograde_preprocessors"].default())
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__qualname__}" for p in current]
    cfg.Autograde.autograde_preprocessors = [
        SANDBOXED_EXECUTE if n.rsplit(".", 1)[-1] == "Execute" else p for n, p in zip(names, current)
    ]
