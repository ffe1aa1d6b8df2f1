// Small DOM helpers: h() builds elements, the formatters turn API values into text for people.

/**
 * h('a.link', {href: '#/x', onclick: fn}, 'text', child, [more children]) builds an element. Attributes named on*
 * become listeners, `dataset` an object of data-* attributes; null and false children and attributes are left out.
 */
export function h(tag, attributes, ...children) {
  const [name, ...classes] = tag.split('.');
  const svg = ['svg', 'g', 'path', 'rect', 'text', 'circle', 'title', 'line', 'tspan'].includes(name);
  const element = svg ? document.createElementNS('http://www.w3.org/2000/svg', name) : document.createElement(name);
  if (classes.length) element.setAttribute('class', classes.join(' '));
  if (attributes && (typeof attributes !== 'object' || attributes instanceof Node || Array.isArray(attributes))) {
    children.unshift(attributes);
    attributes = null;
  }
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key === 'class') {
      element.setAttribute('class', [element.getAttribute('class'), value].filter(Boolean).join(' '));
    } else if (key === 'value' && !svg) {
      element.value = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces everything inside `element` with `children`. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A loading placeholder with a message for screen readers and people alike. */
export function loading(message = 'Loading…') {
  return h('div.loading', {role: 'status', 'aria-live': 'polite'}, h('span.spinner', {'aria-hidden': 'true'}), message);
}

const dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});
const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});

/** "12 Jun 2024, 09:00" */
export function formatDate(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** "3 hours ago" */
export function formatAgo(iso) {
  if (!iso) return '—';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600],
    ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** A time element showing how long ago, with the exact time on hover. */
export function ago(iso) {
  return iso ? h('time', {datetime: iso, title: formatDate(iso)}, formatAgo(iso)) : h('span.muted', '—');
}

/** "4.0 KiB" */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** "version.confirmed" -> "Version confirmed" (the registry's event type names without their prefix). */
export function humanize(type) {
  const words = type.replace(/^registry\./, '').replace(/[._-]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A hash link: link('#/packages/x', 'x'). */
export function link(href, ...children) {
  return h('a', {href}, ...children);
}

/** Path segments of the console's own routes, encoded. */
export function route(...segments) {
  return '#/' + segments.map(encodeURIComponent).join('/');
}

/** A route with a query string (values null or empty are left out; arrays repeat the name). */
export function withQuery(path, query) {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined && one !== '') parameters.append(name, one);
    }
  }
  const text = parameters.toString();
  return text ? `${path}?${text}` : path;
}

/** Pretty JSON in a code block. */
export function jsonBlock(value) {
  return h('pre.code', h('code', JSON.stringify(value, null, 2)));
}

/** A badge: badge('Active', 'active'). */
export function badge(text, kind = '') {
  return h(`span.badge${kind ? '.' + kind : ''}`, text);
}

/** The icon of a package: its icon_url, or a monogram of its name. */
export function packageIcon(pkg, size = 'md') {
  const letters = (pkg.name || pkg.id || '?').split(/\s+/).map(word => word.charAt(0)).join('').slice(0, 2).toUpperCase();
  const monogram = h(`span.icon.${size}.monogram`, {'aria-hidden': 'true', dataset: {hue: String(hue(pkg.id || ''))}}, letters);
  if (!pkg.icon_url) return monogram;
  const image = h(`img.icon.${size}`, {src: pkg.icon_url, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer'});
  image.addEventListener('error', () => image.replaceWith(monogram));
  return image;
}

function hue(text) {
  let sum = 0;
  for (const c of text) sum = (sum * 31 + c.codePointAt(0)) % 360;
  return Math.floor(sum / 45); // 8 tints in the stylesheet
}

/** A button that copies text, for digests and ids. */
export function copyButton(text, label = 'Copy') {
  const button = h('button.ghost.small', {type: 'button', title: 'Copy to the clipboard'}, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}
