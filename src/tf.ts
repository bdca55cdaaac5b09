/** The one TensorFlow.js namespace shared by the library and the notebooks (re-exported as `tf`). */
import * as tf from '@tensorflow/tfjs';

export { tf };
