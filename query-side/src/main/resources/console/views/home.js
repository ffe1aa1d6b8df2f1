// Home: open a zone (the registry lists packages per zone); zones opened before are remembered in this browser.

import {h, fill, route} from '../dom.js';
import {crumbs, navigate} from '../nav.js';
import * as session from '../session.js';

const RECENT = 'registry-console.zones';

export function rememberZone(zoneId) {
  const zones = recentZones().filter(zone => zone !== zoneId);
  zones.unshift(zoneId);
  localStorage.setItem(RECENT, JSON.stringify(zones.slice(0, 8)));
}

function recentZones() {
  try {
    const zones = JSON.parse(localStorage.getItem(RECENT) || '[]');
    return Array.isArray(zones) ? zones.filter(zone => typeof zone === 'string') : [];
  } catch {
    return [];
  }
}

export function homeView(container) {
  crumbs([['Home']]);
  const user = session.current();
  const zone = h('input', {id: 'zone', name: 'zone', required: true, placeholder: 'zone-eu',
    pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,69}', title: 'A zone id: letters, digits, . _ -'});
  const recent = recentZones();
  fill(container,
    h('section.hero',
      h('h1', `Welcome, ${user.sub}`),
      h('p.lead', 'Packages live in zones. Open one to search its packages.'),
      h('form.zone-form', {onsubmit: event => {
        event.preventDefault();
        navigate(route('zones', zone.value.trim()));
      }},
        h('label.visually-hidden', {for: 'zone'}, 'Zone'),
        zone,
        h('button', {type: 'submit'}, 'Open zone'))),
    recent.length ? h('section.recent',
      h('h2', 'Recently opened'),
      h('ul.chips', recent.map(id => h('li', h('a.chip', {href: route('zones', id)}, id))))) : null);
  zone.focus();
}
