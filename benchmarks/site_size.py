"""Size and build time of the course web site (`make site`, _site/) and the JupyterLite build (`make lite`, _lite/).

Run: python benchmarks/site_size.py [--build] [--site _site] [--lite _lite] [--top 8]
     (not a test: it prints figures and asserts nothing)

Without --build it reads folders built earlier (their build-info.json holds the build time); with --build it
builds both first, timing each build from the outside as well.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _mb(n: int) -> str:
    return f"{n / 1e6:8.2f} MB"


def _files(folder: Path) -> list[tuple[Path, int]]:
    return [(p, p.stat().st_size) for p in folder.rglob("*") if p.is_file()]


def report(name: str, folder: Path, top: int, wall: float | None) -> None:
    if not folder.is_dir():
        print(f"{name}: {folder} is not built (run `make {name}` or pass --build)")
        return
    files = _files(folder)
    total = sum(s for _, s in files)
    info_file = folder / "build-info.json"
    info = json.loads(info_file.read_text()) if info_file.is_file() else {}
    print(f"\n{name}: {folder}")
    print(f"  total {_mb(total)} in {len(files)} files; {len(info.get('lessons', []))} lessons")
    if "build_seconds" in info:
        print(f"  build time {info['build_seconds']:.1f} s" + (f" (wall, measured here: {wall:.1f} s)" if wall else ""))
    parts: dict[str, int] = {}
    for p, s in files:
        rel = p.relative_to(folder).parts
        key = "/".join(rel[:2]) if len(rel) > 2 else rel[0]
        parts[key] = parts.get(key, 0) + s
    print("  largest parts:")
    for key, s in sorted(parts.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {_mb(s)}  {key}")
    print("  largest files:")
    for p, s in sorted(files, key=lambda ps: -ps[1])[:top]:
        print(f"    {_mb(s)}  {p.relative_to(folder)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="build both first (takes a few minutes)")
    parser.add_argument("--site", type=Path, default=ROOT / "_site")
    parser.add_argument("--lite", type=Path, default=ROOT / "_lite")
    parser.add_argument("--top", type=int, default=8, help="how many parts and files to list")
    args = parser.parse_args(argv)
    walls: dict[str, float] = {}
    if args.build:
        for name, out in (("site", args.site), ("lite", args.lite)):
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), name, "--out", str(out)], check=True)
            walls[name] = time.perf_counter() - start
    report("site", args.site.resolve(), args.top, walls.get("site"))
    report("lite", args.lite.resolve(), args.top, walls.get("lite"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
