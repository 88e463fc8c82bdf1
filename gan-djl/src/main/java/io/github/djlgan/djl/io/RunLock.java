package io.github.djlgan.djl.io;

import io.github.djlgan.api.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive right to write a run directory, held by one process at a time: a second {@code gan
 * train} on the same directory (a second {@code --resume}, or {@code --overwrite} of a run in
 * progress) is refused at once, naming the process that holds it.
 *
 * <p>The lock is an operating-system file lock on {@value RunDirectory#LOCK} in the run
 * directory, so it dies with its process: a lock left by a process that was killed never blocks a
 * later resume. The file itself stays (it holds the last holder's process id, for the message).
 * Readers ({@code gan sample}, {@code gan eval}) take no lock: they read only complete checkpoints.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an existing run directory.
     *
     * @param directory the run directory, which must exist
     * @return the lock, to close when the run no longer writes
     * @throws InvalidInputException if another process (or another run in this one) holds it
     * @throws IOException if the lock file cannot be opened
     */
    public static RunLock acquire(Path directory) throws IOException {
        Path file = directory.resolve(RunDirectory.LOCK);
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new InvalidInputException(
                    "Run '" + directory + "' is in use by "
                            + (holder.isEmpty() ? "another process" : "process " + holder)
                            + "; wait for it to end or stop it first");
        }
        try {
            byte[] pid =
                    (ProcessHandle.current().pid() + System.lineSeparator())
                            .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new RunLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            int read = channel.read(buffer, 0);
            return read <= 0
                    ? ""
                    : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
