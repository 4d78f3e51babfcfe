"""Plays the port forwarding (or conntrack helper) side of a neutron L3 agent against net-server over RabbitMQ.

Uses neutron's own classes (Debian's python3-neutron): L3PluginApi's
sync_routers for a router's floating IPs that forward ports,
ResourcesPullRpcApi to pull and bulk-pull PortForwarding objects (as the
L3 agent's port_forwarding extension does, by floating IP), and
ResourcesPushRpcCallback on the versioned PortForwarding fanout topic to
receive pushes, each deserialized into neutron's PortForwarding objects.
Prints one JSON line per result; `listen` prints {"ready": true} first.
"""
import argparse
import json
import sys
import threading

from neutron_lib.agent import topics as n_topics
from neutron_lib import context as n_context
from neutron_lib import rpc as n_rpc
from oslo_config import cfg
import oslo_messaging as messaging

from neutron.agent.l3 import agent as l3_agent
from neutron.api.rpc.callbacks.consumer import registry as cons_registry
from neutron.api.rpc.callbacks import resources
from neutron.api.rpc.handlers import resources_rpc


def forwarding_view(obj):
    """The object's set fields as the agent reads them; for a PortForwarding, the rules it unrolls to."""
    view = {'class': type(obj).__name__}
    for field in sorted(obj.fields):
        if obj.obj_attr_is_set(field):
            value = getattr(obj, field)
            view[field] = str(value) if field.endswith('ip_address') else value
    if hasattr(obj, 'unroll_port_ranges'):
        view['unrolled'] = sorted([p.external_port, p.internal_port] for p in obj.unroll_port_ranges()) if obj.obj_attr_is_set('external_port_range') else None
    return view


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--scenario', required=True, choices=['pull', 'sync', 'listen'])
    parser.add_argument('--id', action='append', default=[])
    parser.add_argument('--pushes', type=int, default=1)
    # PortForwarding, or ConntrackHelper for @net-server/conntrack-helper's tests (by router).
    parser.add_argument('--resource', default=resources.PORTFORWARDING, choices=[resources.PORTFORWARDING, resources.CONNTRACKHELPER])
    parser.add_argument('--parent-filter', default='floatingip_id')
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
    context = n_context.get_admin_context_without_session()
    if args.scenario == 'pull':
        # --id: an object, then its parent (a forwarding's floating IP, a helper's router).
        api = resources_rpc.ResourcesPullRpcApi()
        out = {'pulled': forwarding_view(api.pull(context, args.resource, args.id[0]))}
        bulk = api.bulk_pull(context, args.resource, filter_kwargs={args.parent_filter: [args.id[1]]})
        out['bulk'] = sorted(pf.id for pf in bulk)
        print(json.dumps(out), flush=True)
    elif args.scenario == 'sync':
        # --id: the router.
        api = l3_agent.L3PluginApi(n_topics.L3PLUGIN, 'pf-l3-host')
        routers = api.get_routers(context, args.id)
        print(json.dumps({'routers': [{
            'id': router['id'],
            'fip_managed_by_port_forwardings': sorted(router.get('fip_managed_by_port_forwardings') or []),
            'port_forwardings_fip_set': sorted(router.get('port_forwardings_fip_set') or []),
            '_pf_floatingips': sorted(fip['id'] for fip in router.get('_pf_floatingips', [])),
        } for router in routers]}), flush=True)
    else:
        received = []
        done = threading.Event()

        def on_push(context, resource_type, resource_list, event_type):
            for resource in resource_list:
                received.append({'event_type': event_type, 'resource_type': resource_type, 'forwarding': forwarding_view(resource)})
            if len(received) >= args.pushes:
                done.set()

        cons_registry.register(on_push, args.resource)
        topic = resources_rpc.resource_type_versioned_topic(args.resource)
        server = messaging.get_rpc_server(
            transport, messaging.Target(topic=topic, server='py-l3-agent', fanout=True),
            [resources_rpc.ResourcesPushRpcCallback()], executor='threading',
            serializer=n_rpc.RequestContextSerializer())
        server.start()
        print(json.dumps({'ready': True, 'topic': topic}), flush=True)
        done.wait(60)
        server.stop()
        server.wait()
        print(json.dumps({'pushes': received}), flush=True)
    n_rpc.cleanup()
    transport.cleanup()


if __name__ == '__main__':
    sys.exit(main())
