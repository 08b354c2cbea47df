/** The report's files in a results folder, beside experiment.json and timings.csv. */
export const REPORT_FILES = { runs: 'runs.csv', readme: 'README.md', charts: 'charts' } as const;

/** What the folder does not commit (results-gitignore.ts). */
export const GITIGNORE = '.gitignore';
