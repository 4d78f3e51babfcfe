/** A TCP port free on 127.0.0.1 for a server a test or benchmark starts, below the kernel's ephemeral range (free-port.mjs). */
export function freePort(): Promise<number>;
