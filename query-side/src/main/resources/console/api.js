// The registry's HTTP API as the console calls it: every call carries the signed-in token; answers that are not 2xx
// become a Problem (RFC 9457 body: title, detail, code, errors). Reads of an entity send back the consistency token of
// the console's last command on it, so a list read right after "archive" shows the archive.

import * as session from './session.js';

/** A refused or failed call, with the registry's problem details when it sent some. */
export class Problem extends Error {
  constructor(status, body, fallback) {
    const problem = body && typeof body === 'object' ? body : {};
    super(problem.detail || fallback || `The registry answered ${status}.`);
    this.status = status;
    this.title = problem.title || (status ? `Error ${status}` : 'No answer');
    this.detail = problem.detail || fallback || '';
    this.code = problem.code || null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

const lastWrites = new Map();

/** A random UUID (crypto.randomUUID needs a secure context; getRandomValues does not). */
function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where a 401 sends the user (set by the app: back to sign-in, with a message). */
let onUnauthenticated = () => {};

export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

function url(path, query) {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined && one !== '') parameters.append(name, String(one));
    }
  }
  const text = parameters.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method, path, {query, body, entityId, anonymous} = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  const user = session.current();
  if (user && !anonymous) headers.Authorization = `Bearer ${user.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'GET' && entityId && lastWrites.has(entityId)) {
    headers['X-Consistency-Token'] = lastWrites.get(entityId);
  }
  if (method !== 'GET' && !anonymous) headers['X-Client-Request-ID'] = uuid();
  let response;
  try {
    response = await fetch(url(path, query), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit',
    });
  } catch (e) {
    throw new Problem(0, {title: 'The registry could not be reached',
      detail: 'Check your connection, or whether the registry is running, and try again.', code: 'network_error'});
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const problem = new Problem(response.status, json, text && !json ? 'The registry answered something unexpected.' : null);
    if (response.status === 401 && !anonymous) onUnauthenticated(problem);
    throw problem;
  }
  const written = response.headers.get('X-Consistency-Token');
  if (written && entityId) lastWrites.set(entityId, written);
  return json;
}

const entity = id => `/api/entities/${encodeURIComponent(id)}`;
const version = (id, versionId) => `${entity(id)}/versions/${encodeURIComponent(versionId)}`;

export const registry = {
  packages: (zoneId, query) => send('GET', `/zones/${encodeURIComponent(zoneId)}/packages`, {query}),
  entity: id => send('GET', entity(id), {entityId: id}),
  versions: (id, query) => send('GET', `${entity(id)}/versions`, {query, entityId: id}),
  version: (id, versionId) => send('GET', version(id, versionId), {entityId: id}),
  download: (id, versionId) => send('GET', `${version(id, versionId)}/download`, {entityId: id}),
  lineage: (id, versionId, query) => send('GET', `${version(id, versionId)}/lineage`, {query, entityId: id}),
  history: (id, query) => send('GET', `${entity(id)}/history`, {query, entityId: id}),
  channels: id => send('GET', `${entity(id)}/channels`, {entityId: id}),
  retention: id => send('GET', `${entity(id)}/retention`, {entityId: id}),
  retentionPreview: id => send('GET', `${entity(id)}/retention/preview`, {entityId: id}),
  evaluateInputs: (id, versionId, inputs) =>
    send('POST', `${version(id, versionId)}/inputs/evaluate`, {body: {inputs}}),
  setActive: (id, versionId) => send('PUT', `${entity(id)}/versions/active`, {body: {versionId}, entityId: id}),
  archive: (id, versionId) => send('DELETE', version(id, versionId), {entityId: id}),
  devToken: (sub, org, roles) => send('POST', '/dev/tokens', {body: {sub, org: org || null, roles}, anonymous: true}),
  /** Whether this registry issues dev tokens (the local run): a token request without a subject is refused as bad input there, and is no route elsewhere. */
  devTokensOffered: async () => {
    try {
      await send('POST', '/dev/tokens', {body: {}, anonymous: true});
      return true;
    } catch (problem) {
      return problem.status === 400;
    }
  },
};
