"""An oslo.messaging RPC server for the interoperability tests.

Serves Target(topic, server=<name>) for each name given, with endpoints that
echo, fail, sleep and record casts. Prints READY once every server listens
and stops on SIGTERM.
"""
import argparse
import signal
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging as messaging


class NetworkBroken(Exception):
    """An error the TypeScript caller must see by class and message."""


class Endpoint(object):
    target = messaging.Target(version='1.3')

    def __init__(self, name):
        self.name = name
        self.notes = []

    def echo(self, ctxt, value):
        return {'value': value, 'server': self.name,
                'ctx_project': ctxt.get('project_id'),
                'ctx_custom': ctxt.get('custom_key')}

    def fail(self, ctxt, reason):
        raise NetworkBroken('network broken: %s' % reason)

    def sleep(self, ctxt, seconds):
        time.sleep(seconds)
        return 'slept'

    def note(self, ctxt, n):
        self.notes.append(n)

    def notes_seen(self, ctxt):
        return list(self.notes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--server', action='append', required=True)
    args = parser.parse_args()

    # The global config: oslo.messaging registers some of its options there.
    conf = cfg.CONF
    conf([], project='interop')
    messaging.set_transport_defaults(control_exchange=args.exchange)
    transport = messaging.get_rpc_transport(conf, url=args.url)
    servers = []
    for name in args.server:
        target = messaging.Target(topic=args.topic, server=name)
        server = messaging.get_rpc_server(
            transport, target, [Endpoint(name)], executor='threading',
            access_policy=messaging.DefaultRPCAccessPolicy)
        server.start()
        servers.append(server)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print('READY', flush=True)
    done.wait()
    for server in servers:
        server.stop()
    for server in servers:
        server.wait()
    transport.cleanup()
    return 0


if __name__ == '__main__':
    sys.exit(main())
