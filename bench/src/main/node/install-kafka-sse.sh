#!/usr/bin/env bash
# Installs Wikimedia's kafka-sse 0.4.2 (and node-rdkafka, which compiles librdkafka: ~3 min on 2 cores)
# into a cache outside the repository. Idempotent: a finished install is reused.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${PULSE_BENCH_CACHE:-$HOME/.cache/pulse-bench}/kafka-sse"
if [[ -f "$dir/node_modules/kafka-sse/package.json" && -f "$dir/.installed" ]]; then
  echo "kafka-sse already installed in $dir"; exit 0
fi
command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm not found" >&2; exit 3; }
missing=()
for p in build-essential python3 libssl-dev zlib1g-dev libsasl2-dev liblz4-dev libzstd-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
mkdir -p "$dir"
cp "$here/package.json" "$dir/"
cd "$dir"
npm install --no-audit --no-fund --loglevel=error
touch .installed
echo "kafka-sse installed in $dir"
