// Pieces every view uses: problems as readable messages, pagers, the confirmation dialog, notices.

import {h, link} from './dom.js';

const HEADINGS = {
  entity_not_found: 'Package not found',
  package_not_found: 'Package not found',
  zone_not_found: 'Zone not found',
  version_not_found: 'Version not found',
  no_active_version: 'No active version yet',
  unauthenticated: 'Sign-in required',
  invalid_token: 'Your sign-in was refused',
  publisher_role_required: 'Publishers only',
  forbidden: 'Not allowed',
  invalid_request: 'Some values were not accepted',
  network_error: 'The registry could not be reached',
};

/** A problem (see api.js) as a message people can read: what happened, why, its code and each refused field. */
export function problemView(problem, {back} = {}) {
  const heading = HEADINGS[problem.code] || problem.title || 'Something went wrong';
  return h('section.problem', {role: 'alert'},
    h('div.problem-icon', {'aria-hidden': 'true'}, problem.status === 404 ? '?' : '!'),
    h('div.problem-body',
      h('h2', heading),
      problem.detail ? h('p.detail', problem.detail) : null,
      problem.status === 404 && /_not_found$/.test(problem.code || '') && problem.code !== 'route_not_found'
        ? h('p.muted.small', 'Either it does not exist or you may not read it: the registry does not tell which.') : null,
      problem.errors.length ? h('ul.field-errors', problem.errors.map(error =>
        h('li', h('code', error.field || '—'), ' ', h('span.muted', error.code || ''), error.message ? ` — ${error.message}` : ''))) : null,
      h('p.meta',
        problem.status ? h('span', `HTTP ${problem.status}`) : null,
        problem.code ? h('code.code-chip', problem.code) : null),
      back ? h('p', link(back.href, '← ', back.label)) : null));
}

/** Newer / older buttons from a page's pagination; `go(cursorQuery)` is called with {after} or {before}. */
export function pager(pagination, shown, go, noun = 'items') {
  const newer = pagination.before_cursor;
  const older = pagination.after_cursor;
  const total = pagination.total_count;
  const counted = total === 1 ? noun.replace(/s$/, '') : noun;
  if (!newer && !older) {
    return h('p.pager.muted.count', `${total} ${counted}`);
  }
  return h('nav.pager', {'aria-label': 'Pages'},
    h('button.secondary.newer', {type: 'button', disabled: !newer, onclick: () => go({before: newer})}, '← Newer'),
    h('span.muted.count', `${shown} shown of ${total} ${counted}`),
    h('button.secondary.older', {type: 'button', disabled: !older, onclick: () => go({after: older})}, 'Older →'));
}

/**
 * Asks before a change: a modal dialog with the question, what it means and two buttons. Resolves true when
 * confirmed.
 */
export function confirm({title, message, action, danger}) {
  return new Promise(resolve => {
    const dialog = h('dialog.confirm-dialog', {'aria-labelledby': 'confirm-title'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'confirm-title'}, title),
        h('p', message),
        h('div.actions',
          h('button.secondary.cancel', {value: 'cancel', type: 'submit'}, 'Cancel'),
          h(`button.confirm${danger ? '.danger' : ''}`, {value: 'confirm', type: 'submit'}, action))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('button.cancel').focus();
  });
}

/** A short message at the bottom of the screen. */
export function notify(message, kind = 'success') {
  const region = document.getElementById('notices');
  const notice = h(`div.notice.${kind}`, {role: 'status'}, message);
  region.append(notice);
  setTimeout(() => notice.classList.add('leaving'), 3500);
  setTimeout(() => notice.remove(), 4000);
}
