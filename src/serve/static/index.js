// The index: every experiment in the results folder, its runs, status and best run.
'use strict';

async function showIndex() {
  const experiments = await getJson('/api/experiments');
  const main = resetMain('Experiments');
  if (experiments.length === 0) {
    main.append(el('p', null, 'No experiments in this folder yet: run one with ', el('code', null, 'run-experiments SPEC.yaml'), '.'));
    return;
  }
  const columns = [
    { title: 'experiment', value: (e) => e.name, cell: (e) => el('a', { href: '/experiments/' + encodeURIComponent(e.id) }, e.name) },
    { title: 'runs', value: (e) => e.finished, numeric: true, cell: (e) => e.planned === null || e.planned === e.finished ? String(e.finished) : e.finished + ' of ' + e.planned },
    { title: 'status', value: (e) => e.status, cell: (e) => el('span', { class: e.running ? 'status running' : 'status' }, e.status) },
    { title: 'best run', value: (e) => e.best ? e.best.value : null, numeric: true,
      cell: (e) => e.best ? el('span', null, el('b', null, e.best.run), ' (' + bestMetricText(e.best) + ')') : '' },
  ];
  main.append(sortableTable(columns, experiments, { column: null, descending: false }));
}

showIndex().catch(showError);
