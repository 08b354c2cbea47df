/** Every message about results on disk, written once: file system errors, the lock, leftovers, damaged runs. Tests assert through these. */

export const resultsMessages = {
  // The operating system refused (full disk, read-only, not a folder...): the file and the reason.
  cannotWrite: (path: string, reason: string) => `cannot write ${path}: ${reason}`,
  cannotRead: (path: string, reason: string) => `cannot read ${path}: ${reason}`,
  cannotRemove: (path: string, reason: string) => `cannot remove ${path}: ${reason}`,
  notAFolder: (path: string) => `cannot write results into ${path}: it is not a folder`,
  notWritable: (path: string, reason: string) => `cannot write results into ${path}: ${reason}`,
  otherExperiment: (path: string, name: string, other: string) =>
    `cannot write the results of '${name}' into ${path}: it holds those of experiment '${other}' (its experiment.json), whose runs would be replaced; choose another folder`,
  /** Two spec files of one `name`: `other` made the folder, `spec` is the one being run. */
  otherSpecFile: (path: string, name: string, spec: string, other: string) =>
    `cannot write the results of ${spec} into ${path}: it holds those of ${other}, another spec file named '${name}', and their runs would mix; give one of them another name, or write these results elsewhere with --out DIR`,
  notResultsFolder: (path: string, file: string) =>
    `cannot write results into ${path}: it holds other files (${file}) and is not a results folder; choose a new or empty folder`,

  // The lock on a results folder.
  locked: (dir: string, holder: string) =>
    `${dir} is in use by ${holder}; wait for it to end, or pass --wait to wait here`,
  lockedElsewhere: (dir: string, holder: string, lock: string) =>
    `${dir} is in use by ${holder}, another host, whose processes cannot be looked for from here; wait for it to end (--wait), or, if no process there is using the folder (a container started anew under another name), remove ${lock}`,
  lockLink: 'it is a symbolic link to a file that is not there, not a lock run-experiments wrote; remove it if no run-experiments process is using the folder',
  lockUnreadable: (lock: string) =>
    `another process is writing here: ${lock} exists but says nothing about who holds it; remove it if no run-experiments process is using the folder`,
  holder: (pid: number, host: string, started: string) => `process ${pid} on ${host} (started ${started})`,
  waiting: (dir: string, holder: string) => `${dir} is in use by ${holder}; waiting for it to end`,
  staleLock: (holder: string) => `taking over the lock of ${holder}, which is no longer running`,

  // Leftovers of a process that is gone.
  removedLeftover: (path: string) => `removed ${path}, left by a process that is gone`,
  recoveredFolder: (from: string, to: string) => `recovered ${to} from ${from}, left by a process that is gone`,

  // An id read from a file that is not a safe folder name.
  unsafeId: (id: string, where: string) =>
    `${where}: run id ${JSON.stringify(id)} is not a safe folder name (letters, digits, '-', '_' and '.', not only dots)`,

  // Why a run's folder cannot be trusted, one phrase each (the runner adds "training again").
  missingFile: (file: string) => `${file} is missing`,
  unreadableFile: (file: string, reason: string) => `${file} cannot be read (${reason})`,
  notJson: (file: string) => `${file} is not JSON`,
  notRunConfig: (file: string, what: string) => `${file} is not a run's config (${what})`,
  otherRun: (file: string, id: string) => `${file} belongs to run '${id}'`,
  badCsv: (file: string, expected: string) => `${file} is damaged (expected ${expected})`,
  rowCount: (file: string, rows: number, expected: number) => `${file} has ${rows} rows, config.json says ${expected}`,
  changedByHand: (file: string) => `${file} is not what the run wrote (its cells differ from those whose SHA-256 config.json records)`,
  configChangedByHand: (file: string) => `${file} is not what the run wrote (its fields differ from those whose SHA-256 it records)`,
  notRecorded: (file: string) => `${file} has no SHA-256 in config.json, which records those of the CSV files the run wrote`,
  modelDamaged: (reason: string) => `the saved model is damaged: ${reason}`,
  modelSha: 'model.bin does not match its sha256',
  modelOtherRun: (hash: string) => `model.json belongs to a run of config hash ${hash}`,
} as const;
