"""Plays a neutron L2 and DHCP agent against net-server's ML2 over RabbitMQ.

Uses neutron's own agent-side RPC client classes (Debian's python3-neutron)
and prints one JSON line with the replies.
"""
import argparse
import json
import sys

from neutron_lib.agent import topics
from neutron_lib import context as n_context
from neutron_lib import rpc as n_rpc
from oslo_config import cfg
import oslo_messaging as messaging

from neutron.agent.dhcp.agent import DhcpPluginApi
from neutron.agent.linux.ipset_manager import IpsetManager
from neutron.agent.metadata.agent import MetadataPluginAPI
from neutron.agent import rpc as agent_rpc
from neutron.api.rpc.handlers import securitygroups_rpc as sg_rpc
from neutron.conf.agent import common as agent_config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--host', required=True)
    parser.add_argument('--scenario', required=True, choices=['register', 'devices'])
    parser.add_argument('--device', action='append', default=[])
    parser.add_argument('--ip')
    parser.add_argument('--network')
    args = parser.parse_args()

    conf = cfg.CONF
    agent_config.register_agent_state_opts_helper(conf)
    conf([], project='neutron')
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
    json.dump(out, sys.stdout, default=str)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
