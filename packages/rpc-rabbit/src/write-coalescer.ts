import type { ChannelModel } from 'amqplib';

interface Corkable {
  cork(): void;
  uncork(): void;
  prependListener(event: 'drain', listener: () => void): unknown;
}

function isCorkable(value: unknown): value is Corkable {
  if (typeof value !== 'object' || value === null) return false;
  const socket = value as Partial<Corkable>;
  return typeof socket.cork === 'function' && typeof socket.uncork === 'function' && typeof socket.prependListener === 'function';
}

/**
 * amqplib hands every frame to the socket on its own: one system call per
 * message, which costs more CPU than everything else a publish does. The
 * frames amqplib's writer moves in one go (a setImmediate after the
 * publishes of a turn, or a socket 'drain') are coalesced into one writev:
 * the socket is corked before the writer runs and uncorked right after, so
 * no frame waits longer than it did.
 */
export class WriteCoalescer {
  private socket: Corkable | undefined;
  private holding = false;

  /** Call right after `channel.publish` on a channel of `model`. */
  hold(model: ChannelModel): void {
    if (this.holding) return;
    const socket = this.socketOf(model);
    if (socket === undefined) return;
    this.cork(socket);
    // Queued after amqplib's own nextTick (the frame's 'readable'), so this
    // immediate runs after the one that writes the frames.
    process.nextTick(() => setImmediate(() => this.release(socket)));
  }

  private socketOf(model: ChannelModel): Corkable | undefined {
    // amqplib's socket; left alone when its internals are not what this expects.
    const stream: unknown = (model.connection as unknown as { stream?: unknown }).stream;
    if (!isCorkable(stream)) return undefined;
    if (this.socket !== stream) {
      this.socket = stream;
      // Corked ahead of amqplib's own 'drain' listener, which writes the
      // frames that waited for the socket.
      stream.prependListener('drain', () => {
        if (this.holding) return;
        this.cork(stream);
        process.nextTick(() => this.release(stream));
      });
    }
    return stream;
  }

  private cork(socket: Corkable): void {
    this.holding = true;
    socket.cork();
  }

  private release(socket: Corkable): void {
    this.holding = false;
    socket.uncork();
  }
}
