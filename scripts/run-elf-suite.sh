#!/usr/bin/env bash
# Runs every ELF program in a folder on the simulator and reports the result.
#
# usage: scripts/run-elf-suite.sh [--sim PATH] [--timeout SEC] [--jobs N]
#                                 [--tail N] [--logs DIR] DIR [-- extra uintrsim args]
#
# Each ELF file directly inside DIR (files starting with the ELF magic, taken
# in byte-wise sorted name order) is run as
#     <sim> --elf <file> [extra uintrsim args]
# with stdin from /dev/null, up to N at a time, each under a timeout.
# A program passes when the simulator exits with status 0.
#
# Output (stdout), in sorted name order whatever order the jobs finish in:
#   one line per failing program:
#     FAIL <name>: exit <status>[ (<reason>)]: <last output lines, joined by " | ">
#   then, as the last line:
#     <N> passed, <M> failed
# Exit status: 0 if M == 0 and N > 0; 1 otherwise; 2 on a usage error.
#
# Options:
#   --sim PATH     simulator binary (default: build/bin/uintrsim in the repo)
#   --timeout SEC  per-program time limit, in seconds (default 20)
#   --jobs N       programs run in parallel (default: nproc)
#   --tail N       output lines shown per failure (default 3; 0 shows none)
#   --logs DIR     also keep each program's full output as DIR/<name>.log
set -uo pipefail
export LC_ALL=C

prog=${0##*/}
script_dir=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo_root=$(cd "$script_dir/.." && pwd)

usage() {
  sed -n '4,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "see the header of $prog for details"
}
die_usage() { echo "$prog: $*" >&2; usage >&2; exit 2; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

sim="$repo_root/build/bin/uintrsim"
timeout_s=20
jobs=$(nproc 2>/dev/null || echo 1)
tail_n=3
logs_dir=""
dir=""
extra=()

while [ $# -gt 0 ]; do
  case $1 in
    --sim)      [ $# -ge 2 ] || die_usage "--sim needs a value"; sim=$2; shift 2 ;;
    --sim=*)    sim=${1#*=}; shift ;;
    --timeout)  [ $# -ge 2 ] || die_usage "--timeout needs a value"; timeout_s=$2; shift 2 ;;
    --timeout=*) timeout_s=${1#*=}; shift ;;
    --jobs|-j)  [ $# -ge 2 ] || die_usage "--jobs needs a value"; jobs=$2; shift 2 ;;
    --jobs=*)   jobs=${1#*=}; shift ;;
    --tail)     [ $# -ge 2 ] || die_usage "--tail needs a value"; tail_n=$2; shift 2 ;;
    --tail=*)   tail_n=${1#*=}; shift ;;
    --logs)     [ $# -ge 2 ] || die_usage "--logs needs a value"; logs_dir=$2; shift 2 ;;
    --logs=*)   logs_dir=${1#*=}; shift ;;
    -h|--help)  usage; exit 0 ;;
    --)         shift; extra=("$@"); break ;;
    -*)         die_usage "unknown option: $1" ;;
    *)          [ -z "$dir" ] || die_usage "only one DIR may be given (extra simulator args go after --)"
                dir=$1; shift ;;
  esac
done

[ -n "$dir" ] || die_usage "missing DIR"
[ -d "$dir" ] || die_usage "not a directory: $dir"
if ! is_uint "$jobs" || [ "$jobs" -lt 1 ]; then
  die_usage "--jobs must be a positive integer: $jobs"
fi
if ! [[ $timeout_s =~ ^[0-9]+(\.[0-9]+)?$ && $timeout_s =~ [1-9] ]]; then
  die_usage "--timeout must be a positive number of seconds: $timeout_s"
fi
is_uint "$tail_n" || die_usage "--tail must be a non-negative integer: $tail_n"
if [ ! -f "$sim" ] || [ ! -x "$sim" ]; then
  echo "$prog: simulator not found or not executable: $sim" >&2
  exit 2
fi
if [ -n "$logs_dir" ]; then
  mkdir -p "$logs_dir" || { echo "$prog: cannot create $logs_dir" >&2; exit 2; }
fi

# Collect ELF files, sorted byte-wise (LC_ALL=C makes the glob sort that way).
elfs=()
shopt -s nullglob dotglob
for f in "$dir"/*; do
  if [ ! -f "$f" ] || [ ! -r "$f" ]; then continue; fi
  magic=""
  IFS= read -r -n 4 magic < "$f" 2>/dev/null || true
  [ "$magic" = $'\x7fELF' ] && elfs+=("$f")
done
shopt -u nullglob dotglob

work=$(mktemp -d "${TMPDIR:-/tmp}/run-elf-suite.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One job: run item "<index>:<path>"; leaves <index>.out and <index>.rc in $work.
# Arguments: sim timeout work extra... item   (xargs appends the item).
# shellcheck disable=SC2016  # expanded by the job's own bash
run_one='
  exec 2>/dev/null   # no "Segmentation fault" chatter from this shell
  sim=$1 t=$2 work=$3; shift 3
  item=${!#}; extra=("${@:1:$#-1}")
  idx=${item%%:*} path=${item#*:}
  timeout -k 5 "$t" "$sim" --elf "$path" "${extra[@]}" \
    > "$work/$idx.out" 2>&1 < /dev/null
  echo $? > "$work/$idx.rc"
'

if [ ${#elfs[@]} -gt 0 ]; then
  for i in "${!elfs[@]}"; do printf '%s:%s\0' "$i" "${elfs[$i]}"; done \
    | xargs -0 -n 1 -P "$jobs" bash -c "$run_one" run-one \
        "$sim" "$timeout_s" "$work" "${extra[@]}"
fi

passed=0
failed=0
for i in "${!elfs[@]}"; do
  name=${elfs[$i]##*/}
  out="$work/$i.out"
  rc=""
  [ -f "$work/$i.rc" ] && read -r rc < "$work/$i.rc"
  [ -n "$logs_dir" ] && [ -f "$out" ] && cp "$out" "$logs_dir/$name.log"
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1))
    continue
  fi
  failed=$((failed + 1))
  reason=""
  case $rc in
    "")  rc="?"; reason="not run" ;;
    124) reason="timeout after ${timeout_s}s" ;;
    126) reason="cannot execute simulator" ;;
    127) reason="simulator not found" ;;
    137) reason="killed after timeout" ;;
    *)   if [ "$rc" -gt 128 ] 2>/dev/null; then
           sig=$(kill -l $((rc - 128)) 2>/dev/null) && reason="signal SIG$sig"
         fi ;;
  esac
  line="FAIL $name: exit $rc${reason:+ ($reason)}"
  if [ "$tail_n" -gt 0 ]; then
    tail_txt=""
    if [ -s "$out" ]; then
      while IFS= read -r l; do
        tail_txt+="${tail_txt:+ | }$l"
      done < <(tail -n "$tail_n" "$out" | tr -d '\r' | tr '\000-\010\013-\037' '?' | cut -c 1-200)
    fi
    line+=": ${tail_txt:-(no output)}"
  fi
  printf '%s\n' "$line"
done

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
