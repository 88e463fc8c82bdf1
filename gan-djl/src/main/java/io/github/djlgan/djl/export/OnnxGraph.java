package io.github.djlgan.djl.export;

import com.google.protobuf.ByteString;

import io.github.djlgan.djl.export.proto.OnnxProto.AttributeProto;
import io.github.djlgan.djl.export.proto.OnnxProto.GraphProto;
import io.github.djlgan.djl.export.proto.OnnxProto.NodeProto;
import io.github.djlgan.djl.export.proto.OnnxProto.TensorProto;
import io.github.djlgan.djl.export.proto.OnnxProto.TensorShapeProto;
import io.github.djlgan.djl.export.proto.OnnxProto.TypeProto;
import io.github.djlgan.djl.export.proto.OnnxProto.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A computation graph under construction, on the ONNX messages compiled from the official {@code
 * onnx.proto}: weights become initializers (little-endian {@code raw_data}, as the ONNX IR
 * specifies), operators become nodes whose outputs get fresh names {@code t0, t1, ...}.
 */
final class OnnxGraph {

    /** The batch axis's symbolic name, so that any batch size may be fed. */
    static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int names;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /**
     * Declares a graph input or output of a tensor with a dynamic first (batch) axis.
     *
     * @param name the value's name
     * @param elementType an {@code TensorProto.DataType}, FLOAT or INT64 here
     * @param dims the sizes of the other axes
     * @return the value's description
     */
    static ValueInfoProto batchTensor(String name, TensorProto.DataType elementType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long dim : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        TypeProto.Tensor tensor =
                TypeProto.Tensor.newBuilder()
                        .setElemType(elementType.getNumber())
                        .setShape(shape)
                        .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    void addInput(ValueInfoProto input) {
        graph.addInput(input);
    }

    void addOutput(ValueInfoProto output) {
        graph.addOutput(output);
    }

    /**
     * Adds a float32 constant.
     *
     * @param role what it is, for its name (such as {@code linear0.weight})
     * @param values the values, row-major
     * @param dims its shape
     * @return its name
     */
    String floats(String role, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        return constant(role, TensorProto.DataType.FLOAT, ByteString.copyFrom(bytes.array()), dims);
    }

    /**
     * Adds an int64 constant.
     *
     * @param role what it is, for its name
     * @param values the values
     * @return its name; a vector of {@code values.length}
     */
    String longs(String role, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES);
        bytes.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
        return constant(
                role, TensorProto.DataType.INT64, ByteString.copyFrom(bytes.array()), values.length);
    }

    private String constant(String role, TensorProto.DataType type, ByteString data, long... dims) {
        TensorProto.Builder tensor =
                TensorProto.newBuilder().setName(role).setDataType(type.getNumber()).setRawData(data);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return role;
    }

    /**
     * Adds an operator of the default ONNX domain.
     *
     * @param opType the operator, such as {@code Gemm}
     * @param inputs its inputs' names, in the operator's order
     * @param attributes its attributes
     * @return the name of its (single) output
     */
    String node(String opType, List<String> inputs, AttributeProto... attributes) {
        String output = "t" + names++;
        graph.addNode(
                NodeProto.newBuilder()
                        .setOpType(opType)
                        .setName(opType + "_" + output)
                        .addAllInput(inputs)
                        .addOutput(output)
                        .addAllAttribute(List.of(attributes)));
        return output;
    }

    /**
     * Adds an operator whose output has a given name (a graph output).
     *
     * @param opType the operator
     * @param inputs its inputs' names
     * @param output the output's name
     */
    void namedNode(String opType, List<String> inputs, String output) {
        graph.addNode(
                NodeProto.newBuilder()
                        .setOpType(opType)
                        .setName(opType + "_" + output)
                        .addAllInput(inputs)
                        .addOutput(output));
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    GraphProto build() {
        return graph.build();
    }
}
