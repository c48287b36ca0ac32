#!/usr/bin/env bash
# Back up a course's nbgrader gradebook while the course is in use.
#
#   backup_gradebook.sh GRADEBOOK BACKUP_FOLDER
#
# Uses SQLite's online backup API (what the sqlite3 shell's `.backup` command uses, here through Python's
# sqlite3 module, so no extra package is needed): a consistent copy even while formgrader or `swarmcast grade`
# writes. Checks the copy (PRAGMA integrity_check) before keeping it, as gradebook-<UTC time>.db, and
# deletes copies older than KEEP_DAYS (default 14). Prints the new file's path.
# setup_tljh.sh installs it as /usr/local/sbin/swarmcast-backup-gradebook, run hourly by the systemd timer
# swarmcast-gradebook-backup@<course id>.timer. Restore: stop grading, then
#   cp BACKUP_FOLDER/gradebook-<time>.db /srv/nbgrader/courses/<course id>/gradebook.db
set -euo pipefail

if [ $# -ne 2 ]; then
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 2
fi
GRADEBOOK="$1"
DEST="$2"
KEEP_DAYS="${KEEP_DAYS:-14}"
PYTHON="${PYTHON:-python3}"

if [ ! -f "$GRADEBOOK" ]; then
    if [ -d "$(dirname "$GRADEBOOK")" ]; then
        echo "no gradebook yet at $GRADEBOOK (nothing released): nothing to back up"
        exit 0
    fi
    echo "error: $(dirname "$GRADEBOOK") does not exist: is the course id right?" >&2
    exit 1
fi
mkdir -p "$DEST"
chmod 0750 "$DEST"
OUT="$DEST/gradebook-$(date -u +%Y%m%dT%H%M%SZ).db"
"$PYTHON" - "$GRADEBOOK" "$OUT.partial" <<'PY'
import sqlite3
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
copy = sqlite3.connect(sys.argv[2])
source.backup(copy)
status = copy.execute("PRAGMA integrity_check").fetchone()[0]
copy.close()
source.close()
if status != "ok":
    sys.exit(f"error: the copy of {sys.argv[1]} failed its integrity check: {status}")
PY
mv "$OUT.partial" "$OUT"
find "$DEST" -maxdepth 1 -name 'gradebook-*.db' -mtime +"$KEEP_DAYS" -delete
echo "$OUT"
