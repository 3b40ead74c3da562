/**
 * ONNX export of trained CIDer models, built with Tribuo's ONNX graph builder ({@code org.tribuo.util.onnx}).
 * <p>
 * {@link dev.cider.onnx.OnnxOperator} adds the ONNX operators Tribuo's {@code ONNXOperators} lacks,
 * {@link dev.cider.onnx.OnnxGraph} wraps an {@code ONNXContext} with the tensor operations the network needs, and the
 * {@code *Export} classes write the prediction-time computation of one DJL block each, reading the block's trained
 * parameters; {@link dev.cider.onnx.WholeModelExport} joins them into the whole prediction that
 * {@code CiderModel.exportONNXModel} writes, from the one-input row of {@link dev.cider.onnx.WholeModelInput} to the
 * class probabilities, with {@link dev.cider.onnx.OnnxModelMetadata} in the model's metadata.
 * {@link dev.cider.onnx.ExportedCiderModel} runs an export in ONNX Runtime, directly or as Tribuo's
 * {@code ONNXExternalModel}. Every exported block, and the whole model, is tested against DJL in ONNX Runtime.
 */
package dev.cider.onnx;
