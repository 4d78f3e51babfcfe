export * from './validators.js';
export { addValidator, getValidator, runValidator, undefinedValidatorMessage, validateAnyKeySpecsOrNone, validateDict } from './registry.js';
export type { DictKeySpec, DictKeySpecs } from './registry.js';
