/*
 * syslog(3)'s facilities by name, as oslo.log's _find_facility accepts
 * them: case-insensitive, with or without the LOG_ prefix.
 */
const FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** The facility's number, or undefined for a name syslog does not have. */
export function syslogFacility(name: string): number | undefined {
  return FACILITIES[name.trim().toLowerCase().replace(/^log_/, '')];
}

/** The names a facility may be given by, for an error message. */
export function syslogFacilityNames(): string[] {
  return Object.keys(FACILITIES).map((name) => `LOG_${name.toUpperCase()}`);
}
