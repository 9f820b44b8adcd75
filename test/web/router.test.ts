import { expect } from '@open-wc/testing';
import { loginPath, matchRoute, safeNext } from '../../web/services/router.ts';

describe('matchRoute', () => {
  it('reads every page from its path', () => {
    expect(matchRoute('/')).to.deep.equal({ name: 'lobby' });
    expect(matchRoute('/login')).to.deep.equal({ name: 'login' });
    expect(matchRoute('/register/')).to.deep.equal({ name: 'register' });
    expect(matchRoute('/rooms/team-chat')).to.deep.equal({ name: 'room', roomId: 'team-chat' });
    expect(matchRoute('/people')).to.deep.equal({ name: 'people' });
    expect(matchRoute('/people/ann.lee')).to.deep.equal({ name: 'person', username: 'ann.lee' });
    expect(matchRoute('/profile')).to.deep.equal({ name: 'profile' });
    expect(matchRoute('/admin')).to.deep.equal({ name: 'admin' });
  });

  it('names no page for unknown paths and malformed escapes', () => {
    expect(matchRoute('/nope')).to.deep.equal({ name: 'not-found' });
    expect(matchRoute('/rooms/')).to.deep.equal({ name: 'not-found' });
    expect(matchRoute('/rooms/a/b')).to.deep.equal({ name: 'not-found' });
    expect(matchRoute('/people/%E0%A4%A')).to.deep.equal({ name: 'not-found' });
  });
});

describe('safeNext', () => {
  const origin = 'https://dialog.example';

  it('keeps paths on this site, with their query and hash', () => {
    expect(safeNext('/rooms/x', origin)).to.equal('/rooms/x');
    expect(safeNext('/people?q=ann#top', origin)).to.equal('/people?q=ann#top');
  });

  it('refuses anything that could leave the site, and the login pages themselves', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'rooms/x',
      '/login',
      '/register?next=/admin',
    ]) {
      expect(safeNext(next, origin), String(next)).to.equal('/');
    }
  });

  it('builds the login address that comes back', () => {
    expect(loginPath('/rooms/x')).to.equal('/login?next=%2Frooms%2Fx');
    expect(loginPath('/')).to.equal('/login');
  });
});
