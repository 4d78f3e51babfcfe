import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChannelModel } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from '../src/write-coalescer.js';

/** A socket stand-in that records what reaches the "wire": one entry per write or writev. */
class RecordingSocket extends PassThrough {
  readonly syscalls: number[] = [];

  constructor() {
    super({ highWaterMark: 1 << 20 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.syscalls.push(1);
    void chunk;
    callback();
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: () => void): void {
    this.syscalls.push(chunks.length);
    callback();
  }
}

function modelOn(stream: unknown): ChannelModel {
  const model = new EventEmitter() as unknown as ChannelModel;
  Object.assign(model, { connection: { stream } });
  return model;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

describe('WriteCoalescer', () => {
  it('sends the frames written in one turn (as amqplib does, from a setImmediate) in one writev', async () => {
    const socket = new RecordingSocket();
    const coalescer = new WriteCoalescer();
    const model = modelOn(socket);
    // amqplib schedules its writer while publishing, before hold() is called.
    process.nextTick(() => setImmediate(() => ['a', 'b', 'c'].forEach((frame) => socket.write(frame))));
    for (let i = 0; i < 3; i += 1) coalescer.hold(model);
    await turn();
    expect(socket.syscalls).toEqual([3]);
    expect(socket.writableCorked).toBe(0);
  });

  it('also coalesces what is written on drain, and uncorks right after', async () => {
    const socket = new RecordingSocket();
    const coalescer = new WriteCoalescer();
    coalescer.hold(modelOn(socket));
    await turn();
    socket.on('drain', () => ['x', 'y'].forEach((frame) => socket.write(frame)));
    socket.emit('drain');
    await turn();
    expect(socket.syscalls).toEqual([2]);
    expect(socket.writableCorked).toBe(0);
  });

  it('leaves a connection without the expected socket alone', () => {
    const coalescer = new WriteCoalescer();
    expect(() => coalescer.hold(modelOn(undefined))).not.toThrow();
    expect(() => coalescer.hold(modelOn({ write: () => true }))).not.toThrow();
  });
});
