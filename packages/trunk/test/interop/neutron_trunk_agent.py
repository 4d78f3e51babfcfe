"""Plays a trunk agent against net-server over RabbitMQ with neutron's own code.

Uses neutron's agent-side trunk RPC (Debian's python3-neutron,
neutron.services.trunk.rpc.agent): `listen` runs a TrunkSkeleton, which
consumes the Trunk and SubPort pushes on neutron-vo-Trunk-1.1 and
neutron-vo-SubPort-1.0 and hands the objects to its handlers; `wire` does
what the Open vSwitch agent's trunk handler does with a TrunkStub: pulls the
trunk of a parent port (get_trunk_details, through the resources pull API),
asks the server to bind its subports (update_subport_bindings), and reports
the trunk's status (update_trunk_status). Prints one JSON line per result;
`listen` prints {"ready": true} first, once it consumes.
"""
import eventlet
# As neutron's agents: neutron_lib's RPC servers run on the eventlet executor.
eventlet.monkey_patch()

import argparse  # noqa: E402
import json
import sys  # noqa: E402
import threading  # noqa: E402

from neutron_lib import context as n_context  # noqa: E402
from neutron_lib import rpc as n_rpc  # noqa: E402
from oslo_config import cfg  # noqa: E402
import oslo_messaging as messaging  # noqa: E402

from neutron.services.trunk.rpc import agent as trunk_agent  # noqa: E402


class RecordingSkeleton(trunk_agent.TrunkSkeleton):
    """neutron's agent TrunkSkeleton whose handlers record what was pushed."""

    def __init__(self, expected):
        self.events = []
        self.expected = expected
        self.done = threading.Event()
        super().__init__()

    def _record(self, resource_type, objects, event_type):
        self.events.append({'type': resource_type, 'event': event_type,
                            'objects': [obj.obj_to_primitive()['versioned_object.data'] for obj in objects]})
        if len(self.events) >= self.expected:
            self.done.set()

    def handle_trunks(self, context, resource_type, trunks, event_type):
        self._record(resource_type, trunks, event_type)

    def handle_subports(self, context, resource_type, subports, event_type):
        self._record(resource_type, subports, event_type)


def trunk_dict(trunk):
    """The pulled Trunk object as the agent reads it."""
    return {'id': trunk.id, 'port_id': trunk.port_id, 'project_id': trunk.project_id, 'name': trunk.name,
            'status': trunk.status, 'admin_state_up': trunk.admin_state_up, 'revision_number': trunk.revision_number,
            'sub_ports': [{'port_id': s.port_id, 'trunk_id': s.trunk_id, 'segmentation_type': s.segmentation_type,
                           'segmentation_id': s.segmentation_id} for s in trunk.sub_ports]}


def wire(parent_port_id, status):
    ctx = n_context.get_admin_context_without_session()
    stub = trunk_agent.TrunkStub()
    trunk = stub.get_trunk_details(ctx, parent_port_id)
    print(json.dumps({'trunk': trunk_dict(trunk)}), flush=True)
    bindings = stub.update_subport_bindings(ctx, trunk.sub_ports)
    bound = {trunk_id: [{'id': p['id'], 'host': p['binding:host_id'], 'device_owner': p['device_owner'],
                         'vif_type': p['binding:vif_type'], 'mac_address': p['mac_address']} for p in ports]
             for trunk_id, ports in bindings.items()}
    print(json.dumps({'bindings': bound}), flush=True)
    print(json.dumps({'status': stub.update_trunk_status(ctx, trunk.id, status)}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--scenario', required=True, choices=['listen', 'wire'])
    parser.add_argument('--events', type=int, default=1)
    parser.add_argument('--parent-port')
    parser.add_argument('--status', default='ACTIVE')
    args = parser.parse_args()

    conf = cfg.CONF
    # The agent's host, which neutron's Connection names its consumers' servers by (neutron.conf.common registers it in an agent).
    conf.register_opt(cfg.StrOpt('host', default='trunk-agent'))
    conf([], project='neutron')
    # oslo.messaging's first call starts its metrics sender, a non-daemon thread that outlives the last
    # call by metrics_thread_stop_timeout (10 s) and holds a finished script's exit that long.
    conf.set_override('metrics_thread_stop_timeout', 0, group='oslo_messaging_metrics')
    messaging.set_transport_defaults(control_exchange=args.exchange)
    transport = messaging.get_rpc_transport(conf, url=args.url)
    conf.set_override('transport_url', args.url)
    n_rpc.init(conf)
    if args.scenario == 'wire':
        wire(args.parent_port, args.status)
    else:
        skeleton = RecordingSkeleton(args.events)
        print(json.dumps({'ready': True}), flush=True)
        skeleton.done.wait(60)
        skeleton.unregister()
        print(json.dumps({'events': skeleton.events}), flush=True)
    n_rpc.cleanup()
    transport.cleanup()


if __name__ == '__main__':
    main()
