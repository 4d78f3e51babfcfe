import { InvalidInput } from '@net-server/lib';

/** neutron's InvalidInput with its message, the error a subnet attribute that fails a check raises. */
export function invalid(message: string): Error {
  return new InvalidInput({ error_message: message });
}
