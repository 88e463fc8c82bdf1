package io.github.djlgan.api.data;

import io.github.djlgan.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run trains on, parsed from its name: a built-in distribution or an image collection.
 *
 * <ul>
 *   <li>{@code gaussian1d}, {@code ring8}, {@code grid25}: see {@link SyntheticDistribution}.
 *   <li>{@code fashion-mnist}, {@code mnist}: 28x28 grayscale images in IDX files; see {@link
 *       ImageCollection}.
 * </ul>
 */
public sealed interface DatasetSpec {

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
     * Parses a dataset name.
     *
     * @param id the name
     * @return the dataset
     * @throws InvalidInputException naming the known datasets if none has that name
     */
    static DatasetSpec parse(String id) {
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
     * Returns every dataset name.
     *
     * @return the names
     */
    static List<String> knownIds() {
        List<String> ids = new ArrayList<>();
        for (SyntheticDistribution distribution : SyntheticDistribution.values()) {
            ids.add(distribution.id());
        }
        for (ImageCollection collection : ImageCollection.values()) {
            ids.add(collection.id());
        }
        return ids;
    }
}
