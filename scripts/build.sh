#!/usr/bin/env bash
# Configures and builds pmsim in DIR with BUILD_TYPE (sourced by scripts/run and scripts/test).
pmsim_build() {
  local dir=$1 type=$2
  shift 2
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  cmake -S "$PMSIM_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log" >&2; echo "pmsim: cmake configure failed" >&2; exit 1; }
  cmake --build "$dir" -j "$jobs"
}
