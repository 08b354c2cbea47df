// What every page shares: fetching JSON, building elements, sortable tables, charts and live updates.
'use strict';

/** GET a JSON answer of the server; throws with its message when it is not 2xx. */
async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

/** el('a', { href: '/' }, 'text', child...) */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The page's <main>, emptied, with a new heading. */
function resetMain(title) {
  const main = document.getElementById('app');
  main.replaceChildren(el('h1', null, title));
  return main;
}

function showError(error) {
  const main = document.getElementById('app');
  main.append(el('p', { class: 'error' }, String(error && error.message ? error.message : error)));
}

/** A number as the results write it, shortened for reading: 0.95123456 -> 0.9512. */
function shortNumber(value, digits) {
  if (value === null || value === undefined) return '';
  return Number(value.toPrecision(digits || 4)).toString();
}

/** The metric a best run is named by, with its value: "test accuracy 0.951", "final loss 0.0123". */
function bestMetricText(best) {
  return (best.slice === null ? 'final loss' : best.slice + ' accuracy') + ' ' + shortNumber(best.value);
}

/**
 * A table sorted by clicking a column's heading (again: the other way). columns:
 * [{ title, value(row) -> number|string|null, cell?(row) -> Node|string, numeric? }].
 * state keeps the sort across redraws: { column, descending }.
 */
function sortableTable(columns, rows, state) {
  const sorted = [...rows];
  if (state.column !== null && state.column !== undefined && columns[state.column]) {
    const { value } = columns[state.column];
    sorted.sort((a, b) => compareValues(value(a), value(b)) * (state.descending ? -1 : 1));
  }
  const table = el('table', { class: 'runs' });
  const head = el('tr', null, columns.map((column, i) =>
    el('th', {
      class: column.numeric ? 'numeric sortable' : 'sortable',
      'aria-sort': state.column === i ? (state.descending ? 'descending' : 'ascending') : null,
      title: 'sort by ' + column.title,
      onclick: () => {
        state.descending = state.column === i ? !state.descending : false;
        state.column = i;
        table.replaceWith(sortableTable(columns, rows, state));
      },
    }, column.title, state.column === i ? (state.descending ? ' \u25BE' : ' \u25B4') : '')));
  table.append(el('thead', null, head));
  table.append(el('tbody', null, sorted.map((row) =>
    el('tr', null, columns.map((column) => el('td', { class: column.numeric ? 'numeric' : null },
      column.cell ? column.cell(row) : formatCell(column.value(row))))))));
  return table;
}

function formatCell(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? shortNumber(value) : String(value);
}

/** Numbers before text, blanks last; numbers by value, text by natural order ("run-2" before "run-10"). */
function compareValues(a, b) {
  const blank = (v) => v === null || v === undefined || v === '';
  if (blank(a) || blank(b)) return blank(a) - blank(b);
  const na = typeof a === 'number' ? a : Number(a);
  const nb = typeof b === 'number' ? b : Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Charts of more points than this are drawn on a canvas: an SVG of tens of thousands of elements is slow to draw. */
const SVG_POINTS = 20000;

/** Draws a Vega-Lite spec into `container`; resolves to vega-embed's result, whose view is kept for finalize. */
async function drawChart(container, spec) {
  return vegaEmbed(container, spec, {
    renderer: spec.data.values.length > SVG_POINTS ? 'canvas' : 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { theme: 'light' },
  });
}

/** The columns of a table of runs (experiment page and compare view alike). */
function runColumns(keys, slices, link) {
  return [
    { title: 'run', value: (r) => link ? r.experiment + '/' + r.run : r.run },
    ...keys.map((k) => ({ title: k, value: (r) => r.values[k], numeric: true })),
    { title: 'status', value: (r) => r.status },
    { title: 'final loss', value: (r) => r.finalLoss, numeric: true },
    ...slices.map((s) => ({ title: s + ' accuracy', value: (r) => r.accuracy[s] === undefined ? null : r.accuracy[s], numeric: true })),
    { title: 'diverged at', value: (r) => r.divergedAt, numeric: true },
    {
      title: 'files', value: (r) => r.run,
      cell: (r) => el('span', { class: 'links' },
        el('a', { href: '/files/' + r.files + 'metrics.csv' }, 'metrics'), ' ',
        el('a', { href: '/files/' + r.files + 'evaluations.csv' }, 'evaluations'), ' ',
        r.hasModel ? el('a', { class: 'draw', href: '/experiments/' + encodeURIComponent(r.experiment) + '/runs/' + encodeURIComponent(r.run) + '/draw' }, 'draw a digit') : null),
    },
  ];
}
