// A package's retention policy and what it would archive if the registry's retention job ran now (the dry run).
// Open to every reader; the policy is set with `registry retention set` or PUT .../retention.

import {h, fill, loading, route, ago} from '../dom.js';
import {crumbs} from '../nav.js';
import {registry} from '../api.js';
import {problemView} from '../ui.js';
import {packageHeader} from './common.js';

export async function retentionView(container, [entityId], query, current) {
  crumbs([['Zones', '#/'], [entityId, route('packages', entityId)], ['Retention']]);
  fill(container, loading('Loading the retention policy…'));
  let entity;
  let preview;
  try {
    [entity, preview] = await Promise.all([registry.entity(entityId), registry.retentionPreview(entityId)]);
  } catch (problem) {
    if (current()) fill(container, problemView(problem, {back: {href: '#/', label: 'Back to the zones'}}));
    return;
  }
  if (!current()) return;
  crumbs([['Zones', '#/'], [entity.zone_id, route('zones', entity.zone_id)],
    [entity.name || entity.id, route('packages', entityId)], ['Retention']]);
  const rules = [];
  if (preview.keep_latest !== null) rules.push(`keep the newest ${preview.keep_latest} unarchived versions`);
  if (preview.max_age_days !== null) rules.push(`keep the versions confirmed less than ${preview.max_age_days} days ago`);
  fill(container, packageHeader(entity, 'retention'),
    h('section.retention',
      h('h2.section-title', 'Policy'),
      h('p.retention-policy', rules.length
        ? ['Each rule keeps versions: ', rules.join('; '), '. The active version and the versions a channel points at are never archived.']
        : 'No retention policy: nothing is archived.'),
      h('h2.section-title', 'What it would archive now'),
      preview.items.length
        ? h('table.versions-table.retention-preview',
          h('caption.visually-hidden', 'Versions the policy would archive now, oldest first'),
          h('thead', h('tr', h('th', '#'), h('th', 'Version'), h('th', 'Released'))),
          h('tbody', preview.items.map(version => h('tr.preview-row', {dataset: {version: version.id}},
            h('td.number', String(version.version)),
            h('td', h('a.version-link', {href: route('packages', entityId, 'versions', version.id)}, h('code', version.id))),
            h('td', ago(version.created_at))))))
        : h('p.muted.nothing-due', 'Nothing would be archived.')));
}
