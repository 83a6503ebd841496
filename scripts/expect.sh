#!/usr/bin/env bash
# Usage: scripts/expect.sh LABEL ACTUAL OP EXPECTED, where OP is = or !=.
# One assertion of the e2e workflow: prints "ok: LABEL", or an error annotation and exits 1.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 LABEL ACTUAL (=|!=) EXPECTED" >&2
  exit 2
fi
label=$1 actual=$2 op=$3 expected=$4
case "$op" in
  =) [ "$actual" = "$expected" ] && pass=1 || pass=0 ;;
  !=) [ "$actual" != "$expected" ] && pass=1 || pass=0 ;;
  *)
    echo "$0: OP must be = or !=, got $op" >&2
    exit 2
    ;;
esac
if [ "$pass" = 1 ]; then
  echo "ok: $label"
else
  echo "::error::$label: expected $op '$expected', got '$actual'"
  exit 1
fi
