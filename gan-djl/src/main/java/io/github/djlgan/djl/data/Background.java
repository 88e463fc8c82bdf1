package io.github.djlgan.djl.data;

import io.github.djlgan.api.InvalidInputException;

import java.util.Locale;

/**
 * The colour that transparent pixels are composited onto before a picture is resized, so that
 * a picture reads as it looks and never as the colour its transparent pixels happen to store.
 *
 * <p>Each pixel of colour {@code c} and opacity {@code a} in [0, 1] becomes {@code a c + (1 - a)
 * b} in each channel, with {@code b} the background's level, on the stored (sRGB-encoded) values
 * as browsers and image viewers blend. The default is {@link #WHITE}: sprites, icons and emoji
 * are drawn to be seen on light pages (web pages, app stores, file browsers, documents), their
 * dark outlines and shadows assume it, and the usual way of flattening such a dataset (pasting it
 * onto a white canvas) gives the same pixels.
 */
public enum Background {
    /** Level 255 in every channel, the default. */
    WHITE(255),
    /** Level 0 in every channel. */
    BLACK(0),
    /** Level 128 in every channel, the middle gray. */
    GRAY(128);

    /** The background a loader uses when none is given. */
    public static final Background DEFAULT = WHITE;

    private final int level;

    Background(int level) {
        this.level = level;
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
     * Looks a background up by name, as a user writes it.
     *
     * @param name {@code white}, {@code black} or {@code gray}, any case
     * @return the background
     * @throws InvalidInputException naming the choices if the name is none of them
     */
    public static Background of(String name) {
        for (Background background : values()) {
            if (background.name().equalsIgnoreCase(name.trim())) {
                return background;
            }
        }
        throw new InvalidInputException(
                "Unknown background '" + name + "': use white, black or gray");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
