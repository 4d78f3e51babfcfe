import { header, parseRoles, type Authenticator } from './authenticator.js';

/** The project of requests that name none (neutron's NoauthFakeProjectId). */
export const FAKE_PROJECT_ID = 'fake_project_id';

/**
 * auth_strategy = noauth: the identity is whatever the X-Project-Id (or
 * X-Tenant-Id), X-User-Id and X-Roles headers say, as oslo.context reads
 * them; a request naming no project is an admin of `fake_project_id`.
 */
export const noAuth: Authenticator = {
  async authenticate(request) {
    const projectId = header(request, 'x-project-id') ?? header(request, 'x-tenant-id');
    const roles = parseRoles(header(request, 'x-roles') ?? header(request, 'x-role'));
    return {
      context: {
        projectId: projectId || FAKE_PROJECT_ID,
        userId: header(request, 'x-user-id') ?? header(request, 'x-user'),
        // As neutron_lib's elevated(): the fake project's requests carry the admin role too.
        roles: projectId || roles.includes('admin') ? roles : [...roles, 'admin'],
      },
      elevated: !projectId,
    };
  },
};
