// A package's history as a timeline: every recorded event, oldest first, with who, when and what; each event's data
// can be expanded. Publishers and admins only (the registry answers 403 to others).

import {h, fill, loading, route, withQuery, formatDate, ago, humanize, jsonBlock} from '../dom.js';
import {crumbs} from '../nav.js';
import {registry} from '../api.js';
import {problemView, pager} from '../ui.js';
import {packageHeader} from './common.js';

const PAGE_SIZE = 25;

export async function historyView(container, [entityId], query, current) {
  crumbs([['Zones', '#/'], [entityId, route('packages', entityId)], ['History']]);
  fill(container, loading('Loading the history…'));
  let entity;
  try {
    entity = await registry.entity(entityId);
  } catch (problem) {
    if (current()) fill(container, problemView(problem, {back: {href: '#/', label: 'Back to the zones'}}));
    return;
  }
  if (!current()) return;
  crumbs([['Zones', '#/'], [entity.zone_id, route('zones', entity.zone_id)], [entity.name || entity.id, route('packages', entityId)], ['History']]);
  const state = {after: query.get('after'), before: query.get('before')};
  const timeline = h('section.history', loading('Loading events…'));
  fill(container, packageHeader(entity, 'history'), timeline);

  async function load() {
    history.replaceState(null, '', withQuery(route('packages', entityId, 'history'), state));
    let page;
    try {
      page = await registry.history(entityId, {...state, limit: PAGE_SIZE});
    } catch (problem) {
      if (current()) fill(timeline, problemView(problem, {back: {href: route('packages', entityId), label: `Back to ${entityId}`}}));
      return;
    }
    if (!current()) return;
    fill(timeline,
      h('ol.timeline', page.items.map(event => h('li.event', {dataset: {type: event.type, sequence: String(event.sequence)}},
        h('span.dot', {'aria-hidden': 'true', dataset: {kind: kind(event.type)}}),
        h('div.event-body',
          h('div.event-head',
            h('strong.event-type', humanize(event.type)),
            eventSubject(entityId, event)),
          h('p.event-meta', h('span.actor', event.actor || 'the registry'), ' · ',
            h('time', {datetime: event.recorded_at, title: formatDate(event.recorded_at)}, formatDate(event.recorded_at)),
            ' · ', ago(event.recorded_at), h('span.muted', ` · #${event.sequence} · ${event.type} rev ${event.revision}`)),
          h('details.event-data', h('summary', 'Data'), jsonBlock(event.data)))))),
      pager(page.pagination, page.items.length, cursor => {
        Object.assign(state, {after: null, before: null}, cursor);
        load();
      }, 'events'));
  }

  await load();
}

function kind(type) {
  if (type.includes('archived') || type.includes('expired') || type.includes('revoked') || type.includes('unshared')) return 'muted';
  if (type.includes('activated')) return 'active';
  if (type.includes('confirmed') || type.includes('created')) return 'new';
  return 'change';
}

/** The version or user an event is about, when it names one. */
function eventSubject(entityId, event) {
  const data = event.data || {};
  const versionId = data.version_id || data.versionId;
  if (versionId) {
    return h('a.event-subject', {href: route('packages', entityId, 'versions', versionId)}, h('code', versionId));
  }
  const user = data.user_id || data.userId;
  if (user) return h('span.event-subject', h('code', user));
  if (data.store) return h('span.event-subject', `→ ${data.store}`);
  return null;
}
