#!/usr/bin/env bash
# The large fuzz runs: 10,000 random and malformed HTTP requests per database
# (SQLite, PostgreSQL and MariaDB) against the DB base plugin's API, and 10,000
# malformed and random RPC messages on every topic ML2 and L3 consume, over
# RabbitMQ. CI runs the same tests at a size that fits; this is the full size.
# Needs the services the test suite needs and the built packages
# (`npx --yes pnpm@10.34.9 build`). A different seed: NET_SERVER_FUZZ_SEED=<n>.
# Usage: tools/fuzz/run.sh [requests-and-messages, default 10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-10000}
NET_SERVER_FUZZ_REQUESTS=$count NET_SERVER_FUZZ_SECONDS=600 npx vitest run packages/net-server/test/api/fuzz.test.ts
NET_SERVER_RPC_FUZZ_MESSAGES=$count NET_SERVER_RPC_FUZZ_SECONDS=600 npx vitest run tools/server/test/rpc-fuzz.test.ts
