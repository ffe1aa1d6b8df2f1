// One version: its release metadata, digests, package.json, links, properties, tags, the inputs and outputs schemas
// as forms (inputs can be tried against the registry's evaluation), the bindings, and a download.

import {h, fill, loading, route, formatDate, formatBytes, jsonBlock, copyButton, ago} from '../dom.js';
import {crumbs} from '../nav.js';
import {registry} from '../api.js';
import * as session from '../session.js';
import {problemView, notify} from '../ui.js';
import {schemaForm} from '../schema.js';
import {packageHeader, versionState} from './common.js';
import {versionActions} from './package.js';

export async function versionView(container, [entityId, versionId], query, current) {
  crumbs([['Zones', '#/'], [entityId, route('packages', entityId)], [versionId]]);
  fill(container, loading('Loading the version…'));
  let entity;
  let version;
  try {
    [entity, version] = await Promise.all([registry.entity(entityId), registry.version(entityId, versionId)]);
  } catch (problem) {
    if (current()) {
      fill(container, problemView(problem, {back: problem.code === 'version_not_found'
        ? {href: route('packages', entityId), label: `Back to ${entityId}`} : {href: '#/', label: 'Back to the zones'}}));
    }
    return;
  }
  if (!current()) return;
  crumbs([['Zones', '#/'], [entity.zone_id, route('zones', entity.zone_id)],
    [entity.name || entity.id, route('packages', entityId)], [versionId]]);
  const publisher = session.canPublish(session.current(), entity);
  const refresh = () => versionView(container, [entityId, versionId], query, current);

  fill(container,
    packageHeader(entity, 'versions'),
    h('section.version-title',
      h('div',
        h('p.eyebrow', `Version ${version.version}`),
        h('h2.version-id', h('code', version.id), ' ', versionState(version)),
        h('p.muted', 'Released ', ago(version.created_at), version.created_by ? ` by ${version.created_by}` : '',
          version.archived_at ? ` · archived ${formatDate(version.archived_at)}` : '')),
      h('div.version-actions',
        h('a.button.secondary.lineage-link', {href: route('packages', entityId, 'versions', versionId, 'lineage')}, 'Lineage'),
        downloadButton(entityId, version),
        publisher ? versionActions(entityId, version, refresh) : null)),
    h('div.detail-grid',
      h('section.card.release',
        h('h3', 'Release'),
        version.description ? h('p', version.description) : h('p.muted', 'No description.'),
        h('h4', 'Tags'),
        version.tags && version.tags.length
          ? h('ul.chips', version.tags.map(tag => h('li', h('a.chip.tag', {href: route('zones', entity.zone_id) + `?tag=${encodeURIComponent(tag)}`}, tag))))
          : h('p.muted.small', 'None.'),
        h('h4', 'Links'),
        linksList(version.links),
        h('h4', 'Properties'),
        propertiesTable(version.properties)),
      h('section.card.package-facts',
        h('h3', 'Package'),
        h('dl.facts',
          fact('Size', formatBytes(version.file_size_bytes)),
          fact('Released', formatDate(version.created_at)),
          fact('Base version', version.base_version_id
            ? h('a', {href: route('packages', entityId, 'versions', version.base_version_id)}, h('code', version.base_version_id))
            : h('span.muted', 'none')),
          fact('package_sha256', digest(version.package_sha256), 'digest'),
          fact('lockfile_sha256', digest(version.lockfile_sha256), 'digest'),
          fact('manifest_sha', digest(version.manifest_sha), 'digest'),
          fact('source_hash', digest(version.source_hash), 'digest'),
          fact('Services', version.service_dependencies && version.service_dependencies.length
            ? h('ul.chips', version.service_dependencies.map(service => h('li', h('span.chip', service))))
            : h('span.muted', 'none'))))),
    h('div.detail-grid',
      contract('Inputs', 'What an install provides', version.inputs, entityId, versionId, true),
      contract('Outputs', 'What the package provides once installed', version.outputs, entityId, versionId, false)),
    h('section.card.package-json',
      h('details', {open: true},
        h('summary', h('h3', 'package.json')),
        version.package_json ? jsonBlock(version.package_json) : h('p.muted', 'None recorded.'))));
}

function fact(label, value, kind) {
  return h(`div.fact${kind ? '.' + kind : ''}`, h('dt', label), h('dd', value));
}

function digest(value) {
  if (!value) return h('span.muted', 'none');
  return h('span.digest-value', h('code', {title: value}, value), copyButton(value));
}

function linksList(links) {
  if (!Array.isArray(links) || !links.length) return h('p.muted.small', 'None.');
  return h('ul.links', links.map(item => {
    const title = item.titles && (item.titles[navigator.language.split('-')[0]] || item.titles.en || Object.values(item.titles)[0]);
    const safe = /^https?:\/\//i.test(item.href || '');
    return h('li', h('span.rel', item.rel || 'link'),
      safe ? h('a', {href: item.href, target: '_blank', rel: 'noopener noreferrer'}, title || item.href) : h('code', item.href),
      item.type ? h('span.muted.small', ` ${item.type}`) : null);
  }));
}

function propertiesTable(properties) {
  if (!properties || typeof properties !== 'object' || !Object.keys(properties).length) {
    return h('p.muted.small', 'None.');
  }
  return h('table.properties', h('tbody', Object.entries(properties).map(([key, value]) =>
    h('tr', h('th', h('code', key)), h('td', typeof value === 'string' ? value : h('code', JSON.stringify(value)))))));
}

function contract(title, subtitle, contract, entityId, versionId, evaluable) {
  const section = h(`section.card.contract.${title.toLowerCase()}`, h('h3', title), h('p.muted.small', subtitle));
  if (!contract) {
    section.append(h('p.muted', 'None declared.'));
    return section;
  }
  if (contract.schema) {
    const form = schemaForm(contract.schema, {editable: evaluable, idPrefix: title.toLowerCase()});
    section.append(form.element);
    if (evaluable && contract.bindings) {
      const result = h('div.evaluation');
      const button = h('button.secondary.evaluate', {type: 'button', onclick: async () => {
        button.disabled = true;
        fill(result, loading('Evaluating…'));
        try {
          const answer = await registry.evaluateInputs(entityId, versionId, form.collect());
          fill(result, h('p.small', 'The flat input map an install would get:'), jsonBlock(answer));
        } catch (problem) {
          fill(result, problemView(problem));
        } finally {
          button.disabled = false;
        }
      }}, 'Evaluate these inputs');
      section.append(h('div.actions', button), result);
    }
  }
  if (contract.bindings) {
    section.append(h('h4', 'Bindings'), h('pre.code.cel', h('code', contract.bindings)));
  }
  return section;
}

function downloadButton(entityId, version) {
  const button = h('button.download', {type: 'button', onclick: async () => {
    button.disabled = true;
    try {
      const download = await registry.download(entityId, version.id);
      const anchor = h('a', {href: download.download_url, download: `${entityId}-${version.id}.tgz`, rel: 'noopener'});
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      notify(download.package_sha256 ? `Downloading; check it: sha256 ${download.package_sha256.slice(0, 12)}…` : 'Downloading');
    } catch (problem) {
      notify(`${problem.detail || problem.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  }}, 'Download');
  return button;
}
