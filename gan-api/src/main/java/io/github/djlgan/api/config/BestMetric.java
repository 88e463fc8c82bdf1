package io.github.djlgan.api.config;

import io.github.djlgan.api.metric.ModeCoverage;

/**
 * The metric by which a run keeps its best checkpoint besides its newest ones, measured on the
 * generator (its weight average, when the run keeps one) at every checkpoint.
 */
public enum BestMetric {
    /** No best checkpoint is kept. The default. */
    NONE("none"),

    /**
     * The number of a synthetic mixture's modes covered ({@link ModeCoverage#modesCovered()}),
     * higher is better; ties go to the higher high-quality share.
     */
    MODES("modes"),

    /** The share of high-quality samples of a synthetic mixture, higher is better. */
    HIGH_QUALITY("high-quality");

    private final String id;

    BestMetric(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code high-quality}
     */
    public String id() {
        return id;
    }

    /**
     * Scores a coverage measurement by this metric, higher is better; for {@link #MODES} the
     * high-quality share breaks ties.
     *
     * @param coverage the generator's coverage of the mixture
     * @return the score
     * @throws IllegalStateException for {@link #NONE}
     */
    public double score(ModeCoverage coverage) {
        return switch (this) {
            case MODES -> coverage.modesCovered() + coverage.highQualityShare() / 2;
            case HIGH_QUALITY -> coverage.highQualityShare();
            case NONE -> throw new IllegalStateException("no metric to score by");
        };
    }

    /**
     * Looks up a metric by its name.
     *
     * @param id the name
     * @return the metric
     * @throws io.github.djlgan.api.InvalidInputException if no metric has that name
     */
    public static BestMetric fromId(String id) {
        return Names.find(values(), BestMetric::id, id, "best-checkpoint metric");
    }

    @Override
    public String toString() {
        return id;
    }
}
