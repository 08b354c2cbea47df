/**
 * Checks of one run's network the schema cannot make: `layers` not mixed with the shorthand,
 * every layer able to take its input's shape, the last one giving one number per class, and
 * the whole within the budgets. Problems are at the layer's line and column, with the shapes.
 */
import { describeShape } from '../core/architecture.js';
import { traceShapes } from '../core/layers/registry.js';
import { checkBudget } from './budget.js';
import type { DatasetShape } from './dataset-sizes.js';
import { architectureOf } from './layers.js';
import { specMessages } from './messages.js';
import type { RawSpec } from './normalize.js';
import type { Problem } from './problem.js';
import type { ProblemAt } from './semantic.js';
import type { LimitsSpec, ModelSpec, TrainingSpec } from './types.js';

export function checkModel(
  written: RawSpec['model'],
  run: { model: ModelSpec; training: TrainingSpec },
  dataset: DatasetShape,
  limits: LimitsSpec,
  at: ProblemAt,
): Problem[] {
  if (written?.layers !== undefined && (written.hidden !== undefined || written.activation !== undefined)) {
    return [at(['model', 'layers'], 'key', specMessages.layersAndHidden())];
  }
  const architecture = architectureOf(run.model, dataset.input, dataset.classes);
  const { shapes, problem } = traceShapes(architecture);
  if (problem) return [at(['model', 'layers', problem.layer], 'value', specMessages.layerShape(problem.layer, problem.message))];
  const last = shapes[shapes.length - 1].output;
  if (last.channels !== dataset.classes || last.height !== 1 || last.width !== 1) {
    return [at(['model', 'layers', shapes.length - 1], 'value', specMessages.wrongOutputs(shapes.length - 1, describeShape(last), dataset.classes))];
  }
  return checkBudget(run.model, architecture, run.training, limits, at);
}
