"""An oslo.messaging RPC client for the interoperability tests.

Runs one scenario against Target(topic) and prints one JSON line with what
the Python side saw.
"""
import argparse
import json
import sys

from oslo_config import cfg
import oslo_messaging as messaging


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--scenario', required=True,
                        choices=['call', 'remote-error', 'timeout', 'cast',
                                 'monitored'])
    args = parser.parse_args()

    # The global config: oslo.messaging registers some of its options there.
    conf = cfg.CONF
    conf([], project='interop')
    # oslo.messaging's first call starts its metrics sender, a non-daemon thread that outlives the last
    # call by metrics_thread_stop_timeout (10 s) and holds a finished script's exit that long.
    conf.set_override('metrics_thread_stop_timeout', 0, group='oslo_messaging_metrics')
    messaging.set_transport_defaults(control_exchange=args.exchange)
    transport = messaging.get_rpc_transport(conf, url=args.url)
    target = messaging.Target(topic=args.topic, version='1.0')
    client = messaging.get_rpc_client(transport, target, timeout=10)
    ctxt = {'project_id': 'p-python', 'user_id': 'u-python',
            'roles': ['admin'], 'custom_key': {'nested': [1, 2]}}
    out = {}
    try:
        if args.scenario == 'call':
            out['result'] = client.call(ctxt, 'echo', value=41)
        elif args.scenario == 'remote-error':
            try:
                client.call(ctxt, 'fail', reason='cable cut')
            except messaging.RemoteError as exc:
                out['exc_type'] = exc.exc_type
                out['value'] = exc.value
                out['text'] = str(exc)
        elif args.scenario == 'timeout':
            try:
                client.prepare(timeout=1).call(ctxt, 'sleep', seconds=5)
            except messaging.MessagingTimeout as exc:
                out['timeout'] = str(exc)
        elif args.scenario == 'cast':
            client.cast(ctxt, 'note', n=1)
            client.prepare(fanout=True).cast(ctxt, 'note', n=2)
            out['sent'] = True
        elif args.scenario == 'monitored':
            out['result'] = client.prepare(
                timeout=20, call_monitor_timeout=2).call(
                    ctxt, 'sleep', seconds=3)
    finally:
        # Reported so that the test can delete it; oslo leaves it to expire.
        out['reply_q'] = getattr(transport._driver, '_reply_q', None)
        transport.cleanup()
    print(json.dumps(out), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
