"""Nova's os-server-external-events API as a test double that checks every
request the way Nova (Zed, Debian's python3-nova) would: the token is
validated against Keystone as keystonemiddleware does, the caller must be
an admin (os_compute_api:os-server-external-events:create is
rule:context_is_admin), the microversion header is parsed and the body is
validated with Nova's own schema for that microversion
(nova/api/openstack/compute/schemas/server_external_events.py, through
nova.api.validation's validator, uuid format checker included). Events are
answered as ServerExternalEventsController.create answers them: per-event
code 200 (the server is known and on a host), 404 (unknown server) or 422
(no host yet), and 207 when any failed.

Listens on 127.0.0.1 only and prints {"port": N} on its first line of
stdout. /_test/... lets the test register servers, read what was received
and make the API slow or failing.

Usage: validating_nova.py --keystone-url URL --user NAME --password PW --project NAME
"""

import argparse
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Importing nova.api.openstack monkey-patches with eventlet; this server's threads are real ones (with
# eventlet's, a handler thread ran only once the client gave up).
os.environ['OS_NOVA_DISABLE_EVENTLET_PATCHING'] = '1'

from nova.api.openstack.compute.schemas import server_external_events as schemas  # noqa: E402
from nova.api.validation import validators  # noqa: E402
from nova import exception  # noqa: E402

EVENTS_PATH = '/v2.1/os-server-external-events'
MIN_VERSION = (2, 1)
MAX_VERSION = (2, 93)
# As ServerExternalEventsController.create's @validation.schema decorators.
SCHEMAS = [
    ((2, 0), (2, 50), schemas.create),
    ((2, 51), (2, 75), schemas.create_v251),
    ((2, 76), (2, 81), schemas.create_v276),
    ((2, 82), (2, 92), schemas.create_v282),
    ((2, 93), MAX_VERSION, schemas.create_v293),
]
TAG_REQUIRED = ('volume-extended', 'power-update', 'accelerator-request-bound')


class Keystone:
    """Validates tokens as keystonemiddleware's auth_token: GET /v3/auth/tokens with a service token of its own."""

    def __init__(self, url, user, password, project):
        self.base = url.rstrip('/')
        if self.base.endswith('/v3'):
            self.base = self.base[:-3]
        self.credentials = (user, password, project)
        self.service_token = None
        self.lock = threading.Lock()

    def _request(self, method, path, headers, body=None):
        request = urllib.request.Request(self.base + path, method=method, headers=headers,
                                         data=None if body is None else json.dumps(body).encode())
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b'{}')
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), {}

    def _service(self, renew):
        with self.lock:
            if self.service_token is None or renew:
                user, password, project = self.credentials
                status, headers, _ = self._request('POST', '/v3/auth/tokens', {'Content-Type': 'application/json'}, {
                    'auth': {
                        'identity': {'methods': ['password'], 'password': {'user': {'name': user, 'domain': {'name': 'Default'}, 'password': password}}},
                        'scope': {'project': {'name': project, 'domain': {'name': 'Default'}}},
                    }})
                if status != 201:
                    raise RuntimeError('the validating Nova could not get a service token: HTTP %s' % status)
                self.service_token = headers.get('X-Subject-Token') or headers.get('x-subject-token')
            return self.service_token

    def validate(self, token):
        """The token's body, or None when Keystone says it is not valid."""
        for renew in (False, True):
            status, _, body = self._request('GET', '/v3/auth/tokens', {'X-Auth-Token': self._service(renew), 'X-Subject-Token': token})
            if status == 200:
                return body.get('token')
            if status == 401 and not renew:
                continue
            return None
        return None


class State:
    def __init__(self, keystone):
        self.keystone = keystone
        self.lock = threading.Lock()
        self.requests = []
        self.servers = {}
        self.delay = 0.0
        self.fail_status = None
        self.drop = False


def parse_version(headers):
    """The microversion asked for, as nova.api.openstack.wsgi does (2.1 when absent); raises ValueError when malformed."""
    value = headers.get('OpenStack-API-Version')
    if value:
        parts = value.split()
        if len(parts) != 2 or parts[0].lower() != 'compute':
            value = None
        else:
            value = parts[1]
    if not value:
        value = headers.get('X-OpenStack-Nova-API-Version')
    if not value:
        return MIN_VERSION
    if value == 'latest':
        return MAX_VERSION
    major, minor = value.split('.')
    return int(major), int(minor)


def schema_for(version):
    for low, high, schema in SCHEMAS:
        if low <= version <= high:
            return schema
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    state = None

    def log_message(self, *args):
        pass

    def _reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else b''

    def do_GET(self):
        if self.path == '/_test/requests':
            with self.state.lock:
                return self._reply(200, {'requests': list(self.state.requests)})
        return self._reply(404, {'itemNotFound': {'code': 404, 'message': 'The resource could not be found.'}})

    def do_PUT(self):
        body = json.loads(self._body() or b'{}')
        with self.state.lock:
            if self.path == '/_test/servers':
                self.state.servers.update(body)
            elif self.path == '/_test/mode':
                self.state.delay = float(body.get('delay', 0))
                self.state.fail_status = body.get('fail_status')
                self.state.drop = bool(body.get('drop', False))
            else:
                return self._reply(404, {})
        return self._reply(200, {})

    def do_DELETE(self):
        if self.path == '/_test/requests':
            with self.state.lock:
                self.state.requests.clear()
            return self._reply(200, {})
        return self._reply(404, {})

    def do_POST(self):
        raw = self._body()
        record = {
            'at': time.time(),
            'path': self.path,
            'headers': {name.lower(): value for name, value in self.headers.items() if name.lower() != 'x-auth-token'},
            'body': raw.decode('utf-8', 'replace'),
        }
        with self.state.lock:
            delay, fail_status, drop = self.state.delay, self.state.fail_status, self.state.drop
        if drop:
            record['dropped'] = True
            self._record(record)
            self.connection.close()
            self.close_connection = True
            return
        if delay:
            time.sleep(delay)
        if fail_status is not None:
            status, response = fail_status, {'computeFault': {'code': fail_status, 'message': 'Unexpected API Error.'}}
        else:
            status, response = self._events(raw, record)
        record['status'] = status
        record['response'] = response
        self._record(record)
        request_id = 'req-' + str(uuid.uuid4())
        self._reply(status, response, {'x-openstack-request-id': request_id, 'x-compute-request-id': request_id})

    def _record(self, record):
        with self.state.lock:
            self.state.requests.append(record)

    def _events(self, raw, record):
        if self.path != EVENTS_PATH:
            return 404, {'itemNotFound': {'code': 404, 'message': 'The resource could not be found.'}}
        token = self.headers.get('X-Auth-Token')
        info = self.state.keystone.validate(token) if token else None
        if info is None:
            return 401, {'error': {'code': 401, 'title': 'Unauthorized', 'message': 'The request you have made requires authentication.'}}
        record['token_user'] = info.get('user', {}).get('name')
        # For a test that revokes the token the notifier uses (this double listens on 127.0.0.1 only).
        record['token'] = token
        roles = [role.get('name') for role in info.get('roles', [])]
        if 'admin' not in roles:
            return 403, {'forbidden': {'code': 403, 'message': "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed."}}
        try:
            version = parse_version(self.headers)
        except ValueError:
            return 400, {'badRequest': {'code': 400, 'message': 'API Version String is of invalid format. Must be of format MajorNum.MinorNum.'}}
        record['version'] = '%d.%d' % version
        if not MIN_VERSION <= version <= MAX_VERSION:
            return 406, {'computeFault': {'code': 406, 'message': 'Version %d.%d is not supported by the API.' % version}}
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {'badRequest': {'code': 400, 'message': 'Malformed request body'}}
        try:
            validators._SchemaValidator(schema_for(version)).validate(body)
        except exception.ValidationError as error:
            record['invalid'] = str(error)
            return 400, {'badRequest': {'code': 400, 'message': str(error)}}
        result = 200
        events = []
        with self.state.lock:
            servers = dict(self.state.servers)
        for event in body['events']:
            event = dict(event)
            events.append(event)
            if event['server_uuid'] not in servers:
                event['status'], event['code'], result = 'failed', 404, 207
            elif event['name'] in TAG_REQUIRED and event.get('tag') is None:
                event['status'], event['code'], result = 'failed', 400, 207
            elif servers[event['server_uuid']]:
                event['status'], event['code'] = 'completed', 200
            else:
                event['status'], event['code'], result = 'failed', 422, 207
        return result, {'events': events}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--keystone-url', required=True)
    parser.add_argument('--user', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--project', required=True)
    args = parser.parse_args()
    Handler.state = State(Keystone(args.keystone_url, args.user, args.password, args.project))
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    print(json.dumps({'port': server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    sys.exit(main())
