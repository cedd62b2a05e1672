#!/usr/bin/env bash
# ctest consumer (label slow): pmsim as another CMake project uses it.
#   1. cmake --install BUILD into a temporary prefix; the installed pmsim and pmsim-report run;
#   2. tests/consumer configured with find_package(pmsim) against that prefix, built and run:
#      it parses a scenario and prints its name;
#   3. tests/consumer configured (not built: that would build pmsim again) with
#      add_subdirectory of the sources, which must define no test or benchmark target.
# Usage: consumer_test.sh CMAKE SOURCE_DIR BUILD_DIR
set -euo pipefail
cmake=$1 source_dir=$2 build_dir=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/pmsim-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$cmake" --install "$build_dir" --prefix "$work/prefix" >"$work/install.log"
"$work/prefix/bin/pmsim" --version
"$work/prefix/bin/pmsim-report" --help >/dev/null
test -f "$work/prefix/include/pmsim/pmsim/version.h"
test -f "$work/prefix/include/pmsim/scenario/scenario_yaml.h"

"$cmake" -S "$source_dir/tests/consumer" -B "$work/installed" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
"$cmake" --build "$work/installed" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
name=$("$work/installed/consumer")
echo "consumer (find_package): $name"
[[ $name == "consumer_check (pmsim "* ]]

"$cmake" -S "$source_dir/tests/consumer" -B "$work/subdirectory" -DPMSIM_SOURCE="$source_dir" \
  >"$work/subdirectory.log" || { cat "$work/subdirectory.log"; exit 1; }
echo "consumer (add_subdirectory): configured"
