package io.github.djlgan.api.data;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

public class PixelRangeTest {

    /** Every byte survives the way to a range and back, for both ranges. */
    @Test
    public void bytesRoundTrip() {
        for (PixelRange range : PixelRange.values()) {
            for (int value = 0; value < 256; value++) {
                assertEquals(range.toByte(range.fromByte(value)), value, range + " " + value);
            }
        }
    }

    @Test
    public void endsMapToBlackAndWhiteAndOutliersClamp() {
        assertEquals(PixelRange.SYMMETRIC.fromByte(0), -1f);
        assertEquals(PixelRange.SYMMETRIC.fromByte(255), 1f);
        assertEquals(PixelRange.UNIT.fromByte(0), 0f);
        assertEquals(PixelRange.UNIT.fromByte(255), 1f);
        assertEquals(PixelRange.UNIT.toByte(0.5f), 128);
        assertEquals(PixelRange.SYMMETRIC.toByte(0f), 128);
        assertEquals(PixelRange.UNIT.toByte(-3f), 0);
        assertEquals(PixelRange.UNIT.toByte(7f), 255);
        assertEquals(PixelRange.SYMMETRIC.toByte(Float.NaN), 0);
    }
}
