#!/usr/bin/env bash
# Benchmarks the pages at province scale beside a ceiling page (docs/performance.md).
# Builds Release, generates the dataset once (or reuses it), starts the app on 127.0.0.1 against a copy of it in the
# benchmark configuration, signs in, warms up, loads each page with wrk at 32 connections and prints requests/s,
# latency percentiles, non-2xx answers and the ratio to the ceiling; then the app's peak memory and the time of one
# full supervision evaluation and of one ranking computation. With several runs it prints each run and the medians.
#
# Usage: scripts/bench.sh [--smoke] [--runs N] [--duration SECONDS] [--connections N] [--data DIR] [--regenerate] [--out FILE]
#                         [--only PATTERN] [--no-timings]
#   --smoke       tiny dataset, a few seconds per page, one run (CI): fails only when the script or a page is broken
#   --runs N      measure N times, each on a fresh copy of the dataset with a fresh app, and print the medians (default 3)
#   --data DIR    where datasets live (default: $BENCH_DATA or the system temp folder); never inside the repo
#   --out FILE    also write the results table (TSV) to FILE
#   --only PATTERN  load only the pages whose name matches the extended regex (the ceiling always runs), for example
#                 'dashboard|submission' while working on those
#   --no-timings  skip the supervision evaluation and the ranking computation
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

scale=full
duration=10
warmup=3
connections=32
threads=2
data="${BENCH_DATA:-${TMPDIR:-/tmp}/reformtracker-bench}"
regenerate=0
runs=""
out=""
only=""
timings=1
while (($#)); do
  case "$1" in
    --smoke) scale=smoke; duration=3; warmup=1 ;;
    --runs) runs="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --data) data="$2"; shift ;;
    --regenerate) regenerate=1 ;;
    --out) out="$2"; shift ;;
    --only) only="$2"; shift ;;
    --no-timings) timings=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$runs" ]; then
  runs=3
  [ "$scale" = smoke ] && runs=1
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

work="$(mktemp -d)"
app_pid=""
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
cleanup() {
  stop_app
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "== build (Release)"
dotnet build src/ReformTracker.Web -c Release -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dll="$repo/src/ReformTracker.Web/bin/Release/net10.0/ReformTracker.Web.dll"
# Commands come first: the app takes the first argument that is not an option as the command.
app() { local command="$1"; shift; (cd "$work" && dotnet "$dll" "$command" --environment Development --contentRoot "$repo/src/ReformTracker.Web/bin/Release/net10.0" "$@"); }

mkdir -p "$data"
dataset="$data/$scale.db"
if [ "$regenerate" = 1 ] || [ ! -s "$dataset" ]; then
  echo "== generate the $scale dataset into $dataset"
  app generate-dataset --out "$dataset" --scale "$scale"
else
  echo "== reuse $dataset (--regenerate to build it again)"
fi
db="$work/bench.db"

# The benchmark configuration: the ceiling page on, no demo seeding, no background supervision run during the load,
# warnings-only logging, and a login rate limit that lets the script sign in its reporters.
settings=(
  --Database:Provider=Sqlite "--Database:ConnectionString=Data Source=$db" --Database:MigrateOnStartup=true
  --Database:SeedDemoData=false --Supervision:Enabled=false --Benchmark:Enabled=true
  --Security:LoginAttemptsPerMinutePerAddress=100000
  --Serilog:MinimumLevel:Default=Warning --Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information
  "--Evidence:Folder=$work/evidence"
)

password="Bench2026rt"
# Signs a user in with a cookie jar of its own, then opens one page with it as a browser would (which settles the cookies).
sign_in() {
  local user="$1" jar="$work/$1.jar" page token
  rm -f "$jar"
  page="$(curl -sf -c "$jar" -b "$jar" "$base/account/login")"
  token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$page" | awk 'NR == 1' | sed -E 's/.*value="([^"]+)"/\1/')"
  curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "UserName=$user" --data-urlencode "Password=$password" "$base/account/login"
  grep -q 'rt.auth' "$jar" || { echo "sign-in of $user failed" >&2; return 1; }
}
# A session is revalidated every 30 s, after which the app renews the sign-in cookie; a browser keeps the renewed one.
refresh() { curl -sf -o /dev/null -c "$work/$1.jar" -b "$work/$1.jar" "$base/benchmark/ceiling"; }
cookie_header() { awk 'BEGIN{ORS=""} !/^#/ || /^#HttpOnly_/ { if (NF >= 7) { printf "%s%s=%s", sep, $6, $7; sep="; " } }' "$1"; }
form_token() { grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' | awk 'NR == 1' | sed -E 's/.*value="([^"]+)"/\1/'; }

failures=0
# Loads one page with wrk and appends its line to the run's results; the first page measured (the ceiling) sets the ratio.
measure() {
  local name="$1" results="$2" line requests seconds rps p50 p95 p99 failed timeouts ratio
  shift 2
  line="$(wrk "$@" | grep '^BENCH' || true)"
  [ -n "$line" ] || { echo "   $name: wrk produced no result" >&2; failures=$((failures + 1)); return; }
  requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")"
  seconds="$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$line")"
  p50="$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$line")"
  p95="$(sed -E 's/.*p95=([0-9.]+).*/\1/' <<<"$line")"
  p99="$(sed -E 's/.*p99=([0-9.]+).*/\1/' <<<"$line")"
  failed="$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$line")"
  timeouts="$(sed -E 's/.*timeouts=([0-9]+).*/\1/' <<<"$line")"
  rps="$(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')"
  [ -z "$ceiling_rps" ] && ceiling_rps="$rps"
  ratio="$(awk -v r="$rps" -v c="$ceiling_rps" 'BEGIN { printf "%.0f", (c > 0 ? 100 * r / c : 0) }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p95" "$p99" "$failed" "$timeouts" "$ratio" >>"$results"
  printf '   %-32s %7s req/s  p50 %7s ms  p95 %7s ms  p99 %7s ms  non-2xx %s  timeouts %s  %s%% of ceiling\n' \
    "$name" "$rps" "$p50" "$p95" "$p99" "$failed" "$timeouts" "$ratio"
  # Slowness (timeouts, low rates) never fails the run; an error answer does, because it means a broken page.
  [ "$failed" = 0 ] || failures=$((failures + 1))
}

# One run: a fresh copy of the dataset (submission adds reports), a fresh app, every page, then the timed computations.
run_once() {
  local run="$1" results="$work/run$1.tsv" extras="$work/run$1.extra"
  cp "$dataset" "$db"
  rm -f "$db-wal" "$db-shm"
  : >"$extras"
  echo "== run $run of $runs: start the app on 127.0.0.1 (migrating the copy if needed)"
  (cd "$work" && exec dotnet "$dll" --environment Development --contentRoot "$repo/src/ReformTracker.Web/bin/Release/net10.0" \
    --urls http://127.0.0.1:0 "${settings[@]}" >"$work/app.log" 2>&1) &
  app_pid=$!
  base=""
  for _ in $(seq 1 600); do
    base="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/app.log" | awk 'NR == 1' || true)"
    [ -n "$base" ] && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; echo "the app stopped" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$base" ] || { cat "$work/app.log"; echo "the app did not start" >&2; exit 1; }
  case "$base" in http://127.0.0.1:*) ;; *) echo "refusing to target $base" >&2; exit 1 ;; esac
  # The dotnet host runs the app in this process (no child), so /proc/$app_pid is the app.
  echo "   $base (pid $app_pid)"

  echo "== sign in"
  sign_in leader
  refresh leader
  local reporters=130 entries="$work/entries.lua" warm_entries="$work/warm-entries.lua" pairs=0 inbox_user="" inbox_cookie="" user inbox cookie token period task n
  [ "$scale" = smoke ] && reporters=20
  local -a filers=()
  : >"$work/pairs.txt"
  for n in $(seq 1 "$reporters"); do
    user="$(printf 'r%04d' "$n")"
    sign_in "$user"
    # Sign-in replaces the antiforgery cookie; the inbox sets the new one that goes with the page's token.
    inbox="$(curl -sf -c "$work/$user.jar" -b "$work/$user.jar" "$base/reports/inbox")"
    token="$(form_token <<<"$inbox")"
    # The open month's tasks without a report yet: each can be filed and submitted exactly once.
    period="$(grep -oE 'href="/tasks/[0-9]+/reports/[0-9]{4}-[0-9]{2}" class="link-body-emphasis"' <<<"$inbox" | awk 'NR == 1' | grep -oE '[0-9]{4}-[0-9]{2}' || true)"
    [ -z "$inbox_user" ] && [ -n "$period" ] && inbox_user="$user"
    [ -n "$period" ] && filers+=("$user")
    for task in $(grep -oE 'form="carry-many" name="taskIds" value="[0-9]+"' <<<"$inbox" | grep -oE '[0-9]+"$' | tr -d '"'); do
      printf '%s\t%s\t/tasks/%s/reports/%s\n' "$user" "$token" "$task" "$period" >>"$work/pairs.txt"
      pairs=$((pairs + 1))
    done
  done
  echo "   leader, $reporters reporters; $pairs (task, month) pairs open for submission"
  [ -n "$inbox_user" ] || { echo "no reporter has an open month to file" >&2; exit 1; }

  local task_id unit_id
  task_id="$(curl -sf -b "$work/leader.jar" "$base/tasks?status=InProgress&sort=-due" | grep -oE 'href="/tasks/[0-9]+"' | awk 'NR == 1' | grep -oE '[0-9]+')"
  unit_id="${inbox_user#r}"; unit_id=$((10#$unit_id))
  local -a pages=(
    "ceiling|/benchmark/ceiling|leader"
    "dashboard|/dashboard|leader"
    "ranking|/ranking|leader"
    "task list (unit, status, sort)|/tasks?unit=$unit_id&status=InProgress&sort=due|leader"
    "task list (office, light)|/tasks?office=3&light=Red|leader"
    "task detail|/tasks/$task_id|leader"
    "reporter inbox|/reports/inbox|$inbox_user"
  )

  printf 'page\treq/s\tp50 ms\tp95 ms\tp99 ms\tnon-2xx\ttimeouts\tratio %%\n' >"$results"
  ceiling_rps=""
  echo "== load each page for ${duration}s at $connections connections (after ${warmup}s of warm-up)"
  local entry name path rest who status
  for entry in "${pages[@]}"; do
    name="${entry%%|*}"; rest="${entry#*|}"; path="${rest%%|*}"; who="${rest#*|}"
    if [ -n "$only" ] && [ "$name" != ceiling ] && ! grep -qE "$only" <<<"$name"; then continue; fi
    refresh "$who"
    cookie="$(cookie_header "$work/$who.jar")"
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$path")"
    if [ "$status" != 200 ]; then
      echo "   $name: $path answered $status" >&2
      failures=$((failures + 1))
      continue
    fi
    wrk -t "$threads" -c "$connections" -d "${warmup}s" -s scripts/bench/get.lua "$base$path" -- "$cookie" >/dev/null
    measure "$name" "$results" --timeout 30s -t "$threads" -c "$connections" -d "${duration}s" --latency -s scripts/bench/get.lua "$base$path" -- "$cookie"
  done

  if [ -z "$only" ] || grep -qE "$only" <<<"report submission"; then
    # Submission posts with each reporter's session as it stands now (renewed just before, so no revalidation inside 30 s).
    # A (task, month) pair can be submitted once, so the warm-up (as long as every page's) files the pairs of a quarter
    # of the reporters and the measurement those of the rest.
    local warm_from=$(( ${#filers[@]} - ${#filers[@]} / 4 )) i file
    echo "return {" >"$entries"
    echo "return {" >"$warm_entries"
    for i in "${!filers[@]}"; do
      user="${filers[$i]}"
      file="$entries"
      ((i >= warm_from)) && file="$warm_entries"
      refresh "$user"
      cookie="$(cookie_header "$work/$user.jar")"
      awk -F '\t' -v u="$user" -v c="$cookie" '$1 == u { printf "  { cookie = \"%s\", token = \"%s\", path = \"%s\" },\n", c, $2, $3 }' "$work/pairs.txt" >>"$file"
    done
    echo "}" >>"$entries"
    echo "}" >>"$warm_entries"
    wrk -t "$threads" -c "$connections" -d "${warmup}s" -s scripts/bench/submit.lua "$base" -- "$warm_entries" "$threads" >/dev/null
    measure "report submission" "$results" --timeout 30s -t "$threads" -c "$connections" -d "${duration}s" -s scripts/bench/submit.lua "$base" -- "$entries" "$threads"
  fi

  local peak_kb
  peak_kb="$(awk '/^VmHWM/ { print $2 }' "/proc/$app_pid/status")"
  echo "   peak memory of the app (VmHWM): $((peak_kb / 1024)) MB"
  printf 'memory\t%s\n' "$((peak_kb / 1024))" >>"$extras"
  stop_app

  [ "$timings" = 1 ] || return 0
  echo "== full supervision evaluations (a catch-up run, then repeats) and ranking computations (after warm-up) over the whole dataset"
  app time-supervision "${settings[@]}" | grep -E '^supervision-evaluation' | tee -a "$work/timings.txt" | sed 's/^/   /' \
    || { echo "time-supervision failed" >&2; failures=$((failures + 1)); }
  app time-ranking "${settings[@]}" | grep -E '^ranking-computation' | tee -a "$work/timings.txt" | sed 's/^/   /' \
    || { echo "time-ranking failed" >&2; failures=$((failures + 1)); }
}

: >"$work/timings.txt"
for run in $(seq 1 "$runs"); do
  run_once "$run"
done

# The medians over the runs: of each page's figures, of the peak memory, and of each timed computation.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
summary="$work/summary.tsv"
printf 'page\treq/s\tp50 ms\tp95 ms\tp99 ms\tnon-2xx\ttimeouts\tratio %%\n' >"$summary"
while IFS= read -r name; do
  line="$name"
  for column in 2 3 4 5; do
    line+="$(printf '\t%s' "$(awk -F '\t' -v n="$name" -v c="$column" 'FNR > 1 && $1 == n { print $c }' "$work"/run*.tsv | median)")"
  done
  for column in 6 7; do
    line+="$(printf '\t%s' "$(awk -F '\t' -v n="$name" -v c="$column" 'FNR > 1 && $1 == n { s += $c } END { print s + 0 }' "$work"/run*.tsv)")"
  done
  line+="$(printf '\t%s' "$(awk -F '\t' -v n="$name" 'FNR > 1 && $1 == n { print $8 }' "$work"/run*.tsv | median)")"
  printf '%s\n' "$line" >>"$summary"
done < <(awk -F '\t' 'NR > 1 { print $1 }' "$work/run1.tsv")
memory="$(awk -F '\t' '$1 == "memory" { print $2 }' "$work"/run*.extra | median)"
figure() { grep -E "^$1" "$work/timings.txt" | grep -E "$2" | sed -E 's/.*ms=([0-9]+).*/\1/' | median; }

{
  echo
  echo "scale $scale, $runs run(s), ${duration}s per page, $connections connections, $(nproc) cores"
  [ "$runs" -gt 1 ] && echo "medians over the runs (non-2xx and timeouts: totals)"
  awk -F '\t' '{ printf "%-32s %8s %8s %8s %8s %8s %8s %8s\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$summary"
  echo "peak memory of the app: ${memory} MB"
  echo "full supervision evaluation: catch-up $(figure supervision-evaluation 'run=1 ') ms, repeat $(figure supervision-evaluation 'run=([2-9]|[1-9][0-9]) ') ms (median of the repeats)"
  echo "one ranking computation: $(figure ranking-computation .) ms (median of the timed runs)"
} | tee "$work/summary.txt"
[ -z "$out" ] || cp "$summary" "$out"

if [ "$failures" -gt 0 ]; then
  echo "FAILED: $failures page(s) or computations answered with errors or produced no result" >&2
  exit 1
fi
