#!/usr/bin/env bash
# Set up a Swarmcast course with nbgrader on The Littlest JupyterHub (one server).
#
#   sudo ./setup_tljh.sh COURSE_CHECKOUT INSTRUCTOR [INSTRUCTOR ...]
#
#   COURSE_CHECKOUT  a git clone of the course repository on the server, e.g. /opt/swarmcast-src (it is
#                    installed into the users' environment and cloned again to /srv/nbgrader/courses/$COURSE_ID;
#                    both copies hold the hidden tests, so both are closed to everyone but the graders group)
#   INSTRUCTOR       hub user names of the instructors and teaching assistants (their unix accounts are
#                    jupyter-NAME: each must have logged in once before this script can set them up)
#
# Environment:
#   HUB_DOMAIN=hub.example.org         required: the hub's public name (HTTPS certificate from Let's Encrypt)
#   LETSENCRYPT_EMAIL=you@example.org  required: where Let's Encrypt sends certificate expiry notices
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
BACKUPS=/srv/nbgrader/backups
KEEP_DAYS=14

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
if [ -z "${HUB_DOMAIN:-}" ] || [ -z "${LETSENCRYPT_EMAIL:-}" ]; then
    echo "error: set HUB_DOMAIN and LETSENCRYPT_EMAIL: students log in with passwords, so the hub must use HTTPS" >&2
    echo "       (the domain must already point at this server; ports 80 and 443 open)" >&2
    exit 1
fi
if [ "$DRY_RUN" != "1" ] && [ "$(id -u)" != "0" ]; then
    echo "error: run as root (sudo), or with DRY_RUN=1 to see what would be done" >&2
    exit 1
fi

echo "== 1. system packages: bubblewrap (the grading sandbox)"
run apt-get update -qq
run apt-get install -y --no-install-recommends bubblewrap

echo "== 2. the course, nbgrader and nbgitpuller in the users' environment"
# nbgitpuller: students open the lessons with a git-pull link (README.md in this folder gives the link).
run "$USER_BIN/pip" install --quiet "$CHECKOUT[instructor]" "nbgitpuller>=1.2"
run tljh-config set user_environment.default_app jupyterlab

echo "== 3. HTTPS with a Let's Encrypt certificate for $HUB_DOMAIN"
run tljh-config set https.enabled true
run tljh-config set https.letsencrypt.email "$LETSENCRYPT_EMAIL"
# remove first, so that running this again for a second course does not list the domain twice
run tljh-config remove-item https.letsencrypt.domains "$HUB_DOMAIN" 2>/dev/null || true
run tljh-config add-item https.letsencrypt.domains "$HUB_DOMAIN"
run tljh-config reload proxy

echo "== 4. the exchange: one folder every user writes to"
run install -d -m 0755 /srv/nbgrader
run install -d -m 0777 "$EXCHANGE"

echo "== 5. the course folder and the checkout: the graders group only (they hold the hidden tests)"
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
run chmod -R g+rwX,o-rwx "$COURSE_DIR"
run find "$COURSE_DIR" -type d -exec chmod g+s {} +
# The checkout was installed (not linked) into the users' environment above: nobody else needs to read it.
run chgrp -R "$GROUP" "$CHECKOUT"
run chmod -R o-rwx "$CHECKOUT"
if [ "$DRY_RUN" != "1" ]; then
    for secret in "$COURSE_DIR/nbgrader_config.py" "$CHECKOUT/nbgrader_config.py"; do
        if sudo -u nobody test -r "$secret"; then
            echo "error: an ordinary user can still read $secret: check the folders above it" >&2
            exit 1
        fi
    done
    echo "   checked: an ordinary user cannot read the course folder or the checkout"
fi

echo "== 5b. home folders private: a student cannot read another's work in progress (fetched assignments, lessons)"
# New accounts (TLJH creates jupyter-NAME at first login with useradd, which reads HOME_MODE), then existing ones.
if [ "$DRY_RUN" = "1" ] || grep -qE '^#?HOME_MODE[[:space:]]' /etc/login.defs; then
    run sed -i -E 's/^#?HOME_MODE[[:space:]].*/HOME_MODE 0700/' /etc/login.defs
else
    echo "HOME_MODE 0700" >> /etc/login.defs
fi
run find /home -mindepth 1 -maxdepth 1 -type d -name 'jupyter-*' -exec chmod 0700 {} +

echo "== 6. global settings: exchange for everyone, groups per course, per-user limits"
run install -d -m 0755 /etc/jupyter
run install -m 0644 "$HERE/nbgrader_config.py" /etc/jupyter/nbgrader_config.py
run install -d -m 0755 "$TLJH_PREFIX/config/jupyterhub_config.d"
for conf in nbgrader.py limits.py; do
    run install -m 0644 "$HERE/jupyterhub_config.d/$conf" "$TLJH_PREFIX/config/jupyterhub_config.d/$conf"
done

echo "== 7. hide the instructor tools from students"
for ext in @jupyter/nbgrader:formgrader @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list; do
    run "$USER_BIN/jupyter" labextension disable --level=sys_prefix "$ext"
done
for ext in nbgrader.server_extensions.formgrader nbgrader.server_extensions.course_list; do
    run "$USER_BIN/jupyter" server extension disable --sys-prefix "$ext"
done

echo "== 8. instructors: graders group, a link to the course, their nbgrader settings, their tools"
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
    # The grading sandbox needs unprivileged user namespaces (Ubuntu 24.04 restricts them through AppArmor).
    if ! run sudo -u "$unix" -H bwrap --unshare-all --die-with-parent --ro-bind / / --proc /proc --dev /dev true; then
        echo "   warning: bubblewrap cannot make a sandbox for $unix, so swarmcast grade will refuse to grade." >&2
        echo "   On Ubuntu 24.04: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (and the same line in" >&2
        echo "   /etc/sysctl.d/60-userns.conf), or an AppArmor profile allowing userns for /usr/bin/bwrap." >&2
    fi
done

echo "== 9. hourly gradebook backups to $BACKUPS/$COURSE_ID (kept $KEEP_DAYS days)"
run install -m 0755 "$HERE/backup_gradebook.sh" /usr/local/sbin/swarmcast-backup-gradebook
run install -d -m 0755 "$BACKUPS"
run install -d -m 0750 -g "$GROUP" "$BACKUPS/$COURSE_ID"
for unit in swarmcast-gradebook-backup@.service swarmcast-gradebook-backup@.timer; do
    run install -m 0644 "$HERE/systemd/$unit" "/etc/systemd/system/$unit"
done
run systemctl daemon-reload
run systemctl enable --now "swarmcast-gradebook-backup@$COURSE_ID.timer"

echo "== 10. reload the hub (groups, roles, limits, HTTPS); users restart their servers to pick up the tools"
run tljh-config reload hub
echo "Done. Instructors: open https://$HUB_DOMAIN/user/<name>/formgrader in its own browser tab (JupyterHub 4.1+"
echo "blocks formgrader inside JupyterLab's frame), and run swarmcast from ~/$COURSE_ID."
