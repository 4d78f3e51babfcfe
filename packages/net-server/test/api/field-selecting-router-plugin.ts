import { RouterPlugin } from './router-plugin.js';

/** The test router plugin, declaring that it answers `fields` itself (it answers every attribute, whatever is asked). */
export class FieldSelectingRouterPlugin extends RouterPlugin {
  readonly nativeFieldSelectionSupport = true;
}
