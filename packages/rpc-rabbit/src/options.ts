import { basename } from 'node:path';
import { InvalidRabbitOption } from './errors.js';

/**
 * The `[oslo_messaging_rabbit]` options this driver honours, under
 * oslo.messaging's names and with its defaults. Durations are kept in the
 * unit oslo documents (seconds) and converted where they are used.
 */
export interface RabbitOptions {
  amqp_durable_queues: boolean;
  amqp_auto_delete: boolean;
  rabbit_ha_queues: boolean;
  rabbit_quorum_queue: boolean;
  /** Seconds; `x-expires` of reply and fanout queues. */
  rabbit_transient_queues_ttl: number;
  /** 0 means unlimited. */
  rabbit_qos_prefetch_count: number;
  /** Seconds of silence after which the broker counts as gone; 0 disables AMQP heartbeats. */
  heartbeat_timeout_threshold: number;
  /** Checks per threshold; amqplib checks twice per period, which is oslo's default rate. */
  heartbeat_rate: number;
  /** Seconds before the first reconnect attempt after a round of failures. */
  rabbit_retry_interval: number;
  /** Seconds added to the delay after each failed round. */
  rabbit_retry_backoff: number;
  /** Seconds; ceiling of the reconnect delay. */
  rabbit_interval_max: number;
  /** Seconds to wait before reconnecting after a connection loss. */
  kombu_reconnect_delay: number;
  /** Seconds a server keeps retrying a reply whose queue is missing. */
  kombu_missing_consumer_retry_timeout: number;
  kombu_failover_strategy: 'round-robin' | 'shuffle';
  rabbit_login_method: 'PLAIN' | 'AMQPLAIN' | 'EXTERNAL';
  ssl: boolean;
  ssl_ca_file: string;
  ssl_cert_file: string;
  ssl_key_file: string;
  ssl_enforce_hostname_verification: boolean;
  /** Seconds; the default call timeout. */
  rpc_response_timeout: number;
  /** First part of the AMQP `connection_name` (`<processname>:<pid>:<uuid>`). */
  processname: string;
}

type Kind = 'bool' | 'int' | 'float' | 'string';

interface Spec {
  kind: Kind;
  min?: number;
  choices?: readonly string[];
}

const specs: { [K in keyof RabbitOptions]: Spec } = {
  amqp_durable_queues: { kind: 'bool' },
  amqp_auto_delete: { kind: 'bool' },
  rabbit_ha_queues: { kind: 'bool' },
  rabbit_quorum_queue: { kind: 'bool' },
  rabbit_transient_queues_ttl: { kind: 'int', min: 1 },
  rabbit_qos_prefetch_count: { kind: 'int', min: 0 },
  heartbeat_timeout_threshold: { kind: 'int', min: 0 },
  heartbeat_rate: { kind: 'int', min: 1 },
  rabbit_retry_interval: { kind: 'float', min: 0 },
  rabbit_retry_backoff: { kind: 'float', min: 0 },
  rabbit_interval_max: { kind: 'float', min: 0 },
  kombu_reconnect_delay: { kind: 'float', min: 0 },
  kombu_missing_consumer_retry_timeout: { kind: 'float', min: 0 },
  kombu_failover_strategy: { kind: 'string', choices: ['round-robin', 'shuffle'] },
  rabbit_login_method: { kind: 'string', choices: ['PLAIN', 'AMQPLAIN', 'EXTERNAL'] },
  ssl: { kind: 'bool' },
  ssl_ca_file: { kind: 'string' },
  ssl_cert_file: { kind: 'string' },
  ssl_key_file: { kind: 'string' },
  ssl_enforce_hostname_verification: { kind: 'bool' },
  rpc_response_timeout: { kind: 'float', min: 0 },
  processname: { kind: 'string' },
};

export const defaultRabbitOptions: Readonly<RabbitOptions> = Object.freeze({
  amqp_durable_queues: false,
  amqp_auto_delete: false,
  rabbit_ha_queues: false,
  rabbit_quorum_queue: false,
  rabbit_transient_queues_ttl: 1800,
  rabbit_qos_prefetch_count: 0,
  heartbeat_timeout_threshold: 60,
  heartbeat_rate: 2,
  rabbit_retry_interval: 1,
  rabbit_retry_backoff: 2,
  rabbit_interval_max: 30,
  kombu_reconnect_delay: 1,
  kombu_missing_consumer_retry_timeout: 60,
  kombu_failover_strategy: 'round-robin',
  rabbit_login_method: 'AMQPLAIN',
  ssl: false,
  ssl_ca_file: '',
  ssl_cert_file: '',
  ssl_key_file: '',
  ssl_enforce_hostname_verification: false,
  rpc_response_timeout: 60,
  processname: basename(process.argv[1] ?? process.argv0),
});

/** Old names oslo.messaging still accepts for the same options. */
const aliases: Record<string, keyof RabbitOptions> = {
  rabbit_use_ssl: 'ssl',
  kombu_ssl_keyfile: 'ssl_key_file',
  kombu_ssl_certfile: 'ssl_cert_file',
  kombu_ssl_ca_certs: 'ssl_ca_file',
  kombu_reconnect_timeout: 'kombu_missing_consumer_retry_timeout',
};

function isKnown(name: string): name is keyof RabbitOptions {
  return Object.hasOwn(specs, name);
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

function convert(name: string, spec: Spec, raw: string | number | boolean, source: string): string | number | boolean {
  const fail = (expected: string): never => {
    throw new InvalidRabbitOption(name, String(raw), expected, source);
  };
  switch (spec.kind) {
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const text = String(raw).trim().toLowerCase();
      if (truthy.has(text)) return true;
      if (falsy.has(text)) return false;
      return fail('a boolean (true/false, 1/0, yes/no, on/off)');
    }
    case 'int':
    case 'float': {
      const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (typeof raw === 'boolean' || String(raw).trim() === '' || !Number.isFinite(value)) return fail('a number');
      if (spec.kind === 'int' && !Number.isInteger(value)) return fail('an integer');
      if (spec.min !== undefined && value < spec.min) return fail(`a number >= ${spec.min}`);
      return value;
    }
    case 'string': {
      const text = String(raw);
      if (spec.choices !== undefined) {
        const match = spec.choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
        return match ?? fail(`one of ${spec.choices.join(', ')}`);
      }
      return text;
    }
  }
}

export interface ParsedOptions {
  options: RabbitOptions;
  /** Query keys of the transport URL this driver does not know. */
  unknownQueryKeys: string[];
}

/**
 * Builds the effective options: defaults, then the configured options, then
 * the transport URL's query (which wins, as in oslo.messaging). Options of
 * other drivers in `configured` are ignored; unknown URL query keys are
 * reported so that the caller can warn about a probable typo.
 */
export function parseRabbitOptions(configured: Record<string, string | number | boolean>, query: Record<string, string>): ParsedOptions {
  const options: Record<string, string | number | boolean> = { ...defaultRabbitOptions };
  const unknownQueryKeys: string[] = [];
  const apply = (source: Record<string, string | number | boolean>, origin: string, collectUnknown: boolean): void => {
    for (const [key, raw] of Object.entries(source)) {
      const name = aliases[key] ?? key;
      if (!isKnown(name)) {
        if (collectUnknown) unknownQueryKeys.push(key);
        continue;
      }
      options[name] = convert(key, specs[name], raw, origin);
    }
  };
  apply(configured, 'driver options', false);
  apply(query, 'transport_url query', true);
  const result = options as unknown as RabbitOptions;
  if (result.rabbit_quorum_queue && result.rabbit_ha_queues) {
    throw new InvalidRabbitOption(
      'rabbit_quorum_queue',
      'true',
      'false while rabbit_ha_queues is true (a queue is quorum or mirrored, not both)',
      'driver options',
    );
  }
  return { options: result, unknownQueryKeys };
}
