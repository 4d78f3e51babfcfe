/** The configuration part of every config-reading command's --help. */
export const CONFIG_HELP = `Configuration options:
  --config-file FILE    Read FILE (repeatable; later files override earlier
                        ones). Without it, the first net-server.conf found in
                        the working directory, ~/.net-server/ and
                        /etc/net-server/ is read. A neutron.conf is read only
                        when named: --config-file /etc/neutron/neutron.conf.
  --config-dir DIR      Also read DIR/*.conf in name order (repeatable).
  --<group>-<option> VALUE
                        Set any option, e.g. --database-connection URL;
                        options of [DEFAULT] need no group: --bind-port 9797.
                        A boolean option needs no value; --no-<option> sets it
                        false.
Environment variables NET_SERVER_<GROUP>__<OPTION> (e.g.
NET_SERVER_DATABASE__CONNECTION) override config files; command-line options
override both. \`net-server config sample\` lists every option.`;
