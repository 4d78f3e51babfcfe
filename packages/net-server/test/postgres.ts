import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';

const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const created: string[] = [];

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named PostgreSQL database, dropped after the test. */
export async function createTestDatabase(): Promise<string> {
  const name = `ns_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  created.push(name);
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

afterEach(async () => {
  for (const name of created.splice(0)) {
    await admin((client) => client.query(`drop database if exists ${name} with (force)`));
  }
});
