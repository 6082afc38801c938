#!/usr/bin/env bash
# serve_check.sh PROGRAM: runs PROGRAM --port 0, reads the port it prints, and checks that it
# serves a live page and the client bundle; then stops it. Exits non-zero on any failure.
set -euo pipefail
out=$(mktemp)
"$1" --port 0 > "$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
port=""
for _ in $(seq 100); do
  port=$(grep -o 'http://[0-9.]*:[0-9]*' "$out" | sed 's/.*://' || true)
  [[ -n "$port" ]] && break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "serve_check: $1 printed no address:" >&2
  cat "$out" >&2
  exit 1
fi
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$1" "$port" >&3
  cat <&3
  exec 3<&-
}
page=$(get /)
grep -q '^HTTP/1.0 200' <<<"$page" || { echo "serve_check: GET / failed: $page" >&2; exit 1; }
grep -q 'data-phx-main' <<<"$page" || { echo "serve_check: no live view in /" >&2; exit 1; }
bundle=$(get /assets/app.js)
grep -q '^HTTP/1.0 200' <<<"$bundle" || { echo "serve_check: no client bundle: $(head -c 300 <<<"$bundle")" >&2; exit 1; }
grep -q 'phx-' <<<"$bundle" || { echo "serve_check: /assets/app.js is not the client" >&2; exit 1; }
echo "serve_check: $1 served its page and the client bundle on port $port"
