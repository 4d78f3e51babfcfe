/**
 * oslo.messaging's message envelope (version 2.0): the AMQP body is
 * `{"oslo.version": "2.0", "oslo.message": "<the message as a JSON string>"}`.
 */
const VERSION_KEY = 'oslo.version';
const MESSAGE_KEY = 'oslo.message';
export const ENVELOPE_VERSION = '2.0';

export type WireMessage = Record<string, unknown>;

/** Why a body is not a message this driver can read; `code` is stable. */
export class BadEnvelope extends Error {
  constructor(
    readonly code: 'NotJson' | 'NotAnObject' | 'MissingEnvelope' | 'UnsupportedRpcEnvelopeVersion' | 'BadInnerMessage',
    message: string,
    /** The inner message when it could still be read (to answer the caller). */
    readonly partial?: WireMessage,
  ) {
    super(message);
    this.name = 'BadEnvelope';
  }
}

// The outer object never changes: written as text, only the inner message is
// encoded per message (byte for byte what JSON.stringify of the object gives).
const ENVELOPE_HEAD = `{${JSON.stringify(VERSION_KEY)}:${JSON.stringify(ENVELOPE_VERSION)},${JSON.stringify(MESSAGE_KEY)}:`;

export function encodeEnvelope(message: WireMessage): Buffer {
  return Buffer.from(`${ENVELOPE_HEAD}${JSON.stringify(JSON.stringify(message))}}`, 'utf8');
}

function isObject(value: unknown): value is WireMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Same major version, as oslo's `version_is_compatible` on the envelope. */
function compatible(version: unknown): boolean {
  if (version === ENVELOPE_VERSION) return true;
  if (typeof version !== 'string') return false;
  const [major, minor = '0'] = version.split('.');
  return major === '2' && /^\d+$/.test(minor) && Number(minor) <= 0;
}

/** Reads an AMQP body; throws {@link BadEnvelope} with whatever could be recovered. */
export function decodeEnvelope(body: Buffer): WireMessage {
  const outer = parseJson(body.toString('utf8'));
  if (outer === undefined) throw new BadEnvelope('NotJson', 'the body is not JSON');
  if (!isObject(outer)) throw new BadEnvelope('NotAnObject', 'the body is not a JSON object');
  if (!(VERSION_KEY in outer) || !(MESSAGE_KEY in outer)) {
    throw new BadEnvelope('MissingEnvelope', `the body has no "${VERSION_KEY}"/"${MESSAGE_KEY}" envelope`, outer);
  }
  const inner = typeof outer[MESSAGE_KEY] === 'string' ? parseJson(outer[MESSAGE_KEY]) : undefined;
  if (!compatible(outer[VERSION_KEY])) {
    throw new BadEnvelope(
      'UnsupportedRpcEnvelopeVersion',
      `Specified RPC envelope version, ${String(outer[VERSION_KEY])}, not supported by this endpoint.`,
      isObject(inner) ? inner : undefined,
    );
  }
  if (!isObject(inner)) throw new BadEnvelope('BadInnerMessage', `"${MESSAGE_KEY}" is not a JSON object encoded as a string`);
  return inner;
}
