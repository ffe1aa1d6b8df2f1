// A version's lineage as a graph, oldest at the top: its ancestors (through base_version_id) above it, its descendants
// as a tree below, one row per depth. The active version is highlighted, archived ones are dashed; a click on a node
// follows it (shows that version's lineage).

import {h, fill, loading, route, formatDate} from '../dom.js';
import {crumbs} from '../nav.js';
import {registry} from '../api.js';
import {problemView} from '../ui.js';
import {packageHeader} from './common.js';

const NODE_WIDTH = 188;
const NODE_HEIGHT = 58;
const COLUMN = NODE_WIDTH + 28;
const ROW = NODE_HEIGHT + 34;
const MARGIN = 16;

export async function lineageView(container, [entityId, versionId], query, current) {
  crumbs([['Zones', '#/'], [entityId, route('packages', entityId)], [versionId, route('packages', entityId, 'versions', versionId)], ['Lineage']]);
  fill(container, loading('Loading the lineage…'));
  let entity;
  let lineage;
  try {
    [entity, lineage] = await Promise.all([registry.entity(entityId),
      registry.lineage(entityId, versionId, {depth: 10, limit: 200})]);
  } catch (problem) {
    if (current()) fill(container, problemView(problem, {back: {href: route('packages', entityId), label: `Back to ${entityId}`}}));
    return;
  }
  if (!current()) return;
  crumbs([['Zones', '#/'], [entity.zone_id, route('zones', entity.zone_id)], [entity.name || entity.id, route('packages', entityId)],
    [versionId, route('packages', entityId, 'versions', versionId)], ['Lineage']]);

  const ancestors = lineage.ancestors.length;
  fill(container,
    packageHeader(entity, 'versions'),
    h('section.lineage-title',
      h('div',
        h('p.eyebrow', 'Lineage'),
        h('h2', h('code', versionId)),
        h('p.muted', `${ancestors} ${ancestors === 1 ? 'ancestor' : 'ancestors'}${lineage.ancestors_truncated ? ' shown (more exist)' : ''}`,
          ` · ${lineage.descendant_count} ${lineage.descendant_count === 1 ? 'descendant' : 'descendants'}${lineage.descendants_truncated ? ' shown (more exist)' : ''}`,
          ' · click a version to follow its lineage')),
      h('a.button.secondary', {href: route('packages', entityId, 'versions', versionId)}, 'Open this version')),
    h('div.lineage-legend',
      h('span.legend.requested', 'this version'), h('span.legend.active', 'active'), h('span.legend.archived', 'archived')),
    h('div.lineage-canvas', graph(entityId, lineage)));
}

/** Lays the nodes out (ancestors in a line above, descendants as a tree below: one column per branch) as SVG. */
function graph(entityId, lineage) {
  const nodes = [];
  const edges = [];
  let nextColumn = 0;

  function place(node, parent) {
    const children = node.children || [];
    let column;
    if (!children.length) {
      column = nextColumn++;
    } else {
      const columns = children.map(child => place(child, node));
      column = (columns[0] + columns[columns.length - 1]) / 2;
    }
    nodes.push({node, column});
    if (parent) edges.push([parent.id, node.id]);
    return column;
  }

  const requested = {...lineage.version, children: lineage.descendants};
  const requestedColumn = place(requested, null);
  lineage.ancestors.forEach((ancestor, index) => {
    nodes.push({node: ancestor, column: requestedColumn});
    edges.push([ancestor.id, index === 0 ? requested.id : lineage.ancestors[index - 1].id]);
  });

  const minDepth = Math.min(...nodes.map(({node}) => node.depth));
  const maxDepth = Math.max(...nodes.map(({node}) => node.depth));
  const columns = Math.max(...nodes.map(({column}) => column)) + 1;
  const position = new Map(nodes.map(({node, column}) => [node.id,
    {x: MARGIN + column * COLUMN, y: MARGIN + (node.depth - minDepth) * ROW}]));
  const width = MARGIN * 2 + (columns - 1) * COLUMN + NODE_WIDTH;
  const height = MARGIN * 2 + (maxDepth - minDepth) * ROW + NODE_HEIGHT;

  const svg = h('svg.lineage', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `Lineage of ${lineage.version.id}`});
  for (const [from, to] of edges) {
    const a = position.get(from);
    const b = position.get(to);
    const x1 = a.x + NODE_WIDTH / 2;
    const y1 = a.y + NODE_HEIGHT;
    const x2 = b.x + NODE_WIDTH / 2;
    const y2 = b.y;
    const bend = (y2 - y1) / 2;
    svg.append(h('path.edge', {d: `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`}));
  }
  for (const {node} of nodes) {
    svg.append(nodeElement(entityId, node, position.get(node.id), node.id === lineage.version.id));
  }
  return svg;
}

function nodeElement(entityId, node, {x, y}, isRequested) {
  const classes = ['node', node.active ? 'is-active' : '', node.archived_at ? 'is-archived' : '',
    isRequested ? 'is-requested' : ''].filter(Boolean).join(' ');
  const anchor = document.createElementNS('http://www.w3.org/2000/svg', 'a');
  anchor.setAttribute('href', route('packages', entityId, 'versions', node.id, 'lineage'));
  anchor.setAttribute('class', classes);
  anchor.dataset.version = node.id;
  const state = node.archived_at ? 'archived' : node.active ? 'active' : '';
  anchor.append(
    h('title', `${node.id} (version ${node.version})${state ? ', ' + state : ''}, released ${formatDate(node.created_at)}${node.created_by ? ' by ' + node.created_by : ''}`),
    h('rect', {x, y, width: NODE_WIDTH, height: NODE_HEIGHT, rx: 10}),
    h('text.node-id', {x: x + 14, y: y + 24}, node.id),
    h('text.node-meta', {x: x + 14, y: y + 43}, `#${node.version}${node.created_by ? ' · ' + node.created_by : ''}`),
    state ? h('text.node-state', {x: x + NODE_WIDTH - 12, y: y + 43, 'text-anchor': 'end'}, state) : null);
  return anchor;
}
