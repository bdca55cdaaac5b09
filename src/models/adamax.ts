/**
 * Adamax whose state can be saved and restored: TensorFlow.js 4.22's AdamaxOptimizer throws in
 * getWeights()/setWeights(), which checkpoints need. The update rule is TensorFlow.js's own.
 */
import type { AdamaxState } from '../backend/fused-adamax';
import { tf } from '../tf';

/** Adamax's default learning rate in Keras 2 and TensorFlow.js (the course compiles with `"adamax"`). */
export const DEFAULT_ADAMAX_LEARNING_RATE = 0.002;

/** One moment of one weight, as tf.AdamaxOptimizer keeps it (see AdamaxState, the one description of its private fields). */
type OptimizerVariable = NonNullable<AdamaxState['accumulatedFirstMoment'][number]>;

/** A named state tensor, as tf.Optimizer.getWeights() returns them. */
type NamedTensor = { name: string; tensor: tf.Tensor };

const ACC_BETA1 = 'adamax/accBeta1';
const ITERATION = 'adamax/iteration';

/**
 * tf.AdamaxOptimizer with working getWeights()/setWeights() (state: step count, beta1 power, first moments,
 * weighted infinity norms), so training can be checkpointed and resumed exactly.
 */
export class CheckpointableAdamax extends tf.AdamaxOptimizer {
  constructor(learningRate = DEFAULT_ADAMAX_LEARNING_RATE, beta1 = 0.9, beta2 = 0.999, epsilon?: number, decay = 0) {
    super(learningRate, beta1, beta2, epsilon as number, decay);
    const s = this.internals();
    if (!(s.iteration instanceof tf.Variable) || !(s.accBeta1 instanceof tf.Variable) || !Array.isArray(s.accumulatedFirstMoment)) {
      throw new Error(
        "Cette version de TensorFlow.js range l'état d'Adamax autrement que la 4.22 : CheckpointableAdamax ne peut pas l'enregistrer ; " +
          'installez @tensorflow/tfjs 4.22, la version fixée par package.json (npm install).',
      );
    }
  }

  private internals(): AdamaxState {
    return this as unknown as AdamaxState;
  }

  /** The moments created so far: first moments, then weighted infinity norms (tfjs creates them at the first update). */
  private moments(): OptimizerVariable[] {
    const s = this.internals();
    return [...s.accumulatedFirstMoment, ...s.accumulatedWeightedInfNorm].filter((m): m is OptimizerVariable => m !== undefined);
  }

  /** Returns copies of the state tensors (the caller disposes them). */
  override async getWeights(): Promise<NamedTensor[]> {
    const s = this.internals();
    return [
      await this.saveIterations(),
      { name: ITERATION, tensor: s.iteration.clone() },
      { name: ACC_BETA1, tensor: s.accBeta1.clone() },
      ...this.moments().map((m) => ({ name: m.originalName, tensor: m.variable.clone() })),
    ];
  }

  /** Restores a state written by getWeights() (the caller may dispose the given tensors afterwards). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues.slice());
    const byName = (name: string): tf.Tensor => {
      const found = rest.find((w) => w.name === name);
      if (found === undefined) {
        throw new Error(`L'état d'Adamax n'a pas de « ${name} » : le point de contrôle n'a pas été écrit par CheckpointableAdamax ; supprimez-le et relancez l'entraînement.`);
      }
      return found.tensor;
    };
    const s = this.internals();
    s.iteration.assign(byName(ITERATION));
    s.accBeta1.assign(byName(ACC_BETA1));
    const moments = rest.filter((w) => w.name !== ITERATION && w.name !== ACC_BETA1);
    if (moments.length % 2 !== 0) {
      throw new Error(`L'état d'Adamax a ${moments.length} tenseurs de moments (un nombre pair est attendu) : le point de contrôle est abîmé ; supprimez-le et relancez l'entraînement.`);
    }
    const half = moments.length / 2;
    tf.dispose(this.moments().map((m) => m.variable));
    const toVariables = (list: NamedTensor[]): OptimizerVariable[] =>
      list.map((w) => ({ originalName: w.name, variable: tf.variable(w.tensor, false) }));
    s.accumulatedFirstMoment = toVariables(moments.slice(0, half));
    s.accumulatedWeightedInfNorm = toVariables(moments.slice(half));
  }
}
