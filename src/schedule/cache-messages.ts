/** Every message about what the runner trains again and why, what it prunes, and its lock: written once, asserted by the tests. */

export const cacheMessages = {
  retraining: (id: string, reason: string) => `${id}: ${reason}; training again`,
  folderGone: (folder: string) => `its folder ${folder} is gone`,
  settingsChanged: (keys: string[]) =>
    keys.length > 0 ? `settings changed (${keys.join(', ')})` : 'its config hash changed (a newer version of run-experiments)',
  endedAs: (status: string) => `it ended ${status} last time`,
  notInPlan: (ids: string[]) => `not in the plan: ${ids.join(', ')}; --prune removes them`,
  pruned: (ids: string[]) => `pruned, not in the plan: ${ids.join(', ')}`,
  goneDuringRun: (ids: string[]) =>
    `the folders of ${ids.join(', ')} were removed during the run; the next run trains them again`,
  modelTruncated: (bytes: number, expected: number) => `model.bin has ${bytes} bytes, model.json says ${expected}`,
  modelOtherRun: (file: string, hash: string) => `${file} belongs to a run of config hash ${hash}`,
  modelNotConfig: (file: string) => `${file} holds other layers than the run's config asks for`,
  modelDataSha: (file: string) => `${file} does not match the sha256 of its data`,
  confusionWrong: (file: string, total: number, expected: number) =>
    `${file} counts ${total} images, the slice has ${expected}`,
} as const;
