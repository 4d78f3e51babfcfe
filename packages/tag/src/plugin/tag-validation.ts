import { InvalidInput, definitions, validators } from '@net-server/lib';

/** neutron.extensions.tagging.validate_tag: a string of at most 255 characters, else InvalidInput (400). */
export function validateTag(tag: unknown): string {
  const message = validators.validateString(tag, definitions.MAX_TAG_LEN);
  if (message) throw new InvalidInput({ error_message: message });
  return tag as string;
}

/** neutron.extensions.tagging.validate_tags: `{"tags": [...]}`, a list of unique such strings. */
export function validateTags(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('tags' in body)) throw new InvalidInput({ error_message: 'Invalid tags body' });
  const message = validators.validateListOfUniqueStrings(body['tags'], definitions.MAX_TAG_LEN);
  if (message) throw new InvalidInput({ error_message: message });
  return body['tags'] as string[];
}
