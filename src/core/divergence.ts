/**
 * When a run whose loss stays finite counts as diverged: its loss (after the update) stays
 * above `factor` times the starting loss for `patience` consecutive iterations. The
 * starting loss is the first batch's before any update, the initialised network's, so a
 * run that blows up at its first step is still measured against a sane value. The loss of
 * a run that learns nothing stays near its start (ln 10 for ten classes), so it is
 * `completed`, not diverged.
 */
export interface DivergenceRule {
  factor: number;
  patience: number;
}

/** With these, no run of the committed results diverges (lr 1.5 peaks at 1.7x its start); lr 1000 does, at once. */
export const DIVERGENCE_DEFAULTS: Readonly<DivergenceRule> = { factor: 2, patience: 100 };
