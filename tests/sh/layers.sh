#!/usr/bin/env bash
# tests/sh/layers.sh [BUILD]: the rules between the layers (HACKING.md,
# "Rules between the layers"), read from the #include lines. Each broken
# rule prints one line: "layer rule broken: <rule>: <file>:<line>: <include>".
# `make check` runs it, and so does tests/run.sh. Exit 1 when one is broken.
set -u
cd "$(dirname "$0")/../.." || exit 1
shopt -s nullglob
broken=0

# The headers of libc and POSIX, all that a leaf in base/ may include.
LIBC='<(assert|ctype|dirent|dlfcn|errno|fcntl|inttypes|limits|locale|math|pthread|signal|stdarg|stdbool|stddef|stdint|stdio|stdlib|string|strings|time|unistd|sys/[a-z]+)\.h>'

# rule TEXT FORBIDDEN ALLOWED FILE...: an #include of a header (with its
# quotes or brackets) that matches the regex FORBIDDEN and not ALLOWED
# breaks the rule.
rule() {
    local text=$1 forbidden=$2 allowed=$3 file line header
    shift 3
    [ $# -gt 0 ] || return 0
    while IFS=: read -r file line header; do
        [[ $header =~ ^($forbidden)$ ]] || continue
        [ -n "$allowed" ] && [[ $header =~ ^($allowed)$ ]] && continue
        echo "layer rule broken: $text: $file:$line: #include $header"
        broken=1
    done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$@" |
             sed -E 's/^([^:]*:[0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1:\2/')
}

rule "base/ uses libc only and includes nothing of ours but base/" \
    '.*' "\"base/[^\"]*\"|$LIBC" base/*.[ch]
rule "db/ includes db/, base/ and its libraries, never ui/, firmware/ or SDL" \
    '"(ui|firmware|tests)/.*"|<SDL.*>' '' db/*.[ch]
rule "ui/ draws from plain values: it includes ui/ and base/, never db/ or firmware/" \
    '"(db|firmware|tests)/.*"' '' ui/*.[ch]
rule "ui/cards_pdf draws with cairo only, never SDL (the command line uses it)" \
    '<SDL.*>' '' ui/cards_pdf.[ch]
hardware=(firmware/buttons*.[ch] firmware/debounce.[ch] firmware/usb.[ch] firmware/displays.[ch]
          firmware/watchdog.[ch] firmware/abspointer.[ch])
pure=(firmware/card.[ch] firmware/card_keyfile.[ch] firmware/scanner.[ch] firmware/config.[ch]
      firmware/script.[ch] firmware/backup.[ch])
rule "the hardware parts and the pure modules of firmware/ never include SDL, ui/ or the app" \
    '<SDL.*>|"ui/.*"|"firmware/(app|app_internal|flow|presenter|headless)\.h"' '' \
    "${hardware[@]}" "${pure[@]}"
inside=()
for f in firmware/*.[ch]; do
    case $f in firmware/app.c|firmware/app_internal.h|firmware/flow_*.c) ;;
    # the parts of flows: teacher mode's pages, the student's screens, the dossier
    firmware/teacher*.[ch]|firmware/student*.[ch]|firmware/dossier.[ch]) ;;
    *) inside+=("$f") ;; esac
done
rule "only app.c and the flows include the app's insides (app_internal.h); the presenter gets a screen and a view" \
    '"firmware/app_internal\.h"' '' "${inside[@]}"
rule "the admin commands never include SDL or the screens: from ui/ only cards_pdf.h" \
    '<SDL.*>|"ui/.*"|"firmware/(app|app_internal|flow|presenter)\.h"' '"ui/cards_pdf\.h"' \
    firmware/cli*.[ch] firmware/cards.[ch]
others=()
for f in base/*.[ch] db/*.[ch] ui/*.[ch] firmware/*.[ch]; do
    case $f in firmware/buttons_gpiod*.c) ;; *) others+=("$f") ;; esac
done
rule "only the buttons backend firmware/buttons_gpiod*.c includes <gpiod.h>" \
    '<gpiod\.h>' '' "${others[@]}"

[ "$broken" -eq 0 ] && echo "layer rules hold"
exit "$broken"
