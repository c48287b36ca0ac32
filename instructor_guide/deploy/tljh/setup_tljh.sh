#!/usr/bin/env bash
# Set up a Swarmcast course with nbgrader on The Littlest JupyterHub (one server).
#
#   sudo ./setup_tljh.sh COURSE_CHECKOUT INSTRUCTOR [INSTRUCTOR ...]
#
#   COURSE_CHECKOUT  a git clone of the course repository on the server (it is installed into the
#                    users' environment and cloned again to /srv/nbgrader/courses/$COURSE_ID)
#   INSTRUCTOR       hub user names of the instructors and teaching assistants (their unix accounts are
#                    jupyter-NAME: each must have logged in once before this script can set them up)
#
# Environment:
#   COURSE_ID=swarmcast   the course id (use one per offering when several share the hub)
#   TLJH_PREFIX=/opt/tljh where TLJH lives
#   DRY_RUN=1             print the commands instead of running them (the test suite uses this)
#
# Safe to run again: it never overwrites a course folder that already has a gradebook or config.
# Students and their groups: edit COURSES in /opt/tljh/config/jupyterhub_config.d/nbgrader.py.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COURSE_ID="${COURSE_ID:-swarmcast}"
TLJH_PREFIX="${TLJH_PREFIX:-/opt/tljh}"
DRY_RUN="${DRY_RUN:-0}"
EXCHANGE=/srv/nbgrader/exchange
COURSES=/srv/nbgrader/courses
COURSE_DIR="$COURSES/$COURSE_ID"
GROUP="graders-$COURSE_ID"
USER_BIN="$TLJH_PREFIX/user/bin"

run() {
    if [ "$DRY_RUN" = "1" ]; then
        printf '+ %s\n' "$*"
    else
        "$@"
    fi
}

if [ $# -lt 2 ]; then
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 2
fi
CHECKOUT="$(cd "$1" && pwd)"
shift
if [ ! -f "$CHECKOUT/nbgrader_config.py" ] || [ ! -f "$CHECKOUT/pyproject.toml" ]; then
    echo "error: $CHECKOUT is not a course checkout (no nbgrader_config.py or pyproject.toml)" >&2
    exit 1
fi
if [ "$DRY_RUN" != "1" ] && [ "$(id -u)" != "0" ]; then
    echo "error: run as root (sudo), or with DRY_RUN=1 to see what would be done" >&2
    exit 1
fi

echo "== 1. the course and nbgrader in the users' environment"
run "$USER_BIN/pip" install --quiet "$CHECKOUT[instructor]"
run tljh-config set user_environment.default_app jupyterlab

echo "== 2. the exchange: one folder every user writes to"
run install -d -m 0755 /srv/nbgrader
run install -d -m 0777 "$EXCHANGE"

echo "== 3. the course folder, shared by the graders group"
run groupadd -f "$GROUP"
run install -d -m 0755 "$COURSES"
run install -d -m 2770 -g "$GROUP" "$COURSE_DIR"
if [ "$DRY_RUN" = "1" ] || [ ! -e "$COURSE_DIR/nbgrader_config.py" ]; then
    # a git clone: instructors can `git pull` course updates; .venv and working files are not copied
    run git clone --quiet "$CHECKOUT" "$COURSE_DIR"
else
    echo "   $COURSE_DIR already holds a course: left as it is"
fi
run chgrp -R "$GROUP" "$COURSE_DIR"
run chmod -R g+rwX "$COURSE_DIR"
run find "$COURSE_DIR" -type d -exec chmod g+s {} +

echo "== 4. global settings: exchange for everyone, JupyterHub groups per course"
run install -d -m 0755 /etc/jupyter
run install -m 0644 "$HERE/nbgrader_config.py" /etc/jupyter/nbgrader_config.py
run install -d -m 0755 "$TLJH_PREFIX/config/jupyterhub_config.d"
run install -m 0644 "$HERE/jupyterhub_config.d/nbgrader.py" "$TLJH_PREFIX/config/jupyterhub_config.d/nbgrader.py"

echo "== 5. hide the instructor tools from students"
for ext in @jupyter/nbgrader:formgrader @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list; do
    run "$USER_BIN/jupyter" labextension disable --level=sys_prefix "$ext"
done
for ext in nbgrader.server_extensions.formgrader nbgrader.server_extensions.course_list; do
    run "$USER_BIN/jupyter" server extension disable --sys-prefix "$ext"
done

echo "== 6. instructors: graders group, a link to the course, their nbgrader settings, their tools"
for name in "$@"; do
    unix="jupyter-$name"
    home="/home/$unix"
    if [ "$DRY_RUN" != "1" ] && ! id "$unix" >/dev/null 2>&1; then
        echo "   $name has not logged in yet (no user $unix): ask them to log in once, then run this again" >&2
        continue
    fi
    run usermod -a -G "$GROUP" "$unix"
    run ln -sfn "$COURSE_DIR" "$home/$COURSE_ID"
    run install -d -o "$unix" -m 0755 "$home/.jupyter"
    if [ "$DRY_RUN" = "1" ]; then
        printf '+ %s\n' "sed 's/^COURSE_ID = .*/COURSE_ID = \"$COURSE_ID\"/' instructor_nbgrader_config.py > $home/.jupyter/nbgrader_config.py"
    else
        sed "s/^COURSE_ID = .*/COURSE_ID = \"$COURSE_ID\"/" "$HERE/instructor_nbgrader_config.py" > "$home/.jupyter/nbgrader_config.py"
    fi
    run chown "$unix" "$home/.jupyter/nbgrader_config.py"
    for ext in @jupyter/nbgrader:formgrader @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list; do
        run sudo -u "$unix" -H "$USER_BIN/jupyter" labextension enable --level=user "$ext"
    done
    for ext in nbgrader.server_extensions.formgrader nbgrader.server_extensions.course_list; do
        run sudo -u "$unix" -H "$USER_BIN/jupyter" server extension enable --user "$ext"
    done
done

echo "== 7. reload the hub (groups and roles); users restart their servers to pick up the tools"
run tljh-config reload hub
echo "Done. Instructors: open https://<your hub>/user/<name>/formgrader in its own browser tab (JupyterHub 4.1+"
echo "blocks formgrader inside JupyterLab's frame), and run swarmcast from ~/$COURSE_ID."
