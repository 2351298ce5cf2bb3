#!/usr/bin/env bash
# tests/sh/crash_failio.sh BUILD: with writes and syncs of the database
# failing at random (tests/crash/failio.so), the kiosk shows "Inchecken is
# niet gelukt" instead of confirming, and never crashes.
exec tests/crash/run.sh "${1:-build}" failio
