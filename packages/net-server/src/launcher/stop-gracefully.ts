import type { Worker } from '@net-server/lib';

/**
 * Asks a service to stop and waits for it to finish its work, at most
 * `timeoutSeconds` (0: no limit). Resolves false when the time ran out.
 */
export async function stopGracefully(service: Pick<Worker, 'stop' | 'wait'>, timeoutSeconds: number): Promise<boolean> {
  const finished = service
    .stop()
    .then(() => service.wait())
    .then(() => true);
  if (timeoutSeconds === 0) return finished;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
