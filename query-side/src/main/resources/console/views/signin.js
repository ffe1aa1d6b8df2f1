// Sign in: paste a bearer token, or (in the local run, which issues dev tokens) name a user, an organization and roles.

import {h, fill, loading} from '../dom.js';
import {crumbs, navigate} from '../nav.js';
import {registry} from '../api.js';
import * as session from '../session.js';
import {problemView} from '../ui.js';

export async function signInView(container, params, query, current) {
  crumbs([['Sign in']]);
  const next = query.get('next') || '#/';
  const expired = query.get('expired');

  const tokenError = h('p.field-error', {role: 'alert', hidden: true});
  const tokenInput = h('textarea', {id: 'token', name: 'token', rows: 5, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'eyJhbGciOiJSUzI1NiIs…', required: true});
  const tokenForm = h('form.card.signin-token', {onsubmit: event => {
    event.preventDefault();
    const claims = session.claimsOf(tokenInput.value);
    if (!claims) {
      tokenError.textContent = 'This is not a bearer token (a JWT: three parts separated by dots, naming a user in sub).';
      tokenError.hidden = false;
      return;
    }
    session.signIn(tokenInput.value);
    navigate(next);
  }},
    h('h2', 'Sign in with a token'),
    h('p.muted', 'Paste a bearer token from your identity provider. It stays in this browser tab only and is sent with every request the console makes.'),
    h('label', {for: 'token'}, 'Bearer token'),
    tokenInput,
    tokenError,
    h('div.actions', h('button', {type: 'submit'}, 'Sign in')));

  const devSlot = h('div.dev-slot', loading('Looking for the local run’s dev sign-in…'));
  fill(container,
    h('div.signin',
      h('div.signin-intro',
        h('h1', 'Package registry'),
        h('p.lead', 'Browse a zone’s packages, read their versions, lineage and history, and — as a publisher — choose the active version or archive old ones.'),
        h('ul.features',
          h('li', h('strong', 'Find'), ' packages by name, description, tag and owner.'),
          h('li', h('strong', 'Read'), ' a release: digests, schemas as forms, bindings, package.json.'),
          h('li', h('strong', 'Follow'), ' lineage as a graph and history as a timeline.')),
        expired ? h('p.notice-inline.warning', {role: 'alert'}, 'Please sign in again. ', h('span.muted', expired)) : null),
      h('div.signin-forms', tokenForm, devSlot)));

  const offered = await registry.devTokensOffered();
  if (!current()) return;
  if (!offered) {
    devSlot.remove();
    return;
  }
  const sub = h('input', {id: 'dev-sub', name: 'sub', required: true, autocomplete: 'username', placeholder: 'alice'});
  const org = h('input', {id: 'dev-org', name: 'org', placeholder: 'acme'});
  const admin = h('input', {id: 'dev-admin', type: 'checkbox', name: 'admin'});
  const otherRoles = h('input', {id: 'dev-roles', name: 'roles', placeholder: 'comma-separated, optional'});
  const result = h('div.dev-result');
  const form = h('form.card.signin-dev', {onsubmit: async event => {
    event.preventDefault();
    const roles = otherRoles.value.split(',').map(role => role.trim()).filter(Boolean);
    if (admin.checked) roles.push('admin');
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    fill(result, loading('Signing in…'));
    try {
      const answer = await registry.devToken(sub.value.trim(), org.value.trim(), roles);
      session.signIn(answer.token);
      navigate(next);
    } catch (problem) {
      fill(result, problemView(problem));
      button.disabled = false;
    }
  }},
    h('h2', 'Local run: dev sign-in'),
    h('p.muted', 'This registry issues dev tokens (the local profile). Choose who you are.'),
    h('div.field-grid',
      h('div', h('label', {for: 'dev-sub'}, 'User (subject)'), sub),
      h('div', h('label', {for: 'dev-org'}, 'Organization'), org)),
    h('div.field-grid',
      h('div', h('label', {for: 'dev-roles'}, 'Roles'), otherRoles),
      h('label.check', {for: 'dev-admin'}, admin, ' Admin')),
    result,
    h('div.actions', h('button', {type: 'submit'}, 'Sign in as this user')));
  fill(devSlot, form);
  sub.focus();
}
