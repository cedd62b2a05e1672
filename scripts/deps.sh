#!/usr/bin/env bash
# Installs the Debian packages pmsim needs to build, test and report (sourced by
# scripts/run and scripts/test). Only what is missing is installed.
pmsim_packages=(
  cmake g++ make pkg-config git clang-format
  libboost-random-dev libtbb-dev libhdf5-dev libcli11-dev libyaml-cpp-dev
  libbenchmark-dev libgtest-dev libhwy-dev libopenmpi-dev openmpi-bin libxlsxwriter-dev libcsv-dev
  python3-h5py python3-numpy python3-matplotlib
  # tests only: tests/app/cli/report_browser_test.cpp opens the report in headless Chromium
  chromium
)

pmsim_install_deps() {
  local missing=()
  local p
  for p in "${pmsim_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "pmsim: missing Debian packages. As root, run:" >&2
    echo "  apt-get update && $cmd" >&2
    exit 1
  fi
  echo "pmsim: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
