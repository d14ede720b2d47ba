#!/bin/sh
# Scheduled rebuild: pull the portal's repository, build it, and publish the result only when
# the build succeeded and the site changed (scripts/deploy.py --if-changed compares the new
# site's manifest with the running release's). Scheduled posts go online at the first run
# after their time, even when the pull fails (the tree already on the server is built).
# Run by scripts/systemd/congtt-rebuild.timer or by cron (scripts/cron/).
#
# Settings, from the environment (the systemd unit also reads /etc/default/congtt):
#   CONGTT_TARGET        where releases go: /var/www/congtt or user@host:/var/www/congtt (required)
#   CONGTT_REPO          the portal's git clone (default: the folder above this script)
#   CONGTT_KEEP          how many releases to keep (default 5)
#   CONGTT_SSH           ssh command for a remote target (default ssh)
#   CONGTT_BIN           the congtt command (default $CONGTT_REPO/.venv/bin/congtt, made by `make build`)
#   CONGTT_PYTHON        python running deploy.py (default $CONGTT_REPO/.venv/bin/python)
#   CONGTT_LOCK_MINUTES  a run that finds another one running for longer than this fails (default 60)
# Everything it prints goes to the log (journalctl -u congtt-rebuild, or the cron log file).
#
# Exit status, for monitoring:
#   0  published, or nothing changed, or another run started less than CONGTT_LOCK_MINUTES ago
#   1  the build or the publishing failed, or the run was stopped (time or memory limit);
#      the portal still serves its last complete release
#   2  wrong settings (no CONGTT_TARGET, not a git clone, bad CONGTT_LOCK_MINUTES)
#   3  git pull failed: the tree already on the server was built and published (scheduled
#      posts went out), but what was pushed since is not online
#   4  another run has held the lock for longer than CONGTT_LOCK_MINUTES (hung?): nothing done
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=${CONGTT_REPO:-$(dirname "$here")}
if [ -z "${CONGTT_TARGET:-}" ]; then
    echo "Lỗi: chưa đặt CONGTT_TARGET (nơi đặt các bản phát hành, ví dụ /var/www/congtt)." >&2
    exit 2
fi
limit=${CONGTT_LOCK_MINUTES:-60}
case "$limit" in
    '' | *[!0-9]*)
        echo "Lỗi: CONGTT_LOCK_MINUTES phải là một số phút (số nguyên), không phải «$limit»." >&2
        exit 2 ;;
esac
cd "$repo"
if ! git_dir=$(git rev-parse --absolute-git-dir 2>/dev/null); then
    echo "Lỗi: «$repo» không phải một kho Git (cần bản sao kho của Cổng, đặt bằng CONGTT_REPO)." >&2
    exit 2
fi
lock="$git_dir/congtt-rebuild.lock"

# One run at a time: a slow build must not overlap the next tick of the timer or cron.
#
# The lock is held by flock(1) itself, which runs this script a second time with the lock's
# descriptor closed (--close): no process of the run can inherit it. Taking it with
# `exec 9>lock; flock 9` left descriptor 9 open in every child, among them the detached process
# `congtt build` leaves behind to delete the replaced site; that process kept the lock after the
# run had ended, and the next run was skipped. --conflict-exit-code 75 tells "held by another
# run" apart from the exit status of the run itself (0 to 4, see above).
if [ "${CONGTT_REBUILD_LOCKED:-}" != "$lock" ]; then
    status=0
    CONGTT_REBUILD_LOCKED=$lock flock --nonblock --close --conflict-exit-code 75 "$lock" \
        sh "$here/rebuild.sh" || status=$?
    [ "$status" -eq 75 ] || exit "$status"
    # The lock file holds the process id and start time (seconds) of the run holding it. A run
    # that started too long ago is reported: a hung build must not make every later run skip
    # with status 0 forever. No stamp of a live process: the holder has only just started.
    pid='' since=''
    read -r pid since < "$lock" || true
    case "$pid:$since" in
        *[!0-9:]* | :* | *:) ;;
        *)
            if [ -d "/proc/$pid" ] && [ $(($(date +%s) - since)) -gt $((limit * 60)) ]; then
                started=$(date -d "@$since" '+%H:%M ngày %d/%m/%Y')
                echo "Lỗi: lần xây dựng đang chạy (tiến trình $pid) bắt đầu từ $started, quá giới hạn $limit phút: có thể đã bị treo. Lần này không chạy. Hãy xem nhật ký của lần đó rồi dừng nó: pkill -P $pid" >&2
                exit 4
            fi ;;
    esac
    echo "Một lần xây dựng khác đang chạy: bỏ qua lần này."
    exit 0
fi

# From here on this script runs under the lock. Stopped by a signal (systemd's TimeoutStartSec
# or MemoryMax, a shutdown, Ctrl-C): say so; deploy.py switches releases atomically, so the
# portal serves a complete release whatever the moment.
trap 'echo "Lỗi: lần chạy bị dừng giữa chừng (quá thời gian, vượt giới hạn bộ nhớ hoặc bị tắt); Cổng vẫn phục vụ bản phát hành trọn vẹn gần nhất." >&2; exit 1' HUP INT TERM
printf '%s %s\n' "$$" "$(date +%s)" > "$lock"

# Run a step; on failure say which, and that the running release is untouched.
step() {
    what=$1
    shift
    "$@" || {
        status=$?
        echo "Lỗi: bước «$what» không thành công (mã $status); bản đang chạy giữ nguyên." >&2
        exit 1
    }
}

# A failed pull (network, credentials, a history rewritten upstream) must not stop scheduled
# posts already in the tree from going out: build and publish what is here, then fail.
# GIT_TERMINAL_PROMPT=0: never wait for a password; timeout: a stalled connection ends.
pulled=yes
GIT_TERMINAL_PROMPT=0 timeout 5m git pull --ff-only --quiet || {
    status=$?
    pulled=no
    echo "Lỗi: bước «cập nhật kho (git pull)» không thành công (mã $status); vẫn xây dựng và xuất bản nội dung đã có trên máy chủ để tin hẹn giờ được đăng." >&2
}
version="$(git rev-parse --short HEAD) ($(git log -1 --format=%cd --date=iso))"
echo "Kho ở phiên bản $version."
step "xây dựng (congtt build)" "${CONGTT_BIN:-$repo/.venv/bin/congtt}" build
step "xuất bản (deploy.py)" "${CONGTT_PYTHON:-$repo/.venv/bin/python}" "$here/deploy.py" \
    --if-changed --keep "${CONGTT_KEEP:-5}" --ssh "${CONGTT_SSH:-ssh}" site "$CONGTT_TARGET"
if [ "$pulled" = no ]; then
    echo "Lỗi: không cập nhật được kho, nên nội dung đẩy lên kho sau phiên bản $version chưa có trên Cổng. Hãy chạy «git pull» trong $repo để xem lỗi (mạng, quyền truy cập kho)." >&2
    exit 3
fi
