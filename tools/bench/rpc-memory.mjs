#!/usr/bin/env node
// memory:// RPC benchmark for @net-server/rpc: calls per second through
// RpcClient -> memory bus -> RpcServer and back, sequential and with N calls
// in flight, beside a same-run baseline that does the unavoidable work only
// (JSON round trip of request and reply, one await). Needs a built package
// (`cd packages/rpc && npx tsup --config ../../tsup.config.ts`).
// Usage: node tools/bench/rpc-memory.mjs [--calls 20000] [--inflight 64] [--runs 5]
import { parseArgs } from 'node:util';
import { silentLogger } from '@net-server/lib';
import { RpcClient, RpcServer, Target, getRpcTransport } from '@net-server/rpc';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '20000' }, inflight: { type: 'string', default: '64' }, runs: { type: 'string', default: '5' } },
});
const calls = Math.min(Number(values.calls), 200_000);
const inflight = Math.max(1, Math.min(Number(values.inflight), 1024));
const runs = Math.max(1, Math.min(Number(values.runs), 20));

const context = { user_id: 'u1', project_id: 'p1', roles: ['admin'], request_id: 'req-1' };
const args = { agent_id: 'ovs-agent-1', host: 'compute-1', device: 'tap0123456789' };
const endpoint = { get_device_details: (_ctx, a) => ({ device: a.device, network_id: 'n1', admin_state_up: true }) };

async function baselineCall() {
  const request = JSON.parse(JSON.stringify({ context, message: { method: 'get_device_details', args } }));
  const result = await endpoint.get_device_details(request.context, request.message.args);
  return JSON.parse(JSON.stringify({ result })).result;
}

async function drive(call, parallel) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      await call();
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: parallel }, worker));
  return calls / (Number(process.hrtime.bigint() - start) / 1e9);
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const transport = await getRpcTransport(`memory:///bench-${process.pid}`, { logger: silentLogger });
const server = new RpcServer(transport, new Target({ topic: 'q-plugin', server: 'bench' }), [endpoint], { concurrency: inflight });
await server.start();
const client = new RpcClient(transport, new Target({ topic: 'q-plugin' }), { timeoutMs: 60_000 });
const rpcCall = () => client.call(context, 'get_device_details', args);

const rows = [];
for (const parallel of [1, inflight]) {
  const rpc = [];
  const base = [];
  for (let run = 0; run < runs; run += 1) {
    base.push(await drive(baselineCall, parallel));
    rpc.push(await drive(rpcCall, parallel));
  }
  rows.push({
    inFlight: parallel,
    rpcCallsPerSec: Math.round(median(rpc)),
    baselinePerSec: Math.round(median(base)),
    ratio: +(median(base) / median(rpc)).toFixed(1),
  });
}
await server.stop();
await server.wait();
await transport.cleanup();
console.log(JSON.stringify({ bench: 'rpc-memory', calls, runs, node: process.version, rows }, null, 2));
