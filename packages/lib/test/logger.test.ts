import { describe, expect, it } from 'vitest';
import { createLogger } from '@net-server/lib';

describe('createLogger', () => {
  it('writes one JSON object per line with bound fields, filtered by level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => lines.push(line) }).child({ component: 'test' });
    log.debug('hidden');
    log.warn('careful', { error: Object.assign(new Error('boom'), { code: 'E_BOOM' }) });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'warn', component: 'test', msg: 'careful', error: { message: 'boom', code: 'E_BOOM' } });
  });
});
