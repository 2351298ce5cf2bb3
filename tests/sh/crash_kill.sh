#!/usr/bin/env bash
# tests/sh/crash_kill.sh BUILD: the kiosk is killed (SIGKILL) at 200 random
# moments of a check-in stream and loses nothing it confirmed
# (tests/crash/run.sh; CRASH_KILLS and CRASH_SEED change the run).
exec tests/crash/run.sh "${1:-build}" kill
