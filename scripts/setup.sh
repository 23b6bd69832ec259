#!/usr/bin/env bash
# scripts/setup.sh - set vexil up on a fresh Debian 12 machine and run the main job on the
# bundled example: install the Debian packages, build into ./build, then `vexil demo -o out`,
# which writes the example's whole evidence set into ./out.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
vx_install_deps
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "built ./build/vexil"
exec ./build/vexil demo -o out
