/**
 * ONNX export of trained CIDer networks, built with Tribuo's ONNX graph builder ({@code org.tribuo.util.onnx}).
 * <p>
 * {@link dev.cider.onnx.OnnxOperator} adds the ONNX operators Tribuo's {@code ONNXOperators} lacks,
 * {@link dev.cider.onnx.OnnxGraph} wraps an {@code ONNXContext} with the tensor operations the network needs, and the
 * {@code *Export} classes write the prediction-time computation of one DJL block each, reading the block's trained
 * parameters. Every exported block is tested against its DJL forward pass in ONNX Runtime.
 */
package dev.cider.onnx;
