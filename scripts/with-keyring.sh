#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the Secret Service), so the
# OS-keychain token store is tested for real. Without dbus-run-session/gnome-keyring it runs the command as is
# (the tests then check the refusal and the 0600 file store instead).
set -u
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  exec dbus-run-session -- bash -c 'printf "octo-ci-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' bash "$@"
fi
exec "$@"
