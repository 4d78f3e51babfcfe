"""Plays a neutron L2 and DHCP agent against net-server's ML2 over RabbitMQ.

Uses neutron's own agent-side RPC client classes (Debian's python3-neutron)
and prints one JSON line with the replies. Runs under eventlet, as
neutron's agents do (neutron/cmd/eventlet), so that the resource cache's
push consumers run beside the script's own calls.
"""
# Before anything else is imported, as neutron/cmd/eventlet does.
from neutron.common import eventlet_utils
eventlet_utils.monkey_patch()

import argparse
import json
import os
import sys
import time

from neutron_lib.agent import topics
from neutron_lib.callbacks import events as callback_events
from neutron_lib.callbacks import registry
from neutron_lib import context as n_context
from neutron_lib import rpc as n_rpc
from oslo_config import cfg
import oslo_messaging as messaging

from neutron import objects as n_objects
from neutron.agent.dhcp.agent import DhcpPluginApi
from neutron.agent.linux.ipset_manager import IpsetManager
from neutron.agent.metadata.agent import MetadataPluginAPI
from neutron.agent import rpc as agent_rpc
from neutron.api.rpc.callbacks import resources as cb_resources
from neutron.api.rpc.handlers import resources_rpc
from neutron.api.rpc.handlers import securitygroups_rpc as sg_rpc
from neutron.conf.agent import common as agent_config
from neutron.conf import common as common_config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--host', required=True)
    parser.add_argument('--scenario', required=True, choices=['register', 'devices', 'objects'])
    parser.add_argument('--device', action='append', default=[])
    parser.add_argument('--ip')
    parser.add_argument('--network')
    parser.add_argument('--subnet')
    parser.add_argument('--group')
    parser.add_argument('--expect-file')
    args = parser.parse_args()

    conf = cfg.CONF
    agent_config.register_agent_state_opts_helper(conf)
    # [DEFAULT] host, which the resource cache's consumers are named by.
    common_config.register_core_common_config_opts(conf)
    conf([], project='neutron')
    # oslo.messaging's first call starts its metrics sender, a non-daemon thread that outlives the last
    # call by metrics_thread_stop_timeout (10 s) and holds a finished script's exit that long.
    conf.set_override('metrics_thread_stop_timeout', 0, group='oslo_messaging_metrics')
    conf.set_override('host', args.host)
    messaging.set_transport_defaults(control_exchange=args.exchange)
    # Building a transport registers oslo.messaging's options, transport_url among them.
    messaging.get_rpc_transport(conf, url=args.url).cleanup()
    conf.set_override('transport_url', args.url)
    n_rpc.init(conf)
    context = n_context.get_admin_context_without_session()
    out = {}
    if args.scenario == 'register':
        state_rpc = agent_rpc.PluginReportStateAPI(topics.REPORTS)
        ovs = {'binary': 'neutron-openvswitch-agent', 'host': args.host,
               'topic': 'N/A', 'agent_type': 'Open vSwitch agent',
               'start_flag': True,
               'configurations': {'bridge_mappings': {'physnet1': 'br-vlan'},
                                  'tunnel_types': ['vxlan'],
                                  'tunneling_ip': '192.0.2.50',
                                  'l2_population': False}}
        dhcp = {'binary': 'neutron-dhcp-agent', 'host': args.host,
                'topic': topics.DHCP_AGENT, 'agent_type': 'DHCP agent',
                'start_flag': True, 'configurations': {'dhcp_driver': 'x'}}
        out['ovs'] = state_rpc.report_state(context, ovs, use_call=True)
        out['dhcp'] = state_rpc.report_state(context, dhcp, use_call=True)
        out['ovs_again'] = state_rpc.report_state(context, dict(ovs, start_flag=False), use_call=True)
    elif args.scenario == 'objects':
        out = objects_scenario(args, context)
    else:
        plugin_rpc = agent_rpc.PluginApi(topics.PLUGIN)
        agent_id = 'ovs-agent-%s' % args.host
        out['details'] = plugin_rpc.get_devices_details_list(
            context, args.device, agent_id, args.host)
        out['details_and_failed'] = plugin_rpc.get_devices_details_list_and_failed_devices(
            context, args.device, agent_id, args.host)
        out['device_list'] = plugin_rpc.update_device_list(
            context, args.device, [], agent_id, args.host)
        sg_api = sg_rpc.SecurityGroupServerRpcApi(topics.PLUGIN)
        sg_info = sg_api.security_group_info_for_devices(context, args.device)
        out['sg_devices'] = {k: v['security_groups'] for k, v in sg_info['devices'].items()}
        out['sg_groups'] = sorted(sg_info['security_groups'].keys())
        # Members as the agents' ipset manager turns them into set entries.
        out['sg_member_cidrs'] = {
            sg: {ethertype: IpsetManager()._sanitize_addresses(members)
                 for ethertype, members in by_type.items()}
            for sg, by_type in sg_info['sg_member_ips'].items()}
        metadata_rpc = MetadataPluginAPI(topics.PLUGIN)
        out['metadata_ports'] = [p['id'] for p in metadata_rpc.get_ports(
            context, {'fixed_ips': {'ip_address': [args.ip]},
                      'network_id': [args.network]})]
        out['tunnels'] = plugin_rpc.tunnel_sync(context, '192.0.2.50', 'vxlan', args.host)
        dhcp_rpc = DhcpPluginApi(topics.PLUGIN, args.host)
        dhcp_rpc.dhcp_ready_on_ports(args.device)
        networks = dhcp_rpc.get_active_networks_info(enable_dhcp_filter=True)
        out['dhcp_networks'] = [{'id': n.id, 'subnets': [s.id for s in n.subnets],
                                 'ports': [p.id for p in n.ports]} for n in networks]
    n_rpc.cleanup()
    json.dump(out, sys.stdout, default=plain)
    sys.stdout.write('\n')


def plain(value):
    """JSON for what objects' to_dict() holds: sets, netaddr values, datetimes."""
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=str)
    return str(value)


def without_changes(primitive):
    return {k: v for k, v in primitive.items() if k != 'versioned_object.changes'}


def differences(sent, rebuilt, path=''):
    """Where two primitives differ: [path, sent, rebuilt] for each."""
    if isinstance(sent, dict) and isinstance(rebuilt, dict):
        return [d for key in sorted(set(sent) | set(rebuilt), key=str)
                for d in differences(sent.get(key, '<unset>'),
                                     rebuilt.get(key, '<unset>'),
                                     '%s.%s' % (path, key))]
    # A set field's primitive is a tuple, which goes on the wire as a list.
    if isinstance(rebuilt, tuple):
        rebuilt = list(rebuilt)
    if (isinstance(sent, list) and isinstance(rebuilt, list) and
            len(sent) == len(rebuilt)):
        return [d for i, (a, b) in enumerate(zip(sent, rebuilt))
                for d in differences(a, b, '%s[%d]' % (path, i))]
    return [] if sent == rebuilt else [[path, sent, rebuilt]]


def pull_raw(puller, context, rtype, filters, version=None):
    """bulk_pull as ResourcesPullRpcApi sends it, keeping the primitives as they came."""
    cls = cb_resources.get_resource_cls(rtype)
    return puller.client.prepare().call(
        context, 'bulk_pull', resource_type=rtype,
        version=version or cls.VERSION, filter_kwargs=filters)


def remote_error(call):
    try:
        call()
    except messaging.RemoteError as e:
        return e.exc_type
    return None


def objects_scenario(args, context):
    """The Open vSwitch agent's view: bulk_pull of every type it caches,
    each object rebuilt with obj_from_primitive (and serialized back, which
    must give what came), its CacheBackedPluginApi's device details and
    SecurityGroupServerAPIShim's security group info, then the pushes of
    the changes the test makes once this prints its first line."""
    n_objects.register_objects()
    puller = resources_rpc.ResourcesPullRpcApi()
    queries = [('Port', {'id': (args.device[0],)}),
               ('Port', {'security_group_ids': (args.group,)}),
               ('Network', {'id': (args.network,)}),
               ('Subnet', {'id': (args.subnet,)}),
               ('Subnet', {'network_id': (args.network,)}),
               ('SecurityGroup', {'id': (args.group,)}),
               ('SecurityGroupRule', {'security_group_id': (args.group,)}),
               ('AddressGroup', {'id': (args.group,)})]
    pulled = {}
    for rtype, filters in queries:
        cls = cb_resources.get_resource_cls(rtype)
        raw = pull_raw(puller, context, rtype, filters)
        objs = [cls.clean_obj_from_primitive(p) for p in raw]
        # ResourcesPullRpcApi.bulk_pull itself, as the cache calls it.
        via_api = puller.bulk_pull(context, rtype, filter_kwargs=filters)
        pulled['%s %s' % (rtype, ','.join(sorted(filters)))] = {
            'ids': sorted(o.id for o in objs),
            'api_ids': sorted(o.id for o in via_api),
            'roundtrip_mismatches': [
                difference for p, o in zip(raw, objs)
                for difference in differences(
                    without_changes(p), without_changes(o.obj_to_primitive()))],
            'dicts': [o.to_dict() for o in objs]}
    errors = {
        'old_version': remote_error(lambda: pull_raw(
            puller, context, 'Port', {'id': (args.device[0],)}, '1.6')),
        'bad_filter': remote_error(lambda: pull_raw(
            puller, context, 'Port', {'no_such_field': ('x',)})),
    }

    plugin_rpc = agent_rpc.CacheBackedPluginApi(topics.PLUGIN)
    cache = plugin_rpc.remote_resource_cache
    shim = sg_rpc.SecurityGroupServerAPIShim(cache)
    seen = []

    def record(rtype, event, trigger, payload):
        seen.append([rtype, event, payload.resource_id])
    for rtype in cache.resource_types:
        for event in (callback_events.AFTER_UPDATE,
                      callback_events.AFTER_DELETE):
            registry.subscribe(record, rtype, event)
    details = plugin_rpc.get_devices_details_list_and_failed_devices(
        context, args.device, 'ovs-agent-%s' % args.host, args.host)
    sg_info = shim.security_group_info_for_devices(context, args.device)
    first = {'phase': 'pulled', 'pulled': pulled, 'errors': errors,
             'details': details,
             'sg_info': {'devices': sorted(sg_info['devices']),
                         'security_groups': sg_info['security_groups'],
                         'sg_member_ips': sg_info['sg_member_ips']}}
    print(json.dumps(first, default=plain), flush=True)

    # The test now changes things through the plugin, then names them here.
    deadline = time.time() + 60
    while not os.path.exists(args.expect_file) and time.time() < deadline:
        time.sleep(0.1)
    with open(args.expect_file) as f:
        expect = json.load(f)

    def rules_of(group):
        return sorted(r.id for r in cache.match_resources_with_func(
            'SecurityGroupRule', lambda r: r.security_group_id == group))

    def state():
        port = cache.get_resource_by_id('Port', args.device[0])
        network = cache.get_resource_by_id('Network', args.network)
        return {
            'port_name': port.name if port else None,
            'network_name': network.name if network else None,
            'rules': rules_of(args.group),
            'new_group_rules': rules_of(expect['new_group']),
            'events': sorted(seen),
        }

    def done(now):
        events = now['events']
        return (now['port_name'] == expect['port_name'] and
                now['network_name'] == expect['network_name'] and
                expect['rule'] in now['rules'] and
                expect['deleted_rule'] not in now['rules'] and
                len(now['new_group_rules']) == expect['new_group_rule_count'] and
                ['Port', 'after_delete', expect['deleted_port']] in events and
                ['Subnet', 'after_update', expect['new_subnet']] in events)
    started = time.time()
    deadline = started + 20
    now = state()
    while not done(now) and time.time() < deadline:
        time.sleep(0.1)
        now = state()
    plugin_rpc.stop()
    return {'phase': 'pushed', 'state': now,
            'waited_s': round(time.time() - started, 2)}


if __name__ == '__main__':
    main()
