// Where the user is and how to go elsewhere: the crumbs of the top bar and navigation between views.

import {h, fill, link} from './dom.js';

/** Tells the top bar where the user is: crumbs([['Zone x', '#/zones/x'], ['Package y']]). */
export function crumbs(trail) {
  fill(document.getElementById('crumbs'), trail.map(([label, href], index) => [
    index ? h('span.sep', {'aria-hidden': 'true'}, '/') : null,
    href ? link(href, label) : h('span.here', {'aria-current': 'page'}, label),
  ]));
}

/** Goes to a view; going to the current one shows it again (e.g. after a change). */
export function navigate(hash) {
  if (window.location.hash === hash) window.dispatchEvent(new Event('hashchange'));
  else window.location.hash = hash;
}
