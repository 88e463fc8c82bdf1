package io.github.djlgan.engine.pytorch;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module whose {@code forward(outputs, inputs)} returns {@code
 * torch.autograd.grad([outputs.sum()], [inputs], create_graph=True)[0]}: libtorch's gradient
 * without accumulation into any tensor's {@code .grad}, which DJL's JNI does not expose directly.
 *
 * <p>{@code Tensor::backward(create_graph=true)} would accumulate a graph-carrying gradient into
 * every leaf, D's parameters and the input included; libtorch documents that this makes a
 * reference cycle between each leaf and its gradient, which only resetting {@code .grad} to
 * undefined breaks, and DJL cannot do that. Measured here on ring8: about 1.2 MB of native memory
 * lost per R1 step. {@code autograd.grad} writes no {@code .grad} at all.
 *
 * <p>The module is a TorchScript archive assembled in memory (its code in TorchScript's
 * serialised Python subset, its one object pickled with protocol 2) and loaded by DJL's {@code
 * JniUtils.loadModule}; libtorch compiles the code when it loads it. It holds no tensors.
 */
final class AutogradGradModule {

    /** TorchScript's serialised code of the module's class {@code __torch__.InputGradient}. */
    private static final String CODE =
            "class InputGradient(Module):\n"
                    + "  __parameters__ = []\n"
                    + "  __buffers__ = []\n"
                    + "  training : bool\n"
                    + "  def forward(self: __torch__.InputGradient,\n"
                    + "    outputs: Tensor,\n"
                    + "    inputs: Tensor) -> Tensor:\n"
                    + "    _0 = torch.autograd.grad([torch.sum(outputs)], [inputs], None, True,"
                    + " True)\n"
                    + "    return unchecked_cast(Tensor, _0[0])\n";

    private AutogradGradModule() {}

    /**
     * Loads the module.
     *
     * @param manager the manager the block belongs to
     * @return the module
     */
    static PtSymbolBlock load(PtNDManager manager) {
        try {
            return JniUtils.loadModule(
                    manager, new ByteArrayInputStream(archive()), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TorchScript archive: data.pkl, code, constants.pkl, version, all stored uncompressed. */
    static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "archive/data.pkl", dataPickle());
            stored(zip, "archive/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
            // pickle protocol 2 of an empty tuple: PROTO 2, EMPTY_TUPLE, BINPUT 0, STOP
            stored(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', 'q', 0, '.'});
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /**
     * The module object, pickled as TorchScript's unpickler reads it: {@code
     * __torch__.InputGradient.__new__()} whose state is {@code {"training": True}}.
     */
    private static byte[] dataPickle() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80); // PROTO
        out.write(2);
        write(out, "c__torch__\nInputGradient\n"); // GLOBAL module, name
        out.write('q'); // BINPUT 0
        out.write(0);
        out.write(')'); // EMPTY_TUPLE
        out.write(0x81); // NEWOBJ
        out.write('q'); // BINPUT 1
        out.write(1);
        out.write('}'); // EMPTY_DICT
        out.write('q'); // BINPUT 2
        out.write(2);
        byte[] training = "training".getBytes(StandardCharsets.UTF_8);
        out.write('X'); // BINUNICODE, 4-byte little-endian length
        out.write(training.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(training);
        out.write('q'); // BINPUT 3
        out.write(3);
        out.write(0x88); // NEWTRUE
        out.write('s'); // SETITEM
        out.write('b'); // BUILD
        out.write('.'); // STOP
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content)
            throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
