export { InvalidDateFormatError, LogFileOpenError } from './errors.js';
export { compileStrftime, strftime, type DateFormatter } from './strftime.js';
export { isLoggedError, type LogRecord, type LoggedError } from './log-record.js';
export { formatHumanRecord, DEFAULT_LOGGER_NAME, type HumanFormatOptions } from './human-format.js';
export { createLogEntry, type LogEntry } from './log-entry.js';
export { stderrSink, textSink, type LogFormat, type LogSink } from './log-sink.js';
export { fileSink } from './file-sink.js';
