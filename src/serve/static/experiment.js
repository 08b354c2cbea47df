// An experiment: its interactive charts and runs table, redrawn whenever its files change.
'use strict';

const experimentId = document.getElementById('app').dataset.experiment;
const sortState = { column: null, descending: false };
const checked = new Set();
let views = [];
let rendering = Promise.resolve();

async function showExperiment() {
  const detail = await getJson('/api/experiments/' + encodeURIComponent(experimentId));
  for (const v of views) v.finalize();
  views = [];
  const main = resetMain(detail.name);
  main.dataset.runs = String(detail.runs.length);
  main.append(el('p', { class: 'meta' },
    el('span', { class: detail.running ? 'status running' : 'status' }, detail.status), ' \u00B7 ',
    detail.planned === null ? detail.finished + ' runs so far' : detail.finished + ' of ' + detail.planned + ' runs',
    detail.best ? ' \u00B7 best: ' + detail.best.run + ' (' + bestMetricText(detail.best) + ')' : ''));
  if (detail.description) main.append(el('p', { class: 'description' }, detail.description));
  if (detail.runs.length === 0) {
    main.append(el('p', null, 'No run has finished yet; this page updates as runs land.'));
    return;
  }
  main.append(el('p', { class: 'hint' }, 'Click a legend entry to show only that run, shift-click to add runs, double-click the chart to show all. Hover a point for its values.'));
  const charts = el('section', { class: 'charts' });
  main.append(charts);
  const names = ['loss', 'accuracy', 'parallel'].filter((name) => detail.charts[name]);
  for (const name of names) {
    const box = el('div', { class: 'chart', id: 'chart-' + name });
    charts.append(box);
    views.push((await drawChart(box, detail.charts[name])).view);
  }
  const keys = detail.varying;
  const columns = [
    { title: '', value: () => null, cell: (r) => el('input', { type: 'checkbox', 'aria-label': 'compare ' + r.run, checked: checked.has(r.experiment + '/' + r.run),
      onchange: (e) => { if (e.target.checked) checked.add(r.experiment + '/' + r.run); else checked.delete(r.experiment + '/' + r.run); } }) },
    ...runColumns(keys, detail.slices, false),
  ];
  main.append(el('h2', null, 'Runs'));
  main.append(sortableTable(columns, detail.runs, sortState));
  main.append(el('p', null, el('button', { type: 'button', onclick: () => {
    const query = [...checked].map((label) => 'run=' + encodeURIComponent(label)).join('&');
    location.href = '/compare' + (query ? '?' + query : '');
  } }, 'compare the checked runs')));
}

/** Draws the page again after any drawing under way; `data-drawn` on <main> counts the drawings, for tests. */
function redraw() {
  rendering = rendering.then(showExperiment).catch(showError).then(() => {
    const main = document.getElementById('app');
    main.dataset.drawn = String(Number(main.dataset.drawn || 0) + 1);
  });
}

// Listen first, draw once the stream is open: a run that lands in between is not missed.
const events = new EventSource('/api/experiments/' + encodeURIComponent(experimentId) + '/events');
events.addEventListener('ready', redraw);
events.addEventListener('change', redraw);
