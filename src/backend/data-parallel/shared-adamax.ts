/**
 * Adamax's state while the data-parallel trainer applies the update on all its threads: the two moments live in
 * the shared memory (SharedUpdate) and the step count and β1 power here, in float32 as the optimizer keeps them;
 * writeBack() puts them into the optimizer, where checkpoints and later trainings read them.
 */
import { tf } from '../../tf';
import { adamaxCoefficients, fusedAdamaxRegistered, type AdamaxCoefficients, type AdamaxState } from '../fused-adamax';
import { tensorValues } from './gradients';
import type { SharedUpdate } from './shared-update';

const f = Math.fround;

/** An optimizer's moment for one weight tensor, as tf.AdamaxOptimizer keeps it. */
type Moment = { originalName: string; variable: tf.Variable } | undefined;

/** The optimizer's state of `variables` copied into `shared`; false when it does not line up with them. */
function readMoments(state: AdamaxState, variables: tf.Variable[], shared: SharedUpdate): boolean {
  const lists: [Moment[], Float32Array][] = [[state.accumulatedFirstMoment, shared.firstMoment], [state.accumulatedWeightedInfNorm, shared.infNorm]];
  if (lists.some(([moments]) => moments.length > variables.length)) return false;
  let offset = 0;
  for (const [i, v] of variables.entries()) {
    for (const [moments, into] of lists) {
      const moment = moments[i];
      if (moment !== undefined && moment.variable.size !== v.size) return false;
      if (moment === undefined) into.fill(0, offset, offset + v.size);
      else into.set(tensorValues(moment.variable), offset);
    }
    offset += v.size;
  }
  return true;
}

/** The Adamax state of a data-parallel training, its moments in shared memory. */
export class SharedAdamax {
  private iteration: number;
  private accBeta1: number;
  private stepsSinceWriteBack = 0;

  private constructor(
    private readonly optimizer: tf.AdamaxOptimizer,
    private readonly variables: tf.Variable[],
    private readonly shared: SharedUpdate,
  ) {
    const state = this.state();
    this.iteration = state.iteration.dataSync()[0];
    this.accBeta1 = state.accBeta1.dataSync()[0];
  }

  /**
   * Takes over `optimizer`'s state for `variables` (model.trainableWeights order) when it is an Adamax optimizer on
   * the wasm backend with the one-pass update installed; null otherwise (the main thread's optimizer then updates).
   */
  static attach(optimizer: tf.Optimizer, variables: tf.Variable[], shared: SharedUpdate): SharedAdamax | null {
    if (!(optimizer instanceof tf.AdamaxOptimizer) || tf.getBackend() !== 'wasm' || !fusedAdamaxRegistered()) return null;
    const state = optimizer as unknown as AdamaxState;
    if (!(state.iteration instanceof tf.Variable) || !Array.isArray(state.accumulatedFirstMoment) || !Array.isArray(state.accumulatedWeightedInfNorm)) return null;
    return readMoments(state, variables, shared) ? new SharedAdamax(optimizer, variables, shared) : null;
  }

  private state(): AdamaxState {
    return this.optimizer as unknown as AdamaxState;
  }

  /** The coefficients of the next step. */
  coefficients(): AdamaxCoefficients {
    return adamaxCoefficients(this.optimizer, this.iteration, this.accBeta1);
  }

  /** Counts one step, as tf.AdamaxOptimizer does after its update (iteration + 1, β1 power × β1, in float32). */
  advance(): void {
    this.iteration = f(this.iteration + 1);
    this.accBeta1 = f(this.accBeta1 * f(this.state().beta1));
    this.state().incrementIterations();
    this.stepsSinceWriteBack++;
  }

  /** Writes the moments, step count and β1 power into the optimizer's own variables (nothing when no step was taken since). */
  writeBack(): void {
    if (this.stepsSinceWriteBack === 0) return;
    const state = this.state();
    const lists: [Moment[], Float32Array, string][] = [[state.accumulatedFirstMoment, this.shared.firstMoment, 'm'], [state.accumulatedWeightedInfNorm, this.shared.infNorm, 'v']];
    let offset = 0;
    for (const [i, v] of this.variables.entries()) {
      for (const [moments, from, suffix] of lists) {
        const value = tf.tensor(from.subarray(offset, offset + v.size), v.shape, 'float32');
        const moment = moments[i];
        if (moment === undefined) moments[i] = { originalName: `${v.name}/${suffix}`, variable: tf.variable(value, false) };
        else moment.variable.assign(value);
        value.dispose();
      }
      offset += v.size;
    }
    tf.tidy(() => {
      state.iteration.assign(tf.scalar(this.iteration));
      state.accBeta1.assign(tf.scalar(this.accBeta1));
    });
    this.stepsSinceWriteBack = 0;
  }
}
