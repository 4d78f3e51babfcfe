/** Names the process's role, as neutron-server does, so that `ps` tells the processes apart. */
export function setProcessTitle(role: string): void {
  process.title = `net-server: ${role}`;
}
