import { boolOpt, DEFAULT_LOG_DATE_FORMAT, strOpt } from '@net-server/lib';

/*
 * oslo.log's options, in [DEFAULT] with neutron.conf's names, old names and
 * defaults (oslo_log/_options.py), so that a neutron.conf's logging section
 * works as it is. net-server differs where it has to: with neither log_file
 * nor log_dir, records go to stderr (oslo: stdout), and use_json unset means
 * JSON lines wherever no terminal reads them.
 */
export const loggingOptions = {
  debug: boolOpt('debug', {
    default: false,
    help: 'Log at DEBUG level instead of the default INFO.',
  }),
  logFile: strOpt('log_file', {
    deprecatedNames: [{ name: 'logfile' }],
    help:
      'The file to append log records to, relative to log_dir when that is set (else to the working directory). ' +
      'Every worker process appends to it. Unset: records go to stderr (and to syslog with use_syslog).',
  }),
  logDir: strOpt('log_dir', {
    deprecatedNames: [{ name: 'logdir' }],
    help: 'The base directory of a relative log_file; with no log_file, records go to <log_dir>/net-server.log.',
  }),
  logDateFormat: strOpt('log_date_format', {
    default: DEFAULT_LOG_DATE_FORMAT,
    help: 'The date of text log lines, as a Python strftime format; milliseconds follow it. JSON records keep ISO 8601 UTC times.',
  }),
  useJson: boolOpt('use_json', {
    help: 'true: JSON records everywhere; false: oslo.log text lines everywhere. Unset: text on a terminal and in syslog, ' + 'JSON lines in files and pipes.',
  }),
  useStderr: boolOpt('use_stderr', {
    default: false,
    help: 'Also log to stderr when log_file or log_dir sends records to a file.',
  }),
  useSyslog: boolOpt('use_syslog', {
    default: false,
    help:
      'Also send every record to the local syslog daemon through /dev/log (/var/run/syslog on macOS). Needs the node-unix-socket package ' +
      '(npm install node-unix-socket); start fails when syslog cannot be reached.',
  }),
  syslogLogFacility: strOpt('syslog_log_facility', {
    default: 'LOG_USER',
    help: 'The syslog facility of the records: LOG_USER, LOG_DAEMON, LOG_LOCAL0 to LOG_LOCAL7... (the LOG_ prefix is optional).',
  }),
} as const;
