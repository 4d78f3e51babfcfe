import { describe, expect, it } from 'vitest';
import { NAMESPACE_DNS, uuid5 } from '../src/uuid5.js';

describe('uuid5', () => {
  it("gives Python's uuid.uuid5 ids (values printed by python3)", () => {
    expect(uuid5(NAMESPACE_DNS, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuid5('3f1c2f0e-1111-2222-3333-444455556666', 'a:b')).toBe('9dcb6ac0-f9b0-5183-a2b5-f1225deed2cb');
  });
});
