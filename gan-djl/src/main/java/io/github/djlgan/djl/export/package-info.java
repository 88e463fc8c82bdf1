/**
 * A trained generator exported to ONNX for any runtime, and as a model directory for DJL's
 * OnnxRuntime engine: {@link io.github.djlgan.djl.export.GeneratorOnnx} converts the network,
 * {@link io.github.djlgan.djl.export.OnnxGeneratorModel} writes and loads the directory. The ONNX
 * messages are compiled from the official {@code onnx.proto} (src/main/protobuf) by the build.
 */
package io.github.djlgan.djl.export;
