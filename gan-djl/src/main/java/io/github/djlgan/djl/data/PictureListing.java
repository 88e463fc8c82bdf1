package io.github.djlgan.djl.data;

import io.github.djlgan.api.InvalidInputException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * The picture files under a folder, their classes and their split, before decoding; see {@link
 * ImageFolderDataset} for the rules. Symbolic links are followed, except a link to the folder
 * itself or to a folder containing it (a loop, or the whole disk for a link to {@code /}); such
 * links, loops, unreadable folders and picture names that are not regular files (a FIFO or a
 * device named {@code x.png}) are recorded as skipped with their reason, never read.
 */
final class PictureListing {

    final List<String> files = new ArrayList<>();
    final List<String> classNames = new ArrayList<>();
    final List<SkippedFile> skipped = new ArrayList<>();
    int[] labels;
    boolean[] test;

    private PictureListing() {}

    static PictureListing of(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(
                    "No folder '" + root + "' (the folder of a folder:PATH dataset)");
        }
        Path realRoot = root.toRealPath();
        PictureListing listing = new PictureListing();
        List<String> others = new ArrayList<>();
        Files.walkFileTree(
                root,
                EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(
                            Path directory, BasicFileAttributes attributes) {
                        if (directory.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (hidden(directory)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (!Files.isSymbolicLink(directory)) {
                            return FileVisitResult.CONTINUE;
                        }
                        try {
                            if (!realRoot.startsWith(directory.toRealPath())) {
                                return FileVisitResult.CONTINUE;
                            }
                            listing.skip(root, directory,
                                    "a link to a folder that contains the dataset folder");
                        } catch (IOException e) {
                            listing.skip(root, directory, "cannot be read (" + e + ")");
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (hidden(file)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (!picture(file)) {
                            others.add(relative(root, file));
                        } else if (attributes.isRegularFile()) {
                            listing.files.add(relative(root, file));
                        } else if (attributes.isSymbolicLink()) {
                            listing.skip(root, file, "a symbolic link to nothing");
                        } else {
                            listing.skip(root, file,
                                    "not a regular file (a FIFO, device or socket)");
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (e instanceof FileSystemLoopException) {
                            listing.skip(root, file, "a symbolic-link loop");
                        } else if (e instanceof AccessDeniedException) {
                            listing.skip(root, file, "cannot be read (permission denied)");
                        } else {
                            listing.skip(root, file, "cannot be read (" + e + ")");
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        if (listing.files.isEmpty()) {
            Collections.sort(others);
            List<String> reasons = new ArrayList<>();
            listing.skipped.forEach(skip -> reasons.add(skip.toString()));
            throw new InvalidInputException(
                    "No " + PictureReader.FORMATS + " pictures under " + root
                            + (others.isEmpty() && reasons.isEmpty() ? " (it holds no files)"
                                    : others.isEmpty() ? " (skipped: " + shortList(reasons) + ")"
                                    : " (" + others.size() + " other files, such as "
                                            + shortList(others) + ")"));
        }
        Collections.sort(listing.files);
        listing.skipped.sort(Comparator.comparing(SkippedFile::file));
        listing.classify();
        listing.split();
        return listing;
    }

    /** Names the first few of a list, then how many more there are. */
    static String shortList(List<String> names) {
        int shownCount = Math.min(ImageFolderDataset.NAMES_SHOWN, names.size());
        List<String> shown = names.subList(0, shownCount);
        String more = names.size() > shown.size()
                ? " and " + (names.size() - shown.size()) + " more" : "";
        return String.join(", ", shown) + more;
    }

    private void skip(Path root, Path file, String reason) {
        skipped.add(new SkippedFile(relative(root, file), reason));
    }

    private void classify() {
        boolean rootPictures = false;
        TreeSet<String> folders = new TreeSet<>();
        for (String file : files) {
            int slash = file.indexOf('/');
            if (slash < 0) {
                rootPictures = true;
            } else {
                folders.add(file.substring(0, slash));
            }
        }
        if (rootPictures) {
            classNames.add(ImageFolderDataset.ROOT_CLASS);
        }
        classNames.addAll(folders);
        labels = new int[files.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classNames.indexOf(classOf(files.get(i)));
        }
    }

    /** The class a file belongs to: its first-level folder, or the root class. */
    static String classOf(String file) {
        int slash = file.indexOf('/');
        return slash < 0 ? ImageFolderDataset.ROOT_CLASS : file.substring(0, slash);
    }

    private void split() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(ImageFolderDataset.SPLIT_SEED));
        test = new boolean[files.size()];
        long held = Math.round(files.size() * ImageFolderDataset.TEST_SHARE);
        for (int i = 0; i < held; i++) {
            test[order.get(i)] = true;
        }
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static boolean picture(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0
                && ImageFolderDataset.EXTENSIONS.contains(
                        name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
