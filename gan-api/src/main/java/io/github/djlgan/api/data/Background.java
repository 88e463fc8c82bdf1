package io.github.djlgan.api.data;

import io.github.djlgan.api.config.Names;


/**
 * The colour that transparent pixels of a picture are composited onto before it is resized, so
 * that a picture reads as it looks and never as the colour its transparent pixels happen to
 * store.
 *
 * <p>Each pixel of colour {@code c} and opacity {@code a} in [0, 1] becomes {@code a c + (1 - a)
 * b} in each channel, with {@code b} the background's {@link #level()}, on the stored
 * (sRGB-encoded) values, as browsers and image viewers blend. The default is {@link #WHITE}:
 * sprites, icons and emoji are drawn to be seen on light pages (web pages, app stores, file
 * browsers, documents), their dark outlines and shadows assume it, and the usual way of
 * flattening such a dataset (pasting it onto a white canvas) gives the same pixels.
 */
public enum Background {
    /** Level 255 in every channel, the default. */
    WHITE("white", 255),
    /** Level 0 in every channel. */
    BLACK("black", 0),
    /** Level 128 in every channel, the middle gray. */
    GRAY("gray", 128);

    /** The background a loader uses when none is given. */
    public static final Background DEFAULT = WHITE;

    private final String id;
    private final int level;

    Background(String id, int level) {
        this.id = id;
        this.level = level;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code white}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the level of every channel.
     *
     * @return a level in [0, 255]
     */
    public int level() {
        return level;
    }

    /**
     * Returns the id, as config.json and the command line spell it.
     *
     * @return the id
     */
    @Override
    public String toString() {
        return id();
    }

    /**
     * Looks a background up by its name.
     *
     * @param id {@code white}, {@code black} or {@code gray}
     * @return the background
     * @throws io.github.djlgan.api.InvalidInputException naming the known backgrounds if none has that name
     */
    public static Background fromId(String id) {
        return Names.find(values(), Background::id, id, "background");
    }
}
