package io.github.djlgan.djl.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/** Picture folders for the evaluation tests, made by the tests. */
public final class EvalFixtures {

    private EvalFixtures() {}

    /**
     * Writes 32x32 RGB pngs whose content has an up and a down, so that both a class and a
     * rotation can be learnt: on a dark background, a bright bar along the top edge, at a random
     * offset and length. With classes, half lie in {@code bars/} (a horizontal bar) and half in
     * {@code corners/} (a bar and a block in the top-left corner); without, all lie in the
     * folder itself.
     *
     * @param folder the folder to fill
     * @param count how many pictures
     * @param classes whether to write two class sub-folders
     * @param seed the seed of the offsets
     * @return the folder
     * @throws IOException if writing fails
     */
    public static Path writeOrientedFolder(Path folder, int count, boolean classes, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            boolean corner = classes && i % 2 == 1;
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = image.createGraphics();
            graphics.setColor(new Color(20, 20, 40 + random.nextInt(40)));
            graphics.fillRect(0, 0, 32, 32);
            graphics.setColor(new Color(230, 200 + random.nextInt(50), 60));
            int start = random.nextInt(6);
            graphics.fillRect(start, random.nextInt(3), 20 + random.nextInt(32 - 20 - start), 5);
            if (corner) {
                graphics.setColor(new Color(60, 220, 90));
                graphics.fillRect(0, 8, 9, 9);
            }
            graphics.dispose();
            Path file = classes
                    ? folder.resolve(corner ? "corners" : "bars")
                            .resolve(String.format(Locale.ROOT, "p%03d.png", i))
                    : folder.resolve(String.format(Locale.ROOT, "p%03d.png", i));
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        }
        return folder;
    }
}
