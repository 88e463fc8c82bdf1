package io.github.djlgan.api.data;

import io.github.djlgan.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run trains on, parsed from its name: a built-in distribution, an image collection, or a
 * folder of pictures.
 *
 * <ul>
 *   <li>{@code gaussian1d}, {@code ring8}, {@code grid25}, {@code ring:N}, {@code grid:N}: see
 *       {@link SyntheticDistribution}.
 *   <li>{@code fashion-mnist}, {@code mnist}: 28x28 grayscale images in IDX files; see {@link
 *       ImageCollection}.
 *   <li>{@code folder:PATH}: every png, jpg and bmp picture under the folder PATH; see {@link
 *       Folder}.
 * </ul>
 */
public sealed interface DatasetSpec {

    /** The prefix of a folder dataset's name: {@code folder:PATH}. */
    String FOLDER_PREFIX = "folder:";

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name
     */
    String id();

    /**
     * Tells whether the samples are images.
     *
     * @return true for image collections
     */
    boolean isImage();

    /**
     * Returns a short name without path separators, for file and folder names such as the default
     * run directory.
     *
     * @return the name, {@link #id()} unless that holds a path
     */
    default String label() {
        return id();
    }



    /**
     * Returns the built-in distribution, for synthetic data.
     *
     * @return the distribution, or empty for images
     */
    default Optional<SyntheticDistribution> synthetic() {
        return this instanceof Synthetic s ? Optional.of(s.distribution()) : Optional.empty();
    }

    /**
     * A built-in low-dimensional distribution.
     *
     * @param distribution the distribution
     */
    record Synthetic(SyntheticDistribution distribution) implements DatasetSpec {
        @Override
        public String id() {
            return distribution.id();
        }

        @Override
        public boolean isImage() {
            return false;
        }

        /**
         * Returns the name without its colon: {@code ring:12} gives {@code ring12}.
         *
         * @return the name
         */
        @Override
        public String label() {
            return distribution.id().replace(":", "");
        }
    }

    /**
     * A collection of images in IDX files.
     *
     * @param collection the collection
     */
    record Images(ImageCollection collection) implements DatasetSpec {
        @Override
        public String id() {
            return collection.id();
        }

        @Override
        public boolean isImage() {
            return true;
        }
    }

    /**
     * A folder of pictures (faces, or anything else): every png, jpg and bmp file under it, at any
     * depth, brought to a square size and to gray or RGB. Labels, where a run wants them, are the
     * first-level sub-folders' names.
     *
     * @param path the folder, as the user wrote it
     */
    record Folder(String path) implements DatasetSpec {

        /** Checks that a path is given. */
        public Folder {
            if (path == null || path.isBlank()) {
                throw new InvalidInputException(
                        "A folder dataset needs a path, as in " + FOLDER_PREFIX + "/data/faces");
            }
        }

        @Override
        public String id() {
            return FOLDER_PREFIX + path;
        }

        /**
         * Returns {@code folder-} and the folder's own name, characters other than letters,
         * digits, dot, dash and underscore replaced by {@code _}.
         *
         * @return the name
         */
        @Override
        public String label() {
            String trimmed = path.replaceAll("[/\\\\]+$", "");
            String last = trimmed.substring(
                    Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
            return last.isEmpty() ? "folder" : "folder-" + last.replaceAll("[^A-Za-z0-9._-]", "_");
        }

        @Override
        public boolean isImage() {
            return true;
        }


    }

    /**
     * Parses a dataset name.
     *
     * @param id the name
     * @return the dataset
     * @throws InvalidInputException naming the known datasets if none has that name, or saying
     *     what is wrong with a {@code ring:N} or {@code grid:N}
     */
    static DatasetSpec parse(String id) {
        if (id.startsWith(FOLDER_PREFIX)) {
            return new Folder(id.substring(FOLDER_PREFIX.length()));
        }
        Optional<SyntheticDistribution> synthetic = SyntheticDistribution.fromId(id);
        if (synthetic.isPresent()) {
            return new Synthetic(synthetic.get());
        }
        for (ImageCollection collection : ImageCollection.values()) {
            if (collection.id().equals(id)) {
                return new Images(collection);
            }
        }
        throw new InvalidInputException(
                "Unknown dataset '" + id + "'; known: " + String.join(", ", knownIds()));
    }

    /**
     * Returns every dataset name, {@code ring:N}, {@code grid:N} and {@code folder:PATH} standing
     * for the configurable mixtures and the image folders.
     *
     * @return the names
     */
    static List<String> knownIds() {
        List<String> ids = new ArrayList<>();
        for (SyntheticDistribution distribution : SyntheticDistribution.builtIns()) {
            ids.add(distribution.id());
        }
        ids.add(SyntheticDistribution.RING_PREFIX + "N");
        ids.add(SyntheticDistribution.GRID_PREFIX + "N");
        for (ImageCollection collection : ImageCollection.values()) {
            ids.add(collection.id());
        }
        ids.add(FOLDER_PREFIX + "PATH");
        return ids;
    }
}
