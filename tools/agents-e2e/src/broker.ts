import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';
import { Background, run, runSync, SYSTEM_PATH, waitFor } from './proc.js';
import { inNs } from './netns.js';

const env = { ...process.env, PATH: SYSTEM_PATH };

/** rabbitmqctl with a bound run time. */
export function rabbitmqctl(...args: string[]): Promise<string> {
  return run('rabbitmqctl', ['-q', ...args], { env, timeoutMs: 60_000 }).then((r) => r.stdout);
}

/** A vhost of the test's own on the local RabbitMQ (guest has every permission on it); deleted by the cleanup. */
export async function createVhost(name: string, cleanup: Cleanup): Promise<void> {
  await rabbitmqctl('add_vhost', name);
  cleanup.add(`rabbitmq vhost ${name}`, () => {
    runSync('rabbitmqctl', ['-q', 'delete_vhost', name], 60_000);
  });
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
}

/** Queues (name, messages, consumers) and bindings of the vhost, as text, for diagnoses. */
export async function brokerState(vhost: string): Promise<string> {
  const queues = await run('rabbitmqctl', ['-q', 'list_queues', '-p', vhost, 'name', 'messages', 'consumers'], { env, timeoutMs: 60_000, allowFailure: true });
  const bindings = await run('rabbitmqctl', ['-q', 'list_bindings', '-p', vhost, 'source_name', 'destination_name', 'routing_key'], {
    env,
    timeoutMs: 60_000,
    allowFailure: true,
  });
  return `# list_queues -p ${vhost} name messages consumers\n${queues.stdout}${queues.stderr}\n# list_bindings -p ${vhost}\n${bindings.stdout}${bindings.stderr}`;
}

/**
 * Makes 127.0.0.1:5672 inside namespace `ns` reach the broker on the root
 * namespace's 127.0.0.1:5672 through a unix socket in `dir` (two socats).
 */
export async function amqpForwarder(ns: string, dir: string, logDir: string, cleanup: Cleanup): Promise<Background[]> {
  const socket = join(dir, 'amqp.sock');
  const outer = new Background('socat-root', 'socat', [`UNIX-LISTEN:${socket},fork,unlink-early`, 'TCP:127.0.0.1:5672'], join(logDir, 'socat-root.log'), {
    cwd: dir,
    env,
  });
  cleanup.add('socat (root namespace)', () => outer.killNow());
  const inner = new Background(
    'socat-ns',
    'nsenter',
    [`--net=/run/netns/${ns}`, '--', 'socat', 'TCP-LISTEN:5672,bind=127.0.0.1,fork,reuseaddr', `UNIX-CONNECT:${socket}`],
    join(logDir, 'socat-ns.log'),
    { cwd: dir, env },
  );
  cleanup.add(`socat (namespace ${ns})`, () => inner.killNow());
  // Bounded: the namespace's 5672 answers AMQP's greeting once both are up.
  await waitFor(
    async () => {
      const r = await inNs(
        ns,
        'bash',
        ['-c', 'exec 3<>/dev/tcp/127.0.0.1/5672 && printf "AMQP\\x00\\x00\\x09\\x01" >&3 && timeout 5 head -c 8 <&3 | od -c | head -1'],
        {
          allowFailure: true,
          timeoutMs: 10_000,
        },
      );
      return r.code === 0 && r.stdout.includes('001') ? true : undefined;
    },
    20_000,
    () => `AMQP not reachable at 127.0.0.1:5672 inside ${ns}`,
    500,
  );
  return [outer, inner];
}

/**
 * The agent-facing queues of the vhost (dhcp_agent*, l3_agent*,
 * q-agent-notifier-*, q-*-plugin*), one line each: name, messages waiting,
 * consumers. What shows whether a notification was ever published to a
 * topic an agent consumes, or is stuck on one nobody does.
 */
export async function brokerSummary(vhost: string): Promise<string> {
  const queues = await run('rabbitmqctl', ['-q', 'list_queues', '-p', vhost, 'name', 'messages', 'consumers', 'messages_unacknowledged'], {
    env,
    timeoutMs: 30_000,
    allowFailure: true,
  });
  const wanted = queues.stdout
    .split('\n')
    .filter((line) => /^(dhcp_agent|l3_agent|q-agent-notifier|q-plugin|q-l3-plugin|q-reports-plugin)/.test(line))
    .map((line) => line.replace(/_fanout_[0-9a-f]+/, '_fanout_<id>'))
    .sort();
  return `broker (vhost ${vhost}; queue, messages, consumers, unacked):\n  ${wanted.join('\n  ') || queues.stderr.trim() || '(no agent queues)'}`;
}
