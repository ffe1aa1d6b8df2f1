// What the package views share: the package's header with its tabs, and the version state badges.

import {h, route, badge, packageIcon} from '../dom.js';
import * as session from '../session.js';

/** The package header: icon, name, id, description, where it lives and who may read it; tabs below. */
export function packageHeader(entity, activeTab) {
  const user = session.current();
  const tabs = [['versions', 'Versions', route('packages', entity.id)],
    ['retention', 'Retention', route('packages', entity.id, 'retention')]];
  if (session.canPublish(user, entity)) tabs.push(['history', 'History', route('packages', entity.id, 'history')]);
  return h('header.package-header',
    packageIcon(entity, 'lg'),
    h('div.package-header-main',
      h('p.eyebrow', h('a', {href: route('zones', entity.zone_id)}, entity.zone_id)),
      h('h1', entity.name || entity.id, ' ', h('code.package-id', entity.id)),
      entity.description ? h('p.lead', entity.description) : null,
      h('div.badges',
        badge(entity.store, `store-${entity.store}`),
        badge(entity.owner_type, entity.owner_type === 'platform' ? 'platform' : ''),
        entity.organization_id ? badge(entity.organization_id, 'org') : null,
        session.canPublish(user, entity) ? badge('you publish', 'publisher') : badge('read only', 'reader')),
      h('nav.tabs', {'aria-label': 'Package'}, tabs.map(([key, label, href]) =>
        h(`a.tab${key === activeTab ? '.current' : ''}`, {href, 'aria-current': key === activeTab ? 'page' : null}, label)))));
}

/** Active, archived, or nothing: how a version stands; then a badge for each channel that points at it. */
export function versionState(version) {
  const channels = (version.channels || []).map(channel => badge(channel, 'channel'));
  if (version.archived_at) return [badge('Archived', 'archived'), ...channels];
  if (version.active) return [badge('Active', 'active'), ...channels];
  return channels.length ? channels : null;
}
