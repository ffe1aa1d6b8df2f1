// A zone's packages: search by words of name and description, filter by tags of the active version and owner type,
// most recently released first, paged. Filters and pages are kept in the address, so a view can be shared and reloaded.

import {h, fill, loading, route, withQuery, ago, badge, packageIcon} from '../dom.js';
import {crumbs} from '../nav.js';
import {registry} from '../api.js';
import {problemView, pager} from '../ui.js';
import {rememberZone} from './home.js';

const PAGE_SIZE = 20;

export async function zoneView(container, [zoneId], query, current) {
  crumbs([['Zones', '#/'], [zoneId]]);
  const state = {
    q: query.get('q') || '',
    tags: query.getAll('tag'),
    ownerType: query.get('owner_type') || '',
    after: query.get('after'),
    before: query.get('before'),
  };

  const summary = h('p.lead.zone-summary', '');
  const results = h('div.results');
  const search = h('input', {id: 'search', type: 'search', value: state.q, placeholder: 'Search names and descriptions',
    autocomplete: 'off', 'aria-label': 'Search packages'});
  const tagInput = h('input', {id: 'tag-filter', placeholder: 'Filter by tag, then Enter', autocomplete: 'off',
    'aria-label': 'Add a tag filter'});
  const tagChips = h('ul.chips.tag-filters', {'aria-label': 'Tag filters'});
  const owners = h('div.segmented', {role: 'radiogroup', 'aria-label': 'Owner type'},
    [['', 'All'], ['customer', 'Customer'], ['platform', 'Platform']].map(([value, label]) =>
      h('label', h('input', {type: 'radio', name: 'owner_type', value, checked: state.ownerType === value,
        onchange: () => change({ownerType: value})}), h('span', label))));

  let requests = 0;
  let debounce;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => change({q: search.value.trim()}), 250);
  });
  tagInput.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addTag(tagInput.value.trim());
      tagInput.value = '';
    }
  });

  function addTag(tag) {
    if (tag && !state.tags.includes(tag)) change({tags: [...state.tags, tag]});
  }

  /** A new search starts at the first page. */
  function change(update) {
    Object.assign(state, {after: null, before: null}, update);
    load();
  }

  function address() {
    return withQuery(route('zones', zoneId), {q: state.q, tag: state.tags, owner_type: state.ownerType,
      after: state.after, before: state.before});
  }

  async function load() {
    const request = ++requests;
    history.replaceState(null, '', address());
    fill(tagChips, state.tags.map(tag => h('li', h('span.chip.removable', tag,
      h('button.remove', {type: 'button', 'aria-label': `Remove tag ${tag}`,
        onclick: () => change({tags: state.tags.filter(t => t !== tag)})}, '×')))));
    results.setAttribute('aria-busy', 'true');
    if (!results.firstChild) fill(results, loading('Loading packages…'));
    else results.classList.add('refreshing');
    let page;
    try {
      page = await registry.packages(zoneId, {q: state.q, tag: state.tags, owner_type: state.ownerType,
        after: state.after, before: state.before, limit: PAGE_SIZE});
    } catch (problem) {
      if (request !== requests || !current()) return;
      results.classList.remove('refreshing');
      results.removeAttribute('aria-busy');
      fill(summary, '');
      fill(results, problemView(problem, {back: {href: '#/', label: 'Open another zone'}}));
      return;
    }
    if (request !== requests || !current()) return;
    rememberZone(zoneId);
    results.classList.remove('refreshing');
    results.removeAttribute('aria-busy');
    const total = page.pagination.total_count;
    const filtered = state.q || state.tags.length || state.ownerType;
    fill(summary, filtered ? `${total} ${total === 1 ? 'package matches' : 'packages match'}`
      : `${total} ${total === 1 ? 'package' : 'packages'} you can read`);
    if (!page.items.length) {
      fill(results, h('div.empty', h('h2', filtered ? 'No package matches' : 'No packages here yet'),
        h('p.muted', filtered ? 'Try fewer words or tags.' : 'Packages you may read in this zone appear here.')));
      return;
    }
    fill(results,
      h('ul.package-list', page.items.map(pkg => packageCard(pkg, addTag))),
      pager(page.pagination, page.items.length, cursor => {
        Object.assign(state, {after: null, before: null}, cursor);
        load().then(() => window.scrollTo({top: 0}));
      }, 'packages'));
  }

  fill(container,
    h('header.page-header',
      h('div', h('p.eyebrow', 'Zone'), h('h1', zoneId), summary)),
    h('section.toolbar',
      h('div.search-box', h('span.search-icon', {'aria-hidden': 'true'}, '⌕'), search),
      owners,
      h('div.tag-box', tagInput, tagChips)),
    results);
  await load();
}

function packageCard(pkg, addTag) {
  return h('li.package-card', {dataset: {package: pkg.id}},
    packageIcon(pkg),
    h('div.package-main',
      h('div.package-title',
        h('a.package-link', {href: route('packages', pkg.id)}, pkg.name || pkg.id),
        h('code.package-id', pkg.id)),
      pkg.description ? h('p.description', pkg.description) : h('p.description.muted', 'No description'),
      pkg.tags.length ? h('ul.chips', pkg.tags.map(tag => h('li', h('button.chip.tag', {type: 'button',
        title: `Show packages tagged ${tag}`, onclick: () => addTag(tag)}, tag)))) : null),
    h('dl.package-meta',
      h('div', h('dt', 'Released'), h('dd', ago(pkg.latest_version_at))),
      h('div', h('dt', 'Versions'), h('dd', String(pkg.version_count))),
      h('div', h('dt', 'Active'), h('dd', pkg.active_version_id ? h('code', pkg.active_version_id) : h('span.muted', 'none'))),
      h('div.badges', badge(pkg.store, `store-${pkg.store}`), pkg.owner_type === 'platform' ? badge('platform', 'platform') : null)));
}
