#!/bin/sh
# Scheduled rebuild: pull the portal's repository, build it, and publish the result only when
# the build succeeded and the site changed (scripts/deploy.py --if-changed compares the new
# site's manifest with the running release's). Scheduled posts go online at the first run
# after their time. Run by scripts/systemd/congtt-rebuild.timer or by cron (scripts/cron/).
#
# Settings, from the environment (the systemd unit also reads /etc/default/congtt):
#   CONGTT_TARGET  where releases go: /var/www/congtt or user@host:/var/www/congtt (required)
#   CONGTT_REPO    the portal's git clone (default: the folder above this script)
#   CONGTT_KEEP    how many releases to keep (default 5)
#   CONGTT_SSH     ssh command for a remote target (default ssh)
#   CONGTT_BIN     the congtt command (default $CONGTT_REPO/.venv/bin/congtt, made by `make build`)
#   CONGTT_PYTHON  python running deploy.py (default $CONGTT_REPO/.venv/bin/python)
# Everything it prints goes to the log (journalctl -u congtt-rebuild, or the cron log file).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=${CONGTT_REPO:-$(dirname "$here")}
if [ -z "${CONGTT_TARGET:-}" ]; then
    echo "Lỗi: chưa đặt CONGTT_TARGET (nơi đặt các bản phát hành, ví dụ /var/www/congtt)." >&2
    exit 2
fi
cd "$repo"
if ! git_dir=$(git rev-parse --git-dir 2>/dev/null); then
    echo "Lỗi: «$repo» không phải một kho Git (cần bản sao kho của Cổng, đặt bằng CONGTT_REPO)." >&2
    exit 2
fi

# One run at a time: a slow build must not overlap the next tick of the timer or cron.
exec 9>"$git_dir/congtt-rebuild.lock"
if ! flock -n 9; then
    echo "Một lần xây dựng khác đang chạy: bỏ qua lần này."
    exit 0
fi

# Run a step; on failure say which, and that the running release is untouched.
step() {
    what=$1
    shift
    "$@" || {
        status=$?
        echo "Lỗi: bước «$what» không thành công (mã $status); bản đang chạy giữ nguyên." >&2
        exit "$status"
    }
}

step "cập nhật kho (git pull)" git pull --ff-only --quiet
echo "Kho ở phiên bản $(git rev-parse --short HEAD) ($(git log -1 --format=%cd --date=iso))."
step "xây dựng (congtt build)" "${CONGTT_BIN:-$repo/.venv/bin/congtt}" build
step "xuất bản (deploy.py)" "${CONGTT_PYTHON:-$repo/.venv/bin/python}" "$here/deploy.py" \
    --if-changed --keep "${CONGTT_KEEP:-5}" --ssh "${CONGTT_SSH:-ssh}" site "$CONGTT_TARGET"
