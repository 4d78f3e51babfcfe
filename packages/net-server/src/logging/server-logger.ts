import {
  compileStrftime,
  createLogger,
  fileSink,
  InvalidDateFormatError,
  LogFileOpenError,
  textSink,
  type LogFormat,
  type Logger,
  type LogLevel,
  type LogSink,
} from '@net-server/lib';
import type { CliIo } from '../cli/cli-io.js';
import type { Config } from '../config/config.js';
import { ConfigValueError } from '../config/errors.js';
import { loggingOptions } from '../config/logging-options.js';
import { LogFileUnusableError, SyslogUnavailableError } from './errors.js';
import { logFilePath } from './log-file-path.js';
import { syslogFacility, syslogFacilityNames } from './syslog-facility.js';
import { SYSLOG_SOCKET, SyslogSocketError, syslogSink } from './syslog-sink.js';

export interface ServerLoggerOptions {
  /** The syslog daemon's socket; /dev/log (tests name a socket of their own). */
  syslogSocket?: string;
}

/** Text where a person reads, JSON where a program does, unless use_json says. */
function formatFor(useJson: boolean | undefined, readByPerson: boolean): LogFormat {
  if (useJson === undefined) return readByPerson ? 'human' : 'json';
  return useJson ? 'json' : 'human';
}

/** The level before the configuration is read, and with it: debug wins, as NET_SERVER_LOG_LEVEL=debug does. */
function level(io: CliIo, debug: boolean): LogLevel {
  return debug || io.env['NET_SERVER_LOG_LEVEL'] === 'debug' ? 'debug' : 'info';
}

/** A command's logger before its configuration is read: the command's stderr, text on a terminal, JSON otherwise. */
export function bootstrapLogger(io: CliIo): Logger {
  return createLogger({ level: level(io, false), sinks: [textSink(io.stderr, formatFor(undefined, io.stderrIsTerminal === true))] });
}

/**
 * The logger of a command once its configuration is loaded, from oslo.log's
 * options: debug, log_file / log_dir (appended to by every process),
 * use_stderr, use_syslog with syslog_log_facility, log_date_format and
 * use_json. Each process builds its own: the master and every worker
 * append to the same file and send to the same syslog. Throws a
 * ConfigError for a date format, facility, file or syslog that cannot work.
 */
export function createServerLogger(config: Config, io: CliIo, options: ServerLoggerOptions = {}): Logger {
  const useJson = config.get('DEFAULT', loggingOptions.useJson);
  const dateFormat = config.get('DEFAULT', loggingOptions.logDateFormat);
  try {
    compileStrftime(dateFormat);
  } catch (error) {
    if (!(error instanceof InvalidDateFormatError)) throw error;
    throw new ConfigValueError(
      'DEFAULT',
      loggingOptions.logDateFormat.name,
      config.origin('DEFAULT', loggingOptions.logDateFormat.name),
      'a Python strftime format',
      error.message,
    );
  }

  const sinks: LogSink[] = [];
  const logFile = config.get('DEFAULT', loggingOptions.logFile);
  const path = logFilePath(logFile, config.get('DEFAULT', loggingOptions.logDir), io.cwd);
  if (path !== undefined) {
    try {
      sinks.push(fileSink(path, formatFor(useJson, false)));
    } catch (error) {
      if (!(error instanceof LogFileOpenError)) throw error;
      const option = logFile?.trim() ? loggingOptions.logFile.name : loggingOptions.logDir.name;
      throw new LogFileUnusableError(path, option, config.origin('DEFAULT', option), error.message, { cause: error });
    }
  }
  if (path === undefined || config.get('DEFAULT', loggingOptions.useStderr)) {
    sinks.push(textSink(io.stderr, formatFor(useJson, io.stderrIsTerminal === true)));
  }
  if (config.get('DEFAULT', loggingOptions.useSyslog)) sinks.push(syslog(config, useJson, options.syslogSocket ?? SYSLOG_SOCKET));

  return createLogger({ level: level(io, config.get('DEFAULT', loggingOptions.debug)), sinks, dateFormat });
}

/** Syslog messages are text (their header has the time and pid) unless use_json asks for JSON. */
function syslog(config: Config, useJson: boolean | undefined, socketPath: string): LogSink {
  const facilityName = config.get('DEFAULT', loggingOptions.syslogLogFacility);
  const facility = syslogFacility(facilityName);
  if (facility === undefined) {
    const option = loggingOptions.syslogLogFacility.name;
    throw new ConfigValueError(
      'DEFAULT',
      option,
      config.origin('DEFAULT', option),
      `one of ${syslogFacilityNames().join(', ')}`,
      `unknown syslog facility ${JSON.stringify(facilityName)}`,
    );
  }
  try {
    return syslogSink({ socketPath, facility, format: useJson === true ? 'json' : 'human' });
  } catch (error) {
    if (!(error instanceof SyslogSocketError)) throw error;
    throw new SyslogUnavailableError(socketPath, config.origin('DEFAULT', loggingOptions.useSyslog.name), error.message, { cause: error });
  }
}
