package io.github.djlgan.djl.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;

import java.nio.ByteBuffer;

/**
 * Stacks requests into a batch and splits answers with host copies only: it reads arrays and
 * creates arrays, and runs no operator. That is all DJL's OnnxRuntime engine can do by itself
 * (its arrays hand every other operator to a training engine, if one is on the class path), so
 * the same translator serves an exported generator with OnnxRuntime alone. The copies are of z,
 * labels and G's output, small next to G's work.
 *
 * <p>{@link #batchify}: items {@code (d...)} to {@code (n, d...)}, each position of the lists on
 * its own, keeping the first item's name and data type. {@link #unbatchify}: {@code (n, d...)}
 * to n items {@code (d...)}. Arrays of a batch must share shape and type.
 */
final class HostBatchifier implements Batchifier {

    @Override
    public NDList batchify(NDList[] inputs) {
        NDList batch = new NDList();
        for (int position = 0; position < inputs[0].size(); position++) {
            NDArray first = inputs[0].get(position);
            long itemBytes = first.getShape().size() * first.getDataType().getNumOfBytes();
            ByteBuffer data = first.getManager().allocateDirect(Math.toIntExact(itemBytes * inputs.length));
            for (NDList input : inputs) {
                NDArray item = input.get(position);
                if (!item.getShape().equals(first.getShape())
                        || item.getDataType() != first.getDataType()) {
                    throw new IllegalArgumentException(
                            "cannot batch " + item.getShape() + " " + item.getDataType()
                                    + " with " + first.getShape() + " " + first.getDataType());
                }
                data.put(item.toByteBuffer());
            }
            data.rewind();
            batch.add(create(first.getManager(), data, new Shape(inputs.length).addAll(first.getShape()),
                    first.getDataType(), first.getName()));
        }
        return batch;
    }

    @Override
    public NDList[] unbatchify(NDList inputs) {
        int size = Math.toIntExact(inputs.head().getShape().get(0));
        NDList[] items = new NDList[size];
        for (int i = 0; i < size; i++) {
            items[i] = new NDList(inputs.size());
        }
        for (NDArray batch : inputs) {
            Shape itemShape = batch.getShape().slice(1);
            int itemBytes = Math.toIntExact(itemShape.size() * batch.getDataType().getNumOfBytes());
            ByteBuffer all = batch.toByteBuffer();
            for (int i = 0; i < size; i++) {
                ByteBuffer one = all.duplicate().order(all.order());
                one.position(i * itemBytes).limit((i + 1) * itemBytes);
                ByteBuffer copy = batch.getManager().allocateDirect(itemBytes);
                copy.put(one).rewind();
                items[i].add(create(batch.getManager(), copy, itemShape, batch.getDataType(),
                        batch.getName()));
            }
        }
        return items;
    }

    private static NDArray create(
            NDManager manager, ByteBuffer data, Shape shape, DataType type, String name) {
        NDArray array = manager.create(data, shape, type);
        if (name != null) {
            array.setName(name);
        }
        return array;
    }
}
