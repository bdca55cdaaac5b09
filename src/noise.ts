/**
 * Gaussian corruption of image batches for denoising autoencoders, and the course's statistical check.
 * Unlike the original course (one noise pattern shared by the whole batch), every pixel of every image
 * gets its own draw.
 */
import seedrandom from 'seedrandom';
import { tf } from './tf';

/** Options of applyGaussianNoise: `clip` keeps values in [0, 1]; `seed` makes the draw reproducible. */
export interface NoiseOptions {
  clip?: boolean;
  seed?: number;
}

/** Throws a clear Error unless sigma is a finite number >= 0. */
export function validateSigma(sigma: unknown): number {
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
    throw new Error(
      `sigma (l'écart type du bruit) doit être un nombre fini ≥ 0, reçu ${String(sigma)} : passez par exemple 0.1.`,
    );
  }
  return sigma;
}

/**
 * Returns `images + N(0, sigma²)` with independent noise for every value of every image (same shape as
 * `images`, float32), optionally clipped to [0, 1]. The input is left untouched; the caller disposes the
 * result. Introduced in 15-introduction-au-bruit-gaussien.
 * @example const noisy = applyGaussianNoise(images, 0.1, { seed: 42 });
 */
export function applyGaussianNoise(images: tf.Tensor, sigma = 0.1, options: NoiseOptions = {}): tf.Tensor {
  if (!(images instanceof tf.Tensor)) {
    throw new Error(`applyGaussianNoise attend un tf.Tensor d'images, reçu ${typeof images} : convertissez-le avec tf.tensor(...).`);
  }
  validateSigma(sigma);
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new Error(`seed doit être un nombre fini, reçu ${String(options.seed)} : passez par exemple 42, ou omettez-le.`);
  }
  return tf.tidy(() => {
    const x = images.toFloat();
    const noisy = sigma === 0 ? x.clone() : x.add(gaussianTensor(images.shape, sigma, options.seed));
    return options.clip ? noisy.clipByValue(0, 1) : noisy;
  });
}

/** The state of seedrandom's Alea generator (the one tf.randomNormal draws from). */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * The values of tf.randomNormal(shape, 0, sigma, 'float32', seed), the same bits, about twice as fast: the same
 * Alea sequence and Marsaglia polar method in one loop over local state (`0 + …` is its mean, turning −0 into
 * +0). Without a seed (or with 0, which tf.randomNormal also treats as none) the draw is tf.randomNormal's own.
 */
function gaussianTensor(shape: number[], sigma: number, seed: number | undefined): tf.Tensor {
  if (!seed) return tf.randomNormal(shape, 0, sigma, 'float32', seed);
  let { c, s0, s1, s2 } = seedrandom.alea(String(seed), { state: true }).state() as AleaState;
  /** Alea's next value in [0, 1), as seedrandom computes it. */
  const next = (): number => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  for (let i = 0; i < values.length; i += 2) {
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * next() - 1;
      v2 = 2 * next() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const mul = Math.sqrt((-2.0 * Math.log(s)) / s);
    values[i] = 0 + sigma * v1 * mul;
    if (i + 1 < values.length) values[i + 1] = 0 + sigma * v2 * mul;
  }
  return tf.tensor(values, shape, 'float32');
}

/** Measured vs theoretical statistics of a noisy batch (see checkNoiseStatistics). */
export interface NoiseStatisticsReport {
  sigma: number;
  tolerance: number;
  measuredStd: number;
  /** sqrt(std(images)² + sigma²): the std of images plus independent zero-mean noise. */
  theoreticalStd: number;
  measuredMean: number;
  /** mean(images): zero-mean noise must not move it. */
  theoreticalMean: number;
  /** False when two images received exactly the same noise pattern (the original course's bug). */
  independentAcrossImages: boolean;
  passed: boolean;
  failures: string[];
}

/** Options of checkNoiseStatistics; `noise` lets you check another implementation than applyGaussianNoise. */
export interface NoiseCheckOptions {
  tolerance?: number;
  seed?: number;
  throws?: boolean;
  noise?: (images: tf.Tensor, sigma: number) => tf.Tensor;
}

/**
 * The course's test of a noise function: noise `images` (`[n, h, w, c]`) with `sigma` and compare the
 * measured std and mean with theory within `tolerance` (0.01), and check that two images do not share one
 * noise pattern. Returns a report (plain numbers, nothing to dispose); throws unless `throws` is false.
 * Introduced in 15-introduction-au-bruit-gaussien.
 */
export function checkNoiseStatistics(images: tf.Tensor, sigma = 0.5, options: NoiseCheckOptions = {}): NoiseStatisticsReport {
  validateSigma(sigma);
  const tolerance = options.tolerance ?? 0.01;
  const noise = options.noise ?? ((x: tf.Tensor, s: number) => applyGaussianNoise(x, s, { seed: options.seed }));
  const { measuredStd, theoreticalStd, measuredMean, theoreticalMean, firstTwoDiffer } = tf.tidy(() => {
    const x = images.toFloat();
    const noisy = noise(x, sigma);
    const stdOf = (t: tf.Tensor): number => Math.sqrt(tf.moments(t).variance.dataSync()[0]);
    let differ = true;
    if (x.rank >= 1 && x.shape[0] >= 2) {
      const added = noisy.sub(x);
      differ = added.slice(0, 1).sub(added.slice(1, 1)).abs().max().dataSync()[0] > 0;
    }
    return {
      measuredStd: stdOf(noisy),
      theoreticalStd: Math.sqrt(stdOf(x) ** 2 + sigma ** 2),
      measuredMean: noisy.mean().dataSync()[0],
      theoreticalMean: x.mean().dataSync()[0],
      firstTwoDiffer: differ,
    };
  });
  const failures: string[] = [];
  if (!(Math.abs(measuredStd - theoreticalStd) < tolerance)) {
    failures.push(`écart type ${measuredStd.toFixed(4)} différent de la théorie ${theoreticalStd.toFixed(4)} (prenez sigma comme écart type)`);
  }
  if (!(Math.abs(measuredMean - theoreticalMean) < tolerance)) {
    failures.push(`moyenne ${measuredMean.toFixed(4)} différente de celle des images, ${theoreticalMean.toFixed(4)} (ajoutez un bruit de moyenne nulle)`);
  }
  if (!firstTwoDiffer && sigma > 0) {
    failures.push('les deux premières images ont reçu le même motif de bruit (tirez le bruit pour chaque image, pas une fois par lot)');
  }
  const report: NoiseStatisticsReport = {
    sigma,
    tolerance,
    measuredStd,
    theoreticalStd,
    measuredMean,
    theoreticalMean,
    independentAcrossImages: firstTwoDiffer,
    passed: failures.length === 0,
    failures,
  };
  if (!report.passed && options.throws !== false) {
    throw new Error(`checkNoiseStatistics : la vérification du bruit échoue : ${failures.join(' ; ')}.`);
  }
  return report;
}
