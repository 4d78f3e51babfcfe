"""Plays the QoS side of a neutron L2 agent against net-server over RabbitMQ.

Uses neutron's own classes (Debian's python3-neutron): ResourcesPullRpcApi
to pull and bulk-pull QoS policies, and ResourcesPushRpcCallback on the
versioned QosPolicy fanout topic to receive pushes, each deserialized into
neutron's QosPolicy objects. Prints one JSON line per result; `listen`
prints {"ready": true} first, once it consumes.
"""
import argparse
import json
import sys
import threading

from neutron_lib import context as n_context
from neutron_lib import rpc as n_rpc
from oslo_config import cfg
import oslo_messaging as messaging

from neutron.api.rpc.callbacks.consumer import registry as cons_registry
from neutron.api.rpc.callbacks import resources
from neutron.api.rpc.handlers import resources_rpc


def policy_view(policy):
    """The fields the object has set (a deleted policy carries its id and defaults only)."""
    view = {'class': type(policy).__name__}
    for field in ('id', 'project_id', 'name', 'description', 'shared', 'is_default', 'revision_number', 'created_at'):
        if policy.obj_attr_is_set(field):
            value = getattr(policy, field)
            view[field] = value.isoformat() if hasattr(value, 'isoformat') else value
    if policy.obj_attr_is_set('rules'):
        view['rules'] = [dict(rule.to_dict(), **{'class': type(rule).__name__}) for rule in policy.rules]
    return view


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--scenario', required=True, choices=['pull', 'listen'])
    parser.add_argument('--policy', action='append', default=[])
    parser.add_argument('--pushes', type=int, default=1)
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
        api = resources_rpc.ResourcesPullRpcApi()
        out = {'pulled': policy_view(api.pull(context, resources.QOS_POLICY, args.policy[0]))}
        out['bulk'] = sorted(p.id for p in api.bulk_pull(context, resources.QOS_POLICY, filter_kwargs={'id': args.policy}))
        try:
            api.pull(context, resources.QOS_POLICY, '8a6c2f1e-0000-4000-8000-000000000000')
            out['missing'] = 'found'
        except resources_rpc.ResourceNotFound as error:
            out['missing'] = type(error).__name__
        print(json.dumps(out), flush=True)
    else:
        received = []
        done = threading.Event()

        def on_push(context, resource_type, resource_list, event_type):
            for resource in resource_list:
                received.append({'event_type': event_type, 'resource_type': resource_type, 'policy': policy_view(resource)})
            if len(received) >= args.pushes:
                done.set()

        cons_registry.register(on_push, resources.QOS_POLICY)
        topic = resources_rpc.resource_type_versioned_topic(resources.QOS_POLICY)
        server = messaging.get_rpc_server(
            transport, messaging.Target(topic=topic, server='py-agent', fanout=True),
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
