#!/usr/bin/env bash
# Installs Debian's Kannel (bearerbox, smsbox) and kannel-extras (fakesmsc) if
# missing, and makes sure Debian's own kannel service is not running (it would
# take ports 13000/13002 with /etc/kannel/kannel.conf). Idempotent; needs root.
set -euo pipefail

FAKESMSC=/usr/lib/kannel/test/fakesmsc

if ! command -v /usr/sbin/bearerbox >/dev/null 2>&1 || [ ! -x "$FAKESMSC" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "install.sh: kannel is missing and we are not root; run: apt-get install -y kannel kannel-extras" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine may have no package lists yet.
    if ! apt-cache show kannel >/dev/null 2>&1; then
        apt-get update -qq
    fi
    apt-get install -y -qq kannel kannel-extras >/dev/null
fi

# The package's postinst tries `invoke-rc.d kannel start`; in containers
# policy-rc.d usually refuses, but stop it in case it did start.
if [ -s /var/run/kannel/kannel_bearerbox.pid ] && \
   kill -0 "$(cat /var/run/kannel/kannel_bearerbox.pid)" 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
            systemctl disable --now kannel >/dev/null 2>&1 || true
        else
            /etc/init.d/kannel stop >/dev/null 2>&1 || true
            update-rc.d kannel disable >/dev/null 2>&1 || true
        fi
    else
        echo "install.sh: Debian's kannel service is running (not fatal: we use our own ports)" >&2
    fi
fi

[ -x /usr/sbin/bearerbox ] && [ -x /usr/sbin/smsbox ] && [ -x "$FAKESMSC" ]
