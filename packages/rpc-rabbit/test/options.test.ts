import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTransportUrl } from '@net-server/rpc';
import { InvalidRabbitOption, defaultRabbitOptions } from '@net-server/rpc-rabbit';
import { describe, expect, it } from 'vitest';
import { brokerEndpoints, maskSecrets, urlSecrets } from '../src/broker-endpoints.js';
import { parseRabbitOptions } from '../src/options.js';
import { ReconnectSchedule } from '../src/reconnect-schedule.js';

describe('rabbit options', () => {
  it("uses oslo.messaging's defaults", () => {
    const { options } = parseRabbitOptions({}, {});
    // The values documented in oslo.messaging 14's impl_rabbit / amqp option lists.
    const oslo: Array<[string, unknown]> = [
      ['amqp_durable_queues', false],
      ['amqp_auto_delete', false],
      ['rabbit_ha_queues', false],
      ['rabbit_quorum_queue', false],
      ['rabbit_transient_queues_ttl', 1800],
      ['rabbit_qos_prefetch_count', 0],
      ['heartbeat_timeout_threshold', 60],
      ['heartbeat_rate', 2],
      ['rabbit_retry_interval', 1],
      ['rabbit_retry_backoff', 2],
      ['rabbit_interval_max', 30],
      ['kombu_failover_strategy', 'round-robin'],
      ['ssl', false],
      ['rpc_response_timeout', 60],
    ];
    expect(Object.entries(options)).toEqual(expect.arrayContaining(oslo));
    expect(options).toEqual({ ...defaultRabbitOptions });
  });

  it('reads configured options and lets the URL query win, converting strings as oslo.config does', () => {
    const { options, unknownQueryKeys } = parseRabbitOptions(
      { amqp_durable_queues: 'yes', rabbit_qos_prefetch_count: 10, heartbeat_timeout_threshold: '30', other_driver_option: 'x' },
      { rabbit_qos_prefetch_count: '64', kombu_failover_strategy: 'SHUFFLE', kombu_ssl_ca_certs: '/ca.pem', typo_option: '1' },
    );
    expect(options.amqp_durable_queues).toBe(true);
    expect(options.rabbit_qos_prefetch_count).toBe(64);
    expect(options.heartbeat_timeout_threshold).toBe(30);
    expect(options.kombu_failover_strategy).toBe('shuffle');
    expect(options.ssl_ca_file).toBe('/ca.pem');
    expect(unknownQueryKeys).toEqual(['typo_option']);
  });

  it('rejects bad values with the option, the value and what is expected', () => {
    expect(() => parseRabbitOptions({ rabbit_transient_queues_ttl: 0 }, {})).toThrow(InvalidRabbitOption);
    expect(() => parseRabbitOptions({}, { amqp_durable_queues: 'maybe' })).toThrow(
      /Invalid value "maybe" for rabbit option amqp_durable_queues \(from transport_url query\): expected a boolean/,
    );
    expect(() => parseRabbitOptions({ rabbit_qos_prefetch_count: '1.5' }, {})).toThrow(/expected an integer/);
    expect(() => parseRabbitOptions({ kombu_failover_strategy: 'random' }, {})).toThrow(/one of round-robin, shuffle/);
    expect(() => parseRabbitOptions({ rabbit_quorum_queue: true, rabbit_ha_queues: true }, {})).toThrow(/quorum or mirrored, not both/);
  });
});

describe('broker endpoints', () => {
  it('builds one endpoint per host with credentials, vhost, heartbeat and connection name', () => {
    const url = parseTransportUrl('rabbit://alice:s3cret@h1:5673,bob:pw2@h2/my%2Fvhost');
    const { options } = parseRabbitOptions({ heartbeat_timeout_threshold: 20 }, {});
    const endpoints = brokerEndpoints(url, options, 'proc:1:abc');
    expect(endpoints.map((endpoint) => endpoint.label)).toEqual(['alice@h1:5673/my/vhost', 'bob@h2:5672/my/vhost']);
    expect(endpoints[0]?.connect).toMatchObject({ protocol: 'amqp', hostname: 'h1', port: 5673, heartbeat: 20, vhost: 'my%2Fvhost' });
    expect(endpoints[0]?.socket['clientProperties']).toMatchObject({ connection_name: 'proc:1:abc' });
    expect(endpoints[0]?.socket['credentials']).toMatchObject({ mechanism: 'AMQPLAIN', username: 'alice' });
    expect(JSON.stringify(endpoints.map((endpoint) => endpoint.label))).not.toContain('s3cret');
    expect(maskSecrets('refused for alice:s3cret and pw2', urlSecrets(url))).toBe('refused for alice:**** and ****');
  });

  it('defaults to guest on localhost and the root vhost', () => {
    const [endpoint] = brokerEndpoints(parseTransportUrl('rabbit://'), parseRabbitOptions({}, {}).options, 'n');
    expect(endpoint?.label).toBe('guest@localhost:5672/');
    expect(endpoint?.connect.vhost).toBe('%2F');
  });

  it('turns on TLS with the CA, certificate and key files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rpc-rabbit-tls-'));
    for (const name of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, name), `-----${name}-----`);
    const { options } = parseRabbitOptions(
      { ssl: true, ssl_ca_file: join(dir, 'ca.pem'), ssl_cert_file: join(dir, 'cert.pem'), ssl_key_file: join(dir, 'key.pem') },
      {},
    );
    const [endpoint] = brokerEndpoints(parseTransportUrl('rabbit://u:p@broker'), options, 'n');
    expect(endpoint?.connect).toMatchObject({ protocol: 'amqps', port: 5671 });
    expect(String(endpoint?.socket['ca'])).toBe('-----ca.pem-----');
    expect(String(endpoint?.socket['cert'])).toBe('-----cert.pem-----');
    expect(String(endpoint?.socket['key'])).toBe('-----key.pem-----');
    // Without ssl_enforce_hostname_verification, the chain is checked but not the hostname (as oslo).
    expect(typeof endpoint?.socket['checkServerIdentity']).toBe('function');
    expect(endpoint?.socket['rejectUnauthorized']).toBeUndefined();
    expect(() =>
      brokerEndpoints(parseTransportUrl('rabbit://h'), parseRabbitOptions({ ssl: true, ssl_ca_file: join(dir, 'missing.pem') }, {}).options, 'n'),
    ).toThrow(/ssl_ca_file.*readable file/);
  });
});

describe('reconnect schedule', () => {
  const endpoints = ['a', 'b', 'c'].map((label) => ({ label, connect: {}, socket: {} }));

  it('tries every host at once, then backs off by rabbit_retry_backoff up to rabbit_interval_max', () => {
    const schedule = new ReconnectSchedule(3, {
      kombu_failover_strategy: 'round-robin',
      rabbit_retry_interval: 1,
      rabbit_retry_backoff: 2,
      rabbit_interval_max: 4,
    });
    const first = schedule.nextEndpoint(endpoints).label;
    const order = [first];
    const delays: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      delays.push(schedule.failed());
      order.push(schedule.nextEndpoint(endpoints).label);
    }
    expect(delays).toEqual([0, 0, 1000, 0, 0, 3000, 0, 0, 4000]);
    const start = ['a', 'b', 'c'].indexOf(first);
    expect(order.slice(0, 4)).toEqual([0, 1, 2, 3].map((step) => ['a', 'b', 'c'][(start + step) % 3]));
    schedule.succeeded();
    schedule.failed();
    schedule.failed();
    expect(schedule.failed()).toBe(1000);
  });

  it('goes on with the next host after a lost connection, in either strategy', () => {
    for (const strategy of ['round-robin', 'shuffle'] as const) {
      const schedule = new ReconnectSchedule(3, {
        kombu_failover_strategy: strategy,
        rabbit_retry_interval: 1,
        rabbit_retry_backoff: 2,
        rabbit_interval_max: 4,
      });
      for (let i = 0; i < 20; i += 1) {
        const connected = schedule.nextEndpoint(endpoints).label;
        schedule.succeeded();
        schedule.lost();
        const next = schedule.nextEndpoint(endpoints).label;
        expect(next).not.toBe(connected);
        if (strategy === 'round-robin') expect(next).toBe(['a', 'b', 'c'][(['a', 'b', 'c'].indexOf(connected) + 1) % 3]);
      }
      // Losing a connection is not a failed attempt: the first failure after it costs no delay.
      expect(schedule.failed()).toBe(0);
    }
  });
});
