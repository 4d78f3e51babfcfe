"""Plays neutron's metering agent against net-server over RabbitMQ.

Uses neutron's own MeteringAgent (Debian's python3-neutron): its
MeteringPluginRpc client calls get_sync_data_metering on
q-metering-plugin, and its RPC endpoint methods (add_metering_label,
remove_metering_label_rule, ...) receive the server's casts on
metering_agent.<host>. The driver is replaced by a recorder of what the
agent would have asked it to do, and the agent is built without its
measuring loop. Prints one JSON line per result; `listen` prints
{"ready": true} first, once it consumes.
"""
import argparse
import json
import sys
import threading

from neutron_lib.agent import topics
from neutron_lib import context as n_context
from neutron_lib import rpc as n_rpc
from oslo_config import cfg
import oslo_messaging as messaging

from neutron.services.metering.agents import metering_agent


class RecordingAgent(metering_agent.MeteringAgent):
    """neutron's MeteringAgent with a recorder for its driver and no measuring loop."""

    def __init__(self, host, expected):
        # MeteringAgent.__init__ loads a driver and starts the measuring loop; set what they would.
        self.conf = cfg.CONF
        self.context = n_context.get_admin_context_without_session()
        self.last_report = 0
        self.label_project_id = {}
        self.routers = {}
        self.metering_infos = {}
        self.metering_labels = {}
        self.calls = []
        self.expected = expected
        self.done = threading.Event()
        metering_agent.MeteringPluginRpc.__init__(self, host)

    def _invoke_driver(self, context, meterings, func_name):
        if func_name == 'get_traffic_counters':
            # What remove_metering_label asks first (to report the last counts); nothing counted here.
            return {}
        self.calls.append({'func': func_name, 'routers': meterings})
        if len(self.calls) >= self.expected:
            self.done.set()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--host', required=True)
    parser.add_argument('--scenario', required=True, choices=['sync', 'listen'])
    parser.add_argument('--casts', type=int, default=1)
    args = parser.parse_args()

    conf = cfg.CONF
    conf([], project='neutron')
    # oslo.messaging's first call starts its metrics sender, a non-daemon thread that outlives the last
    # call by metrics_thread_stop_timeout (10 s) and holds a finished script's exit that long.
    conf.set_override('metrics_thread_stop_timeout', 0, group='oslo_messaging_metrics')
    messaging.set_transport_defaults(control_exchange=args.exchange)
    transport = messaging.get_rpc_transport(conf, url=args.url)
    conf.set_override('transport_url', args.url)
    n_rpc.init(conf)
    agent = RecordingAgent(args.host, args.casts)
    if args.scenario == 'sync':
        # What the agent's periodic _sync_routers_task does: ask, then hand the routers to its driver.
        data = agent._get_sync_data_metering(agent.context)
        agent._sync_routers_task(agent.context)
        print(json.dumps({'sync': data, 'routers': sorted(agent.routers), 'labels': sorted(agent.metering_labels), 'calls': agent.calls}), flush=True)
    else:
        server = messaging.get_rpc_server(
            transport, messaging.Target(topic=topics.METERING_AGENT, server=args.host),
            [agent], executor='threading', serializer=n_rpc.RequestContextSerializer())
        server.start()
        print(json.dumps({'ready': True, 'host': args.host}), flush=True)
        agent.done.wait(60)
        server.stop()
        server.wait()
        print(json.dumps({'calls': agent.calls, 'labels': sorted(agent.metering_labels)}), flush=True)
    n_rpc.cleanup()
    transport.cleanup()


if __name__ == '__main__':
    main()
