const MARK = Symbol.for('net-server.PluginConfigError');

/**
 * Thrown by a plugin or driver when its configuration is wrong: a value its
 * option type cannot check alone (`vni_ranges = 1:abc`), or a driver name no
 * installed package provides. The server recognises it, adds where the
 * option was set (file and line, flag or environment) and exits with the
 * status of a configuration error instead of blaming the plugin.
 */
export class PluginConfigError extends Error {
  readonly code: string = 'PLUGIN_CONFIG_INVALID';
  readonly [MARK] = true;

  constructor(
    readonly group: string,
    readonly option: string,
    /** What is wrong and, where it helps, what to do ("... Did you mean ...?"). */
    readonly problem: string,
  ) {
    super(`[${group}] ${option}: ${problem}`);
    this.name = 'PluginConfigError';
  }

  /** Recognises the error by a registered symbol, so that one from another copy of this package is still understood. */
  static is(error: unknown): error is PluginConfigError {
    return error instanceof Error && (error as unknown as Record<symbol, unknown>)[MARK] === true;
  }
}
