import { describe, expect, it } from 'vitest';
import { logFilePath } from '../../src/logging/log-file-path.js';

describe('logFilePath (oslo.log’s _get_log_file_path)', () => {
  it('has no file without log_file and log_dir', () => {
    expect(logFilePath(undefined, undefined, '/srv')).toBeUndefined();
    expect(logFilePath('  ', '', '/srv')).toBeUndefined();
  });

  it('takes log_file alone relative to the working directory', () => {
    expect(logFilePath('server.log', undefined, '/srv')).toBe('/srv/server.log');
    expect(logFilePath('/var/log/neutron/server.log', undefined, '/srv')).toBe('/var/log/neutron/server.log');
  });

  it('puts a relative log_file under log_dir and keeps an absolute one', () => {
    expect(logFilePath('server.log', '/var/log/neutron', '/srv')).toBe('/var/log/neutron/server.log');
    expect(logFilePath('/tmp/other.log', '/var/log/neutron', '/srv')).toBe('/tmp/other.log');
    expect(logFilePath('server.log', 'logs', '/srv')).toBe('/srv/logs/server.log');
  });

  it('names <log_dir>/net-server.log with log_dir alone', () => {
    expect(logFilePath(undefined, '/var/log/neutron', '/srv')).toBe('/var/log/neutron/net-server.log');
  });
});
