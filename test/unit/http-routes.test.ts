import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpRoutes, routeOf, routePath } from '../../shared/protocol.ts';
import { API_ROUTES } from '../support/routes.ts';

const line = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

describe('the HTTP routes table', () => {
  it('lists exactly the routes the routers declare', () => {
    const table = Object.values(httpRoutes).map(line).sort();
    const routers = API_ROUTES.map(line).sort();
    assert.deepEqual(
      routers.filter((route) => !table.includes(route)),
      [],
      'routes the routers declare and shared/routes.ts lacks',
    );
    assert.deepEqual(
      table.filter((route) => !routers.includes(route)),
      [],
      'routes in shared/routes.ts no router declares',
    );
    assert.equal(table.length, new Set(table).size, 'each route once');
  });

  it('finds the route of a concrete request, parameters filled in', () => {
    assert.equal(routeOf('GET', routePath('users:avatar', { username: 'ann' })), 'users:avatar');
    assert.equal(routeOf('GET', '/api/users/ann'), 'users:get');
    assert.equal(routeOf('GET', '/api/users?q=ann%20lee'), 'users:search');
    assert.equal(routeOf('DELETE', '/api/users/ann'), undefined);
    assert.equal(routePath('admin:disable', { username: 'a b' }), '/api/admin/users/a%20b/disable');
  });
});
