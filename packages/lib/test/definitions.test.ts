import { describe, expect, it } from 'vitest';
import {
  ATTR_NOT_SPECIFIED,
  AttributeInfo,
  Context,
  HTTPBadRequest,
  InvalidInput,
  NeutronException,
  converters,
  definitions,
  validators,
  withProjectId,
} from '@net-server/lib';

const networks = definitions.NETWORK.resourceAttributeMap['networks']!;
const subnets = definitions.SUBNET.resourceAttributeMap['subnets']!;
const ports = definitions.PORT.resourceAttributeMap['ports']!;

describe('core attribute maps (spot checks against neutron Zed)', () => {
  it('network admin_state_up defaults to true and converts to boolean', () => {
    expect(networks['admin_state_up']).toMatchObject({ allowPost: true, allowPut: true, default: true, isVisible: true });
    expect(networks['admin_state_up']!.convertTo).toBe(converters.convertToBoolean);
  });

  it('network id is the primary key and shared is policy-enforced', () => {
    expect(networks['id']).toMatchObject({ allowPost: false, primaryKey: true, validate: { type: 'type:uuid' } });
    expect(networks['shared']).toMatchObject({ default: false, requiredByPolicy: true, enforcePolicy: true });
    expect(networks['name']).toMatchObject({ default: '', validate: { type: 'type:string', arg: 255 } });
  });

  it('port mac_address defaults to ATTR_NOT_SPECIFIED with the MAC validator', () => {
    expect(ports['mac_address']!.default).toBe(ATTR_NOT_SPECIFIED);
    expect(ports['mac_address']!.validate).toEqual({ type: 'type:mac_address' });
    expect(ports['mac_address']!.convertTo).toBe(converters.convertToSanitizedMacAddress);
    expect(ports['fixed_ips']).toMatchObject({ default: ATTR_NOT_SPECIFIED, validate: { type: 'type:fixed_ips' } });
  });

  it('subnet ip_version is required, converted to int and limited to 4 and 6', () => {
    expect('default' in subnets['ip_version']!).toBe(false);
    expect(subnets['ip_version']).toMatchObject({ allowPost: true, allowPut: false, validate: { type: 'type:values', arg: [4, 6] } });
    expect(subnets['ip_version']!.convertTo).toBe(converters.convertToInt);
    expect(subnets['cidr']).toMatchObject({ default: ATTR_NOT_SPECIFIED, validate: { type: 'type:subnet_or_none' } });
    expect(subnets['prefixlen']!.isVisible).toBe(false);
  });

  it('merges the core maps by collection', () => {
    expect(Object.keys(definitions.CORE_RESOURCE_ATTRIBUTE_MAP).sort()).toEqual(['networks', 'ports', 'subnetpools', 'subnets']);
  });

  it('describes the ML2 extensions with their aliases and dependencies', () => {
    expect(definitions.EXTERNAL_NET.alias).toBe('external-net');
    expect(definitions.PROVIDER_NET.resourceAttributeMap['networks']!['provider:segmentation_id']!.convertTo).toBe(converters.convertToInt);
    expect(definitions.PORTBINDINGS.resourceAttributeMap['ports']!['binding:vnic_type']!.default).toBe('normal');
    expect(definitions.NETWORK_MTU_WRITABLE.requiredExtensions).toEqual(['net-mtu']);
    expect(definitions.PROJECT_ID.isShimExtension).toBe(true);
    expect(definitions.PORT_SECURITY.resourceAttributeMap['networks']!['port_security_enabled']!.default).toBe(true);
  });

  it('names only registered validators', () => {
    const all = [
      ...definitions.CORE_RESOURCES,
      definitions.AGENT,
      definitions.ALLOWEDADDRESSPAIRS,
      definitions.AVAILABILITY_ZONE,
      definitions.DEFAULT_SUBNETPOOLS,
      definitions.EXTERNAL_NET,
      definitions.EXTRA_DHCP_OPT,
      definitions.MULTIPROVIDERNET,
      definitions.NETWORK_AVAILABILITY_ZONE,
      definitions.NETWORK_MTU,
      definitions.NETWORK_MTU_WRITABLE,
      definitions.PORT_SECURITY,
      definitions.PORTBINDINGS,
      definitions.PROVIDER_NET,
      ...definitions.standardAttributeExtensions(),
    ];
    const types = all
      .flatMap((d) => Object.values(d.resourceAttributeMap).flatMap((attrs) => Object.values(attrs)))
      .flatMap((spec) => (spec.validate ? [spec.validate.type] : []));
    expect(types.length).toBeGreaterThan(20);
    for (const type of types) expect(validators.getValidator(type), type).toBeDefined();
  });

  it('builds the standard-attribute extensions over the given collections', () => {
    const built = definitions.standardAttributeExtensions(['networks', 'routers']);
    expect(built.map((descriptor) => descriptor.alias)).toEqual(['standard-attr-description', 'standard-attr-timestamp', 'standard-attr-revisions']);
    const [description, timestamp, revisions] = built;
    expect(description!.resourceAttributeMap['routers']!['description']!.default).toBe('');
    expect(timestamp!.resourceAttributeMap['networks']!['created_at']).toBeDefined();
    expect(revisions!.resourceAttributeMap['networks']!['revision_number']!.isFilter).toBe(true);
  });

  it("has the tagging extension's attributes: filters everywhere, tags on create for ports only", () => {
    expect(Object.keys(definitions.TAG_BODY)).toEqual(['tags', 'tags-any', 'not-tags', 'not-tags-any']);
    expect(Object.values(definitions.TAG_BODY).every((spec) => spec.isFilter === true && !spec.allowPost && !spec.allowPut)).toBe(true);
    expect(definitions.TAG_BODY['tags']!.isVisible).toBe(true);
    expect(definitions.TAG_BODY['tags-any']!.isVisible).toBe(false);
    expect(definitions.TAG_BODY_PORTS['tags']).toMatchObject({
      allowPost: true,
      allowPut: false,
      default: [],
      validate: { type: 'type:list_of_unique_strings', arg: definitions.MAX_TAG_LEN },
    });
  });
});

describe('AttributeInfo', () => {
  const networkInfo = new AttributeInfo(withProjectId(networks));
  const subnetInfo = new AttributeInfo(withProjectId(subnets));
  const member = new Context({ userId: 'u1', projectId: 'p1', roles: ['member'] });

  it('fills defaults and converts a network create', () => {
    const body: Record<string, unknown> = { name: 'net1', admin_state_up: 'false' };
    networkInfo.populateProjectId(member, body, true);
    networkInfo.verifyAttributes(body);
    networkInfo.fillPostDefaults(body);
    networkInfo.convertValues(body);
    expect(body).toEqual({ name: 'net1', admin_state_up: false, shared: false, project_id: 'p1', tenant_id: 'p1' });
  });

  it('keeps ATTR_NOT_SPECIFIED for optional attributes the user left out', () => {
    const body: Record<string, unknown> = { network_id: '2f1c4a8e-7d1b-4d7e-9a7b-0c1d2e3f4a5b', ip_version: '4', cidr: '10.0.0.0/24' };
    subnetInfo.populateProjectId(member, body, true);
    subnetInfo.fillPostDefaults(body);
    subnetInfo.convertValues(body);
    expect(body['ip_version']).toBe(4);
    expect(body['gateway_ip']).toBe(ATTR_NOT_SPECIFIED);
    expect(body['enable_dhcp']).toBe(true);
    expect(body['name']).toBe('');
  });

  it('refuses a missing required attribute and a read-only one', () => {
    expect(() => subnetInfo.fillPostDefaults({ tenant_id: 'p1', project_id: 'p1', ip_version: 4 })).toThrow(
      "Invalid input for operation: Failed to parse request. Required attribute 'network_id' not specified.",
    );
    expect(() => networkInfo.fillPostDefaults({ tenant_id: 'p1', project_id: 'p1', status: 'ACTIVE' })).toThrow("Attribute 'status' not allowed in POST");
    expect(() => networkInfo.checkPutAllowed({ tenant_id: 'p2' })).toThrow('Cannot update read-only attribute tenant_id');
  });

  it('reports validation failures as the API does', () => {
    const error = (() => {
      try {
        subnetInfo.convertValues({ ip_version: 5 }, (message) => new HTTPBadRequest({ msg: message }));
      } catch (thrown) {
        return thrown as NeutronException;
      }
      throw new Error('expected a failure');
    })();
    expect(error.toNeutronError()).toEqual({
      type: 'HTTPBadRequest',
      message: 'Invalid input for ip_version. Reason: 5 is not in valid_values.',
      detail: '',
    });
    expect(error.httpStatus).toBe(400);
    expect(() => networkInfo.convertValues({ admin_state_up: 'perhaps' })).toThrow(InvalidInput);
  });

  it('refuses unknown attributes and other projects for non-admins', () => {
    expect(() => networkInfo.verifyAttributes({ name: 'x', colour: 'red' })).toThrow("Unrecognized attribute(s) 'colour'");
    expect(() => networkInfo.populateProjectId(member, { project_id: 'p2' }, true)).toThrow(
      "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges",
    );
    const body: Record<string, unknown> = { tenant_id: 'p2' };
    networkInfo.populateProjectId(member.elevated(), body, true);
    expect(body['project_id']).toBe('p2');
    expect(() => networkInfo.populateProjectId(member, { project_id: 'p1', tenant_id: 'p2' }, true)).toThrow("'project_id' and 'tenant_id' do not match");
    expect(() => networkInfo.populateProjectId(new Context(), {}, true)).toThrow('Running without keystone AuthN requires that tenant_id is specified');
  });

  it('populates defaults inside dict attributes when asked to', () => {
    const info = new AttributeInfo({
      opts: {
        allowPost: true,
        allowPut: true,
        default: null,
        dictPopulateDefaults: true,
        validate: { type: 'type:dict_or_none', arg: { size: { default: 7 }, colour: {} } },
        isVisible: true,
      },
    });
    const body: Record<string, unknown> = { opts: { colour: 'blue' } };
    info.fillPostDefaults(body);
    expect(body['opts']).toEqual({ colour: 'blue', size: 7 });
    const empty: Record<string, unknown> = {};
    info.fillPostDefaults(empty);
    expect(empty['opts']).toEqual({ size: 7, colour: null });
  });
});
