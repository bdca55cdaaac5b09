/**
 * Set-up the notebooks need before any other code runs in a tslab kernel: it is done once, when a notebook's
 * first `import … from '../dist'` loads the library (src/index.ts imports this module for that effect only).
 * Today it is one thing, guardKernelOutput(): without it, a burst of output (a training's progress bar) can make
 * zeromq throw EBUSY and kill the kernel in the middle of a long training. Outside a tslab kernel (tests, scripts,
 * the bench) it does nothing.
 */
import { guardKernelOutput } from './kernel-output-guard';

guardKernelOutput();
