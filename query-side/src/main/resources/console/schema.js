// A release's inputs / outputs schema (the registry's JSON Schema subset) as a form people can read: one field per
// property with its label, type, whether it is required, its description and constraints. Input forms can be filled
// in and evaluated by the registry; output forms only describe what an install provides.

import {h} from './dom.js';

/**
 * The form of `schema`. With `editable`, collect() answers the values entered, typed as the schema says (empty
 * optional fields left out); without, every control is read-only.
 */
export function schemaForm(schema, {editable = false, idPrefix = 'field'} = {}) {
  const collectors = [];
  const body = objectFields(schema, [], editable, idPrefix, collectors);
  return {
    element: h('div.schema-form', schema.title ? h('h4', schema.title) : null,
      schema.description ? h('p.muted', schema.description) : null, body),
    collect: () => {
      const values = {};
      for (const collect of collectors) collect(values);
      return values;
    },
  };
}

function objectFields(schema, path, editable, idPrefix, collectors) {
  const properties = schema && typeof schema.properties === 'object' ? schema.properties : null;
  if (!properties || !Object.keys(properties).length) {
    return h('p.muted.small', schema && schema.type ? `Any ${schema.type}.` : 'No fields described.');
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  return h('div.fields', Object.entries(properties).map(([name, property]) =>
    field(name, property || {}, required.includes(name), [...path, name], editable, idPrefix, collectors)));
}

function typeOf(property) {
  if (Array.isArray(property.type)) return property.type.filter(type => type !== 'null')[0] || 'string';
  if (property.type) return property.type;
  if (property.properties) return 'object';
  if (property.enum) return typeof property.enum[0] === 'number' ? 'number' : 'string';
  return 'string';
}

function constraints(property) {
  const notes = [];
  const add = (key, text) => property[key] !== undefined && notes.push(text(property[key]));
  add('minimum', v => `≥ ${v}`);
  add('maximum', v => `≤ ${v}`);
  add('minLength', v => `at least ${v} characters`);
  add('maxLength', v => `at most ${v} characters`);
  add('minItems', v => `at least ${v} items`);
  add('maxItems', v => `at most ${v} items`);
  add('pattern', v => `matches ${v}`);
  add('format', v => `format ${v}`);
  add('default', v => `default ${JSON.stringify(v)}`);
  add('const', v => `always ${JSON.stringify(v)}`);
  if (property.readOnly) notes.push('read-only');
  if (property.writeOnly) notes.push('secret');
  return notes;
}

function field(name, property, required, path, editable, idPrefix, collectors) {
  const type = typeOf(property);
  const id = `${idPrefix}-${path.join('-').replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const label = h('label.field-label', {for: id},
    h('span.field-name', property.title || name),
    property.title ? h('code.small', name) : null,
    required ? h('span.required', {title: 'required'}, ' *') : null,
    h('span.type-chip', type === 'array' && property.items ? `${typeOf(property.items)}[]` : type));
  const notes = constraints(property);
  const help = [property.description ? h('p.field-help', property.description) : null,
    notes.length ? h('ul.constraints', notes.map(note => h('li', note))) : null];

  if (type === 'object') {
    const nested = [];
    const fieldset = h('fieldset.nested', h('legend', label), help,
      objectFields(property, path, editable, idPrefix, nested));
    collectors.push(values => {
      const object = {};
      nested.forEach(collect => collect(object));
      if (Object.keys(object).length || required) values[name] = object;
    });
    return fieldset;
  }

  const readOnly = !editable || property.readOnly;
  let control;
  let read;
  if (Array.isArray(property.enum)) {
    control = h('select', {id, disabled: readOnly},
      required ? null : h('option', {value: ''}, '—'),
      property.enum.map((value, index) => h('option', {value: String(index),
        selected: JSON.stringify(value) === JSON.stringify(property.default)}, JSON.stringify(value).replace(/^"|"$/g, ''))));
    read = () => control.value === '' ? undefined : property.enum[Number(control.value)];
  } else if (type === 'boolean') {
    control = h('input', {id, type: 'checkbox', disabled: readOnly, checked: property.default === true});
    read = () => control.checked;
  } else if (type === 'integer' || type === 'number') {
    control = h('input', {id, type: 'number', disabled: readOnly, min: property.minimum, max: property.maximum,
      step: type === 'integer' ? 1 : 'any', value: property.default, placeholder: property.default ?? ''});
    read = () => control.value === '' ? undefined : Number(control.value);
  } else if (type === 'array') {
    control = h('textarea', {id, rows: 3, disabled: readOnly, placeholder: 'one item per line',
      value: Array.isArray(property.default) ? property.default.join('\n') : null});
    const itemType = property.items ? typeOf(property.items) : 'string';
    read = () => {
      const items = control.value.split('\n').map(line => line.trim()).filter(Boolean);
      if (!items.length) return undefined;
      return itemType === 'integer' || itemType === 'number' ? items.map(Number) : items;
    };
  } else {
    const inputType = property.writeOnly ? 'password'
      : {email: 'email', uri: 'url', date: 'date', 'date-time': 'datetime-local'}[property.format] || 'text';
    // the pattern is shown, not enforced here: a schema's ECMA-262 pattern need not be valid in an input's v-mode regex
    control = h('input', {id, type: inputType, disabled: readOnly,
      minlength: property.minLength, maxlength: property.maxLength, value: property.default,
      placeholder: property.format || property.pattern || '', autocomplete: 'off'});
    read = () => control.value === '' ? undefined : control.value;
  }
  if (editable && !property.readOnly) {
    collectors.push(values => {
      const value = read();
      if (value !== undefined) values[name] = value;
    });
  }
  return h(`div.field${required ? '.is-required' : ''}`, {dataset: {field: path.join('.')}}, label, control, help);
}
