// The console: a hash router over the views, the top bar (where you are, who you are), and the sign-in guard.

import {h, fill, link} from './dom.js';
import {crumbs, navigate} from './nav.js';
import * as session from './session.js';
import {whenUnauthenticated} from './api.js';
import {signInView} from './views/signin.js';
import {homeView} from './views/home.js';
import {zoneView} from './views/zone.js';
import {packageView} from './views/package.js';
import {versionView} from './views/version.js';
import {lineageView} from './views/lineage.js';
import {historyView} from './views/history.js';
import {retentionView} from './views/retention.js';

const ROUTES = [
  [/^\/signin$/, signInView, {open: true}],
  [/^\/$/, homeView],
  [/^\/zones\/([^/]+)$/, zoneView],
  [/^\/packages\/([^/]+)$/, packageView],
  [/^\/packages\/([^/]+)\/history$/, historyView],
  [/^\/packages\/([^/]+)\/retention$/, retentionView],
  [/^\/packages\/([^/]+)\/versions\/([^/]+)$/, versionView],
  [/^\/packages\/([^/]+)\/versions\/([^/]+)\/lineage$/, lineageView],
];

const view = document.getElementById('view');
let rendering = 0;

/** The current location: path, decoded path parameters are matched by the routes, and the query. */
function location() {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  return {path, query: new URLSearchParams(query), hash: '#' + hash};
}

function renderWho() {
  const user = session.current();
  const who = document.getElementById('who');
  if (!user) {
    fill(who, location().path === '/signin' ? null : link('#/signin', 'Sign in'));
    return;
  }
  fill(who,
    h('span.user', {title: user.org ? `${user.sub} in ${user.org}` : user.sub},
      h('span.avatar', {'aria-hidden': 'true'}, user.sub.charAt(0).toUpperCase()),
      h('span.name', user.sub),
      user.org ? h('span.org', user.org) : null,
      user.admin ? h('span.badge.admin', 'admin') : null),
    h('button.ghost.small.sign-out', {type: 'button', onclick: () => {
      session.signOut();
      navigate('#/signin');
    }}, 'Sign out'));
}

async function render() {
  const current = ++rendering;
  const {path, query, hash} = location();
  renderWho();
  const match = ROUTES.map(([pattern, show, options]) => [pattern.exec(path), show, options || {}])
    .find(([found]) => found);
  if (!match) {
    crumbs([['Not found']]);
    fill(view, h('section.problem', {role: 'alert'}, h('div.problem-body', h('h2', 'No such page'),
      h('p.detail', 'The console has no page at this address.'), h('p', link('#/', '← Home')))));
    return;
  }
  const [found, show, options] = match;
  if (!options.open && !session.current()) {
    window.location.replace('#/signin?next=' + encodeURIComponent(hash));
    return;
  }
  const params = found.slice(1).map(decodeURIComponent);
  const container = h('div.page');
  fill(view, container);
  try {
    await show(container, params, query, () => current === rendering);
  } catch (e) {
    console.error(e);
    if (current === rendering) {
      fill(container, h('section.problem', {role: 'alert'}, h('div.problem-body', h('h2', 'The console failed'),
        h('p.detail', String(e && e.message || e)))));
    }
  }
  if (current === rendering && !view.contains(document.activeElement)) view.focus({preventScroll: true});
}

whenUnauthenticated(problem => {
  session.signOut();
  const next = location().hash;
  window.location.replace(`#/signin?next=${encodeURIComponent(next)}&expired=${encodeURIComponent(problem.detail || '')}`);
});

window.addEventListener('hashchange', render);
render();

