/**
 * Running a MACI network, shared by training and prediction: the network's architecture description
 * ({@link dev.cider.runtime.NetworkSpec}), batch assembly from examples to tensors, test-mode inference with the
 * counterfactual pass, and the compute device.
 */
package dev.cider.runtime;
