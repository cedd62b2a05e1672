#!/usr/bin/env bash
# Configures and builds pmsim in DIR with BUILD_TYPE (sourced by scripts/run, scripts/test
# and scripts/bench). The compiler's output goes to DIR.build.log and is shown only when
# the build fails.
pmsim_build() {
  local dir=$1 type=$2
  shift 2
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  mkdir -p "$(dirname "$dir")"
  echo "pmsim: building $type in $dir" >&2
  if ! cmake -S "$PMSIM_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >"$dir.build.log" 2>&1 ||
     ! cmake --build "$dir" -j "$jobs" ${PMSIM_BUILD_TARGETS:+--target $PMSIM_BUILD_TARGETS} >>"$dir.build.log" 2>&1; then
    cat "$dir.build.log" >&2
    echo "pmsim: build failed (log: $dir.build.log)" >&2
    exit 1
  fi
}
