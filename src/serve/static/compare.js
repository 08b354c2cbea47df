// Compare runs picked from any experiments: the picker, their loss and accuracy together, and a table.
'use strict';

const picked = new URLSearchParams(location.search).getAll('run');
const compareSort = { column: null, descending: false };
let compareViews = [];

async function showCompare() {
  const all = await getJson('/api/runs');
  const main = resetMain('Compare runs');
  const picker = el('details', { class: 'picker', open: picked.length === 0 });
  picker.append(el('summary', null, 'Pick runs (' + picked.length + ' picked)'));
  const byExperiment = new Map();
  for (const run of all) byExperiment.set(run.experiment, [...(byExperiment.get(run.experiment) || []), run]);
  for (const [experiment, runs] of byExperiment) {
    picker.append(el('fieldset', null, el('legend', null, experiment), runs.map((r) => {
      const label = r.experiment + '/' + r.run;
      return el('label', null, el('input', { type: 'checkbox', value: label, checked: picked.includes(label), onchange: (e) => pick(label, e.target.checked) }), ' ' + r.run + ' ');
    })));
  }
  main.append(picker);
  if (picked.length === 0) {
    main.append(el('p', null, 'Pick runs above, from any experiments, to see them side by side.'));
    return;
  }
  const query = picked.map((label) => 'run=' + encodeURIComponent(label)).join('&');
  const comparison = await getJson('/api/compare?' + query);
  for (const v of compareViews) v.finalize();
  compareViews = [];
  const charts = el('section', { class: 'charts' });
  main.append(charts);
  for (const name of ['loss', 'accuracy']) {
    const box = el('div', { class: 'chart', id: 'chart-' + name });
    charts.append(box);
    compareViews.push((await drawChart(box, comparison.charts[name])).view);
  }
  const slices = [...new Set(comparison.runs.flatMap((r) => Object.keys(r.accuracy)))];
  const columns = runColumns([], slices, true);
  columns.splice(1, 0, { title: 'settings', value: (r) => Object.entries(r.values).map(([k, v]) => k + '=' + v).join(', ') });
  main.append(el('h2', null, 'Runs'));
  main.append(sortableTable(columns, comparison.runs, compareSort));
}

function pick(label, on) {
  const at = picked.indexOf(label);
  if (on && at === -1) picked.push(label);
  if (!on && at !== -1) picked.splice(at, 1);
  history.replaceState(null, '', '/compare' + (picked.length ? '?' + picked.map((l) => 'run=' + encodeURIComponent(l)).join('&') : ''));
  showCompare().catch(showError);
}

showCompare().catch(showError);
