#!/usr/bin/env bash
# Runs a command and checks its exit status and its output.
#
# usage: expect_exit.sh STATUS REGEX [REGEX...] -- COMMAND [ARGS...]
#
# The command's stdout and stderr (merged) are echoed. Passes when the command exits with
# STATUS and every REGEX (grep -E, matched line by line; GNU back-references allowed) matches
# some line of the output; a REGEX written as !REGEX must match no line. Prints "expect_exit: OK: ..." and exits 0 on success (CTest tests
# use PASS_REGULAR_EXPRESSION "expect_exit: OK"); otherwise prints "expect_exit: FAIL: ..."
# with what it got, and exits 1. Exits 2 on a usage error.
set -u
export LC_ALL=C

if [[ $# -lt 3 ]]; then
  echo "usage: expect_exit.sh STATUS REGEX [REGEX...] -- COMMAND [ARGS...]" >&2
  exit 2
fi
want=$1
shift
if ! [[ $want =~ ^[0-9]+$ ]]; then
  echo "expect_exit: STATUS must be a number, got '$want'" >&2
  exit 2
fi
regexes=()
while [[ $# -gt 0 && $1 != -- ]]; do
  regexes+=("$1")
  shift
done
if [[ $# -lt 2 || ${#regexes[@]} -eq 0 ]]; then
  echo "usage: expect_exit.sh STATUS REGEX [REGEX...] -- COMMAND [ARGS...]" >&2
  exit 2
fi
shift  # --

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "expect_exit: running: $*"
"$@" </dev/null >"$out" 2>&1
got=$?
cat "$out"

problems=()
[[ $got -eq $want ]] || problems+=("exit status $got, expected $want")
for re in "${regexes[@]}"; do
  if [[ $re == '!'* ]]; then
    ! grep -E -q -e "${re:1}" "$out" || problems+=("output matches /${re:1}/, which it must not")
  else
    grep -E -q -e "$re" "$out" || problems+=("output does not match /$re/")
  fi
done

if [[ ${#problems[@]} -eq 0 ]]; then
  echo "expect_exit: OK: exit status $got and output matched ${#regexes[@]} pattern(s)"
  exit 0
fi
echo "expect_exit: FAIL: $(IFS=';'; echo "${problems[*]}")"
echo "expect_exit: (the command's output is above, between the 'running' line and this one)"
exit 1
