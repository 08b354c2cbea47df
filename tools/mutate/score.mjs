// A score as the README gives it: killed and timed-out mutants of all valid ones, those no
// test reaches included (Stryker's "mutation score"; compile and runtime errors and ignored
// mutants are not valid).
export function score(statuses) {
  const counts = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = statuses.length - (counts.CompileError ?? 0) - (counts.RuntimeError ?? 0) - (counts.Ignored ?? 0);
  const percent = valid === 0 ? 100 : (100 * detected) / valid;
  return `${percent.toFixed(1)}% (${detected} of ${valid} killed or timed out; ${counts.Survived ?? 0} survived, ${counts.NoCoverage ?? 0} without coverage)`;
}

/** One line per file, relative to the project, then the total, of `[file, statuses]` pairs. */
export function scoreLines(files) {
  const lines = [...files].sort(([a], [b]) => a.localeCompare(b)).map(([file, statuses]) => `  ${file}: ${score(statuses)}`);
  return { lines, total: score([...files].flatMap(([, statuses]) => statuses)) };
}
