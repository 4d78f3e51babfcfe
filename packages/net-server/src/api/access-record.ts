/** One request's access log entry, filled in as the request goes: who asked, why it failed, its status and duration. */
export interface AccessRecord {
  [field: string]: unknown;
}
