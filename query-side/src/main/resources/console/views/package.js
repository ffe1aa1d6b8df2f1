// A package's channels and its versions, newest first and paged. Publishers (and admins) may make a version active or
// archive it, each after a confirmation; readers see no such controls.

import {h, fill, loading, route, withQuery, ago, formatBytes} from '../dom.js';
import {crumbs} from '../nav.js';
import {registry} from '../api.js';
import * as session from '../session.js';
import {problemView, pager, confirm, notify} from '../ui.js';
import {packageHeader, versionState} from './common.js';

const PAGE_SIZE = 10;

export async function packageView(container, [entityId], query, current) {
  crumbs([['Zones', '#/'], [entityId]]);
  fill(container, loading('Loading the package…'));
  let entity;
  try {
    entity = await registry.entity(entityId);
  } catch (problem) {
    if (current()) fill(container, problemView(problem, {back: {href: '#/', label: 'Back to the zones'}}));
    return;
  }
  if (!current()) return;
  crumbs([['Zones', '#/'], [entity.zone_id, route('zones', entity.zone_id)], [entity.name || entity.id]]);
  const state = {after: query.get('after'), before: query.get('before')};
  const publisher = session.canPublish(session.current(), entity);
  const list = h('section.versions', loading('Loading versions…'));
  const channels = h('section.channels', {'aria-label': 'Channels'});
  fill(container, packageHeader(entity, 'versions'), channels, list);
  showChannels();

  /** Each channel with the versions it points at and their share of installs; nothing while there are none. */
  async function showChannels() {
    let found;
    try {
      found = await registry.channels(entityId);
    } catch (problem) {
      if (current()) fill(channels, problemView(problem));
      return;
    }
    if (!current() || !found.items.length) return;
    fill(channels, h('h2.section-title', 'Channels'),
      h('ul.channel-list', found.items.map(channel => h('li.channel', {dataset: {channel: channel.channel}},
        h('span.badge.channel', channel.channel),
        channel.targets.map(target => h('span.channel-target',
          h('a', {href: route('packages', entityId, 'versions', target.version_id)}, h('code', target.version_id)),
          channel.targets.length > 1 ? h('span.muted', ` ${target.weight}%`) : null))))));
  }

  async function load() {
    history.replaceState(null, '', withQuery(route('packages', entityId), state));
    list.setAttribute('aria-busy', 'true');
    list.classList.add('refreshing');
    let page;
    try {
      page = await registry.versions(entityId, {...state, limit: PAGE_SIZE});
    } catch (problem) {
      if (current()) fill(list, problemView(problem));
      return;
    }
    if (!current()) return;
    list.classList.remove('refreshing');
    list.removeAttribute('aria-busy');
    if (!page.items.length) {
      fill(list, h('div.empty', h('h2', 'No versions yet'),
        h('p.muted', 'Publish one with ', h('code', `registry push DIR --entity ${entityId}`), '.')));
      return;
    }
    fill(list,
      h('table.versions-table',
        h('caption.visually-hidden', 'Versions, newest first'),
        h('thead', h('tr', h('th', '#'), h('th', 'Version'), h('th', 'Released'), h('th', 'Size'),
          h('th', 'State'), publisher ? h('th.actions-column', h('span.visually-hidden', 'Actions')) : null)),
        h('tbody', page.items.map(version => versionRow(version)))),
      pager(page.pagination, page.items.length, cursor => {
        Object.assign(state, {after: null, before: null}, cursor);
        load();
      }, 'versions'));
  }

  function versionRow(version) {
    const stateBadge = versionState(version);
    return h(`tr.version-row${version.archived_at ? '.is-archived' : ''}${version.active ? '.is-active' : ''}`,
      {dataset: {version: version.id}},
      h('td.number', String(version.version)),
      h('td', h('a.version-link', {href: route('packages', entityId, 'versions', version.id)}, h('code', version.id)),
        version.description && version.description !== entity.description ? h('div.muted.small', version.description) : null),
      h('td', ago(version.created_at), h('div.muted.small', version.created_by || '')),
      h('td', formatBytes(version.file_size_bytes)),
      h('td.state', stateBadge || h('span.muted', '—')),
      publisher ? h('td.row-actions-cell', versionActions(entityId, version, load)) : null);
  }

  await load();
}

/**
 * "Set active" and "Archive" for a publisher, each asking first; after the change the view shows it (the read sends
 * the change's consistency token, so it waits until the read model has it).
 */
export function versionActions(entityId, version, refresh) {
  const setActive = h('button.secondary.small.set-active', {type: 'button', disabled: version.active || !!version.archived_at,
    title: version.archived_at ? 'An archived version cannot become active' : version.active ? 'Already active' : null,
    onclick: async () => {
      if (!await confirm({title: `Make ${version.id} active?`, action: 'Set active',
        message: 'Installers that follow the active version will get this one from now on.'})) return;
      await change(setActive, () => registry.setActive(entityId, version.id), `${version.id} is now the active version`);
    }}, 'Set active');
  const channels = version.channels || [];
  const archive = h('button.secondary.small.danger.archive', {type: 'button',
    disabled: version.active || !!version.archived_at || channels.length > 0,
    title: version.active ? 'The active version cannot be archived' : version.archived_at ? 'Already archived'
      : channels.length ? `Channel ${channels.join(', ')} points at it` : null,
    onclick: async () => {
      if (!await confirm({title: `Archive ${version.id}?`, action: 'Archive', danger: true,
        message: 'It stays in the listings and the history, marked archived, and can no longer become active. This cannot be undone.'})) return;
      await change(archive, () => registry.archive(entityId, version.id), `${version.id} is archived`);
    }}, 'Archive');

  async function change(button, command, done) {
    button.disabled = true;
    button.classList.add('busy');
    try {
      await command();
      notify(done);
      await refresh();
    } catch (problem) {
      notify(`${problem.detail || problem.message}${problem.code ? ` (${problem.code})` : ''}`, 'error');
      button.disabled = false;
      button.classList.remove('busy');
    }
  }

  return h('div.row-actions', setActive, archive);
}
